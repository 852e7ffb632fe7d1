#!/usr/bin/env bash
# check-fmt-link.sh - a firmware links only the descriptor format it uses.
# Builds the boot-only code-size firmwares of make bench-size
# (tests/bench/size.c: vmsa_init + vmsa_map_regions + MMU enable, linked
# with --gc-sections against libvmsa.a) for ARMv7 (ARM and Thumb, format
# VMSA_FMT_V7) and ARMv5 (VMSA_FMT_V5), and reads their symbols: each must
# hold its own format's object and code and no symbol of the other's
# (vmsa_format_vN, vmsa_vN_*, vN_*), nor of the long-descriptor module
# (vmsa_lpae_*, lpae_*, the *_lpae engine), which no boot path on short
# descriptors calls; and the reverse for the long-descriptor boot image.
# Prints one TAP line per image; exits 1 on any failure.
set -u
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
O=${O:-build}
NM=${CROSS_COMPILE:-arm-none-eabi-}nm
status=0
check() {   # check VARIANT OWN OTHER: the boot image of VARIANT
	local v=$1 own=$2 other=$3 elf=$O/bench/size/$1/size-boot.elf syms bad
	if ! $MAKE --no-print-directory -s O="$O" "$elf" >/dev/null 2>&1; then
		echo "not ok - $v boot image: the build failed"; status=1; return
	fi
	syms=$($NM "$elf" | awk '{print $NF}')
	bad=$(echo "$syms" | grep -E "(^|_)($other|lpae)(_|\$)" | tr '\n' ' ')
	if [ -n "$bad" ]; then
		echo "not ok - $v boot image links the $other or LPAE format: $bad"
		status=1
	elif ! echo "$syms" | grep -qx "vmsa_format_$own"; then
		echo "not ok - $v boot image: no vmsa_format_$own (its own format)"
		status=1
	else
		echo "ok - $v boot image links the $own format alone (no $other, no LPAE)"
	fi
}
# The long-descriptor boot image (vmsa_init with VMSA_FMT_LPAE): its
# format's object and engine (the *_lpae functions), no ARMv5 code.
check_lpae() {   # check_lpae VARIANT
	local v=$1 elf=$O/bench/size/$1/size-lpae-boot.elf syms bad n
	if ! $MAKE --no-print-directory -s O="$O" "$elf" >/dev/null 2>&1; then
		echo "not ok - $v LPAE boot image: the build failed"; status=1; return
	fi
	syms=$($NM --defined-only "$elf" | awk '{print $NF}')
	bad=$(echo "$syms" | grep -E "(^|_)v5(_|\$)" | tr '\n' ' ')
	n=$(echo "$syms" | grep -c '_lpae$')
	if [ -n "$bad" ]; then
		echo "not ok - $v LPAE boot image links the v5 format: $bad"
		status=1
	elif ! echo "$syms" | grep -qx vmsa_format_lpae || [ "$n" -lt 10 ]; then
		echo "not ok - $v LPAE boot image: no vmsa_format_lpae or engine ($n)"
		status=1
	else
		echo "ok - $v LPAE boot image links the LPAE format and engine ($n functions), no v5"
	fi
}
check armv7-a-thumb v7 v5
check armv7-a v7 v5
check armv5te v5 v7
check_lpae armv7-a-thumb
check_lpae armv7-a
exit $status
