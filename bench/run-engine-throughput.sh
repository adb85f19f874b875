#!/usr/bin/env bash
# The whole explanation job by every strategy, in one run on this machine: naive (full-volume sliding window per
# coalition), the paper's method (crop B_RF, clean tiles only, one KernelSHAP run per value function, its budgets),
# segshap on nnU-Net's tiles (cold and warm persisted cache) and segshap on the crop tiles.
#   bench/run-engine-throughput.sh [--case demo-organs|demo-hybrid|paper-grid|all] [--prefix-seconds S]
#                                  [--shared N] [--seed S] [--threads T] [--out DIR]
# Defaults: all three cases, 30 s timed per row (longer designs are extrapolated, and the output says so), 4 shared
# coalitions (1 on the paper grid), seed 7, 2 threads. Under 20 minutes on a 2-core machine.
# Output: RESULT / SHARED lines, a table and a SPEEDUP line per case, then HARDWARE.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/build-classpath.sh
exec java $FLAGS -Xmx12g -cp "$CP" segshap.bench.EngineThroughputBench "$@"
