/*
 * test_strict_lpae.c - the engine on long descriptors (VMSA_FMT_LPAE)
 * against the adversarial model (strict_model.h, its long-descriptor
 * walker in strict_lpae.c): live tables on one CPU and on two
 * (VMSA_TF_SMP); sequences of map (4KB pages, 2MB blocks), cuts of a
 * block by unmap or protect of a page in it and the folds back, protect
 * in place and with break-before-make (memory type, nG, NS, SH; cacheable
 * -> non-cacheable), remap by 4KB and 2MB deltas and past 4GB, unmaps of
 * runs of blocks, executable memory, each call followed by strict_end()
 * == 0 and the translations read by the model's own decoder; the model's
 * objections to tables changed behind the engine's back (a 64-bit word
 * not synced, half synced, synced without a TLBI, an output address
 * changed in place, a table descriptor swapped without a TLBI, level 1
 * changed); the sync of vmsa_init. Elsewhere: the random campaign
 * (test_strict_lpae_rand.c), the engine's refusal of words it never
 * writes (test_lpae_words.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include "fake_arch.h"
#include "strict_model.h"

#define KB 0x400u
#define MB 0x100000u
/* Physical addresses of the tables, not the host pointers (on purpose). */
#define L1_PA   0x80004000u
#define POOL_PA 0x80100000u
#define TABLES  32u             /* level-3 tables in the pool */
#define POOL    (TABLES * 4096u)
#define ADDR    0x000000fffffff000ull   /* a page's or table's address */

static struct {
	uint32_t *l1;           /* 16KB + 32 bytes, in a 32KB block */
	uint8_t *pool;          /* TABLES tables */
	struct vmsa_table t;
} L;

static int setup(void **state)
{
	(void)state;
	L.l1 = aligned_alloc(0x4000, 0x8000);
	L.pool = aligned_alloc(4096, POOL);
	if (L.l1 == NULL || L.pool == NULL)
		return -1;
	/* Garbage first: vmsa_init writes both levels itself. */
	memset(L.l1, 0xa5, 0x8000);
	memset(L.pool, 0x5a, POOL);
	fake_arch_reset();
	return vmsa_init(&L.t, VMSA_FMT_LPAE, L.l1, vmsa_pa(L1_PA), L.pool,
	                 vmsa_pa(POOL_PA), POOL) == VMSA_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	strict_detach();
	free(L.l1);
	free(L.pool);
	memset(&L, 0, sizeof(L));
	return 0;
}

/* The level-2 word of va, and the level-3 word under it (its 2MB entry
 * a table descriptor into the pool). */
static uint64_t *top(uint32_t va)
{
	return (uint64_t *)(void *)L.l1 + (va >> 21);
}

static uint64_t *l3w(uint32_t va)
{
	uint64_t w = *top(va), pa = w & ADDR;

	assert_true((w & 3u) == 3u && pa >= POOL_PA && pa < POOL_PA + POOL);
	return (uint64_t *)(void *)(L.pool + (pa - POOL_PA)) +
	       ((va >> 12) & 0x1ffu);
}

/* Every call: VMSA_OK, and a clean bill from the model. */
#define OK(call) do { \
	assert_int_equal((call), VMSA_OK); \
	if (strict_end() != 0) \
		fail_msg("%s: %s", #call, strict_first()); \
} while (0)

static int map(uint32_t va, uint64_t pa, uint64_t size, vmsa_attr_t a)
{
	return vmsa_map(&L.t, vmsa_va(va), vmsa_pa(pa), size, a);
}

static int unmap(uint32_t va, uint64_t size)
{
	return vmsa_unmap(&L.t, vmsa_va(va), size);
}

static int protect(uint32_t va, uint64_t size, vmsa_attr_t a)
{
	return vmsa_protect(&L.t, vmsa_va(va), size, a);
}

static int remap(uint32_t va, uint64_t pa, uint64_t size)
{
	return vmsa_remap(&L.t, vmsa_va(va), vmsa_pa(pa), size);
}

