#!/usr/bin/env bash
# run-host-tests.sh RESULT BIN... - run cmocka suites, pass their output
# through, and record "passed failed" (counted from cmocka's own
# "[  PASSED  ]" and "[  FAILED  ]" lines) in RESULT.
set -u
result=$1; shift
mkdir -p "$(dirname "$result")"
p=0 f=0 rc=0
for t in "$@"; do
	out=$("$t" 2>&1); r=$?
	printf '%s\n' "$out"
	sp=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	sf=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	sp=${sp:-0}; sf=${sf:-0}
	# A crash or a non-zero exit with no failure counted is one failure.
	if [ "$r" -ne 0 ] && [ "$sf" -eq 0 ]; then sf=1; fi
	[ "$r" -ne 0 ] && rc=1
	p=$((p + sp)); f=$((f + sf))
done
echo "$p $f" > "$result"
echo "host: $p passed, $f failed"
exit $rc
