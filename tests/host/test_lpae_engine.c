/*
 * test_lpae_engine.c - the table engine on long descriptors (VMSA_FMT_LPAE,
 * src/engine/lpae): every answer checked against the format module's own
 * walk from level 1 (vmsa_lpae_translate, src/fmt/fmt_lpae.c, which never
 * reads the engine's state), and a page model of what each call should
 * leave. Covered: vmsa_init's level 1, maps of pages and 2MB blocks with
 * output addresses past 4GB, the greedy choice, unmap, protect and remap
 * with their splits and folds, every refusal with the tables unchanged,
 * translate/translate_pa/walk/stats/table_check/adopt, the live
 * maintenance (break-before-make, TLB invalidation by page) through the
 * fake arch. The dumps and a random campaign against a page model:
 * test_lpae_campaign.c; the table and the checks: lpae_help.c.
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
#include "fake_arch.h"
#include "refmodel.h"
#include "lpae_help.h"

/* ---- vmsa_init ---------------------------------------------------------- */

static void test_init(void **state)
{
	const uint64_t *w = (const uint64_t *)(const void *)
	                    ((const uint8_t *)LP.l1 + VMSA_LPAE_L1_OFFSET);
	const uint64_t *top = (const uint64_t *)(const void *)LP.l1;
	uint32_t i;

	(void)state;
	/* Level 1: four table descriptors, one per 4KB of the 16KB. */
	for (i = 0; i < 4; i++)
		assert_true(w[i] == ((PA_BASE + i * 4096ull) | 3u));
	for (i = 0; i < 2048; i++)
		assert_true(top[i] == 0);
	assert_true(vmsa_ttbr0_pa(&LP.t) == PA_BASE + 0x4000u);
	assert_int_equal(vmsa_table_check(&LP.t), VMSA_OK);
	lp_expect_fault(0);
	lp_expect_fault(0xfffff000u);
}

static void test_init_refusals(void **state)
{
	struct vmsa_table t;
	uint8_t *m = LP.mem;

	(void)state;
	memset(&t, 0, sizeof(t));
	/* The pool in 4KB units: 1KB alignment is not enough. */
	assert_int_equal(vmsa_init(&t, VMSA_FMT_LPAE, LP.l1, (vmsa_pa_t){ PA_BASE },
	                           m + POOL_OFF + 1024,
	                           (vmsa_pa_t){ PA_BASE + POOL_OFF + 1024 },
	                           4096), VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_init(&t, VMSA_FMT_LPAE, LP.l1, (vmsa_pa_t){ PA_BASE },
	                           m + POOL_OFF, (vmsa_pa_t){ PA_BASE + POOL_OFF },
	                           4096 + 1024), VMSA_ERR_ALIGN);
	/* l1 16KB aligned; the level-1 table below 4GB. */
	assert_int_equal(vmsa_init(&t, VMSA_FMT_LPAE, LP.l1,
	                           (vmsa_pa_t){ PA_BASE + 0x1000 }, NULL,
	                           (vmsa_pa_t){ 0 }, 0), VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_init(&t, VMSA_FMT_LPAE, LP.l1,
	                           (vmsa_pa_t){ 0x100000000ull - 0x4000 }, NULL,
	                           (vmsa_pa_t){ 0 }, 0), VMSA_ERR_RANGE);
	/* Option bits of the short format are no LPAE format. */
	assert_int_equal(vmsa_init_fmt(&vmsa_format_lpae, &t,
	                               VMSA_FMT_LPAE | VMSA_FMT_PXN, LP.l1,
	                               (vmsa_pa_t){ PA_BASE }, NULL,
	                               (vmsa_pa_t){ 0 }, 0), VMSA_ERR_UNSUPPORTED);
}

/* ---- mapping ------------------------------------------------------------ */

