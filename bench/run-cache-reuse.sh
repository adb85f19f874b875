#!/usr/bin/env bash
# Tile forwards saved by the persisted tile cache on the demo case, each case run cold (in-memory cache only)
# and warm (--cache after the earlier run), same inputs and seeds; phi is compared bit for bit:
#   1. evaluate in a new process after explain (organ units, exact, as the demo)
#   2. a larger fixed budget after a smaller one (hybrid units, nested designs)
#   3. hybrid units after organ units on the same ROI
#   bench/run-cache-reuse.sh [--hybrid-edge MM] [--small N] [--large N] [--threads T] [--out DIR] [--cases 1,2,3]
# Defaults: edge 90 mm (46 players on the demo ROI), budgets 100 and 200, 2 threads, all cases (case 3 needs
# case 1's cache and case 2's cold small run in the same --out). Runtime is dominated by the CPU forwards (about
# 35 min on a 2-core machine). Output: one RESULT line per case.
set -euo pipefail
cd "$(dirname "$0")/.."
EDGE=90; SMALL=100; LARGE=200; THREADS=2; OUT=""; CASES=1,2,3
while [ $# -gt 0 ]; do
  case "$1" in
    --hybrid-edge) EDGE=$2; shift 2 ;; --small) SMALL=$2; shift 2 ;; --large) LARGE=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;; --out) OUT=$2; shift 2 ;; --cases) CASES=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
W=${OUT:-$(mktemp -d)}; [ -z "$OUT" ] && trap 'rm -rf "$W"' EXIT
mkdir -p "$W"
PY=$(command -v -p python3)
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); work dir $W"
[ -f "$W/demo/roi.nii.gz" ] || ./segshap demo --out "$W/demo" --threads "$THREADS" --no-explain >/dev/null 2>"$W/demo.log" \
  || { cat "$W/demo.log"; exit 1; }
# the demo's layout: case files in the folder, the embedded model under model/ (DemoCase, EmbeddedDemoModel)
MODEL=$(dirname "$(find "$W/demo/model" -name plans.json | head -1)")
CT="$W/demo/ct.nii.gz"; ORGANS="$W/demo/organs.nii.gz"; NAMES="$W/demo/organs.tsv"; TARGET=1
common=(-m "$MODEL" --ct "$CT" --organs "$ORGANS" --organ-names "$NAMES" --roi "$W/demo/roi.nii.gz" --target "$TARGET"
        --unit-margin 20 --group-organs --threads "$THREADS")
fwd() { "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["engine"]["counters"]["forwards"])' "$1/report.json"; }
same() { "$PY" - "$1/report.json" "$2/report.json" <<'PYEOF'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
ok = all(a["values"][v]["phi"] == b["values"][v]["phi"] for v in a["values"])
print("identical" if ok else "DIFFERENT")
PYEOF
}
run() { local out=$1; shift; ./segshap "$@" >/dev/null 2>"$out.log" || { cat "$out.log"; exit 1; }; }

has() { [[ ",$CASES," == *",$1,"* ]]; }

# 1. evaluate after explain
if has 1; then
run "$W/e-cold" explain "${common[@]}" --units organs --budget exact --out "$W/e-cold"
run "$W/e-cold-eval" evaluate --explanation "$W/e-cold"
run "$W/e-warm" explain "${common[@]}" --units organs --budget exact --out "$W/e-warm" --cache "$W/cache1"
run "$W/e-warm-eval" evaluate --explanation "$W/e-warm"
c1e=$(fwd "$W/e-cold"); w1e=$(fwd "$W/e-warm")
echo "RESULT case=evaluate-after-explain evaluate-cold=$c1e evaluate-warm=$w1e saved=$((c1e - w1e)) phi=$(same "$W/e-cold" "$W/e-warm")"
fi

# 2. larger budget after a smaller one
if has 2; then
run "$W/b-large-cold" explain "${common[@]}" --units "hybrid:$EDGE" --budget "$LARGE" --seed 3 --out "$W/b-large-cold"
run "$W/b-small" explain "${common[@]}" --units "hybrid:$EDGE" --budget "$SMALL" --seed 3 --out "$W/b-small" --cache "$W/cache2"
run "$W/b-large-warm" explain "${common[@]}" --units "hybrid:$EDGE" --budget "$LARGE" --seed 3 --out "$W/b-large-warm" --cache "$W/cache2"
c2=$(fwd "$W/b-large-cold"); s2=$(fwd "$W/b-small"); w2=$(fwd "$W/b-large-warm")
echo "RESULT case=budget-$LARGE-after-$SMALL cold=$c2 small=$s2 warm=$w2 saved=$((c2 - w2)) phi=$(same "$W/b-large-cold" "$W/b-large-warm")"
fi

# 3. hybrid after organs (the organ run of case 1 stored its tiles in cache1)
if has 3; then
run "$W/h-warm" explain "${common[@]}" --units "hybrid:$EDGE" --budget "$SMALL" --seed 3 --out "$W/h-warm" --cache "$W/cache1"
c3=$(fwd "$W/b-small"); w3=$(fwd "$W/h-warm")
echo "RESULT case=hybrid-after-organs cold=$c3 warm=$w3 saved=$((c3 - w3)) phi=$(same "$W/b-small" "$W/h-warm")"
fi
