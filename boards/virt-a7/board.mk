# boards/virt-a7/board.mk - QEMU's virt machine with four Cortex-A7s
# (PXN) whose secondaries stay powered off until PSCI CPU_ON; board.c
# gives no SMP data, so one CPU runs and the SMP checks are skipped.
# -nic none: Debian's QEMU lacks the network option ROM and would exit.
# Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a7 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x40000000
RAM_SIZE       := 0x08000000
UART           := pl011
VMSA_FMT       := VMSA_FMT_V7|VMSA_FMT_PXN
QEMU_CONFIGS   := smp4
QEMU_ARGS_smp4 := -M virt -cpu cortex-a7 -smp 4 -m 128M -nic none
