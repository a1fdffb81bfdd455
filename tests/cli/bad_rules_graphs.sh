# Bad rule packs and bad graph files stop kgrep with exit 2 before any output,
# with every problem placed (rules: file:line:col; GraphML: file:line; facts
# streams: file:line:col), and never crash it. Big packs are generated here.
# Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
run() {  # STATUS NAME ARGS...: stderr in NAME.err; the exit status and no crash checked
  local want=$1 name=$2 status=0
  shift 2
  "$kgrep" "$@" > "$name.out" 2> "$name.err" || status=$?
  [ "$status" -eq "$want" ] || fail "$name: exit $status, expected $want: $(head -c 600 "$name.err")"
  if grep -qE "Sanitizer|runtime error|terminate called|Segmentation" "$name.err"; then
    fail "$name: crashed: $(head -c 600 "$name.err")"
  fi
}
says() { grep -qF -- "$2" "$1.err" || fail "$1: stderr lacks '$2': $(head -c 600 "$1.err")"; }

printf 'Barret Zoph left Thinking Machines Lab for OpenAI.\n' > doc.txt
echo "old content" > out.graphml

# bad_pack NAME EXPECTED-MESSAGE: the TOML on stdin as a one-file pack; both
# `rules check` and `extract` stop with exit 2 and the message, and extract
# leaves the existing output alone.
bad_pack() {
  mkdir -p "pack-$1"
  cat > "pack-$1/rules.toml"
  run 2 "$1-check" rules check --rules "pack-$1"
  says "$1-check" "pack-$1/rules.toml:$2"
  run 2 "$1" extract --rules "pack-$1" -o out.graphml doc.txt
  says "$1" "pack-$1/rules.toml:$2"
  [ "$(cat out.graphml)" = "old content" ] || fail "$1: the existing output was touched"
}

bad_pack syntax "3:13: error[R001]: TOML syntax error: Error while parsing string" <<'TOML'
[[entity]]
id = "acme"
name = "Acme
type = "Organization"
TOML
bad_pack unknown-key "4:1: error[R002]: unknown key 'alias' in [[entity]]" <<'TOML'
[[entity]]
id = "acme"
name = "Acme"
alias = ["ACME"]
type = "Organization"
TOML
bad_pack wrong-type "3:8: error[R003]: 'name' must be a string" <<'TOML'
[[entity]]
id = "acme"
name = 42
type = "Organization"
TOML
bad_pack duplicate-id "5:1: error[R005]: duplicate entity id 'acme' (first defined at " <<'TOML'
[[entity]]
id = "acme"
name = "Acme"
type = "Organization"
[[entity]]
id = "acme"
name = "Acme Corporation"
type = "Organization"
TOML
bad_pack alias-twice "5:1: error[R006]: alias 'ACME' of 'acme-corp' is already claimed by 'acme'" <<'TOML'
[[entity]]
id = "acme"
name = "Acme"
type = "Organization"
[[entity]]
id = "acme-corp"
name = "Acme Corporation"
aliases = ["ACME"]
type = "Organization"
TOML
bad_pack bad-regex "3:32: error[R008]: RE2 rejects the regex: missing )" <<'TOML'
[[relation]]
id = "left"
regex = '{Person:subject} left ({Organization:object}'
relation = "left"
TOML
bad_pack unknown-type "3:11: error[R009]: unknown entity type 'Compny' in placeholder" <<'TOML'
[[relation]]
id = "left"
regex = '{Compny:subject} left {Organization:object}'
relation = "left"
TOML
# "{:subject}" is no placeholder at all (RE2 reads it as text), so the rule names none.
bad_pack no-type "4:12: error[R010]: the regex has no placeholder named 'subject'" <<'TOML'
[[relation]]
id = "left"
regex = '{:subject} left {Organization:object}'
relation = "left"
TOML
bad_pack too-big-regex "4:10: error[R019]: the regex needs more than RE2's memory budget of 8 MB to compile" <<'TOML'
[[pattern]]
id = "huge"
type = "Model"
regex = '(?:\pL\pN?\pL[\pL\pN]{1,3}\b){200}'
TOML

