/*
 * boards/vexpress-a9/board.c - memory map of QEMU's vexpress-a9 (Versatile
 * Express with the CoreTile Express A9x4, "legacy" memory map) as vmsa
 * regions. RAM base, size and the table format come from board.mk.
 *
 * Covers what the firmware touches: RAM, its high alias, the motherboard
 * peripherals (UARTs, system registers), the Cortex-A9 private region
 * (SCU, GIC, timers) and part of NOR flash 0. Does not cover the rest of
 * the motherboard map (CLCD, video RAM, Ethernet, USB).
 *
 * The sizes and alignments are chosen so the board alone needs every
 * ARMv7 granule: supersections (RAM and alias), sections (flash), large
 * pages (peripherals), small pages (private region).
 * Addresses: QEMU hw/arm/vexpress.c (vexpress_a9 map), ARM DUI 0447
 * (Motherboard Express uATX TRM) 4.1, ARM DDI 0407 (Cortex-A9 MPCore).
 */
#include <boot.h>

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_SHARED },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA | VMSA_SHARED },
	{ .name = "flash0", .va = VMSA_VA_C(0x40000000),
	  .pa = VMSA_PA_C(0x40000000), .size = 0x00300000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RO | VMSA_XN },
	{ .name = "mb-periph", .va = VMSA_VA_C(0x10000000),
	  .pa = VMSA_PA_C(0x10000000), .size = 0x00020000,
	  .attrs = VMSA_DEVICE },
	{ .name = "a9-private", .va = VMSA_VA_C(0x1e000000),
	  .pa = VMSA_PA_C(0x1e000000), .size = 0x00002000,
	  .attrs = VMSA_DEVICE },
};

const struct board board = {
	.name = "vexpress-a9",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x10009000,      /* UART0, PL011 */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.cpus = 4,                    /* QEMU starts every CPU at the entry */
	.smp_release = BOOT_SMP_PARKED,
	.gic_dist = 0x1e001000,       /* Cortex-A9 private region: distributor */
	.gic_cpu = 0x1e000100,        /* CPU interface */
};
