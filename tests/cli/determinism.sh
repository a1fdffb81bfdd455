# Two runs, another input order and another thread count give byte-identical
# GraphML and DOT files.  Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=("$source"/examples/*.txt)
reversed=()
for ((k = ${#files[@]} - 1; k >= 0; k--)); do reversed+=("${files[k]}"); done
"$kgrep" extract -q -o "$work/a.graphml" -o "$work/a.dot" "${files[@]}"
"$kgrep" extract -q -o "$work/b.graphml" -o "$work/b.dot" "${files[@]}"
"$kgrep" extract -q -j 2 -o "$work/c.graphml" -o "$work/c.dot" "${reversed[@]}"
"$kgrep" extract -q -o "$work/d.graphml" "$source/examples"
for name in b c; do
  cmp "$work/a.graphml" "$work/$name.graphml"
  cmp "$work/a.dot" "$work/$name.dot"
done
cmp "$work/a.graphml" "$work/d.graphml"
grep -q '<edge ' "$work/a.graphml"
echo "determinism: 4 runs, identical output"
