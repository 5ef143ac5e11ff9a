#!/usr/bin/env bash
# Quality and speed of Kiln's training loop against PyTorch eager (Debian's python3-torch), on all of Fashion-MNIST.
# Not a test: it prints figures. bench/run (at the repository root) runs the speed part with the serving and platform
# benchmarks and writes a report; this script also runs the 10-epoch quality comparison. Run from the repository root after
#   flock /tmp/kiln-maven.lock ./mvnw -B -q -o -pl training-service test-compile dependency:build-classpath \
#       -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
# For a fair peer, PyTorch needs an optimised BLAS: apt-get install libopenblas0-openmp (Debian's torch otherwise
# runs on the reference BLAS at a fraction of the speed). Speed runs alternate Kiln and PyTorch, one thread each
# (two-thread figures drift by about 30% between runs on these machines).
set -euo pipefail
cd "$(dirname "$0")/../../.."
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
CP="$(cat target/test-classpath.txt):target/classes:target/test-classes"
PY=${KILN_BENCH_PYTHON:-/usr/bin/python3}
kiln() { java -cp "$CP" dev.kiln.training.bench.TrainingBenchmark "$@" 2>/dev/null | grep -E '^(kiln|epoch|RESULT)'; }
peer() { "$PY" ../bench/python/torch_peer.py "$@" 2>/dev/null; }

echo "== speed: mlp, 1 epoch, 1 thread, alternating =="
for round in 1 2 3; do
  kiln mlp 1 1 | grep RESULT
  peer mlp 1 1 | grep RESULT
done
echo "== speed: mlp at batch 256, 1 epoch, 1 thread, alternating =="
for round in 1 2 3; do
  kiln mlp 1 1 60000 256 | grep RESULT
  peer mlp 1 1 60000 256 | grep RESULT
done
echo "== speed: cnn, 1 epoch on 12,000 samples, 1 thread, alternating =="
for round in 1 2; do
  kiln cnn 1 1 12000 | grep RESULT
  peer cnn 1 1 12000 | grep RESULT
done
echo "== quality: mlp, 10 epochs, 2 threads =="
kiln mlp 10 2
peer mlp 10 2
echo "== quality: cnn, 10 epochs, 2 threads =="
kiln cnn 10 2
peer cnn 10 2
