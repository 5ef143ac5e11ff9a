"""The Python peer of Kiln's inference service: PyTorch eager behind the standard library's threading HTTP server.

It serves the same Fashion-MNIST MLP (Flatten, Linear 512, ReLU, Linear 512, ReLU, Linear 10) from the PyTorch state
dict Kiln exported, normalises the input as Kiln's ONNX export does ((x - mean) / std), and answers the Open Inference
Protocol's `POST /v2/models/{model}/infer` with the same JSON as Kiln's REST endpoint: outputs `probabilities` (FP32,
softmax of the logits) and `label` (BYTES, the class name), the request `id` echoed. HTTP/1.1 with keep-alive, one
torch thread (torch.set_num_threads(1)), one Python thread per connection (ThreadingHTTPServer).

Usage: /usr/bin/python3 torch_server.py --weights model.pt --labels a,b,... [--mean 0.286 --std 0.353] [--port 0]
Prints "listening on PORT" once it accepts connections.
"""
import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch
import torch.nn as nn


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                         nn.Linear(512, 10))


class Model:
    def __init__(self, weights, labels, mean, std, name):
        self.net = mlp()
        state = torch.load(weights, weights_only=True)
        self.net.load_state_dict(state)
        self.net.eval()
        self.labels = labels
        self.mean = mean
        self.std = std
        self.name = name

    def infer(self, request):
        inputs = request.get("inputs")
        if not inputs or len(inputs) != 1:
            raise ValueError("expected one input named 'input'")
        tensor = inputs[0]
        if tensor.get("datatype") != "FP32":
            raise ValueError(f"input datatype {tensor.get('datatype')}; expected FP32")
        shape = tensor["shape"]
        x = torch.tensor(tensor["data"], dtype=torch.float32).reshape(shape)
        with torch.no_grad():
            probabilities = torch.softmax(self.net((x - self.mean) / self.std), dim=1)
        rows = probabilities.shape[0]
        wanted = [o["name"] for o in request.get("outputs", [])] or ["probabilities", "label"]
        outputs = []
        for output in wanted:
            if output == "probabilities":
                outputs.append({"name": "probabilities", "datatype": "FP32", "shape": [rows, 10],
                                "data": probabilities.flatten().tolist()})
            elif output == "label":
                outputs.append({"name": "label", "datatype": "BYTES", "shape": [rows],
                                "data": [self.labels[i] for i in probabilities.argmax(1).tolist()]})
            else:
                raise ValueError(f"unknown output {output}; expected probabilities or label")
        response = {"model_name": self.name, "model_version": "1"}
        if "id" in request:
            response["id"] = request["id"]
        response["outputs"] = outputs
        return response


def handler(model):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not (self.path.startswith("/v2/models/") and self.path.endswith("/infer")):
                return self.reply(404, {"error": f"no route {self.path}"})
            try:
                self.reply(200, model.infer(json.loads(body)))
            except (ValueError, KeyError, RuntimeError) as e:
                self.reply(400, {"error": str(e)})

        def do_GET(self):
            self.reply(200, {"live": True})

        def reply(self, status, payload):
            data = json.dumps(payload, separators=(",", ":")).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the default backlog of 5 refuses a burst of 256 clients connecting at once


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--labels", required=True, help="class names, comma-separated")
    parser.add_argument("--mean", type=float, default=0.0)
    parser.add_argument("--std", type=float, default=1.0)
    parser.add_argument("--name", default="bench")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = Model(args.weights, args.labels.split(","), args.mean, args.std, args.name)
    server = Server(("127.0.0.1", args.port), handler(model))
    print(f"listening on {server.server_address[1]} (torch {torch.__version__}, 1 thread)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
