# The default pack on the real seed articles: relation precision >= 0.80 and
# recall >= 0.60 by the shared scorer.  Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 shared=$3
if [ ! -d "$shared/seeds" ] || [ ! -f "$shared/tools/score-graph" ]; then
  echo "no shared seeds at $shared: skipped"; exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$kgrep" extract -q "$shared/seeds" -o "$work/seeds.graphml"
python3 "$shared/tools/score-graph" "$work/seeds.graphml" "$shared/eval/seeds-gold.jsonl" \
  --min-precision 0.80 --min-recall 0.60
