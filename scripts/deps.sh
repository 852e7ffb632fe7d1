#!/usr/bin/env bash
# deps.sh - install what vmsa's builds and tests need, only when missing.
#
#   scripts/deps.sh host   host compiler and cmocka
#   scripts/deps.sh arm    arm-none-eabi-gcc and newlib
#   scripts/deps.sh qemu   qemu-system-arm (and the ARM toolchain, and the
#                          host gcc for the build-time board check)
#   scripts/deps.sh tools  pkg-config, cmake, gdb-multiarch, doxygen (the
#                          install, gdb and docs targets of scripts/install.mk)
#   scripts/deps.sh dtb    dtc and Debian's libfdt binding for Debian's
#                          python3 (scripts/dtb2board.py, make test-dtb)
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
		need_cmd pkg-config pkg-config
		need_cmd cmake cmake
		;;
	arm)
		need_cmd arm-none-eabi-gcc gcc-arm-none-eabi
		need_file /usr/lib/arm-none-eabi/include/stdio.h libnewlib-arm-none-eabi
		;;
	qemu)
		# The host compiler too: every firmware build first checks the
		# board's region array with a host build (board-check).
		need_cmd gcc gcc
		need_file /usr/include/stdio.h libc6-dev
		need_cmd arm-none-eabi-gcc gcc-arm-none-eabi
		need_file /usr/lib/arm-none-eabi/include/stdio.h libnewlib-arm-none-eabi
		need_cmd qemu-system-arm qemu-system-arm
		need_cmd python3 python3
		;;
	tools)
		need_cmd pkg-config pkg-config
		need_cmd cmake cmake
		need_cmd gdb-multiarch gdb-multiarch
		need_cmd doxygen doxygen
		;;
	dtb)
		# scripts/dtb2board.py runs on /usr/bin/python3: the binding is
		# built for Debian's python, not for another python3 on PATH.
		need_cmd dtc device-tree-compiler
		need_file /usr/bin/python3 python3
		need_file /usr/lib/python3/dist-packages/libfdt.py python3-libfdt
		;;
	hardening)
		# make fuzz, lint and coverage
		need_cmd clang clang
		need_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
		need_cmd cppcheck cppcheck
		need_cmd clang-tidy clang-tidy
		need_cmd gcov gcc
		;;
	all)
		"$0" host arm qemu hardening tools dtb
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
