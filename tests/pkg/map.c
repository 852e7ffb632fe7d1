/*
 * tests/pkg/map.c - the example firmware's region array: RAM identity
 * mapped, the PL011 UART as one Device page, a second view of the last
 * MB of RAM. Plain data over <vmsa.h>: the firmware maps it (main.c), and
 * the host checks it offline before anything boots:
 *
 *     vmsa-check --array example_map --count example_map_count \
 *         --dump --policy map.c
 */
#include "map.h"

const struct vmsa_region example_map[] = {
	{ .name = "uart0", .va = VMSA_VA_C(UART0), .pa = VMSA_PA_C(UART0),
	  .size = VMSA_SZ_SMALL, .attrs = VMSA_DEVICE },
	/* This image runs from the RAM it writes (one region for code and
	 * data): executable on purpose, so VMSA_EXEC. */
	{ .name = "ram", .va = VMSA_VA_C(RAM_BASE), .pa = VMSA_PA_C(RAM_BASE),
	  .size = RAM_SIZE, .attrs = VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC },
	{ .name = "ram-alias", .va = VMSA_VA_C(ALIAS_VA),
	  .pa = VMSA_PA_C(ALIAS_PA), .size = VMSA_SZ_SECTION,
	  .attrs = VMSA_DATA },
};
const size_t example_map_count = sizeof example_map / sizeof example_map[0];
