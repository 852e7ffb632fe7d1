/*
 * tests/qemu/test_live_hooks.c - live tables after a failed call and
 * under fault hooks (part of live_tests, test_live.c): a split that runs
 * out of pool leaves tables, pool bitmap and what the MMU translates
 * unchanged; a lazily mapped region has each page mapped by the hook on
 * its first touch (one fault per page), on one CPU and on all at once.
 *
 * Does not cover: split and merge (test_live.c), SMP broadcast and
 * concurrent updates (test_live_smp.c).
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include <boot.h>
#include "tap.h"
#include "test_live_int.h"

/* ---- failure atomicity -------------------------------------------------- */

static uint32_t snap_l1[VMSA_L1_ENTRIES];
static uint8_t snap_pool[BOOT_POOL_BYTES];
static struct vmsa_table snap_t;

void nomem_tests(struct vmsa_table *t)
{
	struct vmsa_stats st0, st;
	struct fault_info f;
	uint32_t n = 0, v = 0, par[16];
	int rc;

	vmsa_stats(t, &st0);
	fill_pat(PL + 3 * MB, MB);
	rc = vmsa_map(t, vmsa_va(VA_NM_SECT), vmsa_pa(PL + 3 * MB), MB, VMSA_DATA);
	(void)*ptr(VA_NM_SECT + 0x1040);      /* into the TLB */
	while (rc == VMSA_OK && n < 128) {
		int r = vmsa_map(t, vmsa_va(VA_FILL + n * MB),
		                 vmsa_pa(PL + 4 * MB), 0x1000, VMSA_DATA);
		if (r == VMSA_ERR_NOMEM)
			break;
		rc |= r;
		n++;
	}
	memcpy(snap_l1, t->l1, sizeof snap_l1);
	memcpy(snap_pool, t->pool, sizeof snap_pool);
	memcpy(&snap_t, t, sizeof snap_t);
	for (unsigned i = 0; i < 16; i++)
		par[i] = ats1cpr(VA_NM_SECT + i * 0x10000);

	int r1 = vmsa_unmap(t, vmsa_va(VA_NM_SECT + 0x1000), 0x1000);
	int r2 = vmsa_protect(t, vmsa_va(VA_NM_SECT + 0x1000), 0x1000,
	                      VMSA_RODATA);
	int r3 = vmsa_remap(t, vmsa_va(VA_NM_SECT + 0x1000),
	                    vmsa_pa(PL + 5 * MB), 0x1000);
	bool same = memcmp(snap_l1, t->l1, sizeof snap_l1) == 0 &&
	            memcmp(snap_pool, t->pool, sizeof snap_pool) == 0 &&
	            memcmp(&snap_t, t, sizeof snap_t) == 0;
	bool hw = true;
	for (unsigned i = 0; i < 16; i++)
		hw &= ats1cpr(VA_NM_SECT + i * 0x10000) == par[i];
	hw &= try_read(VA_NM_SECT + 0x1040, &v, &f) &&
	      v == pat(PL + 3 * MB + 0x1000) &&
	      try_write(VA_NM_SECT + 0x1044, 0x1044, &f) &&
	      data_ok(VA_NM_SECT, PL + 3 * MB, MB);
	tap_ok(rc == VMSA_OK && n > 0 && r1 == VMSA_ERR_NOMEM &&
	       r2 == VMSA_ERR_NOMEM && r3 == VMSA_ERR_NOMEM && same && hw,
	       "pool exhausted (%lu fillers): unmap/protect/remap of 4KB of a "
	       "live section return VMSA_ERR_NOMEM; L1, pool, bitmap unchanged, "
	       "the MMU still translates the whole section (ATS1CPR, read, write)",
	       (unsigned long)n);
	for (uint32_t i = 0; i < n; i++)
		rc |= vmsa_unmap(t, vmsa_va(VA_FILL + i * MB), 0x1000);
	rc |= vmsa_unmap(t, vmsa_va(VA_NM_SECT), MB);
	vmsa_stats(t, &st);
	tap_ok(rc == VMSA_OK && stats_eq(&st, &st0),
	       "pool exhausted: fillers and section unmapped, vmsa_stats as before");
}

/* ---- fault hooks --------------------------------------------------------- */

struct lazy {
	uint32_t va, pa, pages;
	volatile uint32_t faults[LAZY2_PAGES];        /* per page */
	volatile uint32_t cpu_faults[BOOT_MAX_CPUS];
	volatile uint32_t cpu_maps[BOOT_MAX_CPUS];    /* vmsa_map == OK */
	volatile uint32_t cpu_bad[BOOT_MAX_CPUS];
};

