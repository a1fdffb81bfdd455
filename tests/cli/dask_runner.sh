# tools/kgrep-dask on a LocalCluster of 2 workers writes, byte for byte, what
# one `kgrep extract` writes (GraphML and facts stream), for two shard sizes
# and the default (about one shard per worker):
# JSON Lines cut into byte ranges mid-line, whole files grouped, files in a
# subdirectory keeping their relative ids, a document repeated in two shards,
# and a bad record skipped and counted (with extract's exit code); a worker
# killed mid-shard has its shard retried; on a running scheduler (`dask
# scheduler`), the runner waits for a worker to join. A failing
# run (a rule pack that does not load) writes nothing. Skipped (77) when
# Debian's python3 cannot import dask.distributed (tools/setup installs it).
# Arguments: KGREP SOURCE_DIR SHARED_DIR
set -euo pipefail
kgrep=$1 source=$2
python=/usr/bin/python3
[[ -x $python ]] && "$python" -c "import distributed" 2>/dev/null ||
  { echo "python3-distributed is not installed: skipped"; exit 77; }
runner=$source/tools/kgrep-dask
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# A corpus: the example articles as JSON Lines (twice, so one document is read
# in two shards), plus text files in a directory tree, plus one bad record.
mkdir -p "$work/corpus/news/nl"
"$python" - "$source/examples" "$work/corpus/articles.jsonl" <<'PYTHON'
import json, pathlib, sys
examples, out = pathlib.Path(sys.argv[1]), sys.argv[2]
with open(out, "w", encoding="utf-8") as jsonl:
    for repeat in range(2):
        for path in sorted(examples.glob("*.txt")):
            header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
            record = {"id": path.name, "text": body}
            for line in header.splitlines():
                key, _, value = line.partition(":")
                if key in ("title", "date", "url", "author", "lang"):
                    record[key] = value.strip()
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
        if repeat == 0:
            jsonl.write('{"id": "broken", "text": \n')
PYTHON
for file in "$source"/examples/en-*.txt; do cp "$file" "$work/corpus/news/"; done
for file in "$source"/examples/nl-*.txt; do cp "$file" "$work/corpus/news/nl/"; done

expected=0
"$kgrep" extract -q -o "$work/one.graphml" -o "$work/one.facts.jsonl" "$work/corpus" 2>/dev/null || expected=$?
[[ $expected == 0 || $expected == 3 ]] || { echo "extract failed ($expected)"; exit 1; }

# 0.004 MB cuts the JSON Lines file mid-line into equal ranges and groups the
# text files in twos; 0.01 MB cuts it in two and groups the text files in
# one; the default makes about one shard per worker (here 2).
for shard_mb in 0.004 0.01 default; do
  out=$work/dask-$shard_mb
  status=0
  size=(--shard-mb "$shard_mb")
  [[ $shard_mb == default ]] && size=(--timings)
  "$python" "$runner" --kgrep "$kgrep" --workers 2 --dashboard-address :0 "${size[@]}" \
    -o "$out.graphml" -o "$out.facts.jsonl" "$work/corpus" 2>"$out.log" || status=$?
  [[ $status == "$expected" ]] || { cat "$out.log"; echo "the runner should exit $expected as extract did, got $status"; exit 1; }
  cmp "$work/one.graphml" "$out.graphml"
  cmp "$work/one.facts.jsonl" "$out.facts.jsonl"
  grep -q "dashboard: http" "$out.log" || { cat "$out.log"; echo "no dashboard address"; exit 1; }
  grep -q "(1 skipped)" "$out.log" || { cat "$out.log"; echo "the skipped record is not counted"; exit 1; }
  grep -qE "[0-9]+/[0-9]+ shards" "$out.log" || { cat "$out.log"; echo "no progress"; exit 1; }
  echo "shards of $shard_mb MB: $(grep -oE '[0-9]+ shards;' "$out.log") identical to one extract"
done
grep -qE " [3-9] shards;| [0-9]{2,} shards;" "$work/dask-0.004.log" || { echo "the small shard size made no shards"; exit 1; }
grep -qE " [23] shards;" "$work/dask-default.log" || { cat "$work/dask-default.log"; echo "the default should make about one shard per worker"; exit 1; }
grep -qE "timings: +[0-9.]+ s +last merge done" "$work/dask-default.log" || { cat "$work/dask-default.log"; echo "--timings printed no timings"; exit 1; }

