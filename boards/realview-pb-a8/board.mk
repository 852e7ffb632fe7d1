# boards/realview-pb-a8/board.mk - build and QEMU settings of the RealView
# PB-A8 (Cortex-A8: no PXN, no Multiprocessing Extensions, and in QEMU no
# Security Extensions). The armv7 arch layer sees MPIDR[31] = 0 and uses
# TLBIALL and the non-MP TTBR0 walk bits. Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a8 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x70000000
RAM_SIZE       := 0x08000000
UART           := pl011
VMSA_FMT       := VMSA_FMT_V7
QEMU_CONFIGS   := default
QEMU_ARGS_default := -M realview-pb-a8 -m 128M