static void test_map_page_and_block(void **state)
{
	struct vmsa_stats st;

	(void)state;
	assert_int_equal(lp_map(0x40000000u, 0x40000000u, 4096, VMSA_DATA), VMSA_OK);
	lp_expect(0x40000000u, 0x40000000u, VMSA_DATA, 3);
	lp_expect_fault(0x40001000u);
	/* A 2MB block, RAM past 4GB. */
	assert_int_equal(lp_map(0x60000000u, 0x880000000ull, 2 * MB, VMSA_CODE),
	                 VMSA_OK);
	lp_expect(0x60000000u, 0x880000000ull, VMSA_CODE, 2);
	lp_expect(0x601ff123u, 0x8801ff123ull, VMSA_CODE, 2);
	/* Pages past 4GB too (the short format needs supersections). */
	assert_int_equal(lp_map(0x70003000u, 0xfff0001000ull, 8192, VMSA_DEVICE),
	                 VMSA_OK);
	lp_expect(0x70004000u, 0xfff0002000ull, VMSA_DEVICE, 3);
	assert_int_equal(vmsa_stats(&LP.t, &st), VMSA_OK);
	assert_int_equal(st.entries, 4);
	assert_int_equal(st.l2_tables, 2);
	assert_int_equal(st.l2_bytes, 2 * 4096);
	assert_true(st.mapped == 2 * MB + 3 * 4096);
	assert_int_equal(vmsa_table_check(&LP.t), VMSA_OK);
}

/* The largest granule alignment allows: pages up to a 2MB boundary,
 * blocks, pages after. */
