# boards/mcimx6ul-evk/board.mk - build and QEMU settings of the NXP
# i.MX6UL evaluation kit (one Cortex-A7: PXN, Security Extensions, MP
# Extensions). Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a7 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x80000000
RAM_SIZE       := 0x08000000
UART           := imx
VMSA_FMT       := VMSA_FMT_V7|VMSA_FMT_PXN
QEMU_CONFIGS   := default
QEMU_ARGS_default := -M mcimx6ul-evk -m 128M
