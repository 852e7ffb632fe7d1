/*
 * boards/virt/board.c - memory map of QEMU's virt machine (32-bit, run
 * with -cpu cortex-a15) as vmsa regions. RAM base, size and the table
 * format come from board.mk.
 *
 * Covers RAM and its high alias, part of flash 0, the GIC distributor and
 * CPU interface, the PL011 UART and the PL031 RTC. Does not cover the
 * virtio-mmio transports, PCIe windows, fw_cfg or the GIC redistributors
 * of a GICv3 configuration.
 *
 * Granules: supersections (RAM, alias), sections (flash), large pages
 * (GIC), small pages (UART, RTC).
 * Addresses: QEMU hw/arm/virt.c (base_memmap).
 */
#include <boot.h>

static const struct vmsa_region regions[] = {
	{ .name = "ram", .va = VMSA_VA_C(VMSA_BOARD_RAM_BASE),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_MT_WRITEALLOC | VMSA_RW },
	{ .name = "ram-high", .va = VMSA_VA_C(0xC0000000),
	  .pa = VMSA_PA_C(VMSA_BOARD_RAM_BASE), .size = VMSA_BOARD_RAM_SIZE,
	  .attrs = VMSA_DATA },
	/* Flash from 4KB: page 0 stays unmapped, so NULL faults. */
	{ .name = "flash0", .va = VMSA_VA_C(0x00001000),
	  .pa = VMSA_PA_C(0x00001000), .size = 0x002ff000,
	  .attrs = VMSA_MT_WRITETHROUGH | VMSA_RO | VMSA_XN },
	{ .name = "gic", .va = VMSA_VA_C(0x08000000),
	  .pa = VMSA_PA_C(0x08000000), .size = 0x00020000,
	  .attrs = VMSA_DEVICE },
	{ .name = "uart", .va = VMSA_VA_C(0x09000000),
	  .pa = VMSA_PA_C(0x09000000), .size = 0x00001000,
	  .attrs = VMSA_DEVICE },
	{ .name = "rtc", .va = VMSA_VA_C(0x09010000),
	  .pa = VMSA_PA_C(0x09010000), .size = 0x00001000,
	  .attrs = VMSA_DEVICE },
};

const struct board board = {
	.name = "virt",
	.regions = regions,
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x09000000,      /* PL011 */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	.cpus = 4,                    /* secondaries off until PSCI CPU_ON */
	.smp_release = BOOT_SMP_PSCI_HVC,
};
