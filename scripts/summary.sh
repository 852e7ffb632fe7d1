#!/usr/bin/env bash
# summary.sh DIR [STATUS] - add up the "passed failed" files in DIR, print
# one line per suite and the closing "N passed, N failed" line; exit 1 if
# anything failed or STATUS is non-zero.
set -u
dir=$1
status=${2:-0}
p=0 f=0
for r in "$dir"/*; do
	[ -f "$r" ] || continue
	read -r sp sf < "$r"
	printf '  %-24s %5d passed, %d failed\n' "$(basename "$r")" "$sp" "$sf"
	p=$((p + sp)); f=$((f + sf))
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ] && [ "$status" -eq 0 ]