static void go_live(uint32_t flags, unsigned ncpu)
{
	vmsa_set_flags(&L.t, VMSA_TF_LIVE | flags, 0);
	strict_attach(&L.t, ncpu);
}

/* va translates to pa through a granule of `size`, as the model reads the
 * tables and as the engine does. */
static void expect(uint32_t va, uint64_t pa, uint32_t size)
{
	uint64_t p = 0;
	uint32_t s = 0;
	vmsa_pa_t e;
	bool ok = strict_xlat(va, &p, &s);

	if (!ok || p != pa || s != size)
		fail_msg("VA %#x: the model reads %s PA %#llx size %#x, want PA "
		         "%#llx size %#x", va, ok ? "" : "a fault,",
		         (unsigned long long)p, s, (unsigned long long)pa, size);
	assert_int_equal(vmsa_translate_pa(&L.t, vmsa_va(va), &e), VMSA_OK);
	assert_true(e.p == pa);
}

static void expect_fault(uint32_t va)
{
	uint64_t p;
	uint32_t s;
	vmsa_pa_t e;

	if (strict_xlat(va, &p, &s))
		fail_msg("VA %#x: the model reads PA %#llx, want a fault", va,
		         (unsigned long long)p);
	assert_int_equal(vmsa_translate_pa(&L.t, vmsa_va(va), &e),
	                 VMSA_ERR_NOTMAPPED);
}

/* ---- sequences on a live table ---------------------------------------- */

#define B  0x40000000u
#define PA 0x80000000ull

/*
 * Two blocks, pages in a new table, a block past 4GB; a block cut by the
 * unmap of a page and folded back by its map, cut by a protect and folded
 * back by the protect back; in place; the memory type (break-before-make,
 * cacheable -> Device, Normal NC); remap by 4KB (512 pages) and by 2MB
 * (a block again), past 4GB; everything unmapped, no table left.
 */