static void test_greedy(void **state)
{
	uint32_t va = 0x10000000u - 3 * 4096;
	uint64_t size = 3 * 4096 + 4 * MB + 5 * 4096;
	struct vmsa_stats st;

	(void)state;
	assert_int_equal(lp_map(va, va, size, VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_stats(&LP.t, &st), VMSA_OK);
	assert_int_equal(st.entries, 3 + 2 + 5);
	assert_int_equal(st.l2_tables, 2);
	lp_expect(va, va, VMSA_DATA, 3);
	lp_expect(0x10000000u, 0x10000000u, VMSA_DATA, 2);
	lp_expect(0x10200000u, 0x10200000u, VMSA_DATA, 2);
	lp_expect(0x10400000u, 0x10400000u, VMSA_DATA, 3);
	lp_expect_fault(0x10405000u);
	/* VA and PA not congruent modulo 2MB: pages only. */
	assert_int_equal(lp_map(0x20000000u, 0x30001000u, 2 * MB, VMSA_DATA),
	                 VMSA_OK);
	lp_expect(0x20000000u, 0x30001000u, VMSA_DATA, 3);
	lp_expect(0x201ff000u, 0x30200000u, VMSA_DATA, 3);
}

/* Refusals: the codes, and the tables exactly as they were. */
static void test_refusals(void **state)
{
	uint8_t *before = malloc(POOL_OFF + POOL_BYTES);
	struct vmsa_table tb;

	(void)state;
	assert_int_equal(lp_map(0x40000000u, 0x40000000u, 2 * MB, VMSA_DATA),
	                 VMSA_OK);
	assert_int_equal(lp_map(0x50000000u, 0x50000000u, 4096, VMSA_DATA),
	                 VMSA_OK);
	memcpy(before, LP.mem, POOL_OFF + POOL_BYTES);
	tb = LP.t;
	assert_int_equal(lp_map(0x40100000u, 0, 4096, VMSA_DATA),
	                 VMSA_ERR_OVERLAP);
	assert_int_equal(lp_map(0x50000000u, 0, 4096, VMSA_DATA),
	                 VMSA_ERR_OVERLAP);
	assert_int_equal(lp_map(0x50001000u, 0x800, 4096, VMSA_DATA),
	                 VMSA_ERR_ALIGN);
	assert_int_equal(lp_map(0x50001000u, 1ull << 40, 4096, VMSA_DATA),
	                 VMSA_ERR_RANGE);
	/* What long descriptors cannot express. */
	assert_int_equal(lp_map(0x50001000u, 0, 4096,
	                     VMSA_MT_DEVICE_NS | VMSA_RW | VMSA_XN),
	                 VMSA_ERR_UNSUPPORTED);
	assert_int_equal(lp_map(0x50001000u, 0, 4096, VMSA_DATA | VMSA_DOMAIN(3)),
	                 VMSA_ERR_UNSUPPORTED);
	assert_int_equal(vmsa_unmap(&LP.t, (vmsa_va_t){ 0x50001000u }, 4096),
	                 VMSA_ERR_NOTMAPPED);
	assert_int_equal(vmsa_protect(&LP.t, (vmsa_va_t){ 0x4ffff000u }, 8192,
	                              VMSA_RODATA), VMSA_ERR_NOTMAPPED);
	assert_int_equal(memcmp(before, LP.mem, POOL_OFF + POOL_BYTES), 0);
	assert_int_equal(memcmp(&tb, &LP.t, sizeof(tb)), 0);
	free(before);
}

/* A pool too small: VMSA_ERR_NOMEM, nothing written. */
static void test_nomem(void **state)
{
	struct vmsa_table t;
	uint8_t *before = malloc(POOL_OFF + 4096);

	(void)state;
	assert_int_equal(vmsa_init(&t, VMSA_FMT_LPAE, LP.l1,
	                           (vmsa_pa_t){ lp_pa_of(LP.l1) }, LP.pool,
	                           (vmsa_pa_t){ lp_pa_of(LP.pool) }, 4096), VMSA_OK);
	assert_int_equal(vmsa_map(&t, (vmsa_va_t){ 0x1000 }, (vmsa_pa_t){ 0 },
	                          4096, VMSA_DATA), VMSA_OK);
	memcpy(before, LP.mem, POOL_OFF + 4096);
	assert_int_equal(vmsa_map(&t, (vmsa_va_t){ 0x200000 },
	                          (vmsa_pa_t){ 0 }, 4096, VMSA_DATA),
	                 VMSA_ERR_NOMEM);
	assert_int_equal(memcmp(before, LP.mem, POOL_OFF + 4096), 0);
	assert_int_equal(vmsa_table_check(&t), VMSA_OK);
	free(before);
}

/* Two regions sharing a 2MB entry of pages, with PXN and NS, which the
 * short format keeps in the page table's descriptor and long descriptors
 * in the leaves: nothing to conflict (found by the fuzzer). */
static void test_shared_entry_pxn_ns(void **state)
{
	static const vmsa_attr_t as[] = { VMSA_DATA, VMSA_DATA | VMSA_PXN,
	                                  VMSA_DATA | VMSA_NS };
	struct vmsa_region r[2] = {
		{ "a", { 0x40100000u }, { 0x40100000u }, 4096, 0 },
		{ "b", { 0x3ffff000u }, { 0x3ffff000u }, 3 * 4096, 0 },
	};
	struct vmsa_plan plan;
	size_t bad = 9;

	(void)state;
	for (unsigned k = 0; k < 3; k++) {
		assert_int_equal(vmsa_init(&LP.t, VMSA_FMT_LPAE, LP.l1,
		                           (vmsa_pa_t){ lp_pa_of(LP.l1) }, LP.pool,
		                           (vmsa_pa_t){ lp_pa_of(LP.pool) },
		                           POOL_BYTES), VMSA_OK);
		r[0].attrs = r[1].attrs = as[k];
		assert_int_equal(vmsa_plan(&LP.t, VMSA_FMT_LPAE, r, 2, &plan,
		                           &bad), VMSA_OK);
		assert_int_equal(vmsa_map_regions(&LP.t, r, 2, &bad), VMSA_OK);
		lp_expect(0x40100000u, 0x40100000u, as[k], 3);
		lp_expect(0x40000000u, 0x40000000u, as[k], 3);
	}
}

/* One page into a full pool, through the path without a dry run (one
 * request inside one top entry): VMSA_ERR_NOMEM, nothing written (found
 * by the fuzzer: the out-of-pool mark was read before it was set). */
static void test_one_segment_nomem(void **state)
{
	struct vmsa_table t;
	uint8_t *before = malloc(POOL_OFF + 4096);
	size_t bad = 9;
	struct vmsa_region r = { "x", { 0x600000u }, { 0 }, 4096, VMSA_DATA };

	(void)state;
	assert_int_equal(vmsa_init(&t, VMSA_FMT_LPAE, LP.l1,
	                           (vmsa_pa_t){ lp_pa_of(LP.l1) }, LP.pool,
	                           (vmsa_pa_t){ lp_pa_of(LP.pool) }, 4096), VMSA_OK);
	assert_int_equal(vmsa_map(&t, (vmsa_va_t){ 0x1000 }, (vmsa_pa_t){ 0 },
	                          4096, VMSA_DATA), VMSA_OK);
	memcpy(before, LP.mem, POOL_OFF + 4096);
	assert_int_equal(vmsa_map_regions(&t, &r, 1, &bad), VMSA_ERR_NOMEM);
	assert_int_equal(bad, 0);
	assert_int_equal(vmsa_map(&t, (vmsa_va_t){ 0x400000u },
	                          (vmsa_pa_t){ 0 }, 4096, VMSA_DATA),
	                 VMSA_ERR_NOMEM);
	assert_int_equal(memcmp(before, LP.mem, POOL_OFF + 4096), 0);
	assert_int_equal(t.used_units, 1);
	assert_int_equal(vmsa_table_check(&t), VMSA_OK);
	free(before);
}

/* ---- unmap, protect, remap: splits and folds ---------------------------- */

static void test_split_and_fold(void **state)
{
	struct vmsa_stats st;
	uint32_t b = 0x40000000u;

	(void)state;
	assert_int_equal(lp_map(b, 0x100000000ull, 2 * MB, VMSA_DATA), VMSA_OK);
	/* Unmap one page inside the block: 511 pages left. */
	assert_int_equal(vmsa_unmap(&LP.t, (vmsa_va_t){ b + 0x5000 }, 4096),
	                 VMSA_OK);
	lp_expect_fault(b + 0x5000);
	lp_expect(b + 0x4000, 0x100004000ull, VMSA_DATA, 3);
	lp_expect(b + 0x6000, 0x100006000ull, VMSA_DATA, 3);
	assert_int_equal(vmsa_stats(&LP.t, &st), VMSA_OK);
	assert_int_equal(st.entries, 511);
	/* Mapped back as it was: the table folds into the block again. */
	assert_int_equal(lp_map(b + 0x5000, 0x100005000ull, 4096, VMSA_DATA),
	                 VMSA_OK);
	lp_expect(b + 0x5000, 0x100005000ull, VMSA_DATA, 2);
	assert_int_equal(vmsa_stats(&LP.t, &st), VMSA_OK);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.l2_tables, 0);
	/* Protect part of it: cut, then folded back by the second protect. */
	assert_int_equal(vmsa_protect(&LP.t, (vmsa_va_t){ b + 0x10000 }, 0x3000,
	                              VMSA_RODATA), VMSA_OK);
	lp_expect(b + 0x10000, 0x100010000ull, VMSA_RODATA, 3);
	lp_expect(b + 0x13000, 0x100013000ull, VMSA_DATA, 3);
	assert_int_equal(vmsa_protect(&LP.t, (vmsa_va_t){ b + 0x10000 }, 0x3000,
	                              VMSA_DATA), VMSA_OK);
	lp_expect(b + 0x10000, 0x100010000ull, VMSA_DATA, 2);
	/* Remap by a page: pages; by 2MB: blocks. */
	assert_int_equal(vmsa_remap(&LP.t, (vmsa_va_t){ b }, (vmsa_pa_t){
	                 0x200001000ull }, 2 * MB), VMSA_OK);
	lp_expect(b, 0x200001000ull, VMSA_DATA, 3);
	lp_expect(b + 0x1ff000, 0x200200000ull, VMSA_DATA, 3);
	assert_int_equal(vmsa_remap(&LP.t, (vmsa_va_t){ b }, (vmsa_pa_t){
	                 0x200000000ull }, 2 * MB), VMSA_OK);
	lp_expect(b + 0x1234, 0x200001234ull, VMSA_DATA, 2);
	assert_int_equal(vmsa_stats(&LP.t, &st), VMSA_OK);
	assert_int_equal(st.l2_tables, 0);
	assert_int_equal(vmsa_unmap(&LP.t, (vmsa_va_t){ b }, 2 * MB), VMSA_OK);
	lp_expect_fault(b);
	assert_int_equal(vmsa_table_check(&LP.t), VMSA_OK);
}

