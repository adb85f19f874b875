#!/usr/bin/env bash
# CPU forward: segshap's Java backend vs PyTorch CPU (torch 1.13, oneDNN), same network, tile and thread count,
# run back to back on this machine.
#   bench/run-cpu-forward.sh [threads]              (default 2)
# Cases as net:tile:warmup:reps, override with CASES="...":
#   (a) the fixture PlainConvUNet on 16x32x32 (small: many warm-ups so the JIT settles)
#   (b) an nnU-Net-sized PlainConvUNet (features 32..320, 6 stages) on 64x128x128
# Output: one RESULT line per implementation and case, then a side-by-side table with the ratio java/torch.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${1:-2}
CASES=${CASES:-"fixture:16x32x32:30:30 nnunet:64x128x128:1:3"}
PY=/usr/bin/python3
./mvnw -B -q -pl kernels,bench -am compile
CP=kernels/target/classes:bench/target/classes
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1); torch: $($PY -c 'import torch; print(torch.__version__)')"
results=()
for c in $CASES; do
  IFS=: read -r net tile warmup reps <<< "$c"
  j=$(java -Xmx12g -cp "$CP" segshap.bench.CpuForwardBench --net "$net" --tile "$tile" --threads "$THREADS" \
        --warmup "$warmup" --reps "$reps" | grep '^RESULT')
  echo "$j"
  t=$($PY tools/bench_torch_forward.py --net "$net" --tile "$tile" --threads "$THREADS" \
        --warmup "$warmup" --reps "$reps" | grep '^RESULT')
  echo "$t"
  results+=("$j" "$t")
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${results[@]}" | $PY -c '
import sys
rows = [dict(kv.split("=", 1) for kv in line.split()[1:]) for line in sys.stdin if line.strip()]
print("%-8s %-11s %7s %10s %10s %9s %10s %7s %9s" % ("net", "tile", "threads", "java ms", "torch ms", "java GF/s",
      "torch GF/s", "ratio", "min ratio"))
for j, t in zip(rows[0::2], rows[1::2]):
    print("%-8s %-11s %7s %10s %10s %9s %10s %6.2fx %8.2fx" % (j["net"], j["tile"], j["threads"], j["median_ms"],
          t["median_ms"], j["gflops"], t["gflops"], float(j["median_ms"]) / float(t["median_ms"]),
          float(j["min_ms"]) / float(t["min_ms"])))
print("ms = median; ratio = java / torch medians, min ratio = of the fastest runs (less sensitive to other load);")
print("lower is better, goal <= 1.5; GF/s = 2 x conv MACs / median time")
'
