/*
 * boards/virt/board.c - QEMU's virt machine run with -cpu cortex-a15: the
 * memory map (regions.h), the PL011 UART, and up to four CPUs whose
 * secondaries start through PSCI CPU_ON (HVC, as QEMU provides it).
 */
#include "regions.h"

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
	.gic_dist = 0x08000000,       /* GICv2: distributor */
	.gic_cpu = 0x08010000,        /* CPU interface */
};
