#!/bin/sh
# tests/bench/run-bench.sh ELF OUTDIR - boot the benchmark firmware under
# QEMU vexpress-a15 with exact instruction counting, show its output as it
# runs, and write OUTDIR/bench.log, OUTDIR/bench.csv (groups 1-3),
# OUTDIR/memory.csv (group 4), OUTDIR/regions.csv (group 5) and
# OUTDIR/livescale.csv (group 6). Exits non-zero if the firmware failed.
set -u
elf=$1
out=$2
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${TIMEOUT:-300}
mkdir -p "$out"
echo "  BENCH   $elf under $QEMU vexpress-a15, -icount shift=0 (exact counts)"
QEMU="$QEMU" timeout "$TIMEOUT" scripts/qemu-run --err "$out/qemu.err" \
	-M vexpress-a15 -cpu cortex-a15 -m 1G -serial stdio \
	-icount shift=0,align=off,sleep=off -kernel "$elf" \
	>"$out/bench.raw" &
qpid=$!
# Show everything but the csv: lines as it arrives (progress included).
tail -n +1 -f "$out/bench.raw" --pid=$qpid | grep --line-buffered -v '^csv:'
wait $qpid
rc=$?
tr -d '\r' <"$out/bench.raw" >"$out/bench.log"
{
	echo "group,operation,instructions,descriptors,instr_per_desc,target,verdict"
	sed -n 's/^csv:\(meta\|bulk\|boot\|live\),/\1,/p' "$out/bench.log"
} >"$out/bench.csv"
{
	echo "group,array,l2_bytes,l2_bytes_min,entries,entries_min,verdict"
	sed -n 's/^csv:memory,/memory,/p' "$out/bench.log"
} >"$out/memory.csv"
{
	echo "group,array,build,regions,descriptors,instructions,instr_per_region,instr_per_desc,overhead_per_region,overhead_per_desc,target,verdict"
	sed -n 's/^csv:regions,/regions,/p' "$out/bench.log"
} >"$out/regions.csv"
{
	echo "group,operation,granules,instructions,instr_per_granule,target,verdict"
	sed -n 's/^csv:livescale,/livescale,/p' "$out/bench.log"
} >"$out/livescale.csv"
if [ $rc -ne 0 ]; then
	echo "bench: the firmware failed (QEMU exit status $rc)" >&2
	exit 1
fi
echo "  BENCH   wrote $out/bench.csv, $out/memory.csv, $out/regions.csv, $out/livescale.csv, $out/bench.log"
