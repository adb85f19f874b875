#!/usr/bin/env bash
# CPU forward: segshap's Java backend vs PyTorch CPU (oneDNN), same network, tile and thread count, back to back.
#   bench/run-cpu-forward.sh [threads] [reps]        (default: 2 threads, 5 timed runs after 2 warm-ups)
# Cases: (a) the fixture PlainConvUNet on 16x32x32; (b) an nnU-Net-sized PlainConvUNet on 64x128x128.
# Override the cases with CASES="fixture:16x32x32 nnunet:32x64x64".
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${1:-2}
REPS=${2:-5}
CASES=${CASES:-"fixture:16x32x32 nnunet:64x128x128"}
PY=/usr/bin/python3
./mvnw -B -o -q -pl kernels,bench -am compile -DskipTests
CP=kernels/target/classes:bench/target/classes
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); torch: $($PY -c 'import torch; print(torch.__version__)')"
results=()
for c in $CASES; do
  net=${c%%:*}; tile=${c#*:}
  j=$(java -Xmx8g -cp "$CP" segshap.bench.CpuForwardBench --net "$net" --tile "$tile" --threads "$THREADS" --reps "$REPS" --warmup 2 | grep '^RESULT')
  t=$($PY tools/bench_torch_forward.py --net "$net" --tile "$tile" --threads "$THREADS" --reps "$REPS" --warmup 2 | grep '^RESULT')
  results+=("$j" "$t")
done
printf '%s\n' "${results[@]}" | $PY -c '
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin if line.strip()]
print("%-8s %-11s %7s %11s %11s %9s %9s %7s" % ("net", "tile", "threads", "java ms", "torch ms", "java GF/s", "torch GF/s", "ratio"))
for j, t in zip(rows[0::2], rows[1::2]):
    print("%-8s %-11s %7s %11s %11s %9s %9s %6.2fx" % (j["net"], j["tile"], j["threads"], j["median_ms"], t["median_ms"],
          j["gflops"], t["gflops"], float(j["median_ms"]) / float(t["median_ms"])))
print("ratio = java median / torch median (lower is better; goal <= 1.5)")
'
