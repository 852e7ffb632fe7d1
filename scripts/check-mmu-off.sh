#!/usr/bin/env bash
# check-mmu-off.sh ELF [FUNCTION] - the order of the MMU-off sequence in
# FUNCTION (boot_mmu_disable by default, the ARMv5 boot stub's;
# vmsa_arch_mmu_disable on ARMv7, the arch layer's; vmsa_arch_hyp_mmu_disable,
# the Hyp mode one, with HSCTLR in place of SCTLR), read from the
# machine code, since QEMU models no cache and cannot show it: SCTLR.C is
# cleared before the first clean of the data cache (by set/way, DCCISW, on
# ARMv7; by the ARM926's test, clean and invalidate loop on ARMv5), and no
# load or store runs between clearing C and the barrier that ends the
# clean. Otherwise a line dirtied after the clean (the stack, a spilled
# register) is lost once the cache is off. Prints one TAP line; exits 1 if
# the order is wrong. A call (bl, blx) in between counts as a memory access:
# the callee may push.
set -u
elf=$1
fn=${2:-boot_mmu_disable}
OBJDUMP=${CROSS_COMPILE:-arm-none-eabi-}objdump
reg=SCTLR opc1=0
case $fn in *hyp*) reg=HSCTLR opc1=4 ;; esac
name="$fn in $(basename "$(dirname "$elf")")/$(basename "$elf"): $reg.C cleared before the D-cache clean, no load or store in between"
dis=$($OBJDUMP -d --no-show-raw-insn --disassemble="$fn" "$elf" 2>/dev/null |
	awk -F'\t' 'NF >= 2 && $1 ~ /:$/ {print $2 " " $3}')
if [ -z "$dis" ]; then
	echo "not ok - $name (no $fn in $elf)"; exit 1
fi
echo "$dis" | awk -v opc1="$opc1" '
	# SCTLR write: mcr 15, 0, rX, cr1, cr0, {0} (HSCTLR: opc1 4)
	$0 ~ "^mcr[ \t]+15, " opc1 ", [a-z0-9]+, cr1, cr0, \\{0\\}" { if (!c) c = NR }
	# DCCISW (ARMv7) or test, clean and invalidate (ARMv5)
	/^mcr[ \t]+15, 0, [a-z0-9]+, cr7, cr14, \{2\}/ || /^mrc[ \t]+15, 0, APSR_nzcv, cr7, cr14, \{3\}/ {
		if (!clean) clean = NR; last = NR }
	/^(ldr|str|ldm|stm|push|pop|vldr|vstr|bl|blx)[ \t]/ { mem[NR] = $0 }
	/^(dsb|mcr[ \t]+15, 0, [a-z0-9]+, cr7, cr10, \{4\})/ { if (last && !end) end = NR }
	END {
		if (!c || !clean) { print "no " (opc1 == 4 ? "HSCTLR" : "SCTLR") " write or no clean found"; exit 1 }
		if (c > clean) { print "the clean runs before " (opc1 == 4 ? "HSCTLR" : "SCTLR") ".C is cleared"; exit 1 }
		for (i = c; i <= (end ? end : NR); i++)
			if (i in mem) { print "memory access between clearing C and the end of the clean: " mem[i]; exit 1 }
	}' >/tmp/check-mmu-off.$$ 2>&1
rc=$?
if [ $rc -eq 0 ]; then echo "ok - $name"; else echo "not ok - $name"; sed 's/^/# /' /tmp/check-mmu-off.$$; fi
rm -f /tmp/check-mmu-off.$$
exit $rc
