# Dirty input never crashes kgrep: each bad document is skipped with a warning
# naming the document and the byte offset, counted, and the run ends with exit
# 3 after writing the rest; --strict stops at the first (exit 2, nothing
# written). Big inputs are generated here, never committed.
# Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2
work=$(mktemp -d)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
chmod 755 "$work"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run STATUS NAME ARGS...: runs kgrep ARGS with stderr in $work/NAME.err and
# checks the exit status and that no sanitizer or uncaught exception spoke.
run() {
  local want=$1 name=$2 status=0
  shift 2
  "$kgrep" "$@" > "$work/$name.out" 2> "$work/$name.err" || status=$?
  [ "$status" -eq "$want" ] || fail "$name: exit $status, expected $want: $(head -c 600 "$work/$name.err")"
  if grep -qE "Sanitizer|runtime error|terminate called|Segmentation" "$work/$name.err"; then
    fail "$name: crashed: $(head -c 600 "$work/$name.err")"
  fi
}
# says NAME TEXT: the stderr of run NAME holds TEXT (a fixed string).
says() { grep -qF -- "$2" "$work/$1.err" || fail "$1: stderr lacks '$2': $(head -c 600 "$work/$1.err")"; }

good="Barret Zoph left Thinking Machines Lab for OpenAI."
mkdir "$work/docs"
cd "$work/docs"
printf '%s\n' "$good" > good.txt
printf 'Overlong \xc0\xaf slash.\n' > overlong.txt
printf 'A surrogate \xed\xa0\x80 half.\n' > surrogate.txt
printf 'Cut short \xe2\x82' > truncated.txt
printf 'Text with a \0 NUL byte.\n' > nul.txt
printf '%s\n' "$good" | iconv -f UTF-8 -t UTF-16LE > utf16le-nobom.txt
{ printf '\xff\xfe'; printf 'Mira Murati founded Thinking Machines Lab.\n' | iconv -f UTF-8 -t UTF-16LE; } > utf16le-bom.txt
{ printf '\xfe\xff'; printf 'Mira Murati founded Thinking Machines Lab.\n' | iconv -f UTF-8 -t UTF-16BE; } > utf16be-bom.txt
: > empty.txt
{ printf '\x7fELF\x02\x01\x01\0'; head -c 4096 /dev/urandom; } > binary.txt
printf '{"id":"one","text":"%s"}\n{"id":"two","text":"unterminated\n{"id":"three","text":"Anthropic hired Jan Leike."}\n' \
  "$good" > broken.jsonl
cd "$work"

# Each bad document alone: the warning, its place, exit 3, a graph written.
check_skipped() {  # NAME FILE EXPECTED-MESSAGE
  run 3 "$1" extract -q -o "$work/$1.graphml" "docs/$2"
  says "$1" "$3"
  grep -q "<graphml" "$work/$1.graphml" || fail "$1: no graph written"
}
check_skipped overlong overlong.txt "kgrep: overlong.txt: byte 9: warning[S001]: invalid UTF-8; document skipped"
check_skipped surrogate surrogate.txt "kgrep: surrogate.txt: byte 12: warning[S001]: invalid UTF-8"
check_skipped truncated truncated.txt "kgrep: truncated.txt: byte 10: warning[S001]: invalid UTF-8"
check_skipped nul nul.txt "kgrep: nul.txt: byte 12: warning[S006]: NUL byte: a binary file, not text; document skipped"
check_skipped binary binary.txt "kgrep: binary.txt: byte 7: warning[S006]: NUL byte: a binary file"
check_skipped utf16-nobom utf16le-nobom.txt "kgrep: utf16le-nobom.txt: byte 1: warning[S006]: NUL bytes: UTF-16LE text"
check_skipped jsonl broken.jsonl "kgrep: broken.jsonl:2: byte 105: warning[S002]: malformed JSON: unterminated string; record skipped"
grep -q '"anthropic"' jsonl.graphml || fail "jsonl: the record after the broken line was lost"

# UTF-16 with a byte-order mark is text; an empty file is an empty document.
run 0 utf16 extract -o "$work/utf16.graphml" docs/utf16le-bom.txt docs/utf16be-bom.txt docs/empty.txt
says utf16 "3 documents (0 skipped)"
grep -q 'thinking-machines-lab' utf16.graphml || fail "utf16: UTF-16 text was not read"

# A whole directory: every bad document counted, the good ones extracted.
run 3 directory extract -o "$work/all.graphml" docs
says directory "kgrep: 6 documents (7 skipped)"
grep -q 'barret-zoph' all.graphml || fail "directory: the good documents were not extracted"

# --strict: the first bad document stops the run before any output.
echo "old content" > kept.graphml
run 2 strict extract --strict -o "$work/kept.graphml" docs/good.txt docs/nul.txt
says strict "kgrep: nul.txt: byte 12: error[S006]: NUL byte: a binary file, not text; --strict stops here"
[ "$(cat kept.graphml)" = "old content" ] || fail "strict: the existing output was touched"
run 0 strict-clean extract -q --strict -o "$work/strict.graphml" docs/good.txt

