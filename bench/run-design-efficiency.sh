#!/usr/bin/env bash
# Error against exact Shapley values per tile forward, per coalition design (independent pairs, antithetic
# permutation walks), on synthetic games with the tile structure of the engine (M = 50, 300, 1000), 20 seeds each.
#   bench/run-design-efficiency.sh [--case m50|m300|m1000|all] [--seeds N] [--out DIR]
# Output: RESULT lines, a SAME_ERROR line per case, a table, HARDWARE; one log-log PNG per case in --out
# (default bench/target/design-efficiency).
set -euo pipefail
cd "$(dirname "$0")/.."
# test-compile with tests skipped: lets the reactor resolve engine's test-jar dependency without packaging; online,
# so a fresh clone after the README's set-up resolves the dependency plugin too
./mvnw -B -q -pl bench -am test-compile dependency:build-classpath -Dmaven.test.skip=true \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
source bench/java-flags.sh
exec java $FLAGS -Xmx8g -cp "$CP" segshap.bench.DesignEfficiencyBench "$@"
