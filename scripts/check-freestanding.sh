#!/usr/bin/env bash
# check-freestanding.sh - the README's promise that the library links
# against nothing but `memset` (which GCC may emit for any structure
# initialisation in freestanding code) and its own arch layer: no other
# libc function, no libgcc helper (__aeabi_uidivmod and the like), at
# every optimisation level a firmware may build it with. Compiles the
# portable sources with arm-none-eabi-gcc at -O0, -Os and -O2 for ARMv7
# Thumb and ARMv5 ARM and lists the undefined symbols the objects do not
# define among themselves. Prints one TAP line per build; exits 1 on any
# extra symbol.
set -u
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
CC=${CROSS_COMPILE:-arm-none-eabi-}gcc
NM=${CROSS_COMPILE:-arm-none-eabi-}nm
srcs=$($MAKE --no-print-directory -s print-LIB_SRCS)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for opt in -O0 -Os -O2; do
	for m in "-march=armv7-a -mthumb" "-march=armv5te -marm"; do
		rm -f "$tmp"/*.o
		for f in $srcs; do
			$CC -std=c11 -ffreestanding -fno-builtin -Wall -Wextra -Werror \
				$opt $m -mfloat-abi=soft -Iinclude -c "$f" \
				-o "$tmp/$(echo "${f%.c}" | tr / _).o" || status=1
		done
		$NM -u "$tmp"/*.o | awk 'NF == 2 {print $2}' | sort -u >"$tmp/und"
		$NM --defined-only "$tmp"/*.o | awk 'NF == 3 {print $3}' | sort -u >"$tmp/def"
		extra=$(comm -23 "$tmp/und" "$tmp/def" | grep -v '^memset$\|^vmsa_arch_' | tr '\n' ' ')
		if [ -z "$extra" ]; then
			echo "ok - gcc $opt $m: the library needs only memset and the arch layer"
		else
			echo "not ok - gcc $opt $m: the library needs $extra"
			status=1
		fi
	done
done
exit $status
