#!/usr/bin/env bash
# dtb_test.sh - suite for scripts/dtb2board.py (make test-dtb):
#  1. the converter on hand-written DTS snippets (tests/dtb/test_dtb2board.py);
#  2. QEMU's own virt devicetree, dumped with the machine options of
#     boards/virt/board.mk's smp2 configuration, becomes a board under
#     $O/dtb/boards/virt-dtb (never in git): its board.mk and UART, GIC
#     and CPU data agree with the hand-written boards/virt, it passes the
#     build-time board check, and its firmware boots and passes the board
#     suite under QEMU in that one configuration (scripts/run-qemu-tests.sh,
#     the checks make test-qemu runs for a board).
# Records "passed failed" in $O/results/test-dtb.
set -u
cd "$(dirname "$0")/../.."
O=${O:-build}
MAKE=${MAKE:-make}
QEMU=${QEMU:-qemu-system-arm}
T=$O/dtb
p=0
f=0
ok() { p=$((p + 1)); echo "ok - $1"; }
bad() { f=$((f + 1)); echo "not ok - $1"; [ -z "${2:-}" ] || sed 's/^/#   /' "$2"; }
check() { if [ "$1" -eq 0 ]; then ok "$2"; else bad "$2" "${3:-}"; fi; }
finish() {
	mkdir -p "$O/results"
	echo "$p $f" >"$O/results/test-dtb"
	echo "dtb: $p passed, $f failed"
	[ "$f" -eq 0 ]
	exit
}
rm -rf "$T"
mkdir -p "$T"

echo "=== dtb2board.py on hand-written devicetrees"
tests/dtb/test_dtb2board.py "$T/host" >"$T/host.log" 2>&1
st=$?
grep -v '^[0-9]* passed, ' "$T/host.log"
hp=$(grep -c '^ok ' "$T/host.log")
hf=$(grep -c '^not ok ' "$T/host.log")
p=$((p + hp)); f=$((f + hf))
[ "$st" -eq 0 ] || [ "$hf" -gt 0 ] || bad "test_dtb2board.py exit $st" "$T/host.log"
# The snippet boards build: their region arrays pass the build-time check
# (holes of reserved memory, a RAM_BASE that is not the bank's start).
for b in reserved chosen; do
	$MAKE --no-print-directory -s O="$O" BOARD="dtb-$b" BOARD_DIR="$T/host/$b/board" \
		board-check >"$T/host-$b-check.log" 2>&1
	check $? "$(grep '^board ' "$T/host-$b-check.log" || echo "snippet $b: board-check")" "$T/host-$b-check.log"
done

echo "=== virt's devicetree as a board"
mk() { $MAKE --no-print-directory -s O="$O" "$@"; }
args=$(mk BOARD=virt qemu-configs | sed -n 's/^smp2 //p')
[ -n "$args" ]
check $? "boards/virt/board.mk has the smp2 configuration: $args" || finish
dtb=$T/virt.dtb
# shellcheck disable=SC2086 # the configuration's words
"$QEMU" ${args/-M virt/-M virt,dumpdtb=$dtb} -nographic >"$T/dump.log" 2>&1
[ -s "$dtb" ]
check $? "QEMU dumps virt's devicetree ($args, with -M virt,dumpdtb=$dtb)" "$T/dump.log"
bd=$T/boards/virt-dtb
scripts/dtb2board.py "$dtb" --name virt-dtb -o "$bd" --qemu "$args" >"$T/convert.log" 2>&1
check $? "dtb2board.py writes $bd" "$T/convert.log" || finish
sed 's/^/# /' "$T/convert.log"

# The generated board.mk and board fields against the hand-written virt.
mkvar() { sed -n "s/^$2 *:= *//p" "$1/board.mk"; }
diffs=
for v in BOARD_CPUFLAGS BOARD_VARIANT RAM_BASE RAM_SIZE UART VMSA_FMT; do
	a=$(mkvar boards/virt "$v")
	b=$(mkvar "$bd" "$v")
	[ -n "$a" ] && [ "$a" = "$b" ] || diffs="$diffs $v ($b, boards/virt: $a)"
done
[ -z "$diffs" ]
check $? "the generated board.mk has boards/virt/board.mk's CPU flags, variant, RAM, UART and format${diffs:+; differs:$diffs}"
field() { sed -n "s/^[[:space:]]*\.$2 = \([^,]*\),.*/\1/p" "$1" | tr 'A-F' 'a-f'; }
diffs=
for v in uart_base gic_dist gic_cpu smp_release; do
	a=$(field boards/virt/board.c "$v")
	b=$(field "$bd/board.c" "$v")
	[ -n "$a" ] && [ "$a" = "$b" ] || diffs="$diffs $v ($b, boards/virt: $a)"
done
cpus=$(field "$bd/board.c" cpus)
[ -z "$diffs" ] && [ "$cpus" = 2 ]
check $? "the generated board.c has virt's UART, GIC and PSCI release, and the 2 CPUs of -smp 2${diffs:+; differs:$diffs}"
for r in ram ram-high; do
	grep -q "\.name = \"$r\"" "$bd/board.c"
	check $? "the generated board.c has region '$r'"
done

mk BOARD=virt-dtb BOARD_DIR="$bd" board-check >"$T/board-check.log" 2>&1
check $? "$(grep '^board virt-dtb' "$T/board-check.log" || echo 'board virt-dtb: board-check')" "$T/board-check.log"

echo "=== the generated board under QEMU ($args)"
QEMU_RESULTS_FILE=$T/qemu-result QEMU_DECODE_CHECK=0 O="$O" MAKE="$MAKE" \
	scripts/run-qemu-tests.sh "$bd"
if [ -s "$T/qemu-result" ]; then
	read -r qp qf <"$T/qemu-result"
	p=$((p + qp)); f=$((f + qf))
else
	bad "run-qemu-tests.sh recorded no counts for $bd"
fi
finish
