# boards/sabrelite/board.mk - build and QEMU settings of the SABRE Lite
# (NXP i.MX6Quad: four Cortex-A9 MPCore, no PXN, no LPAE). The secondaries
# are off at reset until the System Reset Controller starts them: board.c's
# cpu_on (BOOT_SMP_BOARD). QEMU's machine has 1GB by default (-m 1G, the
# real board's); vmsa maps the first RAM_SIZE bytes, which keeps the high
# alias below the tests' VAs at 0xD0000000. Read by tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=cortex-a9 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x10000000
RAM_SIZE       := 0x10000000
UART           := imx
VMSA_FMT       := VMSA_FMT_V7
# Four CPUs, three started through the SRC: the SMP tests run on all four.
# With -smp 2 the SCU says two: boot starts CPU 1 alone.
QEMU_CONFIGS   := default smp2
QEMU_ARGS_default := -M sabrelite -smp 4 -m 1G
QEMU_ARGS_smp2    := -M sabrelite -smp 2 -m 1G
