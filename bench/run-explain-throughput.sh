#!/usr/bin/env bash
# End-to-end coalition throughput on the built-in demo case: (a) ReferenceCoalitionEvaluator (every relevant
# tile forwarded for every coalition) vs (b) the streaming CoalitionPipeline (m|U_s cache, in-flight dedup,
# batches across coalitions) on the same coalitions and (c) the same pipeline on a second set (warm cache).
# Scores of (a) and (b) are checked bit for bit first.
#   bench/run-explain-throughput.sh [--seed S] [--coalitions N] [--threads T] [--tiles-per-batch B]
#                                   [--memory-budget-mib M] [--units organs|hybrid:A] [--out DIR]
# Defaults: seed 7, 64 coalitions (+ full and empty), 2 threads, organs; temp files in a deleted temp folder.
# About 4 minutes on a 2-core machine. Output: RESULT / HISTOGRAM / NAPKIN / HARDWARE lines, then a table.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/build-classpath.sh
exec java $FLAGS -Xmx8g -cp "$CP" segshap.bench.ExplainThroughputBench "$@"
