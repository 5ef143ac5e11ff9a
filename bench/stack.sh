#!/usr/bin/env bash
# Part of bench/run: the platform figures that need the local stack. Starts ./kiln up --detach with a KILN_HOME and
# ports of its own, times it to all-healthy, sums the stack's idle memory, times submit -> TrainingJobStarted through
# the gateway (bench/python/stack_figures.py), stops the stack. Prints markdown table rows | figure | value | goal |.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PY="${1:-/usr/bin/python3}"
home="$(mktemp -d /tmp/kiln-bench-home.XXXXXX)"
export KILN_HOME="$home"
ports=($("$PY" - <<'PY'
import socket
sockets = [socket.socket() for _ in range(10)]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
PY
))
names=(GATEWAY GATEWAY_GRPC REGISTRY INFERENCE INFERENCE_GRPC TRAINING KAFKA KAFKA_CONTROLLER S3 POSTGRES)
for i in "${!names[@]}"; do export "KILN_${names[$i]}_PORT=${ports[$i]}"; done

if [ ! -f infra/target/infra-launcher.jar ] || ! ls inference-service/target/inference-service.jar >/dev/null 2>&1; then
  echo "bench/stack.sh: building the service jars first (not timed) ..." >&2
  ./mvnw -B -q -o -DskipTests -Dspotless.check.skip=true package >&2
fi
export KILN_SKIP_BUILD=true
# the gateway-hop figure sends thousands of requests with one key; the default limit (20/s, burst 200) would refuse them
export KILN_GATEWAY_RATE_LIMIT_ENABLED=false
down() { ./kiln down >/dev/null 2>&1 || true; rm -rf "$home"; }
trap down EXIT

start=$(date +%s.%N)
./kiln up --detach > "$home/up.log" 2>&1 || { cat "$home/up.log" >&2; echo "| ./kiln up | failed (see stderr) | |"; exit 0; }
end=$(date +%s.%N)
echo "| ./kiln up --detach → every part healthy (jars built beforehand) | $(awk "BEGIN{printf \"%.1f\", $end - $start}") s | < 60 s |"

sleep 10 # let start-up work settle before reading idle memory
pids=()
for port in "${ports[@]}"; do
  pid=$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
  [ -n "$pid" ] && pids+=("$pid")
done
all=$(for p in $(printf '%s\n' "${pids[@]}" | sort -u); do echo "$p"; pgrep -P "$p" || true; done | sort -u)
kb=0; count=0
for p in $all; do
  rss=$(awk '/VmRSS/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
  kb=$((kb + ${rss:-0})); count=$((count + 1))
done
echo "| idle memory of the whole stack (RSS summed over its $count processes; shared pages counted once per process) | $((kb / 1024)) MB | |"

"$PY" bench/python/stack_figures.py "$KILN_GATEWAY_PORT" "$home/api-key" 3 || echo "| submit → TrainingJobStarted | failed (see stderr) | < 1 s |"
"$PY" bench/python/gateway_hop.py "$KILN_GATEWAY_PORT" "$KILN_INFERENCE_PORT" "$home/api-key" "${KILN_BENCH_HOP_REQUESTS:-1000}" \
  || echo "| the gateway hop | failed (see stderr) | reported |"
