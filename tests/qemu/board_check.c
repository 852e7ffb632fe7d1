/*
 * board_check.c - build-time check of a board's region array, compiled
 * with the host compiler from the board's board.c, the library's portable
 * sources and the host stand-in for the arch layer (tests/host/fake_arch.c;
 * the table is never live, so nothing of it matters here).
 *
 * First the SMP data: BOOT_SMP_BOARD needs the board's .cpu_on. Then
 * runs what the boot stub runs (src/boot/tables.c): vmsa_init with the
 * board's format over an L1 table and a pool of the board's POOL_SIZE,
 * then vmsa_map_regions_ex of board.regions, and on failure prints the
 * library's message (vmsa_format_region_error) and exits 1, so the
 * firmware build stops with the message the board would print at boot.
 * On success prints one line: regions, pool bytes at the peak and at the
 * end, translation entries.
 *
 * Does not cover: what the boot stub maps besides the board's regions,
 * the physical placement the linker gives the tables (the check puts the
 * L1 table at RAM_BASE and the pool 4KB-aligned after it, the alignment
 * the firmware gives them).
 */
#include <stdio.h>

#include "boot.h"

#ifndef VMSA_BOARD_POOL_SIZE
#error "VMSA_BOARD_POOL_SIZE: the board's POOL_SIZE (tests/qemu/board_check.mk)"
#endif

static uint32_t l1[VMSA_L1_ENTRIES] __attribute__((aligned(VMSA_L1_BYTES)));
/* + 1: a POOL_SIZE of 0 (sections only) is allowed. */
static uint8_t pool[VMSA_BOARD_POOL_SIZE + 1]
	__attribute__((aligned(VMSA_L2_FINE_BYTES)));

int main(void)
{
	struct vmsa_table t;
	struct vmsa_region_error why;
	struct vmsa_plan plan;
	char msg[320];
	uint64_t l1_pa = VMSA_BOARD_RAM_BASE, pool_pa = l1_pa + VMSA_L1_BYTES;
	int rc;

	/* The SMP data: a board that starts its secondaries itself must say
	 * how (boot would otherwise run it on one CPU). */
	if (board.smp_release == BOOT_SMP_BOARD && !board.cpu_on) {
		fprintf(stderr, "board %s: .smp_release is BOOT_SMP_BOARD but "
		        ".cpu_on is not set (the function that starts a "
		        "secondary CPU: docs/porting.md)\n", board.name);
		return 1;
	}
	rc = vmsa_init(&t, board.fmt, l1, vmsa_pa(l1_pa), pool,
	               vmsa_pa(pool_pa), VMSA_BOARD_POOL_SIZE);
	if (rc != VMSA_OK) {
		fprintf(stderr, "board %s: vmsa_init with POOL_SIZE %#x: %s\n",
		        board.name, (unsigned)VMSA_BOARD_POOL_SIZE,
		        vmsa_strerror(rc));
		return 1;
	}
	rc = vmsa_plan_ex(&t, 0, board.regions, board.n_regions, &plan, &why);
	if (rc == VMSA_OK)
		rc = vmsa_map_regions_ex(&t, board.regions, board.n_regions,
		                         &why);
	if (rc != VMSA_OK) {
		vmsa_format_region_error(&why, msg, sizeof msg);
		fprintf(stderr, "board %s: %s\n", board.name, msg);
		return 1;
	}
	printf("board %s: %u regions fit: %u KB of second-level tables at "
	       "the peak (%u KB at the end) of a %u KB pool, %u translation "
	       "entries\n", board.name, (unsigned)board.n_regions,
	       plan.pool_units, plan.pool_units_final,
	       (unsigned)(VMSA_BOARD_POOL_SIZE / 1024u), plan.entries);
	return 0;
}
