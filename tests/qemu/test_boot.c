/*
 * tests/qemu/test_boot.c - the boot stub's check that the tables map what
 * the CPU needs the moment the MMU goes on (src/boot/check.c), run by
 * both test mains. The check itself runs with the MMU off at every boot;
 * here it is given tables built from the board's regions with one region
 * left out, as a porter's incomplete region array would be, and must name
 * what is missing instead of passing.
 */
#include <stdint.h>
#include <stdio.h>

#include "boot.h"
#include "tap.h"
#include "test_boot.h"

#define MAX_REGIONS 32

static uint32_t chk_l1[VMSA_L1_ENTRIES] __attribute__((aligned(VMSA_L1_BYTES)));
static uint8_t chk_pool[32 * 1024] __attribute__((aligned(4096)));
static struct vmsa_region chk_regions[MAX_REGIONS];

static bool covers(const struct vmsa_region *r, uint32_t va)
{
	return va >= r->va.v && va - r->va.v < r->size;
}

/* Misses of boot_check_mapped over the board's regions without those that
 * cover `drop`; -1 if that table cannot be built. */
static int misses_without(uint32_t drop, size_t *dropped)
{
	struct vmsa_table t;
	size_t n = 0, bad;

	*dropped = 0;
	for (size_t i = 0; i < board.n_regions && n < MAX_REGIONS; i++) {
		if (covers(&board.regions[i], drop))
			(*dropped)++;
		else
			chk_regions[n++] = board.regions[i];
	}
	if (vmsa_init(&t, board.fmt, chk_l1, vmsa_pa((uintptr_t)chk_l1),
	              chk_pool, vmsa_pa((uintptr_t)chk_pool),
	              sizeof chk_pool) != VMSA_OK ||
	    vmsa_map_regions(&t, chk_regions, n, &bad) != VMSA_OK)
		return -1;
	printf("# boot_check_mapped without the region(s) at 0x%08lx:\n",
	       (unsigned long)drop);
	return boot_check_mapped(&t);
}

void boot_check_tests(struct vmsa_table *live)
{
	extern char _start[];
	size_t dropped;
	int m;

	m = boot_check_mapped(live);
	tap_ok(m == 0, "boot check: the boot tables map the UART, vectors, "
	       "code, stacks and tables (%d missing)", m);

	m = misses_without((uint32_t)board.uart_base, &dropped);
	tap_ok(dropped > 0 && m == 1,
	       "boot check: a region array without the UART's region "
	       "(%u left out) is caught before the MMU goes on: %d missing",
	       (unsigned)dropped, m);

	m = misses_without((uint32_t)(uintptr_t)_start, &dropped);
	tap_ok(dropped > 0 && m >= 9,
	       "boot check: without the region holding the image (%u left "
	       "out): code, vectors, stacks and tables all reported (%d "
	       "missing)", (unsigned)dropped, m);
}
