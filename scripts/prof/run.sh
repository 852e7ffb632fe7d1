#!/bin/sh
# scripts/prof/run.sh [PCREC] - exact per-call, per-function instruction
# profile of the library in the benchmark firmware (make bench-image):
# QEMU vexpress-a15 in single-step mode logs every executed instruction
# (-singlestep -d exec,nochain, the same -icount as make bench), and
# scripts/prof/itrace.c cuts the stream into calls from the firmware into
# the library. Writes build/prof/prof.txt (every call: total, then per
# function inclusive / exclusive / calls) and build/prof/sites.txt (each
# call site: function, number of calls, first and last total, source
# line). PCREC=n,n (record numbers from prof.txt) also writes
# build/prof/pcs.txt for scripts/prof/pcs2src.py (per source line and
# inlined function). About two minutes; the trace is not stored.
set -eu
O=build/prof
mkdir -p $O
make -s bench-image
cc -O2 -Wall -Wextra -o $O/itrace scripts/prof/itrace.c
elf=build/bench/bench.elf
arm-none-eabi-nm -n --defined-only $elf >$O/syms.txt
arm-none-eabi-nm --defined-only build/lib/armv7-a/libvmsa.a |
	awk '$2 ~ /[TtWw]/ {print $3}' | sort -u >$O/libfuncs.txt
min=1
out=$O/prof.txt
if [ -n "${1:-}" ]; then
	export PCREC=$1
	min=1000000000          # only the PC lines
	out=$O/pcs.txt
fi
${QEMU:-qemu-system-arm} -M vexpress-a15 -cpu cortex-a15 -m 1G -nographic \
	-monitor none -serial null -semihosting \
	-icount shift=0,align=off,sleep=off -singlestep -d exec,nochain \
	-D /dev/stdout -kernel $elf 2>/dev/null |
	$O/itrace $O/syms.txt $O/libfuncs.txt $min >$out
[ -n "${1:-}" ] && exit 0
grep '^REC' $O/prof.txt | sed 's/caller=//;s/fn=//;s/total=//' |
	awk '{k=$3" "$4; n[k]++; if(!(k in f)){f[k]=$5; r[k]=$2; o[++m]=k}
	      l[k]=$5}
	     END {for(i=1;i<=m;i++) print o[i], n[o[i]], r[o[i]], f[o[i]], l[o[i]]}' |
	while read -r c fn n rec first last; do
		printf '%s %s calls=%s first_rec=%s first=%s last=%s  %s\n' \
			"$c" "$fn" "$n" "$rec" "$first" "$last" \
			"$(arm-none-eabi-addr2line -s -f -i -e $elf "$c" | paste -sd' ')"
	done >$O/sites.txt
echo "wrote $O/prof.txt $O/sites.txt"
