"""PyTorch eager peer of TrainingBenchmark: the same data preparation, architecture, optimizer and batch size.

Usage: /usr/bin/python3 torch_peer.py TEMPLATE EPOCHS THREADS [TRAIN_SAMPLES [BATCH [TEST_SAMPLES]]]
Prints one line per epoch and a RESULT line with the test accuracy and the best epoch's samples/s.
"""
import gzip
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn

DIR = "/usr/share/datasets/fashion-mnist/"


def idx(name):
    with gzip.open(DIR + name) as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def model(template):
    if template == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                             nn.Linear(512, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.25), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


def main():
    template, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    samples = int(sys.argv[4]) if len(sys.argv) > 4 else 60000
    batch = int(sys.argv[5]) if len(sys.argv) > 5 else 64
    test_samples = int(sys.argv[6]) if len(sys.argv) > 6 else 10000
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x = torch.tensor(idx("train-images-idx3-ubyte.gz")[:samples], dtype=torch.float32).unsqueeze(1) / 255
    y = torch.tensor(idx("train-labels-idx1-ubyte.gz")[:samples], dtype=torch.int64)
    tx = torch.tensor(idx("t10k-images-idx3-ubyte.gz")[:test_samples], dtype=torch.float32).unsqueeze(1) / 255
    ty = torch.tensor(idx("t10k-labels-idx1-ubyte.gz")[:test_samples], dtype=torch.int64)
    order = torch.randperm(len(x))
    val = order[: len(x) // 10]
    train = order[len(x) // 10:]
    vx, vy, x, y = x[val], y[val], x[train], y[train]
    mean, std = x.mean().item(), x.std(unbiased=False).item()
    x, vx, tx = (x - mean) / std, (vx - mean) / std, (tx - mean) / std
    net = model(template)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    print(f"torch {torch.__version__} {template}: {epochs} epochs, adam 1e-3, batch {batch}, {threads} threads,"
          f" {samples} training samples, BLAS: {blas()}")
    best = 0
    for epoch in range(1, epochs + 1):
        net.train()
        perm = torch.randperm(len(x))
        started = time.perf_counter()
        total, correct, loss_sum = 0, 0, 0.0
        for start in range(0, len(x), batch):
            index = perm[start:start + batch]
            xb, yb = x[index], y[index]
            optimizer.zero_grad()
            out = net(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(index)
            correct += (out.argmax(1) == yb).sum().item()
            total += len(index)
        seconds = time.perf_counter() - started
        best = max(best, total / seconds)
        print(f"epoch {epoch:2d}  train loss {loss_sum / total:.4f}  train acc {correct / total:.4f}"
              f"  val acc {accuracy(net, vx, vy):.4f}  {total / seconds:8.0f} samples/s  {seconds:6.1f} s")
    print(f"RESULT torch {template} batch={batch} epochs={epochs} threads={threads} test_accuracy={accuracy(net, tx, ty):.4f}"
          f" best_samples_per_second={best:.0f}")


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        return sum((net(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(x), 1000)) / len(x)


def blas():
    """The BLAS torch was built against and the libblas.so.3 it runs with (Debian's alternative)."""
    import os
    config = torch.__config__.show()
    built = config.split("BLAS_INFO=")[1].split(",")[0] if "BLAS_INFO=" in config else "unknown"
    runtime = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    return f"{built} (libblas.so.3 -> {runtime})"


if __name__ == "__main__":
    main()
