/*
 * boards/realview-pb-a8/board.c - memory map of QEMU's realview-pb-a8
 * (RealView Platform Baseboard for Cortex-A8) as vmsa regions. RAM base,
 * size and the table format come from board.mk.
 *
 * Covers RAM (at its 0x70000000 alias) and a high alias, the baseboard
 * peripherals (system registers, UART0 at 0x10009000), the GIC and part
 * of NOR flash. Does not cover the low RAM alias at 0, CLCD, Ethernet,
 * USB or the PCI windows.
 *
 * Granules: supersections (RAM, alias), sections (flash), large pages
 * (peripherals), small pages (GIC).
 * Addresses: RealView PB-A8 user guide (ARM DUI 0417) 4.1; QEMU
 * hw/arm/realview.c.
 */
#include <boot.h>

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA },
	{ .name = "flash0", .va = VMSA_VA_C(0x40000000),
	  .pa = VMSA_PA_C(0x40000000), .size = 0x00300000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RO | VMSA_XN },
	{ .name = "bb-periph", .va = VMSA_VA_C(0x10000000),
	  .pa = VMSA_PA_C(0x10000000), .size = 0x00020000,
	  .attrs = VMSA_DEVICE },
	{ .name = "gic", .va = VMSA_VA_C(0x1e000000),
	  .pa = VMSA_PA_C(0x1e000000), .size = 0x00002000,
	  .attrs = VMSA_DEVICE },
};

const struct board board = {
	.name = "realview-pb-a8",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x10009000,      /* UART0, PL011 */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.gic_dist = 0x1e001000,       /* RealView GIC: distributor */
	.gic_cpu = 0x1e000000,        /* CPU interface */
};