static void sequence(vmsa_attr_t a)
{
	const vmsa_attr_t alt = a ^ VMSA_USER;  /* AP[1]: in place */
	const vmsa_attr_t nc = VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN;

	strict_window(B, 8 * MB);
	assert_int_equal(strict_end(), 0);
	OK(map(B, PA, 4 * MB, a));
	expect(B + 0x201234u, PA + 0x201234u, 2 * MB);
	OK(map(B + 4 * MB + 0x3000u, PA + 4 * MB + 0x3000u, 5 * 4 * KB, a));
	expect(B + 4 * MB + 0x7000u, PA + 4 * MB + 0x7000u, 4 * KB);
	expect_fault(B + 4 * MB + 0x8000u);
	OK(map(B + 6 * MB, 0x880000000ull, 2 * MB, a));
	expect(B + 6 * MB + 0x1ff000u, 0x8801ff000ull, 2 * MB);
	/* A page out of a block, and back: a cut, then a fold. */
	OK(unmap(B + 0x345000u, 4 * KB));
	expect_fault(B + 0x345000u);
	expect(B + 0x344000u, PA + 0x344000u, 4 * KB);
	expect(B + 0x200000u, PA + 0x200000u, 4 * KB);
	expect(B + 0x3ff000u, PA + 0x3ff000u, 4 * KB);
	expect(B + 0x1ff000u, PA + 0x1ff000u, 2 * MB);
	OK(map(B + 0x345000u, PA + 0x345000u, 4 * KB, a));
	expect(B + 0x345000u, PA + 0x345000u, 2 * MB);
	assert_int_equal(L.t.used_units, 1);
	/* Three pages protected: a cut; protected back: a fold. */
	OK(protect(B + 0x210000u, 12 * KB, alt));
	expect(B + 0x211000u, PA + 0x211000u, 4 * KB);
	expect(B + 0x3ff000u, PA + 0x3ff000u, 4 * KB);
	OK(protect(B + 0x210000u, 12 * KB, a));
	expect(B + 0x211000u, PA + 0x211000u, 2 * MB);
	/* In place, a whole block. */
	OK(protect(B, 2 * MB, alt));
	OK(protect(B, 2 * MB, a));
	/* The memory type: break-before-make; uncached, the lines go. */
	OK(protect(B + 2 * MB, 2 * MB, VMSA_DEVICE));
	OK(protect(B + 2 * MB + 0x1000u, 4 * KB, nc));
	expect(B + 2 * MB + 0x1000u, PA + 2 * MB + 0x1000u, 4 * KB);
	OK(protect(B + 2 * MB, 2 * MB, VMSA_MT_UNCACHED | VMSA_RW | VMSA_XN));
	OK(protect(B + 2 * MB, 2 * MB, a));
	expect(B + 2 * MB, PA + 2 * MB, 2 * MB);
	/* Remap by a page: 512 pages; by 2MB: a block again. */
	OK(remap(B, PA + 0x1000u, 2 * MB));
	expect(B, PA + 0x1000u, 4 * KB);
	expect(B + 0x1ff000u, PA + 0x200000u, 4 * KB);
	OK(remap(B, PA + 16 * MB, 2 * MB));
	expect(B + 0x12345u, PA + 16 * MB + 0x12345u, 2 * MB);
	/* Past 4GB: the blocks, the pages (a table's worth of them). */
	OK(remap(B, 0xfff0000000ull, 4 * MB));
	expect(B + 0x3ff000u, 0xfff03ff000ull, 2 * MB);
	OK(remap(B + 4 * MB + 0x3000u, 0x987654000ull, 5 * 4 * KB));
	expect(B + 4 * MB + 0x7000u, 0x987658000ull, 4 * KB);
	/* A block, then the table of pages after it, then a block: one
	 * unmap, the table released. */
	OK(remap(B + 4 * MB + 0x3000u, PA + 4 * MB + 0x3000u, 5 * 4 * KB));
	OK(map(B + 4 * MB, PA + 4 * MB, 0x3000u, a));
	OK(map(B + 4 * MB + 0x8000u, PA + 4 * MB + 0x8000u, 2 * MB - 0x8000u,
	       alt));
	expect(B + 4 * MB + 0x8000u, PA + 4 * MB + 0x8000u, 4 * KB);
	OK(remap(B + 6 * MB, PA + 6 * MB, 2 * MB));
	OK(unmap(B + 2 * MB, 6 * MB));
	for (uint32_t v = B + 2 * MB; v < B + 8 * MB; v += 0x7f000u)
		expect_fault(v);
	expect(B + 0x1ff000u, 0xfff01ff000ull, 2 * MB);
	OK(unmap(B, 2 * MB));
	assert_int_equal(L.t.used_units, 0);
	assert_int_equal(vmsa_table_check(&L.t), VMSA_OK);
}

static void test_lpae_sequence_up(void **state)
{
	(void)state;
	go_live(0, 1);
	sequence(VMSA_DATA | VMSA_SHARED);
}

static void test_lpae_sequence_smp(void **state)
{
	(void)state;
	go_live(VMSA_TF_SMP, 2);
	sequence(VMSA_DATA | VMSA_SHARED);
}

/* Executable memory: the predictor and the I-cache after every change. */
static void test_lpae_sequence_code(void **state)
{
	(void)state;
	go_live(VMSA_TF_SMP, 2);
	sequence(VMSA_CODE | VMSA_SHARED);
}

/* A VA that becomes executable may meet predictor and I-cache state of
 * an earlier mapping: code where nothing was, execute-never made
 * executable, code mapped again where code was unmapped. */
static void test_lpae_exec_new(void **state)
{
	(void)state;
	go_live(VMSA_TF_SMP, 2);
	strict_window(B, 4 * MB);
	assert_int_equal(strict_end(), 0);
	OK(map(B + 0x10000u, PA + 0x10000u, 4 * KB, VMSA_DATA));
	OK(map(B, PA, 16 * KB, VMSA_CODE));
	OK(map(B + 2 * MB, PA + 2 * MB, 2 * MB, VMSA_CODE));
	OK(protect(B + 0x10000u, 4 * KB, VMSA_CODE));
	OK(unmap(B, 16 * KB));
	OK(map(B, PA, 16 * KB, VMSA_CODE));
	OK(protect(B + 2 * MB, 2 * MB, VMSA_RODATA));
	OK(protect(B + 2 * MB, 2 * MB, VMSA_CODE));
	OK(unmap(B + 2 * MB, 2 * MB));
}

