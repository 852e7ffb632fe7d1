#!/usr/bin/env bash
# test-check.sh - the offline check and the map picture (make test-check):
#   - for vexpress-a9 (ARMv7) and versatilepb (ARMv5): the demo booted in
#     QEMU and the offline check of the board's regions with the demo's
#     ELF (make board-map WITH_IMAGE=1) print the same vmsa_dump,
#     vmsa_dump_raw and policy findings, line for line;
#   - scripts/vmsa-svg.py draws the demo's serial output (a file or stdin)
#     as an SVG that parses and has one box per dump line and the board's
#     region names; it refuses text without a dump line;
#   - docs/map-vexpress-a9.svg is what `make map-svg` makes now (not
#     stale), parses, names every region of the board and joins its
#     aliases; a W^X region is outlined, the board's map has none.
# Records "passed failed" in $O/results/test-check; exits 1 on a failure.
set -u
cd "$(dirname "$0")/.."
O=${O:-build}
MAKE=${MAKE:-make}
mkdir -p "$O/results"
W=$(cd "$O" && pwd)/check-test
rm -rf "$W"
mkdir -p "$W"
SVG=scripts/vmsa-svg.py

pass=0 fail=0
check() {   # check DESCRIPTION COMMAND...
	local what=$1; shift
	if "$@" >>"$W/log" 2>&1; then
		pass=$((pass + 1)); echo "ok - $what"
	else
		fail=$((fail + 1)); echo "not ok - $what (see $W/log)"
	fi
}
m() { $MAKE --no-print-directory O="$O" "$@"; }
# Lines of FILE between a line equal to START and the next empty line.
section() { awk -v s="$2" '$0==s{on=1;next} on&&$0==""{exit} on' "$1"; }
# The policy findings and the count line of FILE.
findings() { section "$1" "$(grep -m1 '^== vmsa_check_policy' "$1")" | grep -E '^(  |policy:)'; }
# The text of every <text> element of an SVG, one a line.
svg_texts() {
	python3 -c 'import sys, xml.etree.ElementTree as E
for e in E.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}text"): print(e.text)' "$1"
}

for b in vexpress-a9 versatilepb; do
	d=$W/$b
	mkdir -p "$d"
	check "$b: demo and offline check build" bash -c \
		"$MAKE --no-print-directory O='$O' BOARD=$b WITH_IMAGE=1 board-map >'$d/build.log' 2>&1 || true; test -s '$O/qemu/$b/demo.elf' -a -s '$O/qemu/$b/demo.syms'"
	m BOARD=$b run </dev/null 2>&1 | tr -d '\r' >"$d/serial.txt"
	m BOARD=$b WITH_IMAGE=1 BOARD_MAP_ARGS='--raw --policy' board-map \
		>"$d/offline.txt" 2>&1
	for s in vmsa_dump vmsa_dump_raw; do
		section "$d/serial.txt" "== $s" >"$d/serial.$s"
		section "$d/offline.txt" "== $s" >"$d/offline.$s"
		check "$b: offline $s == the boot's ($(grep -c . "$d/serial.$s") lines)" \
			bash -c "test -s '$d/serial.$s' && diff -u '$d/serial.$s' '$d/offline.$s'"
	done
	findings "$d/serial.txt" >"$d/serial.policy"
	findings "$d/offline.txt" >"$d/offline.policy"
	check "$b: offline policy findings == the boot's ($(tail -1 "$d/serial.policy"))" \
		bash -c "grep -q '^policy: [0-9]' '$d/serial.policy' && diff -u '$d/serial.policy' '$d/offline.policy'"

	# The picture from the serial output, as `make run | vmsa-svg.py`.
	"$SVG" -o "$d/serial.svg" "$d/serial.txt"
	runs=$(grep -c '^0x' "$d/serial.vmsa_dump")
	check "$b: vmsa-svg.py of the serial output parses, one box per dump line ($runs)" \
		bash -c "test \$(python3 -c 'import sys, xml.etree.ElementTree as E; print(sum(1 for e in E.parse(sys.argv[1]).iter(\"{http://www.w3.org/2000/svg}title\") if e.text.startswith(\"0x\")))' '$d/serial.svg') -eq $runs"
	svg_texts "$d/serial.svg" >"$d/svg.texts"
	sed -n 's/^---\[ \(.*\) \]---$/\1/p' "$d/serial.vmsa_dump" | sort -u >"$d/names"
	check "$b: the SVG names every region header of the dump ($(tr '\n' ' ' <"$d/names"))" \
		bash -c "test -s '$d/names' && ! grep -vxF -f '$d/svg.texts' '$d/names'"
	check "$b: vmsa-svg.py reads stdin the same" \
		bash -c "'$SVG' <'$d/serial.txt' | cmp - '$d/serial.svg'"
done
check "vmsa-svg.py: text without a dump line is refused" \
	bash -c "! echo 'vmsa boot: nothing' | '$SVG' -o '$W/none.svg'"

# The README's picture.
DOC=docs/map-vexpress-a9.svg
check "make map-svg regenerates $DOC byte for byte (else run make map-svg)" \
	bash -c "$MAKE --no-print-directory O='$O' map-svg MAP_SVG='$W/map.svg' >/dev/null && cmp '$W/map.svg' $DOC"
check "$DOC parses as SVG" python3 -c \
	"import sys, xml.etree.ElementTree as E; r = E.parse('$DOC').getroot(); sys.exit(r.tag != '{http://www.w3.org/2000/svg}svg' or float(r.get('height')) < 300)"
m BOARD=vexpress-a9 BOARD_MAP_ARGS=--regions board-map >"$W/a9.regions" 2>&1
section "$W/a9.regions" "== regions" | awk '{print $1}' >"$W/a9.names"
svg_texts "$DOC" >"$W/doc.texts"
check "$DOC names every region of vexpress-a9 ($(tr '\n' ' ' <"$W/a9.names"))" \
	bash -c "test \$(grep -c . '$W/a9.names') -ge 5 && ! grep -vxF -f '$W/doc.texts' '$W/a9.names'"
check "$DOC joins ram and ram-high on one PA box (x2 aliases)" \
	grep -q '^128M *×2 aliases$' "$W/doc.texts"
cat >"$W/wx.c" <<'EOC'
#include <vmsa.h>
static const struct vmsa_region wx[] = {
	{ .name = "loader", .va = VMSA_VA_C(0x80000000), .pa = VMSA_PA_C(0x80000000),
	  .size = 0x100000, .attrs = VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC },
};
EOC
VMSA_CHECK_LIBDIR=$O/lib/host VMSA_CHECK_INCDIR=include scripts/vmsa-check \
	--array wx --policy --svg "$W/wx.svg" "$W/wx.c" >"$W/wx.out" 2>&1
rc=$?
# The legend has one red dashed sample; a W^X box adds its own.
check "a W^X region: policy finding (exit 3, got $rc), outlined in its SVG; $DOC outlines nothing" \
	bash -c "test $rc -eq 3 && test \$(grep 'stroke-dasharray' '$W/wx.svg' | grep -c d01c1c) -ge 2 && test \$(grep 'stroke-dasharray' '$DOC' | grep -c d01c1c) -eq 1"

echo "$pass $fail" >"$O/results/test-check"
echo "test-check: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
