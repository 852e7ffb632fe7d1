/*
 * boards/virt/regions.h - memory map of QEMU's virt machine (32-bit) as
 * vmsa regions, shared by the boards that run on that machine
 * (boards/virt, boards/virt-a7). RAM base and size and the table format
 * come from the including board's board.mk.
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
#ifndef VMSA_BOARD_VIRT_REGIONS_H
#define VMSA_BOARD_VIRT_REGIONS_H

/* RAM is not marked VMSA_SHARED: when boot runs several CPUs it sets
 * VMSA_TF_SMP before mapping, and the engine maps Normal memory
 * Shareable then; a one-CPU run keeps it non-shareable. */
#include <boot.h>

/* RAM is Shareable: the smp2 and smp4 configurations run several CPUs on
 * it (and walk the tables in it as shareable), and under VMSA_TF_SMP the
 * engine maps Normal memory shareable anyway; one shareability for every
 * mapping of it. */
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

#endif
