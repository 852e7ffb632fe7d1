# boards/virt/board.mk - build and QEMU settings of QEMU's virt machine
# with a Cortex-A15 (PXN). The CPU enters in Non-secure SVC; secondaries
# stay off until PSCI CPU_ON through HVC (QEMU implements PSCI itself),
# which board.c names as the release method: smp2 runs the SMP tests.
# -nic none: Debian's QEMU lacks the network option ROM and would exit.
# Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a15 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x40000000
RAM_SIZE       := 0x08000000
UART           := pl011
VMSA_FMT       := VMSA_FMT_V7|VMSA_FMT_PXN
QEMU_CONFIGS   := default
QEMU_ARGS_default := -M virt -cpu cortex-a15 -m 128M -nic none
QEMU_CONFIGS   += smp2
QEMU_ARGS_smp2 := -M virt -cpu cortex-a15 -smp 2 -m 128M -nic none