# Directory loops through symlinks end; each file is read once.
mkdir -p loop/sub
printf '%s\n' "$good" > loop/sub/a.txt
ln -s .. loop/sub/up
ln -s "$work/loop" loop/sub/again
run 0 symlink-loop extract -o "$work/loop.graphml" loop
says symlink-loop "1 documents (0 skipped)"
ln -s self self
run 2 self-link extract -q self
says self-link "self: cannot read: Too many levels of symbolic links"

# Unreadable files and folders inside a directory are skipped and counted
# (as root, the check runs as nobody, since root reads everything).
mkdir -p private/closed
printf '%s\n' "$good" > private/open.txt
printf '%s\n' "$good" > private/secret.txt
printf '%s\n' "$good" > private/closed/inside.txt
chmod 000 private/secret.txt private/closed
as_user=()
if [ "$(id -u)" -eq 0 ]; then as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
status=0
"${as_user[@]}" "$kgrep" extract -o - private > /dev/null 2> unreadable.err || status=$?
[ "$status" -eq 3 ] || fail "unreadable: exit $status, expected 3: $(cat unreadable.err)"
grep -qF "private/closed: warning[S004]: cannot read directory: Permission denied; skipped" unreadable.err ||
  fail "unreadable: no warning for the closed folder: $(cat unreadable.err)"
grep -qF "secret.txt: warning[S005]: cannot read file; skipped" unreadable.err ||
  fail "unreadable: no warning for the closed file: $(cat unreadable.err)"
grep -qF "1 documents (2 skipped)" unreadable.err || fail "unreadable: wrong counts: $(cat unreadable.err)"
chmod 755 private/closed

# HTML with unclosed tags and a 4 MB attribute.
{
  printf '<html><head><title>Unclosed tags</title><body><div class="'
  head -c 4194304 /dev/zero | tr '\0' 'x'
  printf '"><p>%s<p><b><i>Mira Murati founded Thinking Machines Lab.<table><tr><td>' "$good"
} > messy.html
run 0 html extract -o "$work/html.graphml" messy.html
grep -q 'barret-zoph' html.graphml || fail "html: the text after the huge attribute was lost"

# 200 MB on a single line: a text file, a JSON Lines record and stdin are
# skipped over the document size limit without holding them in memory.
head -c 209715200 /dev/zero | tr '\0' 'a' > huge.txt
{ printf '{"id":"huge","text":"'; cat huge.txt; printf '"}\n{"id":"after","text":"%s"}\n' "$good"; } > huge.jsonl
rss_limit_kb=$((150 * 1024))
measure() {  # NAME ARGS...: runs kgrep, and checks its peak memory when /usr/bin/time can tell
  local name=$1 status=0
  shift
  # Peak memory means nothing under AddressSanitizer, which reserves its own.
  if [ -x /usr/bin/time ] && ! grep -qa __asan_init "$kgrep"; then
    /usr/bin/time -f "%M" -o "$work/$name.rss" "$kgrep" "$@" > /dev/null 2> "$work/$name.err" < "${stdin:-/dev/null}" ||
      status=$?
    local rss
    rss=$(tail -n 1 "$work/$name.rss")
    [ "$rss" -lt "$rss_limit_kb" ] || fail "$name: peak memory $rss KB for a skipped document"
  else
    "$kgrep" "$@" > /dev/null 2> "$work/$name.err" < "${stdin:-/dev/null}" || status=$?
  fi
  [ "$status" -eq 3 ] || fail "$name: exit $status, expected 3: $(head -c 600 "$work/$name.err")"
}
measure huge-txt extract -o - huge.txt
says huge-txt "kgrep: huge.txt: warning[S003]: document is 209715200 bytes, over the limit of 16777216"
measure huge-jsonl extract -o "$work/huge.graphml" huge.jsonl
says huge-jsonl "kgrep: huge.jsonl:1: byte 0: warning[S003]: record is 209715223 bytes, over the limit of 16777216"
grep -q 'barret-zoph' huge.graphml || fail "huge-jsonl: the record after the huge line was lost"
stdin=huge.txt measure huge-stdin extract -o - -
says huge-stdin "kgrep: stdin: warning[S003]: document is over 16777216 bytes, the limit (--max-document-size)"
rm huge.txt huge.jsonl
run 3 small-limit extract --max-document-size 1K -o - docs/good.txt messy.html
says small-limit "messy.html: warning[S003]: document is 4194"
run 2 bad-limit extract --max-document-size 12X docs/good.txt
says bad-limit "--max-document-size needs a size in bytes such as 1048576, 512K, 64M or 2G, not '12X'"

# A reader that goes away ends kgrep quietly, even when SIGPIPE was ignored.
for trap_pipe in "" "trap '' PIPE;"; do
  bash -c "$trap_pipe \"\$0\" extract -q -o - --format html \"\$1/examples\" 2> \"\$2\" | head -c 10 > /dev/null" \
    "$kgrep" "$source" "$work/pipe.err" || true
  [ ! -s pipe.err ] || fail "closed pipe ($trap_pipe): stderr was not quiet: $(head -c 300 pipe.err)"
done

[ -z "$(find "$work" -name '.*kgrep-*')" ] || fail "a temporary output file was left behind"
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "bad input: every case skipped or stopped as documented"
