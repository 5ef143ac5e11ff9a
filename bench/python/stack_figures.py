"""Part of bench/run: submit -> TrainingJobStarted through the local stack's gateway.

Usage: stack_figures.py GATEWAY_PORT API_KEY_FILE ROUNDS
Submits a one-epoch mlp job on fashion-mnist, polls GET /api/v1/jobs/{id} until it is RUNNING, then cancels it and
waits until it is CANCELLED; ROUNDS times. Prints a markdown row with started_at - created_at (the server's own
timestamps: job accepted -> TrainingJobStarted recorded) and the client's submit -> RUNNING seen (20 ms polling).
"""
import json
import statistics
import sys
import time
import urllib.request
from datetime import datetime

port, key = sys.argv[1], open(sys.argv[2]).read().strip()
rounds = int(sys.argv[3])
base = f"http://127.0.0.1:{port}"


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return response.status, response.headers, json.loads(text) if text else None


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


deadline = time.time() + 120
while True:
    try:
        if call("GET", "/api/v1/datasets/fashion-mnist")[0] == 200:
            break
    except Exception:
        pass
    if time.time() > deadline:
        sys.exit("the fashion-mnist data set did not appear in 120 s")
    time.sleep(0.5)

server, client = [], []
for _ in range(rounds):
    job = {"name": "bench-submit", "dataset": "fashion-mnist", "model": {"template": "mlp"},
           "hyperparameters": {"epochs": 1, "batch_size": 64, "optimizer": "adam", "learning_rate": 0.001,
                               "seed": 42, "validation_fraction": 0.1}}
    sent = time.perf_counter()
    _, headers, _ = call("POST", "/api/v1/jobs", job)
    location = headers["Location"]
    path = location[location.index("/api/"):]
    while True:
        status = call("GET", path)[2]
        if status["status"] != "QUEUED":
            break
        if time.perf_counter() - sent > 60:
            sys.exit("the job did not start in 60 s")
        time.sleep(0.02)
    client.append((time.perf_counter() - sent) * 1000)
    while status.get("started_at") is None and status["status"] == "RUNNING":
        status = call("GET", path)[2]
    server.append((when(status["started_at"]) - when(status["created_at"])).total_seconds() * 1000)
    try:
        call("POST", path + "/cancel")
    except Exception:
        pass
    while call("GET", path)[2]["status"] in ("QUEUED", "RUNNING"):
        time.sleep(0.1)


def summary(values):
    values = sorted(values)
    return f"{statistics.median(values):.0f} ({values[0]:.0f}–{values[-1]:.0f}, {len(values)} runs)"


print(f"| submit → TrainingJobStarted (created_at → started_at, the services' clocks) | {summary(server)} ms | < 1 s |")
print(f"| submit → RUNNING seen by a client polling every 20 ms | {summary(client)} ms | |")
