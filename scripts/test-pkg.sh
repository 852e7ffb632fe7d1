#!/usr/bin/env bash
# test-pkg.sh - the installed-library suite (make test-pkg): install vmsa
# into a scratch DESTDIR, check what landed and what pkg-config says, then
# build the out-of-tree example firmware (tests/pkg) three ways and boot
# each image in QEMU's vexpress-a9:
#   pkg-config   tests/pkg/Makefile, pkg-config --cflags/--libs only
#   find_package tests/pkg/CMakeLists.txt against the installed package
#   subdirectory the same with add_subdirectory(<this tree>)
# and runs the installed offline check (bin/vmsa-check) on the example's
# region file (tests/pkg/map.c: the lines the example prints at boot, its
# policy finding, a refusal, the SVG) and on vexpress-a9's board.c with
# the demo firmware's ELF (the lines of the in-tree `make board-map
# WITH_IMAGE=1`, which test-check compares with the demo's boot).
# Prints one "ok"/"not ok" line per check and records "passed failed" in
# $O/results/test-pkg. Exits 1 if any check failed. Also checks that
# docs/cookbook.md quotes the descriptor words vmsa's encoders print.
set -u
cd "$(dirname "$0")/.."
TOP=$PWD
O=${O:-build}
MAKE=${MAKE:-make}
QEMU=${QEMU:-qemu-system-arm}
mkdir -p "$O/results"
W=$(cd "$O" && pwd)/pkg-test
PREFIX=/usr/local
D=$W/destdir
VARIANTS="armv7-a armv7-a-thumb armv5te"
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

# What the example prints after its first two lines, in order: the
# summary lines of vmsa_dump and its own checks.
cat >"$W/expect" <<'X'
ok: SCTLR.M set
---[ uart0 ]---
0x10009000-0x1000a000 -> 0x10009000 4K small RW/-- NX DEV D0
---[ ram ]---
0x60000000-0x68000000 -> 0x60000000 8x16M supersection RW/-- X WBWA D0
---[ ram-alias ]---
0xa0000000-0xa0100000 -> 0x67f00000 1M section RW/-- NX WBWA D0
ok: alias 0xa0000000 reaches PA 0x67f00000
ok: translate UART0 FR
ok: 0x20000000 not mapped
ok: policy: one finding, W^X on the RAM region (VMSA_EXEC)
vmsa-example: done
X

# --- install ---------------------------------------------------------------
check "make install DESTDIR=<scratch> PREFIX=$PREFIX" \
	$MAKE --no-print-directory O="$O" install DESTDIR="$D" PREFIX="$PREFIX"
R=$D$PREFIX
files="include/vmsa.h include/vmsa/arch.h include/vmsa/desc.h
	include/vmsa/hwdef.h share/vmsa/ldscripts/vmsa-tables.ld
	lib/cmake/vmsa/vmsaConfig.cmake lib/cmake/vmsa/vmsaConfigVersion.cmake
	include/vmsa/check.h bin/vmsa-check bin/vmsa-svg
	lib/vmsa/host/libvmsa.a lib/vmsa/host/libvmsa-check.a"
for v in $VARIANTS; do
	files="$files lib/vmsa/$v/libvmsa.a lib/pkgconfig/vmsa-$v.pc"
done
for f in $files; do
	check "installed $f" test -s "$R/$f"
done
for v in $VARIANTS; do
	check "installed lib/vmsa/$v/libvmsa.a is the $v build" \
		cmp "$O/lib/$v/libvmsa.a" "$R/lib/vmsa/$v/libvmsa.a"
done
check "no template placeholder left in the installed files" \
	bash -c "! grep -rl '@[A-Z_]*@' '$R/lib/pkgconfig' '$R/lib/cmake/vmsa'"

# --- pkg-config ------------------------------------------------------------
export PKG_CONFIG_PATH=$R/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$D
for v in $VARIANTS; do
	got=$(pkg-config --cflags --libs "vmsa-$v" 2>&1)
	want="-I$R/include -L$R/lib/vmsa/$v -lvmsa -L$R/share/vmsa/ldscripts"
	check "pkg-config --cflags --libs vmsa-$v: $want" \
		test "$(echo $got)" = "$want"
