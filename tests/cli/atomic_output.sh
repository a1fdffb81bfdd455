# Outputs are written atomically: a run that fails (unknown input) leaves an
# existing output untouched and no temporary file behind; a good run replaces
# it.  Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "old content" > "$work/out.graphml"
if "$kgrep" extract -q -o "$work/out.graphml" "$source/examples" "$work/missing.txt" 2> "$work/stderr"; then
  echo "a missing input must fail"; exit 1
fi
grep -q "missing.txt: no such file or directory" "$work/stderr"
[ "$(cat "$work/out.graphml")" = "old content" ]
[ -z "$(find "$work" -name '.*kgrep-*')" ]
if "$kgrep" extract -q -o "$work/out.unknown" "$source/examples" 2> "$work/stderr"; then
  echo "an unknown output format must fail"; exit 1
fi
[ ! -e "$work/out.unknown" ]
"$kgrep" extract -q -o "$work/out.graphml" "$source/examples"
grep -q "<graphml" "$work/out.graphml"
# stdin in, stdout out
printf 'Barret Zoph left Thinking Machines Lab for OpenAI.\n' | "$kgrep" extract -q - | grep -q 'relation">joined<'
# render: a graph file back to a drawing and to another format; GraphML round-trips byte for byte
"$kgrep" extract -q -o "$work/g.graphml" "$source/examples"
"$kgrep" render "$work/g.graphml" -o "$work/g.svg" -o "$work/copy.graphml" 2> /dev/null
grep -q "<svg" "$work/g.svg"
cmp "$work/g.graphml" "$work/copy.graphml"
"$kgrep" render "$work/g.graphml" --around "Mira Murati" -o "$work/murati.json" 2> /dev/null
grep -q '"key": "mira-murati"' "$work/murati.json"
if "$kgrep" render "$source/examples/en-ai2-lambert-open-models.txt" -o "$work/x.svg" 2> "$work/stderr"; then
  echo "rendering a text file must fail"; exit 1
fi
grep -q "not well-formed XML\|not GraphML\|not a graph kgrep wrote" "$work/stderr"
[ ! -e "$work/x.svg" ]
# several outputs land together: a failure at a later one leaves an earlier one untouched
echo "old content" > "$work/keep.graphml"
if "$kgrep" extract -q -o "$work/keep.graphml" -o "$work/missing-dir/b.dot" "$source/examples" 2> /dev/null; then
  echo "an output in a missing directory must fail"; exit 1
fi
[ "$(cat "$work/keep.graphml")" = "old content" ]
[ -z "$(find "$work" -name '.*kgrep-*')" ]
# a symlinked output is written through; a FIFO is written in place
echo "old" > "$work/real.graphml"
ln -s real.graphml "$work/link.graphml"
"$kgrep" extract -q -o "$work/link.graphml" "$source/examples"
[ -L "$work/link.graphml" ] && grep -q "<graphml" "$work/real.graphml"
mkfifo "$work/fifo.graphml"
cat "$work/fifo.graphml" > "$work/from-fifo" &
"$kgrep" extract -q -o "$work/fifo.graphml" "$source/examples"
wait
[ -p "$work/fifo.graphml" ] && grep -q "<graphml" "$work/from-fifo"
