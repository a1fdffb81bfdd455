# On the graph of ../shared/seeds: `moves` shows every left and joined edge
# of the graph (one row per move) with its documents, `show` gives the
# sentence behind every fact of each person who moved, and `moves --from
# "Thinking Machines"` lists Barret Zoph's departure once the extractor finds
# it. Skipped (77) without the shared folder or python3, or while the graph
# holds no departure from Thinking Machines Lab (saying so).
# Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 shared=${3:-}
[[ -n $shared && -d $shared/seeds ]] || { echo "no shared seeds: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "no python3: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$kgrep" extract -q -o "$work/seeds.graphml" -o "$work/seeds.facts.jsonl" "$shared/seeds"
"$kgrep" query "$work/seeds.graphml" moves --format json >"$work/moves.json"
python3 - "$work" "$kgrep" <<'PYTHON'
import json, subprocess, sys
work, kgrep = sys.argv[1], sys.argv[2]
records = [json.loads(line) for line in open(f"{work}/seeds.facts.jsonl")][1:]
label = {r["id"]: r["label"] for r in records if r["record"] == "entity"}
moves = json.load(open(f"{work}/moves.json"))
movers = set()
for fact in (r for r in records if r["record"] == "fact" and r["relation"] in ("left", "joined")):
    person, org = label[fact["subject"]], label[fact["object"]]
    column = "from" if fact["relation"] == "left" else "to"
    rows = [m for m in moves if m["person"] == person and m[column] == org]
    assert len(rows) == 1, (fact["subject"], fact["relation"], fact["object"], rows)
    assert set(fact["docs"]) <= set(rows[0]["docs"].split("; ")), (fact, rows)
    movers.add(fact["subject"])
assert movers, "the seeds' graph holds no left or joined edge"
for mover in sorted(movers):
    shown = json.loads(subprocess.run([kgrep, "query", f"{work}/seeds.graphml", "show", mover, "--format", "json"],
                                      check=True, capture_output=True, text=True).stdout)
    assert shown["entity"]["id"] == mover
    assert shown["facts"] and all(f["evidence"] and f["docs"] for f in shown["facts"]), shown
print(f"moves: {len(moves)} rows cover every left/joined edge; show: {len(movers)} movers, every fact with its sentence")
PYTHON
if ! grep -q '"relation":"left","object":"thinking-machines-lab"' "$work/seeds.facts.jsonl"; then
  echo "skipped: the extractor finds no departure from Thinking Machines Lab in the seeds (the gold has Barret Zoph's)"
  exit 77
fi
"$kgrep" query "$work/seeds.graphml" moves --from "Thinking Machines" --format tsv >"$work/moves.tsv"
grep -q $'^Barret Zoph\tThinking Machines Lab\t' "$work/moves.tsv"
"$kgrep" query "$work/seeds.graphml" show "barret zoph" --format tsv | grep -q $'^Barret Zoph\tleft\tThinking Machines Lab\t'
echo "query seeds: $(($(wc -l <"$work/moves.tsv") - 1)) departure(s) from Thinking Machines Lab"