/* One unmap of a run whose first granule is execute-never and a later
 * one executable (for PL0 only, too: PXN): the executable one's
 * instructions must still leave the I-cache. Pages, then blocks. */
static void test_lpae_exec_run(void **state)
{
	const vmsa_attr_t upx = VMSA_CODE | VMSA_USER | VMSA_PXN;

	(void)state;
	assert_int_equal(map(B, PA, 4 * KB, VMSA_DATA), VMSA_OK);
	assert_int_equal(map(B + 0x1000u, PA + 0x1000u, 4 * KB, VMSA_CODE),
	                 VMSA_OK);
	assert_int_equal(map(B + 0x2000u, PA + 0x2000u, 4 * KB, upx), VMSA_OK);
	assert_int_equal(map(B + 2 * MB, PA + 2 * MB, 2 * MB, VMSA_DATA),
	                 VMSA_OK);
	assert_int_equal(map(B + 4 * MB, PA + 4 * MB, 2 * MB, VMSA_CODE),
	                 VMSA_OK);
	assert_int_equal(map(B + 6 * MB, PA + 6 * MB, 2 * MB, upx), VMSA_OK);
	go_live(0, 1);
	strict_window(B, 8 * MB);
	assert_int_equal(strict_end(), 0);
	OK(unmap(B, 8 * KB));
	OK(unmap(B + 2 * MB, 4 * MB));
	OK(unmap(B + 0x2000u, 4 * KB));
	OK(unmap(B + 6 * MB, 2 * MB));
}

/* Unmaps of runs of blocks end where the range ends. */
static void test_lpae_unmap_blocks(void **state)
{
	(void)state;
	assert_int_equal(map(B, 0x200000000ull, 8 * MB, VMSA_CODE), VMSA_OK);
	go_live(0, 1);
	strict_window(B, 8 * MB);
	assert_int_equal(strict_end(), 0);
	OK(unmap(B, 4 * MB));
	expect_fault(B + 0x3ff000u);
	expect(B + 4 * MB, 0x200400000ull, 2 * MB);
	OK(unmap(B + 4 * MB, 2 * MB));
	expect(B + 6 * MB, 0x200600000ull, 2 * MB);
}

/* nG, NS and SH are break-before-make fields: a global and an ASID-tagged
 * entry, or two of other security or shareability, may not coexist. */
static void test_lpae_bbm_fields(void **state)
{
	(void)state;
	assert_int_equal(map(B, PA, 2 * MB, VMSA_DATA), VMSA_OK);
	assert_int_equal(map(B + 2 * MB, PA + 2 * MB, 8 * KB, VMSA_DATA),
	                 VMSA_OK);
	go_live(0, 1);
	strict_window(B, 4 * MB);
	assert_int_equal(strict_end(), 0);
	OK(protect(B, 2 * MB, VMSA_DATA | VMSA_NG));
	OK(protect(B + 2 * MB, 8 * KB, VMSA_DATA | VMSA_NG));
	OK(protect(B, 2 * MB, VMSA_DATA));
	OK(protect(B, 2 * MB, VMSA_DATA | VMSA_NS));
	OK(protect(B + 2 * MB, 8 * KB, VMSA_DATA | VMSA_NS));
	OK(protect(B, 2 * MB, VMSA_DATA | VMSA_SHARED));
	OK(protect(B + 2 * MB, 8 * KB, VMSA_DATA | VMSA_SHARED));
	OK(protect(B + 2 * MB, 4 * KB, VMSA_DATA));
	OK(protect(B, 2 * MB, VMSA_DATA));
}

/* Cacheable -> Device, Normal NC, Strongly-ordered on a block and on
 * pages: the data cache lines of the memory go (B3.8.6). */
