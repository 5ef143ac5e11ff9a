"""Turns the raw lines bench/run collected into the report's markdown tables (training, physical limit).

Usage: report.py training RAW_FILE      RESULT lines of TrainingBenchmark and torch_peer.py, in run order
       report.py limit MATMUL_FILE TRAINING_RAW SERVING_MD
"""
import re
import statistics
import sys

# The templates' layers for a [1, 28, 28] input (ModelTemplates.mlp / cnn). FLOPs per sample, forward pass:
# 2*in*out per Linear, 2*Cin*k*k*Cout*Hout*Wout per Conv2d (multiply-add = 2 FLOPs); training ~ 3x forward.
FORWARD_FLOPS = {
    "mlp": 2 * (784 * 512 + 512 * 512 + 512 * 10),
    "cnn": 2 * (1 * 3 * 3 * 32 * 28 * 28 + 32 * 3 * 3 * 64 * 14 * 14) + 2 * (3136 * 128 + 128 * 10),
}


def results(path):
    rows = []
    for line in open(path):
        if not line.startswith("RESULT "):
            continue
        words = line.split()
        fields = dict(w.split("=", 1) for w in words[3:] if "=" in w)
        rows.append({"who": words[1], "model": words[2], **fields})
    return rows


def spread(values):
    if len(values) == 1:
        return f"{values[0]:,.0f}"
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def training(path):
    rows = results(path)
    print("| model | batch | Kiln samples/s | PyTorch eager samples/s | ratio Kiln/PyTorch | runs |"
          " Kiln test acc | PyTorch test acc | goal |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    keys = []
    for r in rows:
        key = (r["model"], int(r["batch"]))
        if key not in keys:
            keys.append(key)
    for model, batch in keys:
        kiln = [r for r in rows if r["who"] == "kiln" and r["model"] == model and int(r["batch"]) == batch]
        torch = [r for r in rows if r["who"] == "torch" and r["model"] == model and int(r["batch"]) == batch]
        ks = [float(r["best_samples_per_second"]) for r in kiln]
        ts = [float(r["best_samples_per_second"]) for r in torch]
        if not ks or not ts:
            continue
        ratios = [k / t for k, t in zip(ks, ts)]
        ratio = f"{statistics.median(ks) / statistics.median(ts):.2f}×"
        if len(ratios) > 1:
            ratio += f" ({min(ratios):.2f}–{max(ratios):.2f})"
        goal = "≥ 1.2× (≥ 1.0×)" if batch == 64 else "≥ 1.0×"
        print(f"| {model} | {batch} | {spread(ks)} | {spread(ts)} | {ratio} | {len(ks)} |"
              f" {kiln[-1]['test_accuracy']} | {torch[-1]['test_accuracy']} | {goal} |")


def limit(matmul_path, training_path, serving_path):
    rates = {}
    for line in open(matmul_path):
        m = re.match(r"RESULT matmul(?: (\S+))? n=(\d+) threads=(\d+) gflops=([\d.]+)", line)
        if m:
            rates[m.group(1) or "libtorch"] = float(m.group(4))
    gflops = next((r for w, r in rates.items() if w.startswith("libtorch")), max(rates.values()))
    for who, rate in rates.items():
        print(f"Measured 1024×1024 float matmul, one thread, {who}: **{rate:.1f} GFLOP/s**.  ")
    print()
    best = {}
    for r in results(training_path):
        key = (r["who"], r["model"], int(r["batch"]))
        best.setdefault(key, []).append(float(r["best_samples_per_second"]))
    serving = {}
    for line in open(serving_path):
        if line.startswith("### Open loop"):
            break  # its rows are offered rates, not client counts
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 3 and cells[0] in ("in-process ORT", "Kiln gRPC ModelInfer (raw)") and cells[1].isdigit():
            serving.setdefault(cells[0], {})[int(cells[1])] = float(cells[2])
    print("| workload | FLOPs per sample | limit at the matmul rate (1 thread) | measured | share of the limit |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for model, forward in FORWARD_FLOPS.items():
        train = 3 * forward
        ceiling = gflops * 1e9 / train
        for (who, m, batch), values in sorted(best.items()):
            if m != model:
                continue
            measured = statistics.median(values)
            name = "Kiln" if who == "kiln" else "PyTorch eager"
            print(f"| training {model}, batch {batch}, {name} | {train / 1e6:.2f} MFLOP (3× forward) |"
                  f" {ceiling:,.0f} samples/s | {measured:,.0f} samples/s | {measured / ceiling:.0%} |")
    forward = FORWARD_FLOPS["mlp"]
    ceiling = gflops * 1e9 / forward
    for name, by_clients in serving.items():
        clients = max(by_clients, key=by_clients.get)  # the client count with the highest throughput
        measured = by_clients[clients]
        print(f"| serving mlp (batch 1), {name}, {clients} clients | {forward / 1e6:.2f} MFLOP (forward) |"
              f" {ceiling:,.0f} samples/s | {measured:,.0f} requests/s | {measured / ceiling:.0%} |")
    print()
    print("Batch-1 serving runs matrix-vector products, which are memory-bound (the MLP's 2.7 MB of weights are read"
          " once per sample), so the matmul rate is an upper bound it cannot reach; batching is what brings it closer.")


if __name__ == "__main__":
    if sys.argv[1] == "training":
        training(sys.argv[2])
    else:
        limit(sys.argv[2], sys.argv[3], sys.argv[4])