/* ---- live: the maintenance a change needs ------------------------------- */

static void test_live_maintenance(void **state)
{
	uint32_t b = 0x40000000u;

	(void)state;
	assert_int_equal(lp_map(b, b, 2 * MB, VMSA_DATA), VMSA_OK);
	vmsa_set_flags(&LP.t, VMSA_TF_LIVE, 0);
	/* A new page: written, cleaned, DSB/ISB; no TLBI. */
	fake_arch_reset();
	assert_int_equal(lp_map(0x50000000u, 0, 4096, VMSA_DATA), VMSA_OK);
	assert_int_equal(fake_arch_count_kind(FAKE_TLBI_VA), 0);
	assert_true(fake_arch_count_kind(FAKE_SYNC_TABLE) > 0);
	/* Cutting the block is break-before-make: a TLBIALL (512 pages),
	 * then the table. */
	fake_arch_reset();
	assert_int_equal(vmsa_protect(&LP.t, (vmsa_va_t){ b }, 4096, VMSA_RODATA),
	                 VMSA_OK);
	assert_true(fake_arch_count_kind(FAKE_TLBI_ALL) >= 1);
	/* A protect of one page in place: one TLBI by MVA. */
	fake_arch_reset();
	assert_int_equal(vmsa_protect(&LP.t, (vmsa_va_t){ b + 0x3000 }, 4096,
	                              VMSA_RODATA), VMSA_OK);
	assert_int_equal(fake_arch_count_kind(FAKE_TLBI_VA), 1);
	assert_true(fake_arch_tlbi_covers(b + 0x3000, 0xfffff000u));
	lp_expect(b + 0x3000, b + 0x3000, VMSA_RODATA, 3);
	vmsa_set_flags(&LP.t, 0, VMSA_TF_LIVE);
}

