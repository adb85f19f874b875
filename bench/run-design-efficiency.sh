#!/usr/bin/env bash
# Error against exact Shapley values per tile forward, per coalition design (independent pairs, antithetic
# permutation walks), on synthetic games with the tile structure of the engine (M = 50, 300, 1000), 20 seeds each.
#   bench/run-design-efficiency.sh [--case m50|m300|m1000|all] [--seeds N] [--out DIR]
# Output: RESULT lines, a SAME_ERROR line per case, a table, HARDWARE; one log-log PNG per case in --out
# (default bench/target/design-efficiency).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/build-classpath.sh
exec java $FLAGS -Xmx8g -cp "$CP" segshap.bench.DesignEfficiencyBench "$@"
