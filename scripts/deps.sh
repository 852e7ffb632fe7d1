#!/usr/bin/env bash
# deps.sh - install what vmsa's builds and tests need, only when missing.
#
#   scripts/deps.sh host   host compiler and cmocka
#   scripts/deps.sh arm    arm-none-eabi-gcc and newlib
#   scripts/deps.sh qemu   qemu-system-arm (and the ARM toolchain)
#   scripts/deps.sh all    everything, including gdb-multiarch
#
# Installs with apt-get (Debian 12); needs root or sudo when something is
# missing. Prints nothing when all is there.
set -eu

want=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || want+=("$2"); }
need_file() { [ -e "$1" ] || want+=("$2"); }

for what in "${@:-all}"; do
	case "$what" in
	host)
		need_cmd gcc gcc
		need_cmd make make
		need_file /usr/include/cmocka.h libcmocka-dev
		;;
	arm)
		need_cmd arm-none-eabi-gcc gcc-arm-none-eabi
		need_file /usr/lib/arm-none-eabi/include/stdio.h libnewlib-arm-none-eabi
		;;
	qemu)
		need_cmd arm-none-eabi-gcc gcc-arm-none-eabi
		need_file /usr/lib/arm-none-eabi/include/stdio.h libnewlib-arm-none-eabi
		need_cmd qemu-system-arm qemu-system-arm
		need_cmd python3 python3
		;;
	all)
		"$0" host arm qemu
		need_cmd gdb-multiarch gdb-multiarch
		need_cmd clang clang
		;;
	*) echo "deps.sh: unknown group '$what'" >&2; exit 2 ;;
	esac
done

[ ${#want[@]} -eq 0 ] && exit 0
# De-duplicate.
mapfile -t want < <(printf '%s\n' "${want[@]}" | sort -u)
echo "deps: installing ${want[*]}"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends "${want[@]}" >/dev/null
