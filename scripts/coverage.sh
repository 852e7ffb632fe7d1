#!/usr/bin/env bash
# coverage.sh OBJROOT OUTDIR SRC... - line and branch coverage of the
# library sources from a --coverage host build (OBJROOT/src/*.gcda), with
# gcov; prints one line per file and the total, writes the .gcov files to
# OUTDIR and the summary to OUTDIR/summary.txt. Exits 1 below COV_MIN
# (default 90) percent of lines in total.
set -eu
obj=$1 out=$2; shift 2
min=${COV_MIN:-90}
top=$(pwd)
tl=0 tlc=0 tb=0 tbc=0
: > "$out/summary.txt"
for src in "$@"; do
	d=$obj/$(dirname "$src")
	# Annotated source (### marks lines never run) from the top
	# directory, where the recorded relative source path resolves.
	gcov -b -t -o "$top/$d" "$src" > "$out/$(basename "$src").gcov" 2>/dev/null || true
	r=$(gcov -b -n -o "$top/$d" "$src" 2>/dev/null | \
	    awk -v f="$(basename "$src")" '
		$0 ~ "^File .*"f"'\''" { on = 1; next }
		on && /^Lines executed:/ { split($2, a, ":"); l = a[2]; n = $4 }
		on && /^Taken at least once:/ { split($4, a, ":"); b = a[2]; if (b == "") b = $4; bn = $6 }
		on && (/^Calls executed:/ || /^No calls/) { if (l != "") { print l, n, b, bn; exit } }
		END { }')
	read -r lp ln bp bn <<<"$r"
	lp=${lp%\%}; bp=${bp%\%}
	lc=$(awk -v p="$lp" -v n="$ln" 'BEGIN { printf "%d", p * n / 100 + 0.5 }')
	bc=$(awk -v p="${bp:-0}" -v n="${bn:-0}" 'BEGIN { printf "%d", p * n / 100 + 0.5 }')
	tl=$((tl + ln)); tlc=$((tlc + lc)); tb=$((tb + ${bn:-0})); tbc=$((tbc + bc))
	printf '  %-16s lines %6s%% of %5s   branches taken %6s%% of %5s\n' \
	    "$src" "$lp" "$ln" "${bp:-0}" "${bn:-0}" | tee -a "$out/summary.txt"
done
lt=$(awk -v c=$tlc -v n=$tl 'BEGIN { printf "%.1f", n ? 100 * c / n : 0 }')
bt=$(awk -v c=$tbc -v n=$tb 'BEGIN { printf "%.1f", n ? 100 * c / n : 0 }')
echo "coverage: lines $lt% ($tlc/$tl), branches taken $bt% ($tbc/$tb)" | tee -a "$out/summary.txt"
awk -v l="$lt" -v m="$min" 'BEGIN { exit !(l + 0 >= m + 0) }'
