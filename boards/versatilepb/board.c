/*
 * boards/versatilepb/board.c - memory map of QEMU's versatilepb (ARM
 * Versatile/PB with an ARM926EJ-S, ARMv5) as vmsa regions in the ARMv5
 * format. RAM base, size and the format come from board.mk.
 *
 * ARMv5 has the four C/B memory types and privileged-RW access only, no
 * XN: RAM is write-back, devices uncached and buffered (C=0 B=1), flash
 * write-through. Everything mapped is executable.
 *
 * Covers RAM (from 0, which holds the vectors) and its high alias, the
 * system registers, the interrupt controllers (VIC, SIC), UART0 and the
 * NOR flash. Does not cover CLCD, Ethernet, the other UARTs, MMCI, or
 * the PCI windows.
 *
 * Granules: sections (RAM, alias, flash), large pages (VIC), small pages
 * (system registers, SIC, UART0); the tests add tiny pages and fine
 * tables.
 * Addresses: Versatile/PB926EJ-S user guide (ARM DUI 0224) 4.1; QEMU
 * hw/arm/versatilepb.c.
 */
#include <boot.h>

#define V5_RAM    (VMSA_MT_WRITEBACK | VMSA_RW)
#define V5_DEVICE (VMSA_MT_BUFFERABLE | VMSA_RW)

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = V5_RAM },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = V5_RAM },
	{ .name = "sysregs", .va = VMSA_VA_C(0x10000000),
	  .pa = VMSA_PA_C(0x10000000), .size = 0x00001000,
	  .attrs = V5_DEVICE },
	{ .name = "sic", .va = VMSA_VA_C(0x10003000),
	  .pa = VMSA_PA_C(0x10003000), .size = 0x00001000,
	  .attrs = V5_DEVICE },
	{ .name = "vic", .va = VMSA_VA_C(0x10140000),
	  .pa = VMSA_PA_C(0x10140000), .size = 0x00010000,
	  .attrs = V5_DEVICE },
	{ .name = "uart0", .va = VMSA_VA_C(0x101f1000),
	  .pa = VMSA_PA_C(0x101f1000), .size = 0x00001000,
	  .attrs = V5_DEVICE },
	{ .name = "flash", .va = VMSA_VA_C(0x34000000),
	  .pa = VMSA_PA_C(0x34000000), .size = 0x00200000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RW },
};

const struct board board = {
	.name = "versatilepb",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x101f1000,      /* UART0, PL011 */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
};
