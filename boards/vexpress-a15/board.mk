# boards/vexpress-a15/board.mk - build and QEMU settings of the
# vexpress-a15 board, run with a Cortex-A15 and with a Cortex-A7 (both
# have PXN). Read by tests/qemu/qemu.mk.
# -march rather than -mcpu: one image runs on both CPUs.
BOARD_CPUFLAGS := -march=armv7-a -mtune=cortex-a15 -marm -mfloat-abi=soft
BOARD_VARIANT  := armv7-a
RAM_BASE       := 0x80000000
RAM_SIZE       := 0x08000000
UART           := pl011
VMSA_FMT       := VMSA_FMT_V7|VMSA_FMT_PXN
# QEMU configurations. On QEMU 7.2 secure=off alone starts the CPU in Hyp
# mode (the Virtualization Extensions are on by default): ns-svc adds
# virtualization=off to run the PL1 tests in Non-secure SVC, and the hyp
# configuration below keeps Hyp mode.
QEMU_CONFIGS   := default ns-svc cortex-a7
QEMU_ARGS_default   := -M vexpress-a15 -cpu cortex-a15 -m 128M
QEMU_ARGS_ns-svc    := -M vexpress-a15,secure=off,virtualization=off -cpu cortex-a15 -m 128M
QEMU_ARGS_cortex-a7 := -M vexpress-a15 -cpu cortex-a7 -m 128M
# Two CPUs: the SMP tests of test_live_smp.c (TLB broadcast, concurrent updates).
QEMU_CONFIGS   += smp2
QEMU_ARGS_smp2 := -M vexpress-a15 -cpu cortex-a15 -smp 2 -m 128M
# RAM past 4GB for the long-descriptor tests (tests/qemu/test_lpae.c): 4GB
# from 0x80000000, so PA 0x100000000-0x17fffffff exists. The image is the
# same in every configuration, so the configuration tells it through the
# command line semihosting hands it (-append): ram-end= the top of RAM.
QEMU_CONFIGS       += lpae-4g
QEMU_ARGS_lpae-4g  := -M vexpress-a15 -cpu cortex-a15 -m 4G -append ram-end=0x180000000
# Hyp mode (PL2): secure=off alone, so the CPU starts in Hyp mode; the
# boot stub's Hyp path runs the test firmware's hyp_main
# (tests/qemu/test_hyp.c: long-descriptor tables for the Hyp regime, the
# Hyp MMU on). entry=hyp tells the image that this configuration starts
# it in Hyp mode, so a PL1 start here (or a Hyp start elsewhere) fails.
QEMU_CONFIGS    += hyp
QEMU_ARGS_hyp   := -M vexpress-a15,secure=off -cpu cortex-a15 -m 128M -append entry=hyp
