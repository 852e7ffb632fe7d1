/*
 * boards/mcimx6ul-evk/board.c - memory map of QEMU's mcimx6ul-evk (NXP
 * i.MX6UL, one Cortex-A7) as vmsa regions. RAM base, size and the table
 * format come from board.mk.
 *
 * Covers RAM and its high alias, the boot ROM, OCRAM, the A7 MPCore GIC,
 * UART1 and the AIPS-2 peripheral block. Does not cover the rest of
 * AIPS-1/2/3, the DMA and USB blocks, or QSPI/EIM memory.
 *
 * Sizes chosen so the board alone needs every ARMv7 granule:
 * supersections (RAM, alias), a section (AIPS-2), large pages (OCRAM),
 * small pages (ROM tail, GIC, UART1).
 * Addresses: i.MX6UL reference manual IMX6ULRM, 2.2 "ARM Platform Memory
 * Map"; QEMU hw/arm/fsl-imx6ul.c.
 */
#include <boot.h>

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA },
	/* The boot ROM from 4KB: page 0 stays unmapped, so NULL faults. */
	{ .name = "boot-rom", .va = VMSA_VA_C(0x00001000),
	  .pa = VMSA_PA_C(0x00001000), .size = 0x00017000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RO | VMSA_XN },
	{ .name = "ocram", .va = VMSA_VA_C(0x00900000),
	  .pa = VMSA_PA_C(0x00900000), .size = 0x00020000,
	  .attrs = VMSA_DATA },
	{ .name = "gic", .va = VMSA_VA_C(0x00a01000),
	  .pa = VMSA_PA_C(0x00a01000), .size = 0x00002000,
	  .attrs = VMSA_DEVICE },
	{ .name = "uart1", .va = VMSA_VA_C(0x02020000),
	  .pa = VMSA_PA_C(0x02020000), .size = 0x00004000,
	  .attrs = VMSA_DEVICE },
	{ .name = "aips2", .va = VMSA_VA_C(0x02100000),
	  .pa = VMSA_PA_C(0x02100000), .size = 0x00100000,
	  .attrs = VMSA_DEVICE },
};

const struct board board = {
	.name = "mcimx6ul-evk",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x02020000,      /* UART1, i.MX UART */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.gic_dist = 0x00a01000,       /* Cortex-A7 GIC: distributor */
	.gic_cpu = 0x00a02000,        /* CPU interface */
};
