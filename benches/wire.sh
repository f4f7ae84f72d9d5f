#!/usr/bin/env bash
# Bytes written to the terminal per action: duizhao against less and vim -O on the same text,
# in a real pseudo-terminal (../shared/tools/bytes-per-action). Prints one summary line each.
# Usage: benches/wire.sh [SIZE]   (default 120x40)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-120x40}
bpa=${BPA:-../shared/tools/bytes-per-action}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
doc=docs/2012-opinions-informatization-security.en-zh.txt
# The two halves of the same document, for vim's two windows.
sed -n '1,95p' "$doc" > "$tmp/en.txt"
sed -n '97,145p' "$doc" > "$tmp/zh.txt"
cargo build --release -q
run() {
    local name=$1; shift
    printf '%-28s' "$name"
    "$bpa" -s "$size" --json "$tmp/$name.json" "$@" 2>/dev/null | tail -1
}
keys_line='20*j'
keys_page='5*space'
for what in line page; do
    keys=$([ "$what" = line ] && echo "$keys_line" || echo "$keys_page")
    echo "== $what ($keys) at $size"
    run "duizhao-$what" -e DUIZHAO_DATA_DIR="$tmp/data" --keys "j enter 3*j" --keys "$keys" --quit q -- target/release/duizhao
    run "less-$what" --keys "$keys" --quit q -- less "$doc"
    run "vim-O-$what" --keys "$( [ "$what" = line ] && echo '20*C-e' || echo '5*C-f')" --quit 'esc lit::qa!\r' -- \
        vim -u NONE -R -O "$tmp/zh.txt" "$tmp/en.txt" -c 'windo set scrollbind'
done
