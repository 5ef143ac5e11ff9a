"""PyTorch and ONNX side of Kiln's model-format interoperability tests.

Run by the JUnit tests in dev.kiln.formats (PyTorchInteropTests) with Debian's /usr/bin/python3, python3-torch and
python3-onnx. Tensors are exchanged as raw little-endian float32 files; the model spec is Kiln's resolved spec JSON
(every field explicit), built here into the nn.Sequential it describes.
"""

import argparse
import json
import os
import sys
import zipfile

import numpy as np
import torch
from torch import nn


def build(spec):
    """The nn.Sequential of a resolved Kiln model spec."""
    modules = []
    for layer in spec["layers"]:
        kind = layer["type"]
        if kind == "Flatten":
            modules.append(nn.Flatten(layer["start_dim"], layer["end_dim"]))
        elif kind == "Linear":
            modules.append(nn.Linear(layer["in_features"], layer["out_features"], bias=layer["bias"]))
        elif kind == "Conv2d":
            modules.append(nn.Conv2d(layer["in_channels"], layer["out_channels"], tuple(layer["kernel_size"]),
                                     stride=tuple(layer["stride"]), padding=tuple(layer["padding"]),
                                     bias=layer["bias"]))
        elif kind == "MaxPool2d":
            modules.append(nn.MaxPool2d(tuple(layer["kernel_size"]), stride=tuple(layer["stride"]),
                                        padding=tuple(layer["padding"])))
        elif kind == "AvgPool2d":
            modules.append(nn.AvgPool2d(tuple(layer["kernel_size"]), stride=tuple(layer["stride"]),
                                        padding=tuple(layer["padding"])))
        elif kind == "BatchNorm1d":
            modules.append(nn.BatchNorm1d(layer["num_features"], eps=layer["eps"], momentum=layer["momentum"]))
        elif kind == "BatchNorm2d":
            modules.append(nn.BatchNorm2d(layer["num_features"], eps=layer["eps"], momentum=layer["momentum"]))
        elif kind == "ReLU":
            modules.append(nn.ReLU())
        elif kind == "Sigmoid":
            modules.append(nn.Sigmoid())
        elif kind == "Tanh":
            modules.append(nn.Tanh())
        elif kind == "Softmax":
            modules.append(nn.Softmax(dim=layer["dim"]))
        elif kind == "Dropout":
            modules.append(nn.Dropout(layer["p"]))
        else:
            raise SystemExit("unknown layer type " + kind)
    return nn.Sequential(*modules)


def read_inputs(path, spec, batch):
    shape = [batch] + spec["input"]["shape"]
    return torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(shape))


def normalise(x, path):
    if not path:
        return x
    with open(path) as f:
        norm = json.load(f)
    shape = [1, len(norm["mean"])] + [1] * (x.dim() - 2)
    mean = torch.tensor(norm["mean"], dtype=torch.float32).reshape(shape)
    std = torch.tensor(norm["std"], dtype=torch.float32).reshape(shape)
    return (x - mean) / std


def write(tensor, path):
    tensor.detach().numpy().astype("<f4").tofile(path)


def load_spec(path):
    with open(path) as f:
        return json.load(f)


def run_state_dict(args):
    """torch.load(weights_only=True) + load_state_dict(strict=True), then the outputs on the given inputs."""
    spec = load_spec(args.spec)
    state_dict = torch.load(args.state_dict, weights_only=True)
    model = build(spec)
    model.load_state_dict(state_dict, strict=True)
    model.eval()
    with torch.no_grad():
        x = normalise(read_inputs(args.inputs, spec, args.batch), args.normalization)
        write(model(x), args.outputs)
    print(json.dumps({"keys": list(state_dict.keys())}))


def save_state_dict(args):
    """A state dict saved by torch.save from a randomly initialised model, and that model's outputs."""
    torch.manual_seed(args.seed)
    spec = load_spec(args.spec)
    model = build(spec)
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.5, 0.5)
            module.num_batches_tracked.fill_(7)
    model.eval()
    torch.save(model.state_dict(), args.out)
    with torch.no_grad():
        write(model(read_inputs(args.inputs, spec, args.batch)), args.outputs)