# 100,000 entities load (and match) in bounded time; a pack over the limits of
# regex rules is refused at the first rule over it.
mkdir -p pack-many
awk 'BEGIN { for (k = 0; k < 100000; k++)
  printf "[[entity]]\nid = \"org-%d\"\nname = \"Org Number %d\"\ntype = \"Organization\"\n\n", k, k }' \
  > pack-many/entities.toml
printf 'Org Number 99999 hired people from Org Number 7.\n' > many.txt
run 0 many-entities extract --rules pack-many -o many.graphml many.txt
grep -q 'org-99999' many.graphml || fail "many-entities: the last of 100,000 entities was not matched"
mkdir -p pack-rules
awk 'BEGIN { for (k = 0; k < 10001; k++)
  printf "[[pattern]]\nid = \"p%d\"\ntype = \"Model\"\nregex = \x27Model%d\x27\n\n", k, k }' > pack-rules/patterns.toml
run 2 many-rules rules check --rules pack-rules
says many-rules "pack-rules/patterns.toml:50001:1: error[R020]: the pack holds 10001 patterns, relations and modifiers, over the limit of 10000"

# Graph files: render, merge and query stop with exit 2 and the place.
bad_graph() {  # NAME EXPECTED-MESSAGE, the file on stdin
  cat > "$1.graphml"
  echo "old content" > "$1-out.dot"
  run 2 "$1-render" render "$1.graphml" -o "$1-out.dot"
  says "$1-render" "$1.graphml:$2"
  [ "$(cat "$1-out.dot")" = "old content" ] || fail "$1: the existing output was touched"
  run 2 "$1-merge" merge "$1.graphml" -o "$1-merged.graphml"
  says "$1-merge" "$1.graphml:$2"
  run 2 "$1-query" query "$1.graphml" rank --by degree
  says "$1-query" "$1.graphml:$2"
}
keys='<key id="l" for="node" attr.name="label"/><key id="r" for="edge" attr.name="relation"/>
<key id="w" for="edge" attr.name="weight"/><key id="m" for="node" attr.name="mentions"/>'
printf '<graphml>\n<graph>\n<node id="a">\n</graph>\n</graphml>\n' |
  bad_graph not-xml "6: not well-formed XML: unexpected end of data"
printf 'PK\3\4 a zip file, not XML\n' | bad_graph binary " not a graph kgrep wrote: expected GraphML"
printf '<graphml>%s\n<graph>\n<node id="a"/>\n<node id="b"><data key="m">1e300</data></node>\n</graph></graphml>\n' \
  "$keys" | bad_graph lying-keys "5: node #2: mentions '1e300' is not a count"
printf '<graphml>%s\n<graph>\n<node id="a"/>\n<edge source="a" target="a"><data key="r">x</data>\n<data key="w">NaN</data></edge>\n</graph></graphml>\n' \
  "$keys" | bad_graph nan-weight "5: edge #1: weight 'NaN' is not a number"
printf '<graphml>%s\n<graph>\n<node id="a"/>\n<!-- <edge source="a" target="a"/> -->\n<edge source="a" target="ghost"><data key="r">left</data></edge>\n</graph></graphml>\n' \
  "$keys" | bad_graph dangling "6: edge #1: 'ghost' is no node of the graph"
printf '<graphml>%s\n<graph>\n<node id="a"/>\n<node id="b"/>\n<node id="a"/>\n</graph></graphml>\n' "$keys" |
  bad_graph duplicate "6: node #3: duplicate node id 'a'"
printf '{"kgrep":"facts","version":1}\n{"record":"entity","id":"a"\n' > broken.facts.jsonl
run 2 facts-render render broken.facts.jsonl -o broken.dot
says facts-render "broken.facts.jsonl:2:"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "bad rules and graphs: every case stopped with its place"
