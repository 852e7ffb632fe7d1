#!/usr/bin/env bash
# run-qemu-tests.sh [BOARD...] - build each board's test firmware, boot it
# in every QEMU configuration its board.mk lists, pass the TAP through, and
# check the host decoder (scripts/vmsa-decode.py) against the tables the
# firmware saved. Each image's MMU disable and enable sequences are also
# checked from its machine code (scripts/check-mmu-off.sh,
# scripts/check-mmu-on.py), the on sequence of the switch to long
# descriptors and the Hyp mode off and on sequences too where the image
# links them.
# Records "passed failed" in $O/results/test-qemu (or in the file
# QEMU_RESULTS_FILE names) and prints "N passed, N failed".
#
# A BOARD is a folder name of boards/, or the path of a board folder
# elsewhere (anything with a "/", e.g. one scripts/dtb2board.py wrote under
# $O): that board is built as BOARD=<folder name> BOARD_DIR=<path>.
#
# A configuration counts its "ok" and "not ok" lines ("ok ... # SKIP"
# lines count as skipped, neither passed nor failed). A run that times
# out, exits non-zero, or whose plan ("1..N") is missing or does not match
# the count adds one failure: a crash must not pass by printing less.
# Each saved table adds one check: the decoder's lines must equal the
# firmware's vmsa_dump summary lines exactly (vmsa_lpae_dump's for
# long-descriptor tables: tag "lpae", --fmt lpae, the PL1 tables of
# tests/qemu/test_lpae.c on CPUs with LPAE; tag "hyp", --fmt lpae-hyp, the
# Hyp tables of a configuration that starts the image in Hyp mode,
# vexpress-a15's hyp, in place of the PL1 ones). So does each table of
# tests/qemu/decode_check.c (host build; covers ARMv5, rarer bits and a
# PL1 and a Hyp long-descriptor set).
# Each board's demo (make run) is booted once: it must take its fault,
# print "policy: N findings" and exit 0 (one check; the findings shown),
# and QEMU must print nothing of its own on that run, as in `make run`
# (one check); N must be 0 on an ARMv7 board (its image is mapped W^X:
# nothing is writable and executable), while an ARMv5 board (no XN) must
# instead say what it cannot enforce (one more check). QEMU's own
# messages never enter the serial log a check reads: they go to qemu.err
# beside it, shown as comments when present.
#
# TABLES=prebuilt (environment): the images with prebuilt tables
# (tests/qemu/prebuilt.mk), under $O/qemu/<board>/prebuilt, every check
# named "<board> [prebuilt]"; records $O/results/test-qemu-prebuilt. The
# host decoder check runs in the default mode only.
set -u
cd "$(dirname "$0")/.."
TOP=$(pwd)
O=${O:-build}
MAKE=${MAKE:-make}
export QEMU=${QEMU:-qemu-system-arm}
QEMU_RUN=$TOP/scripts/qemu-run
QEMU_TIMEOUT=${QEMU_TIMEOUT:-60}
# The boards whose CPU has long descriptors (Cortex-A15, A7), by name or
# by -cpu in their first QEMU configuration (a board from a devicetree):
# their LPAE demo must boot; the other ARMv7 boards' must refuse.
LPAE_BOARDS="vexpress-a15 virt virt-a7 mcimx6ul-evk raspi2b"
boards=("$@")
TABLES=${TABLES:-runtime}
case $TABLES in
runtime) sub= mtag= result=test-qemu ;;
prebuilt) sub=/prebuilt mtag=" [prebuilt]" result=test-qemu-prebuilt ;;
*) echo "TABLES=$TABLES: runtime or prebuilt" >&2; exit 2 ;;
esac
QEMU_RESULTS_FILE=${QEMU_RESULTS_FILE:-$O/results/$result}
[ ${#boards[@]} -gt 0 ] || boards=($(ls boards))

mkdir -p "$O/results"
passed=0 failed=0 skipped=0

check() {   # check COND-STATUS NAME
	if [ "$1" -eq 0 ]; then
		passed=$((passed + 1)); echo "ok - $2"
	else
		failed=$((failed + 1)); echo "not ok - $2"
	fi
}

# compare_dumps DIR LABEL: for every "# vmsa-tables TAG fmt=F l1_pa=..
# pool_pa=P" header in DIR/tap.txt, decode DIR/TAG-l1.bin and
# DIR/TAG-pool.bin on the host and compare with the "# TAG| " lines.
compare_dumps() {
	local dir=$1 label=$2 tag fmtkv poolkv fmt pool d
	while read -r _ _ tag fmtkv _ poolkv _; do
		fmt=${fmtkv#fmt=}; pool=${poolkv#pool_pa=}
		sed -n "s/^# $tag| \(0x.*\)/\1/p" "$dir/tap.txt" > "$dir/$tag-fw.txt"
		scripts/vmsa-decode.py --fmt "$fmt" --l1 "$dir/$tag-l1.bin" \
			--l2 "$dir/$tag-pool.bin" --l2-base "$pool" \
			> "$dir/$tag-host.txt" 2> "$dir/$tag-host.err"
		diff -u "$dir/$tag-fw.txt" "$dir/$tag-host.txt" > "$dir/$tag.diff"
		d=$?
		[ -s "$dir/$tag-fw.txt" ] || d=1
		check $d "$label: vmsa-decode.py --fmt $fmt reproduces the '$tag' dump ($(wc -l < "$dir/$tag-fw.txt") lines)"
		[ $d -eq 0 ] || sed 's/^/# /' "$dir/$tag.diff" | head -20
	done < <(grep '^# vmsa-tables ' "$dir/tap.txt")
}

# The decoder on every format, from tables the host build of the library
# writes (no QEMU board here runs ARMv5 or maps every attribute).
# QEMU_DECODE_CHECK=0 leaves it to the suite that runs it (make test-qemu).
decode_check() {
	echo "=== host: decoder on v7, v7-remap, v7-pxn, v5, lpae and lpae-hyp tables"
	if $MAKE --no-print-directory -s O="$O" qemu-decode-check; then
		dir="$O/qemu/host/run"
		rm -rf "$dir"; mkdir -p "$dir"
		dc=$(cd "$O/qemu/host" && pwd)/decode_check
		(cd "$dir" && "$dc" > tap.txt 2>&1)
		check $? "host: decode_check builds its tables"
		compare_dumps "$dir" host
		# A wrong --l2-base drops the runs of every table: the decoder must
		# say so on stderr, with the table addresses the L1 asks for.
		read -r _ _ tag fmtkv _ poolkv _ < <(grep '^# vmsa-tables ' "$dir/tap.txt" | sed -n 1p)
		pool=${poolkv#pool_pa=}
		scripts/vmsa-decode.py --fmt "${fmtkv#fmt=}" --l1 "$dir/$tag-l1.bin" \
			--l2 "$dir/$tag-pool.bin" --l2-base $((pool + 0x100000)) \
			> "$dir/wrong-base.txt" 2> "$dir/wrong-base.err"
		grep -q "warning: .* outside every --l2 image .* points to tables at $(printf '0x%08x' $((pool)))" "$dir/wrong-base.err"
		check $? "host: vmsa-decode.py with a wrong --l2-base warns, naming the table addresses the L1 points to"
		sed 's/^/# /' "$dir/wrong-base.err"
	else
		check 1 "host: decode_check builds"
	fi
}
if [ "$TABLES" != runtime ]; then
	echo "=== host: decoder on v7, v7-remap, v7-pxn, v5, lpae and lpae-hyp tables"
	echo "# (run with the default TABLES=runtime)"
elif [ "${QEMU_DECODE_CHECK:-1}" != 0 ]; then
	decode_check
fi

for bn in "${boards[@]}"; do
	case $bn in
	*/*) bdir=${bn%/}; bn=$(basename "$bdir") ;;
	*) bdir=boards/$bn ;;
	esac
	b="$bn$mtag"     # the board's name in every check
	if ! $MAKE --no-print-directory -s O="$O" BOARD="$bn" BOARD_DIR="$bdir" TABLES="$TABLES" qemu-image; then
		check 1 "$b: firmware builds"
		continue
	fi
	case "$O" in /*) elf="$O" ;; *) elf="$TOP/$O" ;; esac
	elf="$elf/qemu/$bn$sub/test.elf"
	# The MMU-off sequence's order, from the machine code (QEMU has no
	# cache to show it): one check per board, on the function that holds
	# it (ARMv7: the arch layer's vmsa_arch_mmu_disable, which the boot
	# stub and the switch to long descriptors call; ARMv5: the boot
	# stub's boot_mmu_disable); one more for the Hyp mode one,
	# vmsa_arch_hyp_mmu_disable, where the image links it.
	offfn=boot_mmu_disable
	if ${CROSS_COMPILE:-arm-none-eabi-}nm "$elf" 2>/dev/null | grep -q ' T vmsa_arch_mmu_disable$'; then
		offfn=vmsa_arch_mmu_disable
	fi
	for fn in $offfn vmsa_arch_hyp_mmu_disable; do
		if [ $fn = vmsa_arch_hyp_mmu_disable ] &&
		   ! ${CROSS_COMPILE:-arm-none-eabi-}nm "$elf" 2>/dev/null | grep -q " T $fn\$"; then
			continue
		fi
		mo=$(scripts/check-mmu-off.sh "$elf" $fn)
		st=$?
		mo1=$(echo "$mo" | head -1)
		check $st "${mo1#*ok - }"
		echo "$mo" | grep '^#'
	done
	# The MMU enable sequence's order, from the machine code (QEMU starts
	# with an empty TLB): one check per enable function of the image.
	while IFS= read -r l; do
		case $l in
		"ok - "*) check 0 "${l#ok - }" ;;
		"not ok - "*) check 1 "${l#not ok - }" ;;
		*) echo "$l" ;;
		esac
	done < <(scripts/check-mmu-on.py "$elf")
	while read -r cfg args; do
		[ -n "$cfg" ] || continue
		dir="$O/qemu/$bn$sub/run-$cfg"
		rm -rf "$dir"; mkdir -p "$dir"
		echo "=== $b ($cfg): $QEMU $args"
		# Run in $dir: the firmware writes its table images there.
		(cd "$dir" && timeout "$QEMU_TIMEOUT" "$QEMU_RUN" --err qemu.err \
			$args -serial stdio -kernel "$elf" </dev/null >log.txt)
		status=$?
		tr -d '\r' < "$dir/log.txt" > "$dir/tap.txt"
		grep -v '^# [a-z]*| ' "$dir/tap.txt"
		p=$(grep -c '^ok ' "$dir/tap.txt")
		f=$(grep -c '^not ok ' "$dir/tap.txt")
		s=$(grep -c '^ok .*# SKIP' "$dir/tap.txt")
		plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$dir/tap.txt" | tail -1)
		passed=$((passed + p - s)); failed=$((failed + f)); skipped=$((skipped + s))
		echo "=== $b ($cfg): $((p - s)) passed, $f failed, $s skipped"
		[ ! -s "$dir/qemu.err" ] || sed 's/^/# qemu: /' "$dir/qemu.err"
		if [ "$status" -eq 124 ]; then
			check 1 "$b ($cfg): QEMU timed out after ${QEMU_TIMEOUT}s"
		elif [ -z "$plan" ] || [ "$plan" -ne $((p + f)) ]; then
			check 1 "$b ($cfg): plan '${plan:-none}' matches $((p + f)) checks run (exit $status)"
		elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
			check 1 "$b ($cfg): QEMU exit status $status"
		fi
		compare_dumps "$dir" "$b ($cfg)"
	done < <($MAKE --no-print-directory -s O="$O" BOARD="$bn" BOARD_DIR="$bdir" qemu-configs)
	# The mmap-buffer example (ARMv7 boards build it): boot it in the
	# board's first configuration; its "result:" lines must all say so.
	ex="${elf%/test.elf}/example-mmap-buffer.elf"
	if [ -f "$ex" ]; then
		read -r cfg args < <($MAKE --no-print-directory -s O="$O" BOARD="$bn" BOARD_DIR="$bdir" qemu-configs | sed -n 1p)
		dir="$O/qemu/$bn$sub/run-example-mmap-buffer"
		rm -rf "$dir"; mkdir -p "$dir"
		timeout "$QEMU_TIMEOUT" "$QEMU_RUN" --err "$dir/qemu.err" $args \
			-serial stdio -kernel "$ex" </dev/null | tr -d '\r' > "$dir/log.txt"
		status=${PIPESTATUS[0]}
		grep -q '^result: driver read what the task wrote: yes' "$dir/log.txt" &&
		grep -q '^result: task.s access to privileged memory is a permission fault: yes' "$dir/log.txt" &&
		grep -q '^result: PASS$' "$dir/log.txt" && [ "$status" -eq 0 ]
		check $? "$b ($cfg): example mmap-buffer: the USR task's writes read by the driver, its access to kernel memory a permission fault"
		[ "$status" -eq 0 ] || sed 's/^/# /' "$dir/log.txt" | tail -20
	fi
	# The demo (make run): boots, takes its fault, prints the policy
	# checker's findings on the board's tables and "policy: N findings".
	demo="${elf%/test.elf}/demo.elf"
	if [ -f "$demo" ]; then
		read -r cfg args < <($MAKE --no-print-directory -s O="$O" BOARD="$bn" BOARD_DIR="$bdir" qemu-configs | sed -n 1p)
		dir="$O/qemu/$bn$sub/run-demo"
		rm -rf "$dir"; mkdir -p "$dir"
		(cd "$dir" && timeout "$QEMU_TIMEOUT" "$QEMU_RUN" --err qemu.err $args \
			-serial stdio -kernel "$demo" </dev/null | tr -d '\r' > log.txt
		 exit "${PIPESTATUS[0]}")
		status=$?
		np=$(sed -n 's/^policy: \([0-9][0-9]*\) findings*$/\1/p' "$dir/log.txt")
		[ -n "$np" ] && grep -q '^caught: data abort' "$dir/log.txt" && [ "$status" -eq 0 ]
		check $? "$b ($cfg): demo boots, takes its fault, vmsa_check_policy: ${np:-?} finding(s) printed"
		if grep -q '^VMSA_FMT *:= *VMSA_FMT_V5' "$bdir/board.mk"; then
			grep -q '^note: ARMv5 cannot enforce W^X' "$dir/log.txt"
			check $? "$b ($cfg): demo (ARMv5, no XN) says what it cannot enforce"
		else
			[ "${np:-x}" = 0 ]
			check $? "$b ($cfg): demo prints 'policy: 0 findings' (image mapped W^X)"
		fi
		sed -n '/^== vmsa_check_policy/,/^policy:/s/^/# /p' "$dir/log.txt"
		[ ! -s "$dir/qemu.err" ]
		check $? "$b ($cfg): demo: QEMU printed nothing of its own (stderr empty)"
	fi
	# The demo on long descriptors (make run FMT=lpae), once per ARMv7
	# board with run-time tables: on a CPU with LPAE it boots on the
	# engine's LPAE tables, dumps them, takes its fault (long-format DFSR)
	# and finds no policy breach; on Cortex-A8/A9 it refuses, saying so.
	if [ -f "$demo" ] && [ -z "$sub" ] &&
	   ! grep -q '^VMSA_FMT *:= *VMSA_FMT_V5' "$bdir/board.mk"; then
		ldemo="$O/qemu/$bn/lpae/demo.elf"
		read -r cfg args < <($MAKE --no-print-directory -s O="$O" BOARD="$bn" BOARD_DIR="$bdir" qemu-configs | sed -n 1p)
		dir="$O/qemu/$bn/lpae/run-demo"
		rm -rf "$dir"; mkdir -p "$dir"
		$MAKE --no-print-directory -s O="$O" BOARD="$bn" BOARD_DIR="$bdir" FMT=lpae "$ldemo" >"$dir/build.txt" 2>&1 &&
		(cd "$dir" && timeout "$QEMU_TIMEOUT" "$QEMU_RUN" --err qemu.err $args \
			-serial stdio -kernel "${elf%/test.elf}/lpae/demo.elf" </dev/null | tr -d '\r' > log.txt
		 exit "${PIPESTATUS[0]}")
		status=$?
		has_lpae=no
		case " $LPAE_BOARDS " in *" $bn "*) has_lpae=yes ;; esac
		case " $args " in *" cortex-a15 "*|*" cortex-a7 "*) has_lpae=yes ;; esac
		case $has_lpae in
		yes)
			grep -q 'format lpae;' "$dir/log.txt" &&
			grep -q '^caught: data abort, translation fault, level 2' "$dir/log.txt" &&
			grep -q '^policy: 0 findings' "$dir/log.txt" &&
			grep -q ' block RW/-- NX WBWA\( S\)\? A7$' "$dir/log.txt" && [ "$status" -eq 0 ]
			check $? "$b ($cfg): LPAE demo (FMT=lpae) boots on the engine's long descriptors, dumps them, takes a level-2 translation fault, 0 policy findings" ;;
		*)
			grep -q 'has no long descriptors' "$dir/log.txt" && [ "$status" -eq 2 ]
			check $? "$b ($cfg): LPAE demo (FMT=lpae) refused: the CPU has no long descriptors, exit status 2" ;;
		esac
		[ "$status" -eq 0 ] || [ "$status" -eq 2 ] || sed 's/^/# /' "$dir/build.txt" "$dir/log.txt" | tail -20
	fi
done

echo "$passed $failed" > "$QEMU_RESULTS_FILE"
echo "# $skipped checks skipped (TAP # SKIP: not possible on that CPU)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