# Without a facts output the shards write mention totals and document hashes
# (extract --mention-totals): over distinct documents they add up as they
# are; where a document is in two shards the merge refuses them and the job
# runs again with per-document counts. Either way: identical to one extract.
"$kgrep" extract -q -o "$work/news.graphml" "$work/corpus/news"
"$python" "$runner" --kgrep "$kgrep" --workers 2 --dashboard-address :0 --shard-mb 0.004 \
  -o "$work/totals.graphml" "$work/corpus/news" 2>"$work/totals.log"
cmp "$work/news.graphml" "$work/totals.graphml"
! grep -q "extracting again" "$work/totals.log" || { cat "$work/totals.log"; echo "distinct documents ran twice"; exit 1; }
# (--fan-in 2: the merges on the workers meet the shared document first.)
status=0
"$python" "$runner" --kgrep "$kgrep" --workers 2 --dashboard-address :0 --shard-mb 0.004 --fan-in 2 --retries 0 \
  -o "$work/again.graphml" "$work/corpus" 2>"$work/again.log" || status=$?
[[ $status == "$expected" ]] || { cat "$work/again.log"; echo "the runner should exit $expected, got $status"; exit 1; }
cmp "$work/one.graphml" "$work/again.graphml"
grep -q "extracting again with per-document counts" "$work/again.log" ||
  { cat "$work/again.log"; echo "a document in two shards did not send the job back to per-document counts"; exit 1; }
echo "mention totals: distinct documents added as they are; a document in two shards ran again; identical"

# A worker that dies mid-shard (worker processes; the kgrep below kills its
# worker the first time it is asked to extract) has its shard run again.
cat >"$work/dying-kgrep" <<SCRIPT
#!/bin/bash
if [[ \$1 == extract && ! -e "$work/died" ]]; then
  touch "$work/died"
  kill -9 \$PPID
  sleep 2
  exit 1
fi
exec "$kgrep" "\$@"
SCRIPT
chmod +x "$work/dying-kgrep"
status=0
"$python" "$runner" --kgrep "$work/dying-kgrep" --processes --workers 2 --dashboard-address :0 --shard-mb 0.004 \
  -o "$work/retried.graphml" "$work/corpus" 2>"$work/retried.log" || status=$?
[[ $status == "$expected" && -e $work/died ]] || { cat "$work/retried.log"; echo "no retry after a worker died"; exit 1; }
cmp "$work/one.graphml" "$work/retried.graphml"
echo "a worker killed mid-shard: its shard ran again, output identical"

# A running scheduler (--scheduler): the runner waits for a worker to join,
# then cuts its shards for the workers there; same output.
dask=$(dirname "$python")/dask
if [[ -x $dask ]]; then
  "$dask" scheduler --port 0 --dashboard-address :0 --scheduler-file "$work/scheduler.json" >"$work/scheduler.log" 2>&1 &
  scheduler=$!
  for _ in $(seq 100); do [[ -s $work/scheduler.json ]] && break; sleep 0.1; done
  address=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["address"])' "$work/scheduler.json")
  status=0
  "$python" "$runner" --kgrep "$kgrep" --scheduler "$address" --shard-mb 0.01 \
    -o "$work/scheduled.graphml" "$work/corpus" 2>"$work/scheduled.log" &
  client=$!
  for _ in $(seq 600); do grep -q "waiting for a worker" "$work/scheduled.log" && break; sleep 0.1; done
  "$dask" worker "$address" --nworkers 1 --nthreads 1 --dashboard-address :0 >"$work/worker.log" 2>&1 &
  worker=$!
  wait "$client" || status=$?
  kill "$worker" "$scheduler" 2>/dev/null || true
  wait "$worker" "$scheduler" 2>/dev/null || true
  [[ $status == "$expected" ]] || { cat "$work/scheduled.log"; echo "the runner on a scheduler failed ($status)"; exit 1; }
  cmp "$work/one.graphml" "$work/scheduled.graphml"
  grep -q "waiting for a worker" "$work/scheduled.log" || { cat "$work/scheduled.log"; echo "no wait for a worker"; exit 1; }
  echo "on a running scheduler, a worker joining late: identical"
fi

# A failed run writes nothing and exits 2.
mkdir "$work/bad-rules"
printf '[[entity]]\nid = "x"\n' >"$work/bad-rules/x.toml"
status=0
"$python" "$runner" --kgrep "$kgrep" --workers 2 --dashboard-address :0 --rules "$work/bad-rules" \
  -o "$work/never.graphml" "$work/corpus" 2>"$work/bad.log" || status=$?
[[ $status == 2 && ! -e $work/never.graphml ]] || { cat "$work/bad.log"; echo "a failed run must exit 2, write nothing"; exit 1; }
echo "dask runner: byte-identical to one extract for two shard sizes; a failed run writes nothing"
