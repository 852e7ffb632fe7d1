#!/usr/bin/env bash
# test-make.sh - the build's own messages: what a porter or a new user sees
# when a name is wrong. Each check runs make with a bad BOARD, EXAMPLE,
# TABLES, FMT or board.mk and expects it to stop at once, with a message that says what
# is wrong and lists what is valid; `make help` must list every .PHONY
# target of the makefiles; the library must need nothing but memset
# and its arch layer at -O0, -Os and -O2; and a boot firmware links only
# its own descriptor format. Records "passed failed" in $O/results/test-make.
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
MAKE=${MAKE:-make}
mkdir -p "$O/results"
passed=0 failed=0
tmp=$(mktemp -d)
fake=boards/zz-test-make-$$
trap 'rm -rf "$tmp" "$fake"' EXIT

check() {   # check NAME: the last command's status and output in $tmp/out
	if [ "$1" = 0 ]; then
		passed=$((passed + 1)); echo "ok - $2"
	else
		failed=$((failed + 1)); echo "not ok - $2"; sed 's/^/#   /' "$tmp/out" | tail -5
	fi
}
# expect_error NAME PATTERN... -- MAKE-ARGS: make fails, output has each pattern
expect_error() {
	local name=$1; shift
	local pats=()
	while [ "$1" != -- ]; do pats+=("$1"); shift; done
	shift
	$MAKE --no-print-directory O="$O" "$@" >"$tmp/out" 2>&1 && { check 1 "$name (make succeeded)"; return; }
	for p in "${pats[@]}"; do
		grep -q -- "$p" "$tmp/out" || { check 1 "$name (no '$p' in the message)"; return; }
	done
	check 0 "$name"
}

expect_error "BOARD=nonexistent: 'no such board' and the list of boards" \
	"no such board" "vexpress-a9" "versatilepb" -- run BOARD=nonexistent
expect_error "EXAMPLE=foo: 'no such example' and the examples" \
	"no such example" "mmap-buffer" -- run EXAMPLE=foo
expect_error "TABLES=bogus: runtime or prebuilt, named" \
	"TABLES=bogus" "runtime" "prebuilt" -- run TABLES=bogus
expect_error "EXAMPLE=mmap-buffer BOARD=versatilepb: ARMv7 boards only, listed" \
	"runs on the ARMv7 boards" "vexpress-a15" -- run EXAMPLE=mmap-buffer BOARD=versatilepb
expect_error "FMT=bogus: lpae or unset, named" \
	"FMT=bogus" "lpae" -- run FMT=bogus
expect_error "FMT=lpae BOARD=versatilepb: ARMv5 has no long descriptors" \
	"FMT=lpae" "ARMv5" "no long descriptors" -- run FMT=lpae BOARD=versatilepb
expect_error "FMT=lpae TABLES=prebuilt: run-time tables only, named" \
	"FMT=lpae" "TABLES=prebuilt" -- run FMT=lpae TABLES=prebuilt

mkdir -p "$fake"
sed '/^UART\|^VMSA_FMT/d' boards/vexpress-a9/board.mk >"$fake/board.mk"
cp boards/vexpress-a9/board.c "$fake/board.c"
expect_error "board.mk without UART and VMSA_FMT: both named" \
	"does not set" "UART" "VMSA_FMT" -- run BOARD="${fake#boards/}"
sed 's/^UART .*/UART := uart16550/' boards/vexpress-a9/board.mk >"$fake/board.mk"
expect_error "board.mk naming a UART driver that does not exist: the drivers listed" \
	"uart16550 names no driver" "pl011" -- run BOARD="${fake#boards/}"
sed 's/^QEMU_ARGS_default .*//' boards/vexpress-a9/board.mk >"$fake/board.mk"
expect_error "board.mk with a configuration and no QEMU_ARGS for it: named" \
	"QEMU_ARGS_default" -- run BOARD="${fake#boards/}"

$MAKE --no-print-directory O="$O" help >"$tmp/help" 2>&1
missing=
for t in $(sed -n 's/^\.PHONY://p' Makefile tests/*.mk tests/*/*.mk scripts/*.mk src/*/*.mk); do
	grep -qE "(^|[ ,])$t([ ,]|$)" "$tmp/help" || missing="$missing $t"
done
cp "$tmp/help" "$tmp/out"
[ -z "$missing" ]; check $? "make help lists every .PHONY target${missing:+ (missing:$missing)}"

# count_tap: echo the TAP lines on stdin and count them.
count_tap() {
	while read -r line; do
		echo "$line"
		case "$line" in
		"ok "*) passed=$((passed + 1)) ;;
		"not ok "*) failed=$((failed + 1)) ;;
		esac
	done
}
# The library's link needs, at every optimisation level
# (scripts/check-freestanding.sh prints one TAP line per build).
count_tap < <(MAKE="$MAKE" scripts/check-freestanding.sh 2>&1)
# A firmware links only the format it uses (scripts/check-fmt-link.sh:
# the boot-only size firmwares of make bench-size, one TAP line each).
count_tap < <(MAKE="$MAKE" O="$O" scripts/check-fmt-link.sh 2>&1)

echo "$passed $failed" >"$O/results/test-make"
echo "test-make: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
