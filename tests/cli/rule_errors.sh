# A bad rule pack stops kgrep before any output, with exit code 2 and every
# problem as file:line:col.  Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/pack"
cat > "$work/pack/bad.toml" <<'TOML'
[[entity]]
id = "acme"
type = "Organisation"
name = "Acme"

[[relation]]
id = "left"
regex = '{Person:subject} left ({Organization:object}'
relation = "left"
TOML
echo "old content" > "$work/out.graphml"
set +e
"$kgrep" extract --rules "$work/pack" -o "$work/out.graphml" "$source/examples" 2> "$work/stderr"
status=$?
"$kgrep" rules check --rules "$work/pack" 2> "$work/check-stderr"
check_status=$?
set -e
cat "$work/stderr"
[ "$status" -eq 2 ] || { echo "expected exit 2, got $status"; exit 1; }
[ "$check_status" -eq 2 ] || { echo "rules check: expected exit 2, got $check_status"; exit 1; }
grep -qF "$work/pack/bad.toml:3:8: error[R007]: unknown entity type 'Organisation'" "$work/stderr"
grep -qF "$work/pack/bad.toml:8:32: error[R008]: RE2 rejects the regex: missing )" "$work/stderr"
grep -qF "error[R007]" "$work/check-stderr"
[ "$(cat "$work/out.graphml")" = "old content" ] || { echo "the existing output was touched"; exit 1; }
"$kgrep" rules check | grep -q "^rules ok: "
