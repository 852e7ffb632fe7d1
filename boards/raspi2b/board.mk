# boards/raspi2b/board.mk - build and QEMU settings of the Raspberry Pi 2
# model B (BCM2836, four Cortex-A7: PXN). QEMU starts all four CPUs at the
# entry point; start.S parks CPUs 1-3 (MPIDR Aff0 != 0), so every run is
# also a parking check. The machine has exactly 1GB (no -m); vmsa maps the
# first RAM_SIZE bytes. Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a7 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x00000000
RAM_SIZE       := 0x08000000
UART           := pl011
VMSA_FMT       := VMSA_FMT_V7|VMSA_FMT_PXN
QEMU_CONFIGS   := default
QEMU_ARGS_default := -M raspi2b
