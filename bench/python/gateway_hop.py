"""Part of bench/run (via bench/stack.sh): what the gateway adds to an inference request on the local stack.

Usage: gateway_hop.py GATEWAY_PORT INFERENCE_PORT API_KEY_FILE REQUESTS
Trains a one-epoch mlp on fashion-mnist (registered as bench-hop), then sends one-sample Open Inference Protocol
requests from one client over a kept-alive connection, alternately straight to the inference service and through the
gateway (which checks the key, applies the rate limit and body limit, and proxies), REQUESTS per block, three blocks
each. Prints markdown rows: p50/p99 of each path and the difference of the medians (the hop).
"""
import http.client
import json
import random
import statistics
import sys
import time
import urllib.request

gateway, inference, key, requests = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().strip(), int(sys.argv[4])
MODEL = "bench-hop"


def call(method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{gateway}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, json.loads(response.read() or b"null")


job = {"name": "bench-hop", "dataset": "fashion-mnist", "model": {"template": "mlp"}, "register_as": MODEL,
       "hyperparameters": {"epochs": 1, "batch_size": 256, "optimizer": "adam", "learning_rate": 0.001, "seed": 42,
                           "validation_fraction": 0.1}}
_, headers, _ = call("POST", "/api/v1/jobs", job)
path = headers["Location"][headers["Location"].index("/api/"):]
deadline = time.time() + 600
while True:
    status = call("GET", path)[2]
    if status["status"] in ("FAILED", "CANCELLED"):
        sys.exit(f"the bench-hop job ended {status['status']}: {status}")
    if (status.get("model_version") or {}).get("status") == "READY":
        break
    if time.time() > deadline:
        sys.exit("the bench-hop job did not register a READY version in 10 min")
    time.sleep(0.5)

rng = random.Random(7)
body = json.dumps({"inputs": [{"name": "input", "shape": [1, 1, 28, 28], "datatype": "FP32",
                               "data": [round(rng.random(), 3) for _ in range(784)]}]}).encode()


def latencies(port, count):
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    values = []
    for _ in range(count):
        start = time.perf_counter()
        connection.request("POST", f"/v2/models/{MODEL}/infer", body, headers)
        response = connection.getresponse()
        response.read()
        values.append((time.perf_counter() - start) * 1e6)
        if response.status != 200:
            sys.exit(f"port {port} answered {response.status}")
    connection.close()
    return values


latencies(inference, 200)  # warm-up: model load, JIT
latencies(gateway, 200)
direct, proxied = [], []
for _ in range(3):
    direct += latencies(inference, requests)
    proxied += latencies(gateway, requests)


def q(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


hop = statistics.median(proxied) - statistics.median(direct)
print(f"| infer, one client, straight to the inference service | p50 {q(direct, .5):.0f} µs, p99 {q(direct, .99):.0f} µs"
      f" ({len(direct)} requests) | |")
print(f"| infer, one client, through the gateway | p50 {q(proxied, .5):.0f} µs, p99 {q(proxied, .99):.0f} µs"
      f" ({len(proxied)} requests) | |")
print(f"| the gateway hop (difference of the medians) | {hop:.0f} µs | reported |")
