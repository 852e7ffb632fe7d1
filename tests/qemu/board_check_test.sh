#!/usr/bin/env bash
# board_check_test.sh - suite for the build-time board check
# (tests/qemu/board_check.mk): every board named on the command line
# passes `make board-check`; boards made here with overlapping regions, a
# misaligned region, a pool too small and BOOT_SMP_BOARD without its
# .cpu_on make the firmware build fail,
# before any firmware object is compiled, with a message that names the
# regions and the reason. Records "passed failed" in $O/results.
set -u
cd "$(dirname "$0")/../.."
O=${O:-build}
MAKE=${MAKE:-make}
T=$O/board-check-test
p=0
f=0
ok() { p=$((p + 1)); echo "ok - $1"; }
bad() { f=$((f + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && sed 's/^/#   /' "$2"; }

for b in "$@"; do
	if $MAKE --no-print-directory O="$O" BOARD="$b" board-check \
	    >"$O/board-check-$b.log" 2>&1; then
		ok "board $b: its region array passes the build-time check"
	else
		bad "board $b fails its check" "$O/board-check-$b.log"
	fi
done

# A bad board: name, regions (C initialisers), extra board.mk lines,
# optionally extra fields of its struct board.
mkboard() {
	local d=$T/boards/$1
	rm -rf "$d"
	mkdir -p "$d"
	grep -v '^POOL_SIZE' boards/vexpress-a9/board.mk >"$d/board.mk"
	printf '%s\n' "$3" >>"$d/board.mk"
	cat >"$d/board.c" <<EOC
/* $1: a deliberately bad board for tests/qemu/board_check_test.sh. */
#include <boot.h>

static const struct vmsa_region regions[] = {
$2
};

const struct board board = {
	.name = "$1",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x10009000,
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
${4:-}
};
EOC
}

# The firmware image of board $1 must not build; its output must hold
# every pattern given after it.
expect_fail() {
	local name=$1 log=$T/$1.log
	shift
	if $MAKE --no-print-directory O="$O" BOARD="$name" \
	    BOARD_DIR="$T/boards/$name" "$O/qemu/$name/test.elf" >"$log" 2>&1; then
		bad "$name: the firmware built" "$log"
		return
	fi
	for pat in "$@"; do
		if ! grep -qF -- "$pat" "$log"; then
			bad "$name: no '$pat' in the build output" "$log"
			return
		fi
	done
	if [ -e "$O/qemu/$name/src/boot/boot.o" ]; then
		bad "$name: firmware objects were compiled before the check" "$log"
		return
	fi
	ok "$(grep -F "board $name:" "$log" | head -1)"
}

R='.va = VMSA_VA_C'
mkboard bad-overlap "
	{ .name = \"ram\", $R(0x60000000), .pa = VMSA_PA_C(0x60000000),
	  .size = 0x04000000, .attrs = VMSA_DATA },
	{ .name = \"uart\", $R(0x10009000), .pa = VMSA_PA_C(0x10009000),
	  .size = 0x1000, .attrs = VMSA_DEVICE },
	{ .name = \"ram-alias\", $R(0x62000000), .pa = VMSA_PA_C(0x62000000),
	  .size = 0x04000000, .attrs = VMSA_DATA }," ""
expect_fail bad-overlap 'region 2 "ram-alias" VA 0x62000000-0x66000000' \
	'overlaps region 0 "ram" VA 0x60000000-0x64000000' \
	'from VA 0x62000000: VMSA_ERR_OVERLAP'

mkboard bad-align "
	{ .name = \"ram\", $R(0x60000000), .pa = VMSA_PA_C(0x60000000),
	  .size = 0x08000000, .attrs = VMSA_DATA },
	{ .name = \"uart\", $R(0x10009000), .pa = VMSA_PA_C(0x10009800),
	  .size = 0x1000, .attrs = VMSA_DEVICE }," ""
expect_fail bad-align \
	'region 1 "uart" PA 0x10009800 is not a multiple of 4KB: VMSA_ERR_ALIGN'

mkboard bad-pool "
	{ .name = \"ram\", $R(0x60000000), .pa = VMSA_PA_C(0x60000000),
	  .size = 0x08000000, .attrs = VMSA_DATA },
	{ .name = \"uart\", $R(0x10009000), .pa = VMSA_PA_C(0x10009000),
	  .size = 0x1000, .attrs = VMSA_DEVICE },
	{ .name = \"gic\", $R(0x1e000000), .pa = VMSA_PA_C(0x1e000000),
	  .size = 0x2000, .attrs = VMSA_DEVICE }," "POOL_SIZE := 0x400"
expect_fail bad-pool \
	'regions need 2KB of second-level tables (peak), the pool has 1KB free' \
	'region 2 "gic"' 'VMSA_ERR_NOMEM'

mkboard bad-cpu-on "
	{ .name = \"ram\", $R(0x60000000), .pa = VMSA_PA_C(0x60000000),
	  .size = 0x08000000, .attrs = VMSA_DATA },
	{ .name = \"uart\", $R(0x10009000), .pa = VMSA_PA_C(0x10009000),
	  .size = 0x1000, .attrs = VMSA_DEVICE }," "" \
	"	.cpus = 4, .smp_release = BOOT_SMP_BOARD,"
expect_fail bad-cpu-on \
	'.smp_release is BOOT_SMP_BOARD but .cpu_on is not set'

mkdir -p "$O/results"
echo "$p $f" >"$O/results/test-board-check"
echo "board-check: $p passed, $f failed"
[ "$f" -eq 0 ]