def check_onnx(args):
    import onnx

    model = onnx.load(args.model)
    onnx.checker.check_model(model, full_check=True)
    print(json.dumps({
        "opset": [op.version for op in model.opset_import if op.domain in ("", "ai.onnx")],
        "inputs": [i.name for i in model.graph.input],
        "outputs": [o.name for o in model.graph.output],
        "metadata": {p.key: p.value for p in model.metadata_props},
    }))


def save_strided(args):
    """Tensors that are views: transposed, sliced with a storage offset, expanded; float32, float64 and int64."""
    base = torch.arange(60, dtype=torch.float32).reshape(3, 4, 5)
    longs = torch.arange(100, 124, dtype=torch.int64).reshape(4, 6)
    doubles = torch.linspace(-1, 1, 30, dtype=torch.float64).reshape(5, 6)
    tensors = {
        "transposed": base.transpose(0, 2),
        "sliced": base[1:, 2:, ::2],
        "offset_row": base.reshape(-1)[17:29],
        "expanded": torch.tensor([1.5, -2.5, 3.5]).reshape(3, 1).expand(3, 4),
        "longs_t": longs.t(),
        "doubles_slice": doubles[2:, 1::2],
        "scalar": torch.tensor(42, dtype=torch.int64),
        "empty": torch.zeros(0, 3),
    }
    torch.save(tensors, args.out)
    expected = {}
    for name, tensor in tensors.items():
        contiguous = tensor.contiguous()
        dtype = {torch.float32: "<f4", torch.float64: "<f8", torch.int64: "<i8"}[tensor.dtype]
        contiguous.numpy().astype(dtype).tofile(os.path.join(args.expected, name + ".bin"))
        expected[name] = {"shape": list(tensor.shape), "dtype": str(tensor.dtype),
                          "contiguous": tensor.is_contiguous(), "offset": tensor.storage_offset()}
    print(json.dumps(expected))


class RunsCommand:
    """Unpickling this calls os.system(command): what a malicious 'state dict' does."""

    def __init__(self, command):
        self.command = command

    def __reduce__(self):
        return (os.system, (self.command,))


def save_unsafe(args):
    torch.save({"1.weight": torch.zeros(2, 2), "payload": RunsCommand("touch " + args.marker)}, args.out)
    with zipfile.ZipFile(args.out) as archive:
        pickle_name = [n for n in archive.namelist() if n.endswith("data.pkl")][0]
        print(json.dumps({"global_in_pickle": b"system" in archive.read(pickle_name)}))


def load_unsafe(args):
    """What torch.load without weights_only does to the same file: it runs the command."""
    torch.load(args.file, weights_only=False)


def save_half(args):
    torch.save({"0.weight": torch.ones(2, 3, dtype=torch.float16)}, args.out)


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("run-state-dict")
    p.add_argument("--spec", required=True)
    p.add_argument("--state-dict", required=True)
    p.add_argument("--inputs", required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--outputs", required=True)
    p.add_argument("--normalization")
    p.set_defaults(run=run_state_dict)
    p = commands.add_parser("save-state-dict")
    p.add_argument("--spec", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--inputs", required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--outputs", required=True)
    p.set_defaults(run=save_state_dict)
    p = commands.add_parser("check-onnx")
    p.add_argument("--model", required=True)
    p.set_defaults(run=check_onnx)
    p = commands.add_parser("save-strided")
    p.add_argument("--out", required=True)
    p.add_argument("--expected", required=True)
    p.set_defaults(run=save_strided)
    p = commands.add_parser("save-unsafe")
    p.add_argument("--out", required=True)
    p.add_argument("--marker", required=True)
    p.set_defaults(run=save_unsafe)
    p = commands.add_parser("load-unsafe")
    p.add_argument("--file", required=True)
    p.set_defaults(run=load_unsafe)
    p = commands.add_parser("save-half")
    p.add_argument("--out", required=True)
    p.set_defaults(run=save_half)
    args = parser.parse_args()
    torch.set_num_threads(1)
    args.run(args)


if __name__ == "__main__":
    sys.exit(main())
