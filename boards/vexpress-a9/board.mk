# boards/vexpress-a9/board.mk - build and QEMU settings of the vexpress-a9
# board (Cortex-A9 MPCore, no PXN, no LPAE). Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a9 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x60000000
RAM_SIZE       := 0x08000000
UART           := pl011
VMSA_FMT       := VMSA_FMT_V7
# QEMU configurations: name and machine arguments (-m matches RAM_SIZE).
QEMU_CONFIGS   := default secure-off
QEMU_ARGS_default    := -M vexpress-a9 -m 128M
QEMU_ARGS_secure-off := -M vexpress-a9,secure=off -m 128M
# Four CPUs: boot sets VMSA_TF_SMP, test_live.c releases the secondaries
# (own stacks and VBAR, MMU on with the same tables) and runs the SMP tests.
QEMU_CONFIGS   += smp4
QEMU_ARGS_smp4 := -M vexpress-a9 -smp 4 -m 128M
