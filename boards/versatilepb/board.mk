# boards/versatilepb/board.mk - build and QEMU settings of the Versatile/PB
# (ARM926EJ-S, ARMv5TE): the ARMv5 boot stub (start_v5.S, boot_v5.c, with
# the vectors at 0), the armv5te library, the ARMv5 table format (tiny
# pages, fine tables) and the ARMv5 test firmware. Read by
# tests/qemu/qemu.mk.
BOARD_CPUFLAGS := -mcpu=arm926ej-s -marm -mfloat-abi=soft
BOARD_VARIANT  := armv5te
RAM_BASE       := 0x00000000
RAM_SIZE       := 0x08000000
UART           := pl011
VMSA_FMT       := VMSA_FMT_V5
BOOT_SRCS      := src/boot/start_v5.S src/boot/boot_v5.c src/boot/check.c src/boot/fault.c \
                  src/boot/syscalls.c src/boot/tables.c src/boot/image.c \
                  src/boot/layout.c
TEST_MAIN      := tests/qemu/test_mmu_v5.c
QEMU_CONFIGS   := default
QEMU_ARGS_default := -M versatilepb -m 128M
