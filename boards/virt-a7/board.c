/*
 * boards/virt-a7/board.c - QEMU's virt machine with four Cortex-A7s whose
 * secondaries start powered off, described the way a first port would
 * be: the memory map of boards/virt (reused, not copied) and no SMP data.
 * The board therefore runs on CPU 0 alone: boot prints that four CPUs are
 * present and one runs, and the SMP checks are TAP skips with that
 * reason. boards/virt is the same machine with its secondaries released
 * through PSCI.
 */
#include "../virt/regions.h"

const struct board board = {
	.name = "virt-a7",
	.regions = regions,           /* virt's region array */
	.n_regions = sizeof regions / sizeof regions[0],
	.fmt = VMSA_BOARD_FMT,
	.uart_base = 0x09000000,      /* PL011 */
	.ram_base = VMSA_BOARD_RAM_BASE,
	.ram_size = VMSA_BOARD_RAM_SIZE,
	/* No .cpus, no .smp_release: secondaries are never released. */
	.gic_dist = 0x08000000,       /* GICv2: distributor */
	.gic_cpu = 0x08010000,        /* CPU interface */
};