done
check "pkg-config --modversion vmsa-armv7-a is 0.1.0" \
	test "$(pkg-config --modversion vmsa-armv7-a)" = 0.1.0
check "pkg-config --variable=archflags vmsa-armv5te" \
	test "$(pkg-config --variable=archflags vmsa-armv5te)" = \
	"-march=armv5te -marm -mfloat-abi=soft"

# --- the example, three builds, each booted ---------------------------------
boot() {    # boot NAME ELF: run in QEMU, compare the output with expect
	local name=$1 elf=$2 rc
	QEMU="$QEMU" timeout 60 "$TOP/scripts/qemu-run" --err "$W/$name.err" \
		-M vexpress-a9 -m 128M -serial stdio -kernel "$elf" \
		</dev/null >"$W/$name.out"
	rc=$?
	tr -d '\r' <"$W/$name.out" >"$W/$name.txt"
	check "$name: QEMU exit status 0 (got $rc)" test "$rc" -eq 0
	check "$name: serial output has the expected dump and checks" \
		bash -c "grep -v '^vmsa-example: \(start\|MMU on\)' '$W/$name.txt' | diff -u '$W/expect' -"
	check "$name: no FAIL line" bash -c "! grep -q FAIL '$W/$name.txt'"
}

TC=$TOP/tests/pkg/arm-none-eabi.cmake
check "pkg-config: make -C tests/pkg" \
	$MAKE --no-print-directory -C tests/pkg O="$W/pkgconfig"
boot pkg-config "$W/pkgconfig/example.elf"

unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
check "find_package: cmake configure" \
	cmake -S tests/pkg -B "$W/find_package" -DCMAKE_TOOLCHAIN_FILE="$TC" \
	-DCMAKE_PREFIX_PATH="$R" -DVMSA_VARIANT=armv7-a
check "find_package: links the installed libvmsa.a" \
	grep -q "vmsa: $R/lib/vmsa/armv7-a/libvmsa.a" "$W/log"
check "find_package: cmake --build" cmake --build "$W/find_package"
boot find_package "$W/find_package/example.elf"

check "find_package: an unknown VMSA_VARIANT is refused" \
	bash -c "! cmake -S tests/pkg -B '$W/badvariant' -DCMAKE_TOOLCHAIN_FILE='$TC' -DCMAKE_PREFIX_PATH='$R' -DVMSA_VARIANT=armv9"

check "add_subdirectory: cmake configure" \
	cmake -S tests/pkg -B "$W/subdirectory" -DCMAKE_TOOLCHAIN_FILE="$TC" \
	-DVMSA_SOURCE_DIR="$TOP"
check "add_subdirectory: cmake --build, no compiler warning" \
	bash -c "cmake --build '$W/subdirectory' 2>&1 | tee '$W/subdirectory.log' && ! grep -q 'warning:' '$W/subdirectory.log'"
boot add_subdirectory "$W/subdirectory/example.elf"

# --- the offline check, as installed ------------------------------------------
VC=$R/bin/vmsa-check
"$VC" --array example_map --count example_map_count --pool 4096 --dump \
	--policy --svg "$W/example.svg" tests/pkg/map.c >"$W/check.out" 2>&1
rc=$?
check "vmsa-check tests/pkg/map.c: exit status 3, one policy finding (got $rc)" \
	test "$rc" -eq 3
check "vmsa-check tests/pkg/map.c: the dump lines the example prints at boot" \
	bash -c "diff -u <(grep -E '^(---|0x)' '$W/expect') <(grep -E '^(---|0x)' '$W/check.out')"
check "vmsa-check tests/pkg/map.c: the finding is W^X on the RAM region" \
	bash -c "grep -qx '  W^X 0x60000000-0x68000000 -> 0x60000000 8x16M supersection RW/-- X WBWA D0' '$W/check.out' && grep -qx 'policy: 1 finding' '$W/check.out'"
