/*
 * boards/vexpress-a15/board.c - memory map of QEMU's vexpress-a15
 * (Versatile Express with the CoreTile Express A15x2, "RS1" memory map),
 * also used with -cpu cortex-a7. RAM base, size and the table format come
 * from board.mk.
 *
 * Covers RAM, its high alias, the motherboard peripherals the firmware
 * uses (system registers, UART0), the GIC and part of NOR flash 0. Does
 * not cover the rest of the map (CLCD, Ethernet, USB, flash 1, SRAM).
 *
 * Sizes are chosen so the board alone needs every granule: supersections
 * (RAM and alias), sections (flash), a large page (UART0's 64KB), small
 * pages (system registers, GIC).
 * Addresses: QEMU hw/arm/vexpress.c (a15 map), ARM DUI 0447 4.1.
 */
#include <boot.h>

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_SHARED },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA | VMSA_SHARED },
	{ .name = "flash0", .va = VMSA_VA_C(0x08000000),
	  .pa = VMSA_PA_C(0x08000000), .size = 0x00300000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RO | VMSA_XN },
	{ .name = "sysregs", .va = VMSA_VA_C(0x1c010000),
	  .pa = VMSA_PA_C(0x1c010000), .size = 0x00001000,
	  .attrs = VMSA_DEVICE },
	{ .name = "uart0", .va = VMSA_VA_C(0x1c090000),
	  .pa = VMSA_PA_C(0x1c090000), .size = 0x00010000,
	  .attrs = VMSA_DEVICE },
	{ .name = "gic", .va = VMSA_VA_C(0x2c001000),
	  .pa = VMSA_PA_C(0x2c001000), .size = 0x00002000,
	  .attrs = VMSA_DEVICE },
};

const struct board board = {
	.name = "vexpress-a15",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x1c090000,      /* UART0, PL011 */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.cpus = 4,                    /* QEMU starts every CPU at the entry */
	.smp_release = BOOT_SMP_PARKED,
	.gic_dist = 0x2c001000,       /* Cortex-A15 GIC-400 view: distributor */
	.gic_cpu = 0x2c002000,        /* CPU interface */
};
