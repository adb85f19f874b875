#!/usr/bin/env bash
# Tile cache: throughput of the heap map, the off-heap (Chronicle Map index + slab) and the persisted cache side
# by side in one JVM, bytes per entry, entries per GiB; then JVM start-up to the first open cache, 5 fresh JVMs
# each with the build-time generated Chronicle class and without it (Chronicle compiles it with javac).
#   bench/run-tile-cache.sh [--total-mib 512] [--sizes-kib 64,1024,4096]
# About 2 minutes and 3 GiB of RAM on a 2-core machine; temp files in a temp folder, deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/build-classpath.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
java $FLAGS -Xmx6g -cp "$CP" segshap.bench.TileCacheBench --dir "$tmp/cache" "$@"
echo "persisted files on disk (allocated):"; du -sh "$tmp"/cache/*/* 2>/dev/null | sed 's/^/  /'
# the same classes without the generated one: Chronicle falls back to compiling it at start-up
mkdir -p "$tmp/engine-classes"; cp -r engine/target/classes/. "$tmp/engine-classes/"; rm -rf "$tmp/engine-classes/net"
CP_NO_CLASS="bench/target/classes:$(sed "s#$PWD/engine/target/classes#$tmp/engine-classes#" bench/target/classpath.txt)"
for variant in generated compiled-at-start; do
  cp="$CP"; [ "$variant" = compiled-at-start ] && cp="$CP_NO_CLASS"
  ms=$(for i in 1 2 3 4 5; do java $FLAGS -cp "$cp" segshap.bench.TileCacheBench --startup 2>/dev/null | sed -n 's/STARTUP_MS=//p'; done | sort -n | tr '\n' ' ')
  echo "STARTUP $variant: JVM start to first open cache, ms (5 runs, sorted): $ms"
done