check "vmsa-check --svg: an SVG naming uart0, ram and ram-alias" \
	python3 -c "import sys, xml.etree.ElementTree as E; t = {e.text for e in E.parse('$W/example.svg').iter('{http://www.w3.org/2000/svg}text')}; sys.exit(not {'uart0', 'ram', 'ram-alias'} <= t)"
cat >"$W/bad.c" <<'EOC'
#include <vmsa.h>
static const struct vmsa_region bad[] = {
	{ .name = "ram", .va = VMSA_VA_C(0x60000000), .pa = VMSA_PA_C(0x60000000),
	  .size = 0x04000000, .attrs = VMSA_DATA },
	{ .name = "alias", .va = VMSA_VA_C(0x62000000), .pa = VMSA_PA_C(0x62000000),
	  .size = 0x04000000, .attrs = VMSA_DATA },
};
EOC
"$VC" --array bad "$W/bad.c" >"$W/bad.out" 2>"$W/bad.err"
rc=$?
check "vmsa-check on overlapping regions: exit status 1 (got $rc), the boot's message" \
	bash -c "test $rc -eq 1 && grep -qxF 'board bad: region 1 \"alias\" VA 0x62000000-0x66000000 overlaps region 0 \"ram\" VA 0x60000000-0x64000000 from VA 0x62000000: VMSA_ERR_OVERLAP' '$W/bad.err'"
"$VC" --array example_map --count example_map_count --pool 0 \
	tests/pkg/map.c >"$W/nomem.out" 2>&1
rc=$?
check "vmsa-check --pool 0: exit status 1 (got $rc), VMSA_ERR_NOMEM with the bytes missing" \
	bash -c "test $rc -eq 1 && grep -q 'the pool has 0KB free (region 0 \"uart0\".*VMSA_ERR_NOMEM' '$W/nomem.out'"
# One of our boards, with the image's regions from the demo's ELF.
check "make demo.elf and board-map WITH_IMAGE=1 for vexpress-a9 (in-tree)" \
	bash -c "$MAKE --no-print-directory O='$O' BOARD=vexpress-a9 board-map WITH_IMAGE=1 >/dev/null && $MAKE --no-print-directory O='$O' BOARD=vexpress-a9 board-map WITH_IMAGE=1 BOARD_MAP_ARGS='--raw' >'$W/intree.out'"
A9='-DVMSA_BOARD_RAM_BASE=0x60000000u -DVMSA_BOARD_RAM_SIZE=0x08000000u -DVMSA_BOARD_FMT=VMSA_FMT_V7'
# shellcheck disable=SC2086
"$VC" -I src/boot $A9 --array board.regions --count board.n_regions \
	--name board.name --fmt board.fmt --elf "$O/qemu/vexpress-a9/demo.elf" \
	--dump --raw boards/vexpress-a9/board.c >"$W/a9.out" 2>&1
rc=$?
check "vmsa-check --elf demo.elf boards/vexpress-a9/board.c: exit status 0 (got $rc)" \
	test "$rc" -eq 0
check "vmsa-check --elf: the plan, vmsa_dump and vmsa_dump_raw of make board-map WITH_IMAGE=1" \
	bash -c "diff -u '$W/intree.out' '$W/a9.out' && test \$(grep -c '^L1' '$W/a9.out') -ge 5"

# --- the cookbook's descriptor words come from the encoders ----------------
check "make cookbook-words (host build of docs/cookbook-words.c)" \
	bash -c "$MAKE --no-print-directory -s O='$O' cookbook-words >'$W/words.txt'"
check "docs/cookbook.md quotes every row cookbook-words prints" \
	bash -c "test \$(grep -c '^|' '$W/words.txt') -ge 12 && grep '^|' '$W/words.txt' | while IFS= read -r l; do grep -qxF \"\$l\" docs/cookbook.md || { echo \"missing: \$l\"; exit 1; }; done"

# --- uninstall ----------------------------------------------------------------
check "make uninstall leaves no file behind" bash -c \
	"$MAKE --no-print-directory O='$O' uninstall DESTDIR='$D' PREFIX='$PREFIX' && test -z \"\$(find '$D' -type f)\""

echo "$pass $fail" >"$O/results/test-pkg"
echo "test-pkg: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
