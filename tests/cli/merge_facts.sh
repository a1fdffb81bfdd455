# The facts streams of two halves of examples/, merged in either order, give
# the GraphML and facts stream one extract of all of examples/ gives, byte for
# byte; merge is idempotent; queries answer the same from GraphML and from a
# facts stream; exit codes 1 (nothing found) and 2 (bad name, bad file).
# Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=("$source"/examples/*.txt)
half=$((${#files[@]} / 2))
"$kgrep" extract -q -o "$work/full.graphml" -o "$work/full.facts.jsonl" "${files[@]}"
"$kgrep" extract -q -o "$work/a.facts.jsonl" "${files[@]:0:half}"
"$kgrep" extract -q --format facts -o "$work/b.shard" "${files[@]:half}"

"$kgrep" merge -q -o "$work/ab.graphml" -o "$work/ab.facts.jsonl" "$work/a.facts.jsonl" "$work/b.shard"
"$kgrep" merge -q -o "$work/ba.graphml" "$work/b.shard" "$work/a.facts.jsonl"
cmp "$work/full.graphml" "$work/ab.graphml"
cmp "$work/full.graphml" "$work/ba.graphml"
cmp "$work/full.facts.jsonl" "$work/ab.facts.jsonl"

# Idempotent: a graph merged with itself, or with its own facts stream, is itself.
"$kgrep" merge -q -o "$work/gg.graphml" "$work/full.graphml" "$work/full.graphml"
"$kgrep" merge -q -o "$work/gf.facts.jsonl" "$work/full.graphml" "$work/full.facts.jsonl" "$work/full.graphml"
cmp "$work/full.graphml" "$work/gg.graphml"
cmp "$work/full.facts.jsonl" "$work/gf.facts.jsonl"

# Queries read either form and give the same answer (but `show`: GraphML has
# no key for entity attributes).
for question in "moves" "neighbours thinking-machines-lab --depth 2" "rank --by pagerank --top 5" \
  "path barret-zoph mistral-ai"; do
  read -ra words <<<"$question"
  "$kgrep" query "$work/full.graphml" "${words[@]}" --format tsv >"$work/from-graphml.tsv"
  "$kgrep" query "$work/full.facts.jsonl" "${words[@]}" --format tsv >"$work/from-facts.tsv"
  cmp "$work/from-graphml.tsv" "$work/from-facts.tsv"
done
"$kgrep" query "$work/full.graphml" moves --from "thinking machines" --format csv >"$work/moves.csv"
grep -q '^Barret Zoph,Thinking Machines Lab,OpenAI,' "$work/moves.csv"

status=0
"$kgrep" query "$work/full.graphml" moves --since 2099 >"$work/out" 2>"$work/err" || status=$?
[[ $status == 1 && ! -s $work/out ]] || { echo "nothing found should exit 1, got $status"; exit 1; }
status=0
"$kgrep" query "$work/full.graphml" show "Thinkng Machines" 2>"$work/err" || status=$?
[[ $status == 2 ]] && grep -q "close matches: Thinking Machines Lab" "$work/err" || { cat "$work/err"; exit 1; }
printf '{"kgrep":"facts","version":1}\n{"record":"entity","id":7}\n' >"$work/bad.facts.jsonl"
status=0
"$kgrep" merge -o "$work/never.graphml" "$work/a.facts.jsonl" "$work/bad.facts.jsonl" 2>"$work/err" || status=$?
[[ $status == 2 && ! -e $work/never.graphml ]] || { echo "a bad input should exit 2 and write nothing"; exit 1; }
grep -qF "bad.facts.jsonl:2:25: 'id' must be a string, not a number" "$work/err" || { cat "$work/err"; exit 1; }
# Inputs are read in parallel; of two bad ones, the first given is reported,
# whichever is read first.
printf '{"kgrep":"facts","version":1}\n{"record":"fact"}\n' >"$work/worse.facts.jsonl"
for order in "bad worse" "worse bad"; do
  read -ra names <<<"$order"
  status=0
  "$kgrep" merge -o "$work/never.graphml" "$work/a.facts.jsonl" "$work/${names[0]}.facts.jsonl" \
    "$work/${names[1]}.facts.jsonl" "$work/b.shard" 2>"$work/err" || status=$?
  [[ $status == 2 && ! -e $work/never.graphml && $(wc -l <"$work/err") == 1 ]] &&
    grep -qF "${names[0]}.facts.jsonl:2:" "$work/err" || { cat "$work/err"; echo "the first bad input should be reported"; exit 1; }
done
echo "merge: halves merged in both orders equal one run; idempotent; queries agree across formats"
