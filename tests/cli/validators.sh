# GraphML, GEXF and DOT written from the examples and the seeds pass the shared
# validators (schemas and real clients) with the node and edge counts that the
# JSON and CSV exports of the same run hold; graphology imports the JSON.
# Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2 shared=$3
checker="$shared/validators/check-graph"
if [ ! -x "$checker" ] || [ ! -d "$shared/validators/node_modules" ]; then
  echo "validators not set up (run $shared/validators/setup): skipped"; exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=("$source/examples")
[ -d "$shared/seeds" ] && inputs+=("$shared/seeds")
"$kgrep" extract "${inputs[@]}" -o "$work/g.graphml" -o "$work/g.gexf" -o "$work/g.dot" -o "$work/g.json" \
  -o "$work/g.csv" 2> "$work/summary"
cat "$work/summary"
read -r nodes edges < <(python3 -c '
import csv, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = sum(1 for _ in csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
e = sum(1 for _ in csv.DictReader(open(sys.argv[3], encoding="utf-8", newline="")))
assert (n, e) == (len(d["nodes"]), len(d["edges"])), ((n, e), (len(d["nodes"]), len(d["edges"])))
print(n, e)' "$work/g.json" "$work/g.nodes.csv" "$work/g.edges.csv")
summary_counts=$(sed -n 's/.*-> \([0-9]*\) nodes, \([0-9]*\) edges.*/\1 \2/p' "$work/summary")
[ "$summary_counts" = "$nodes $edges" ] || { echo "summary says $summary_counts, JSON/CSV hold $nodes $edges"; exit 1; }
echo "JSON and CSV: $nodes nodes, $edges edges"
NODE_PATH="$shared/validators/node_modules" node -e '
const graphology = require("graphology");
const data = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const graph = new graphology.MultiDirectedGraph();
graph.import(data);
if (graph.order !== Number(process.argv[2]) || graph.size !== Number(process.argv[3]))
  throw new Error(`graphology imported ${graph.order} nodes, ${graph.size} edges`);
console.log(`PASS  graphology-json nodes=${graph.order} edges=${graph.size}`);' "$work/g.json" "$nodes" "$edges"
"$checker" --expect-nodes "$nodes" --expect-edges "$edges" "$work/g.graphml" "$work/g.gexf" "$work/g.dot"
