#!/usr/bin/env bash
# A large folder, as issue 7 measures it: `list --json` on a cold and a warm cache, and the
# reader's peak memory with the library open, the jump popup used over every heading and a
# document opened (in a real terminal, through ../shared/tools/tui-drive), with the cache filled
# and with the reader importing the folder itself on an empty cache.
# Usage: benches/library.sh DIR     (make DIR with: cargo run --release --example gen_corpus -- DIR 12500)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: benches/library.sh DIR}
drive=${TUI_DRIVE:-../shared/tools/tui-drive}
cargo build --release -q
exe=target/release/duizhao
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DUIZHAO_CACHE_DIR=$tmp/cache DUIZHAO_DATA_DIR=$tmp/data DUIZHAO_CONFIG=$tmp/config.toml
: > "$tmp/config.toml"
files=$(find "$dir" -name '*.txt' | wc -l)
mb=$(du -sm "$dir" | cut -f1)
echo "folder: $files files, $mb MB"

/usr/bin/time -f '%e %M' -o "$tmp/cold" "$exe" list --json "$dir" > "$tmp/list.json"
read -r secs kb < "$tmp/cold"
docs=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/list.json")
echo "list --json, cold cache: $secs s ($(awk "BEGIN{printf \"%.0f\", $mb/$secs}") MB/s), peak $((kb / 1024)) MB, $docs documents"

for i in 1 2 3 4 5; do
    /usr/bin/time -f '%e %M' -o "$tmp/warm$i" "$exe" list --json "$dir" > /dev/null
done
warm=$(cat "$tmp"/warm* | sort -n | sed -n 3p)
echo "list --json, warm cache: median $(awk "BEGIN{printf \"%.0f\", ${warm% *}*1000}") ms, peak $(( ${warm#* } / 1024 )) MB"

# The reader's peak memory (MB) over a session: the library, after SECONDS, a jump over all
# headings ("x"), leave the popup, open the first document, quit.  Usage: reader_peak NAME SECONDS
reader_peak() {
    "$drive" --out "$tmp/screens-$1" --size 120x40 -k "sleep:$2" -k : -k sleep:5 -k x -k sleep:1 -k Escape -k Enter \
        -k sleep:1 --quit q -- /usr/bin/time -f '%e %M' -o "$tmp/reader-$1" "$exe" "$dir" > /dev/null 2>&1
    sleep 1
    read -r _ kb < "$tmp/reader-$1"
    echo $((kb / 1024))
}
echo "reader: library + jump over every heading + one document open: peak $(reader_peak warm 2) MB"
# The same, on an empty cache: the reader imports the folder itself (a first start on it).
rm -rf "$tmp/cache"
echo "reader on an empty cache (it imports the folder): the same steps: peak $(reader_peak cold 3) MB"