/* The nopage handler: map the 4KB page of the faulting address. */
static int lazy_fault(void *arg, const struct fault_info *f)
{
	struct lazy *z = arg;
	unsigned cpu = boot_cpu_id();
	uint32_t page = f->far & ~0xfffu, i = (page - z->va) >> 12;
	int rc = vmsa_map(&boot_table, vmsa_va(page),
	                  vmsa_pa(z->pa + (page - z->va)), 0x1000, VMSA_DATA);

	z->cpu_faults[cpu]++;
	if (ncpu == 1)
		z->faults[i]++;
	if (rc == VMSA_OK)
		z->cpu_maps[cpu]++;
	else if (rc != VMSA_ERR_OVERLAP)
		return BOOT_FAULT_PASS;   /* reported as unexpected */
	return BOOT_FAULT_RETRY;
}

static struct lazy lz;

uint32_t sum(const volatile uint32_t *a)
{
	uint32_t s = 0;
	for (unsigned c = 0; c < BOOT_MAX_CPUS; c++)
		s += a[c];
	return s;
}

static void lazy_toucher(unsigned cpu)
{
	for (uint32_t k = 0; k < lz.pages; k++) {
		uint32_t i = (k + cpu * 16u) % lz.pages;
		uint32_t pa = lz.pa + i * 0x1000;
		if (*ptr(lz.va + i * 0x1000 + 0x40) != pat(pa))
			lz.cpu_bad[cpu]++;
	}
}

void lazy_tests(struct vmsa_table *t)
{
	struct vmsa_stats st0, st;
	int id, rc = VMSA_OK;
	bool ok = true, once = true;

	vmsa_stats(t, &st0);
	memset((void *)&lz, 0, sizeof lz);
	lz.va = VA_LAZY;
	lz.pa = PL + 8 * MB;
	lz.pages = LAZY_PAGES;
	fill_pat(lz.pa, LAZY_PAGES * 0x1000);
	unsigned saved = ncpu;
	ncpu = 1;                     /* per-page counts: one CPU here */
	id = boot_fault_hook(VA_LAZY, VA_LAZY + LAZY_PAGES * 0x1000, lazy_fault, &lz);
	for (uint32_t i = 0; i < LAZY_PAGES; i++) {
		uint32_t va = VA_LAZY + i * 0x1000;
		ok &= *ptr(va + 0x40) == pat(lz.pa + i * 0x1000);
		once &= lz.faults[i] == 1 && sum(lz.cpu_faults) == i + 1;
		ok &= *ptr(va + 0x40) == pat(lz.pa + i * 0x1000);   /* no fault */
		*ptr(va + 0x44) = i;
		once &= lz.faults[i] == 1 && *ptr(lz.pa + i * 0x1000 + 0x44) == i;
	}
	ncpu = saved;
	tap_ok(id >= 0 && ok && once && sum(lz.cpu_maps) == LAZY_PAGES &&
	       kind_at(VA_LAZY) == VMSA_KIND_LARGE,
	       "fault hook: %u lazy pages touched in order, each first touch "
	       "faulted exactly once (%lu faults), the hook mapped it and the "
	       "read returned the backing data; second touches and writes did "
	       "not fault (16 pages now fold into a large page)", LAZY_PAGES,
	       (unsigned long)sum(lz.cpu_faults));
	boot_fault_unhook(id);
	rc |= vmsa_unmap(t, vmsa_va(VA_LAZY), LAZY_PAGES * 0x1000);

	/* Every CPU at once, each starting at a different page. */
	memset((void *)&lz, 0, sizeof lz);
	lz.va = VA_LAZY2;
	lz.pa = PL + 9 * MB;
	lz.pages = LAZY2_PAGES;
	fill_pat(lz.pa, LAZY2_PAGES * 0x1000);
	id = boot_fault_hook(VA_LAZY2, VA_LAZY2 + LAZY2_PAGES * 0x1000,
	                     lazy_fault, &lz);
	run_all(lazy_toucher, lazy_toucher);
	uint32_t faults = sum(lz.cpu_faults), maps = sum(lz.cpu_maps);
	tap_ok(id >= 0 && sum(lz.cpu_bad) == 0 && maps == LAZY2_PAGES &&
	       faults >= LAZY2_PAGES && faults <= LAZY2_PAGES * ncpu,
	       "fault hook on %u CPU(s) at once: %u pages mapped exactly once "
	       "(%lu faults, %lu transient retries), every CPU read every page's "
	       "data", ncpu, LAZY2_PAGES, (unsigned long)faults,
	       (unsigned long)(boot_fault_transients(0) + boot_fault_transients(1) +
	                       boot_fault_transients(2) + boot_fault_transients(3)));
	boot_fault_unhook(id);
	rc |= vmsa_unmap(t, vmsa_va(VA_LAZY2), LAZY2_PAGES * 0x1000);
	vmsa_stats(t, &st);
	tap_ok(rc == VMSA_OK && stats_eq(&st, &st0),
	       "fault hook: lazy regions unmapped, vmsa_stats as before");
}
