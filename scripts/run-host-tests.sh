#!/usr/bin/env bash
# run-host-tests.sh RESULT BIN... - run cmocka suites, pass their output
# through, and record "passed failed" (counted from cmocka's own
# "[  PASSED  ]" and "[  FAILED  ]" lines) in RESULT. Each suite runs
# under a time limit (VMSA_TEST_TIMEOUT seconds, default 300) so an engine
# that loops forever shows up as a failure instead of stopping the run.
set -u
limit=${VMSA_TEST_TIMEOUT:-300}
result=$1; shift
mkdir -p "$(dirname "$result")"
p=0 f=0 rc=0
for t in "$@"; do
	if command -v timeout >/dev/null 2>&1; then
		out=$(timeout "$limit" "$t" 2>&1); r=$?
		[ "$r" -eq 124 ] && out="$out
$t: killed after ${limit}s (hang)"
	else
		out=$("$t" 2>&1); r=$?
	fi
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
