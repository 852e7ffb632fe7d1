#!/usr/bin/env bash
# test-gdb.sh ELF - the gdb decoder suite (make test-gdb): boot the demo
# firmware of vexpress-a9 under QEMU's gdbstub (127.0.0.1 only), stop it
# at main() (the boot stub has built the tables and turned the MMU on),
# run scripts/vmsa_gdb.py's commands in gdb-multiarch's batch mode, let the
# firmware finish, and check that
#   - `vmsa dump board.regions board.n_regions` prints exactly the lines
#     of the firmware's own vmsa_dump on the serial port (== vmsa_dump),
#   - `vmsa dump` prints the same run lines without the headers,
#   - `vmsa translate` agrees for a mapped page, a supersection alias and
#     an unmapped VA, and gdb reported no error,
#   - `vmsa svg` writes the picture scripts/vmsa-svg.py draws from the
#     serial output (the same SVG, byte for byte).
# Once per QEMU configuration of the board (Secure and Non-secure SVC, so
# both register banks are read); then the same for the long-descriptor
# demo of vexpress-a15 (make run FMT=lpae: TTBCR.EAE = 1). Records "passed failed" in
# $O/results/test-gdb; exits 1 if any check failed.
set -u
cd "$(dirname "$0")/.."
TOP=$PWD
O=${O:-build}
MAKE=${MAKE:-make}
QEMU=${QEMU:-qemu-system-arm}
GDB=${GDB:-gdb-multiarch}
ELF=${1:-$O/qemu/vexpress-a9/demo.elf}
LPAE_ELF=${2:-$O/qemu/vexpress-a15/lpae/demo.elf}
mkdir -p "$O/results"
W=$(cd "$O" && pwd)/gdb-test
rm -rf "$W"
mkdir -p "$W"

