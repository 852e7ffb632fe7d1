#!/bin/sh
# tests/bench/size.sh OUTDIR VARIANT... - print the code size of the
# library as a firmware links it (tests/bench/size.c, --gc-sections), per
# variant, and write OUTDIR/size.csv. Each figure is the text (code and
# read-only data, `size` in Berkeley format) of a firmware minus that of
# the firmware holding only the entry and the region arrays.
set -u
out=$1
shift
SIZE=${SIZE:-arm-none-eabi-size}
text() { $SIZE -B "$out/size/$1/size-$2.elf" | awk 'NR == 2 { print $1 }'; }
csv=$out/size.csv
echo "group,variant,use,text_bytes,target,verdict" >"$csv"
printf '\n7. Code size (text linked with --gc-sections, entry and data subtracted)\n'
printf '  %-16s %-52s %7s  %-8s\n' variant use bytes target
for v in "$@"; do
	none=$(text "$v" none) || exit 1
	cases="boot prebuilt adopt all builder"
	# Long descriptors exist on ARMv7 only.
	case $v in armv7*) cases="boot lpae-boot prebuilt adopt all builder" ;; esac
	for c in $cases; do
		n=$(( $(text "$v" "$c") - none ))
		case $c in
		boot) use="boot only: vmsa_init + vmsa_map_regions + MMU enable" ;;
		lpae-boot) use="boot only, LPAE: the same + the switch to LPAE" ;;
		prebuilt) use="boot, prebuilt tables: MMU enable only" ;;
		adopt) use="boot, prebuilt tables: MMU enable + vmsa_adopt" ;;
		all) use="everything: every global function of libvmsa.a" ;;
		builder) use="baseline: straight-line builder + the same MMU enable" ;;
		esac
		tgt=- verdict=-
		if [ "$c" = boot ] && [ "$v" = armv7-a-thumb ]; then
			tgt="<=4096"
			if [ "$n" -le 4096 ]; then verdict=met; else verdict=MISSED; fi
		fi
		printf '  %-16s %-52s %7d  %-8s %s\n' "$v" "$use" "$n" "$tgt" "$verdict"
		echo "size,$v,\"$use\",$n,$( [ "$tgt" = - ] || echo "$tgt"),$( [ "$verdict" = - ] || echo "$verdict")" >>"$csv"
	done
done
echo "  BENCH   wrote $csv"
