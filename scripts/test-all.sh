#!/usr/bin/env bash
# test-all.sh - run every test suite, then print one closing line
# "N passed, N failed" that counts the checks of all suites.
#
# Each suite is a make target that records its own counts as
# "passed failed" in $O/results/<suite>; a suite that exits non-zero
# without recording counts is counted as one failure.
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
MAKE=${MAKE:-make}
SUITES=${SUITES:-"test-host test-qemu test-board-check test-dtb test-pkg test-gdb test-check test-host-san test-fuzz test-make"}

rm -rf "$O/results"
mkdir -p "$O/results"
status=0
for s in $SUITES; do
	echo "=== $s"
	if ! $MAKE --no-print-directory O="$O" "$s"; then
		status=1
		[ -s "$O/results/$s" ] || echo "0 1" > "$O/results/$s"
	fi
done
exec scripts/summary.sh "$O/results" "$status"