pass=0 fail=0
check() {   # check DESCRIPTION COMMAND...
	local what=$1; shift
	if "$@" >>"$W/log" 2>&1; then
		pass=$((pass + 1)); echo "ok - $what"
	else
		fail=$((fail + 1)); echo "not ok - $what (see $W/log)"
	fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Lines of FILE between a line equal to START and the next empty line.
section() { awk -v s="$2" '$0==s{on=1;next} on&&$0==""{exit} on' "$1"; }

run_config() {  # run_config NAME QEMU-ARGS...
	local name=$1; shift
	local d=$W/$name port qpid rc
	local ELF=${RUN_ELF:-$ELF}
	mkdir -p "$d"
	port=$(free_port)
	QEMU="$QEMU" timeout 120 "$TOP/scripts/qemu-run" "$@" \
		-serial "file:$d/serial.raw" \
		-gdb "tcp:127.0.0.1:$port" -S -kernel "$ELF" \
		</dev/null >"$d/qemu.out" 2>&1 &
	qpid=$!
	for _ in $(seq 50); do   # wait until the stub listens
		python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2).close()" 2>/dev/null && break
		sleep 0.1
	done
	timeout 120 "$GDB" -batch -nx "$ELF" \
		-ex "target remote 127.0.0.1:$port" \
		-ex "break main" -ex "continue" \
		-ex "source scripts/vmsa_gdb.py" \
		-ex "vmsa info" \
		-ex "echo @@regions\n" -ex "vmsa dump board.regions board.n_regions" \
		-ex "echo \n@@plain\n" -ex "vmsa dump" \
		-ex "echo \n@@translate\n" \
		-ex "vmsa translate ${T1:-0x10009004}" \
		-ex "vmsa translate ${T2:-0xc0001234}" \
		-ex "vmsa translate 0xd3000000" \
		-ex "echo \n" \
		-ex "vmsa svg $d/gdb.svg board.regions board.n_regions" \
		-ex "continue" \
		</dev/null >"$d/gdb.out" 2>&1
	wait "$qpid"
	rc=$?
	tr -d '\r' <"$d/serial.raw" >"$d/serial.txt"
	section "$d/serial.txt" "== vmsa_dump" >"$d/firmware.dump"
	section "$d/gdb.out" "@@regions" >"$d/gdb.dump"
	section "$d/gdb.out" "@@plain" >"$d/gdb.plain"
	section "$d/gdb.out" "@@translate" >"$d/gdb.translate"
	grep -v '^---\[' "$d/firmware.dump" >"$d/firmware.runs"

	check "$name: firmware ran to the end under gdb (QEMU status $rc)" \
		test "$rc" -eq 0
	check "$name: the firmware printed its vmsa_dump" \
		test "$(grep -c '^0x' "$d/firmware.dump")" -ge 3
	check "$name: vmsa dump with the board's regions == serial vmsa_dump" \
		diff -u "$d/firmware.dump" "$d/gdb.dump"
	check "$name: vmsa dump (no regions) == the serial dump's run lines" \
		diff -u "$d/firmware.runs" "$d/gdb.plain"
	if [ -n "${RUN_ELF:-}" ]; then   # long descriptors (vexpress-a15)
	check "$name: translate 0x1c090004 (UART0, a 4KB page at level 3)" \
		grep -qx '0x1c090004 -> 0x1c090004 page RW/-- NX DEV A4 (L1\[0x000\] 0x[0-9a-f]\{16\}, L2\[0x0e0\] 0x[0-9a-f]\{16\}, L3\[0x090\] 0x004000001c090613)' "$d/gdb.translate"
	check "$name: translate 0xc0001234 (RAM's high alias, a 2MB block)" \
		grep -q '^0xc0001234 -> 0x80001234 block RW/-- NX WBWA S A7 (L1\[0x003\] 0x[0-9a-f]\{16\}, L2\[0x000\] 0x004000008000071d)$' "$d/gdb.translate"
	check "$name: translate 0xd3000000 (unmapped at level 2)" \
		grep -qx '0xd3000000: not mapped (L1\[0x003\] 0x[0-9a-f]\{16\}, L2\[0x098\] 0x0000000000000000)' "$d/gdb.translate"
	else
	check "$name: translate 0x10009004 (UART0 in a 64K large page)" \
		grep -qx '0x10009004 -> 0x10009004 large RW/-- NX DEV D0 (L1\[0x100\] 0x[0-9a-f]*, L2\[0x009\] 0x10008015)' "$d/gdb.translate"
	check "$name: translate 0xc0001234 (RAM's high alias)" \
		grep -q '^0xc0001234 -> 0x60001234 supersection RW/-- NX WBWA S D0 ' "$d/gdb.translate"
	check "$name: translate 0xd3000000 (unmapped)" \
		grep -qx '0xd3000000: not mapped (L1\[0xd30\] 0x00000000)' "$d/gdb.translate"
	fi
	check "$name: vmsa svg == scripts/vmsa-svg.py of the serial output" \
		bash -c "scripts/vmsa-svg.py -o '$d/serial.svg' '$d/serial.txt' && cmp '$d/serial.svg' '$d/gdb.svg'"
	check "$name: gdb reported no error" \
		bash -c "! grep -E 'Python Exception|Error occurred|^Traceback|Undefined command' '$d/gdb.out'"
}

check "gdb-multiarch has Python" "$GDB" -batch -nx -ex "python print(1)"
check "demo image $ELF exists" test -s "$ELF"
configs=$($MAKE -s --no-print-directory BOARD=vexpress-a9 O="$O" qemu-configs)
[ -n "$configs" ] || configs="default -M vexpress-a9 -m 128M"
while read -r name args; do
	# shellcheck disable=SC2086
	run_config "$name" $args
done <<<"$configs"

# Long descriptors: the LPAE demo (make run BOARD=vexpress-a15 FMT=lpae)
# under gdb, its tables read from TTBR0's level 1 down.
check "LPAE demo image $LPAE_ELF exists" test -s "$LPAE_ELF"
RUN_ELF=$LPAE_ELF T1=0x1c090004 T2=0xc0001234 \
	run_config lpae-a15 -M vexpress-a15 -cpu cortex-a15 -m 128M

echo "$pass $fail" >"$O/results/test-gdb"
echo "test-gdb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