static void test_lpae_uncache(void **state)
{
	(void)state;
	assert_int_equal(map(B, PA, 2 * MB, VMSA_DATA), VMSA_OK);
	assert_int_equal(map(B + 2 * MB, PA + 2 * MB, 16 * KB, VMSA_DATA),
	                 VMSA_OK);
	go_live(VMSA_TF_SMP, 2);
	strict_window(B, 4 * MB);
	assert_int_equal(strict_end(), 0);
	OK(protect(B, 2 * MB, VMSA_DEVICE));
	OK(protect(B + 2 * MB, 4 * KB, VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN));
	OK(protect(B + 2 * MB + 0x1000u, 8 * KB,
	           VMSA_MT_UNCACHED | VMSA_RW | VMSA_XN));
	OK(protect(B, 2 * MB, VMSA_MT_WRITETHROUGH | VMSA_RW | VMSA_XN));
	OK(protect(B, 2 * MB, VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN));
	OK(protect(B + 2 * MB, 16 * KB, VMSA_DATA));
}

/* Remap of a non-cacheable page onto the PA of a cacheable one that the
 * same call moves away: the new PA's lines go through the new entry. */
static void test_lpae_uncache_remap_onto_cached(void **state)
{
	(void)state;
	assert_int_equal(map(B, PA + 0x4000u, 4 * KB, VMSA_DATA), VMSA_OK);
	assert_int_equal(map(B + 0x1000u, PA + 0x20000u, 4 * KB,
	                     VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN), VMSA_OK);
	assert_int_equal(map(B + 0x2000u, PA + 0x30000u, 4 * KB, VMSA_DEVICE),
	                 VMSA_OK);
	go_live(VMSA_TF_SMP, 2);
	strict_window(B, 64 * KB);
	assert_int_equal(strict_end(), 0);
	OK(remap(B, PA + 0x3000u, 12 * KB));
	OK(remap(B, PA + 0x2000u, 12 * KB));
	/* A 2MB block of Normal NC onto a cacheable block's PA, past 4GB. */
	strict_window(B + 2 * MB, 4 * MB);
	OK(map(B + 2 * MB, 0x900000000ull, 2 * MB, VMSA_DATA));
	OK(map(B + 4 * MB, 0x900200000ull, 2 * MB,
	       VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN));
	OK(remap(B + 2 * MB, 0x900200000ull, 4 * MB));
}

/* ---- the model objects ---------------------------------------------- */

/* A page at B (a level-3 word) and a block at B + 2MB, live, watched. */
static void live_page_and_block(void)
{
	assert_int_equal(map(B, PA, 4 * KB, VMSA_DATA), VMSA_OK);
	assert_int_equal(map(B + 2 * MB, PA + 2 * MB, 2 * MB, VMSA_DATA),
	                 VMSA_OK);
	go_live(0, 1);
	strict_window(B, 4 * MB);
	assert_int_equal(strict_end(), 0);
}

static void want_objection(const char *what)
{
	assert_true(strict_end() > 0);
	if (strstr(strict_first(), what) == NULL)
		fail_msg("the model objected with \"%s\", not \"%s\"",
		         strict_first(), what);
}

/* A level-3 word written behind the engine's back: the walker may never
 * see it (no sync). */
static void test_model_objects_unsynced(void **state)
{
	(void)state;
	live_page_and_block();
	*l3w(B) |= 1ull << 7;                   /* AP[2]: read-only */
	want_objection("never made visible");
}

/* Synced as the short format's word (4 bytes): a 64-bit word is made
 * visible only whole. The same change synced whole, invalidated, is
 * clean. */
