/*
 * boards/xilinx-zynq-a9/board.c - memory map of QEMU's xilinx-zynq-a9
 * (Zynq-7000, Cortex-A9 MPCore with one CPU, no Security Extensions in
 * QEMU) as vmsa regions. RAM base, size and the table format come from
 * board.mk.
 *
 * Covers DDR from 0 and its high alias, UART0 (Cadence), the SLCR, the
 * MPCore private region (SCU, GIC, timers), the linear QSPI window and
 * the high OCM (which ends at 4GB). Does not cover UART1, the other I/O
 * peripherals (USB, GEM, SD), or the PL (FPGA) AXI ports.
 *
 * Granules: supersections (RAM, alias), a section (QSPI), large pages
 * (OCM), small pages (UART0, SLCR, MPCore).
 * Addresses: Zynq-7000 TRM UG585, 4.1 "Address Map"; QEMU
 * hw/arm/xilinx_zynq.c.
 */
#include <boot.h>

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA },
	{ .name = "uart0", .va = VMSA_VA_C(0xE0000000),
	  .pa = VMSA_PA_C(0xE0000000), .size = 0x00001000,
	  .attrs = VMSA_DEVICE },
	{ .name = "slcr", .va = VMSA_VA_C(0xF8000000),
	  .pa = VMSA_PA_C(0xF8000000), .size = 0x00001000,
	  .attrs = VMSA_DEVICE },
	{ .name = "mpcore", .va = VMSA_VA_C(0xF8F00000),
	  .pa = VMSA_PA_C(0xF8F00000), .size = 0x00002000,
	  .attrs = VMSA_DEVICE },
	{ .name = "qspi-linear", .va = VMSA_VA_C(0xFC000000),
	  .pa = VMSA_PA_C(0xFC000000), .size = 0x00100000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RO | VMSA_XN },
	{ .name = "ocm-high", .va = VMSA_VA_C(0xFFFC0000),
	  .pa = VMSA_PA_C(0xFFFC0000), .size = 0x00040000,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW },
};

const struct board board = {
	.name = "xilinx-zynq-a9",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0xE0000000,      /* UART0, Cadence */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.gic_dist = 0xF8F01000,       /* Cortex-A9 private region: distributor */
	.gic_cpu = 0xF8F00100,        /* CPU interface */
};
