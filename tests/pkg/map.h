/*
 * tests/pkg/map.h - the example firmware's memory map: board facts and
 * the region array (tests/pkg/map.c), apart from the code that maps it,
 * so the offline check (vmsa-check) compiles it on the host as it is.
 *
 * Board facts: RAM at 0x60000000 (128MB), PL011 UART0 at 0x10009000
 * (QEMU's vexpress-a9).
 */
#ifndef EXAMPLE_MAP_H
#define EXAMPLE_MAP_H

#include <stddef.h>
#include <vmsa.h>

#define RAM_BASE   0x60000000u
#define RAM_SIZE   0x08000000u
#define UART0      0x10009000u
#define ALIAS_VA   0xa0000000u              /* view of RAM's last MB */
#define ALIAS_PA   (RAM_BASE + RAM_SIZE - VMSA_SZ_SECTION)

extern const struct vmsa_region example_map[];
extern const size_t example_map_count;

#endif