static void test_model_objects_half_synced(void **state)
{
	uint64_t *p;

	(void)state;
	live_page_and_block();
	p = l3w(B);
	*p |= 1ull << 7;
	vmsa_arch_sync_table(p, 4);
	vmsa_arch_tlbi_va(B, false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	want_objection("never made visible");
	strict_detach();
	*p &= ~(1ull << 7);
	strict_attach(&L.t, 1);
	strict_window(B, 4 * MB);
	assert_int_equal(strict_end(), 0);
	*p |= 1ull << 7;
	vmsa_arch_sync_table(p, 8);
	vmsa_arch_tlbi_va(B, false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	assert_int_equal(strict_end(), 0);
}

/* A permission change in place, synced but never invalidated: the TLB
 * keeps the old entry. */
static void test_model_objects_no_tlbi(void **state)
{
	uint64_t *p;

	(void)state;
	live_page_and_block();
	p = top(B + 2 * MB);
	*p |= 1ull << 7;                        /* AP[2]: read-only */
	vmsa_arch_sync_table(p, 8);
	vmsa_arch_isb();
	want_objection("stale TLB entry");
}

/* An output address changed in place, even invalidated after: between
 * the write and the invalidation a walk may load the new entry beside
 * the old one (break-before-make). */
static void test_model_objects_no_break(void **state)
{
	uint64_t *p;

	(void)state;
	live_page_and_block();
	p = l3w(B);
	*p += 0x1000u;
	vmsa_arch_sync_table(p, 8);
	vmsa_arch_tlbi_va(B, false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	want_objection("TLB conflict");
}

/* A level-2 table descriptor swapped for another table with the same
 * words, without a TLBI: no translation changes, but the walk cache
 * still holds the old descriptor. */
static void test_model_objects_walk_cache(void **state)
{
	uint64_t *p, old;
	uint8_t *spare = L.pool + (TABLES - 1) * 4096u;

	(void)state;
	live_page_and_block();
	p = top(B);
	old = *p;
	memcpy(spare, L.pool + ((old & ADDR) - POOL_PA), 4096);
	vmsa_arch_sync_table(spare, 4096);
	*p = (old & ~ADDR) | (POOL_PA + (TABLES - 1) * 4096u);
	vmsa_arch_sync_table(p, 8);
	vmsa_arch_isb();
	want_objection("stale walk-cache entry");
}

/* Level 1 is vmsa_init's and no call's: a changed word is seen. */
static void test_model_objects_level1(void **state)
{
	uint64_t *l1 = (uint64_t *)(void *)((uint8_t *)L.l1 +
	                                    VMSA_LPAE_L1_OFFSET);

	(void)state;
	live_page_and_block();
	l1[1] += 0x1000u;
	vmsa_arch_sync_table(&l1[1], 8);
	vmsa_arch_isb();
	want_objection("level 1[1]");
}

/* The engine with no maintenance at all (the table not marked live
 * while the CPU walks it): the model objects. */
static void test_model_objects_engine(void **state)
{
	(void)state;
	live_page_and_block();
	vmsa_set_flags(&L.t, 0, VMSA_TF_LIVE);
	assert_int_equal(remap(B + 2 * MB, PA + 8 * MB, 2 * MB), VMSA_OK);
	vmsa_set_flags(&L.t, VMSA_TF_LIVE, 0);
	assert_true(strict_end() > 0);
}

/* ---- vmsa_init: both levels made visible -------------------------------- */

static void test_init_synced(void **state)
{
	(void)state;
	assert_true(fake_arch_synced(L.l1, 0x4000u));
	assert_true(fake_arch_synced((uint8_t *)L.l1 + VMSA_LPAE_L1_OFFSET,
	                             32u));
	go_live(0, 1);
	strict_window(0, 4 * MB);
	strict_window(0xffc00000u, 4 * MB);
	assert_int_equal(strict_end(), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_init_synced),
		T(test_lpae_sequence_up),
		T(test_lpae_sequence_smp),
		T(test_lpae_sequence_code),
		T(test_lpae_exec_new),
		T(test_lpae_unmap_blocks),
		T(test_lpae_exec_run),
		T(test_lpae_bbm_fields),
		T(test_lpae_uncache),
		T(test_lpae_uncache_remap_onto_cached),
		T(test_model_objects_unsynced),
		T(test_model_objects_half_synced),
		T(test_model_objects_no_tlbi),
		T(test_model_objects_no_break),
		T(test_model_objects_walk_cache),
		T(test_model_objects_level1),
		T(test_model_objects_engine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
