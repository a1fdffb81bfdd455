# GraphML and DOT written from the seeds pass the shared validators (schemas
# and real clients), with the node and edge counts kgrep reports.
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
"$kgrep" extract "${inputs[@]}" -o "$work/g.graphml" -o "$work/g.dot" 2> "$work/summary"
cat "$work/summary"
nodes=$(sed -n 's/.*-> \([0-9]*\) nodes, \([0-9]*\) edges.*/\1/p' "$work/summary")
edges=$(sed -n 's/.*-> \([0-9]*\) nodes, \([0-9]*\) edges.*/\2/p' "$work/summary")
"$checker" --expect-nodes "$nodes" --expect-edges "$edges" "$work/g.graphml" "$work/g.dot"
