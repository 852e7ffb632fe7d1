# boards/xilinx-zynq-a9/board.mk - build and QEMU settings of the Xilinx
# Zynq-7000 (Cortex-A9: no PXN; QEMU models no Security Extensions, so the
# CPU runs in SVC with no Secure/Non-secure split). The Cadence UART is off
# at reset: src/uart/cadence.c enables it. Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a9 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x00000000
RAM_SIZE       := 0x08000000
UART           := cadence
VMSA_FMT       := VMSA_FMT_V7
QEMU_CONFIGS   := default
QEMU_ARGS_default := -M xilinx-zynq-a9 -m 128M