/* ---- readers and checks ------------------------------------------------- */

struct runs {
	unsigned n;
	struct vmsa_run r[8];
};

static void collect(void *arg, const struct vmsa_run *run)
{
	struct runs *rs = arg;

	if (rs->n < 8)
		rs->r[rs->n] = *run;
	rs->n++;
}

static void test_walk_and_adopt(void **state)
{
	struct runs rs = { 0 };
	struct vmsa_table t2;

	(void)state;
	assert_int_equal(lp_map(0x1fe000u, 0x1fe000u, 4 * MB + 0x3000,
	                     VMSA_RODATA), VMSA_OK);
	assert_int_equal(vmsa_walk(&LP.t, (vmsa_va_t){ 0 }, 0, collect, &rs),
	                 VMSA_OK);
	assert_int_equal(rs.n, 3);
	assert_int_equal(rs.r[0].kind, VMSA_KIND_SMALL);
	assert_true(rs.r[0].size == 0x2000);
	assert_int_equal(rs.r[1].kind, VMSA_KIND_BLOCK);
	assert_true(rs.r[1].size == 4 * MB && rs.r[1].count == 2);
	assert_int_equal(rs.r[2].kind, VMSA_KIND_SMALL);
	assert_true(rs.r[2].pa.p == 0x600000u && rs.r[2].size == 0x1000);
	/* Adopted as it stands: the same table, the same answers. */
	assert_int_equal(vmsa_adopt(&t2, VMSA_FMT_LPAE, LP.l1,
	                            (vmsa_pa_t){ lp_pa_of(LP.l1) }, LP.pool,
	                            (vmsa_pa_t){ lp_pa_of(LP.pool) }, POOL_BYTES),
	                 VMSA_OK);
	assert_int_equal(t2.used_units, LP.t.used_units);
	assert_int_equal(vmsa_table_check(&t2), VMSA_OK);
	/* A damaged level 1 is not the engine's. */
	((uint64_t *)(void *)((uint8_t *)LP.l1 + VMSA_LPAE_L1_OFFSET))[2] = 0;
	assert_int_equal(vmsa_adopt(&t2, VMSA_FMT_LPAE, LP.l1,
	                            (vmsa_pa_t){ lp_pa_of(LP.l1) }, LP.pool,
	                            (vmsa_pa_t){ lp_pa_of(LP.pool) }, POOL_BYTES),
	                 VMSA_ERR_CORRUPT);
	assert_int_equal(vmsa_table_check(&LP.t), VMSA_ERR_INVAL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, lt_setup, lt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init),
		T(test_init_refusals),
		T(test_map_page_and_block),
		T(test_greedy),
		T(test_refusals),
		T(test_nomem),
		T(test_one_segment_nomem),
		T(test_shared_entry_pxn_ns),
		T(test_split_and_fold),
		T(test_live_maintenance),
		T(test_walk_and_adopt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
