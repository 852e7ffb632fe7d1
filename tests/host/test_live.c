/*
 * test_live.c - the live-table sequences of tests/qemu/test_live.c on the
 * host, with the fake arch recording every maintenance call:
 *  - remap of part of a section or supersection that does not start at
 *    the granule's start (was VMSA_ERR_RANGE: the 4GB check used the
 *    granule's start, before the range, as if it were inside it);
 *  - split and merge back (supersection, section, large page; unmap,
 *    protect, remap), vmsa_stats equal after each restore, with a
 *    break-before-make checker on every synced table write: no word goes
 *    from one valid output address or granule to another in one write, and
 *    a broken entry is made valid again only after a TLB invalidation and
 *    a DSB;
 *  - VMSA_TF_SMP: every TLB and predictor call uses the broadcast form and
 *    each call takes the lock once; without it, no lock and local forms;
 *  - NOMEM during a partial remap: tables unchanged, no maintenance.
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
#include <vmsa/desc.h>
#include "fake_arch.h"
#include "harness.h"

#define KB 0x400u
#define MB 0x100000u
#define V7 VMSA_FMT_V7
#define POOL (64 * KB)

static struct hx H;

static int setup(void **state)
{
	(void)state;
	fake_arch_reset();
	return hx_init(&H, V7, POOL);
}

static int teardown(void **state)
{
	(void)state;
	fake_arch_set_hook(NULL, NULL);
	hx_free(&H);
	return 0;
}

static void expect_xlat(uint32_t va, uint64_t pa, enum vmsa_kind k)
{
	struct vmsa_xlat x;
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(va), &x), VMSA_OK);
	assert_int_equal(x.pa.p, pa);
	assert_int_equal(x.kind, k);
}

/* ---- break-before-make checker ------------------------------------------ */

#define NWORDS (VMSA_L1_ENTRIES + POOL / 4)
static struct {
	uint32_t shadow[NWORDS];
	uint32_t broken_at[NWORDS];   /* seq of the break, 0 = not broken */
	uint32_t tlbi_seq, inval_seq; /* last TLBI; last TLBI followed by DSB */
	uint32_t violations, breaks;
} B;

static bool word_info(size_t i, uint32_t w, uint32_t *type, uint64_t *pa)
{
	struct vmsa_desc d;
	int rc = i < VMSA_L1_ENTRIES ? vmsa_l1_decode(V7, w, &d) :
	         vmsa_l2_decode(V7, false, w, &d);
	if (rc != VMSA_OK || d.type == VMSA_DESC_FAULT)
		return false;
	*type = d.type;
	*pa = d.pa.p;
	return true;
}

static void bbm_word(size_t i, uint32_t now, uint32_t seq)
{
	uint32_t was = B.shadow[i], t0 = 0, t1 = 0;
	uint64_t p0 = 0, p1 = 0;
	bool v0, v1;

	if (was == now)
		return;
	v0 = word_info(i, was, &t0, &p0);
	v1 = word_info(i, now, &t1, &p1);
	if (v0 && v1 && (t0 != t1 || p0 != p1)) {
		print_message("BBM: word %zu 0x%08x -> 0x%08x in one write\n",
		              i, was, now);
		B.violations++;
	}
	if (v0 && !v1) {
		B.broken_at[i] = seq + 1;
		B.breaks++;
	}
	if (!v0 && v1 && B.broken_at[i]) {
		if (B.inval_seq < B.broken_at[i]) {
			print_message("BBM: word %zu remade before TLBI+DSB\n", i);
			B.violations++;
		}
		B.broken_at[i] = 0;
	}
	B.shadow[i] = now;
}

/* Is pool unit u a table some L1 entry points to? */
static bool linked(size_t u)
{
	uint32_t pa = HX_POOL_PA + (uint32_t)u * KB;
	for (size_t i = 0; i < VMSA_L1_ENTRIES; i++)
		if ((H.l1[i] & 3u) == 1u && (H.l1[i] & ~0x3ffu) == pa)
			return true;
	return false;
}

static void bbm_hook(void *arg, const struct fake_rec *r)
{
	(void)arg;
	if (r->kind == FAKE_TLBI_VA || r->kind == FAKE_TLBI_ALL)
		B.tlbi_seq = r->seq + 1;
	if (r->kind == FAKE_DSB && B.tlbi_seq)
		B.inval_seq = r->seq + 1;
	if (r->kind != FAKE_SYNC_TABLE)
		return;
	const uint32_t *p = r->ptr;
	for (size_t k = 0; k < r->len / 4; k++) {
		const uint32_t *w = p + k;
		if (w >= H.l1 && w < H.l1 + VMSA_L1_ENTRIES)
			bbm_word((size_t)(w - H.l1), *w, r->seq);
		else if ((const uint8_t *)w >= H.pool &&
		         (const uint8_t *)w < H.pool + POOL) {
			size_t off = (size_t)((const uint8_t *)w - H.pool);
			if (linked(off / KB))
				bbm_word(VMSA_L1_ENTRIES + off / 4, *w, r->seq);
			else    /* not reachable by the walker: no rule */
				B.shadow[VMSA_L1_ENTRIES + off / 4] = *w;
		}
	}
}

static void bbm_start(void)
{
	memset(&B, 0, sizeof B);
	memcpy(B.shadow, H.l1, VMSA_L1_BYTES);
	memcpy(B.shadow + VMSA_L1_ENTRIES, H.pool, POOL);
	fake_arch_reset();
	fake_arch_set_hook(bbm_hook, NULL);
}

static void bbm_end(void)
{
	fake_arch_set_hook(NULL, NULL);
	assert_int_equal(B.violations, 0);
}

/* ---- tests ----------------------------------------------------------------- */

static void test_remap_inside_granule(void **state)
{
	(void)state;
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10000000), vmsa_pa(0x80000000u),
	                          MB, VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x20000000), vmsa_pa(0x81000000u),
	                          16 * MB, VMSA_DATA), VMSA_OK);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	bbm_start();
	/* 4KB in the middle of a section: before the fix, VMSA_ERR_RANGE. */
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(0x10081000),
	                            vmsa_pa(0x70000000u), 4 * KB), VMSA_OK);
	expect_xlat(0x10081000, 0x70000000u, VMSA_KIND_SMALL);
	expect_xlat(0x10080000, 0x80080000u, VMSA_KIND_SMALL);
	expect_xlat(0x10000000, 0x80000000u, VMSA_KIND_LARGE);
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(0x10081000),
	                            vmsa_pa(0x80081000u), 4 * KB), VMSA_OK);
	expect_xlat(0x10081000, 0x80081000u, VMSA_KIND_SECTION);
	/* 1MB in the middle of a supersection, and back. */
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(0x20500000),
	                            vmsa_pa(0x60000000u), MB), VMSA_OK);
	expect_xlat(0x20500000, 0x60000000u, VMSA_KIND_SECTION);
	expect_xlat(0x20600000, 0x81600000u, VMSA_KIND_SECTION);
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(0x20500000),
	                            vmsa_pa(0x81500000u), MB), VMSA_OK);
	expect_xlat(0x20000000, 0x81000000u, VMSA_KIND_SUPERSECTION);
	/* Still refused where the new PA really passes 4GB. */
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(0x10081000),
	                            vmsa_pa(0xfffff000u), 8 * KB), VMSA_ERR_RANGE);
	bbm_end();
}

static void stats_same(const struct vmsa_stats *a)
{
	struct vmsa_stats b;
	vmsa_stats(&H.t, &b);
	assert_int_equal(a->entries, b.entries);
	assert_int_equal(a->descriptors, b.descriptors);
	assert_int_equal(a->l2_tables, b.l2_tables);
	assert_int_equal(a->mapped, b.mapped);
}

/* The sequence of tests/qemu/test_live.c's split_merge_tests. Returns
 * the number of engine calls. */
static unsigned split_merge_sequence(void)
{
	const uint32_t SUP = 0xD4000000u, SEC = 0xD5000000u, LRG = 0xD5100000u;
	const uint32_t PL = 0x63000000u;
	struct vmsa_stats st1;
	unsigned calls = 0;

#define CALL(x) do { assert_int_equal((x), VMSA_OK); calls++; } while (0)
	CALL(vmsa_map(&H.t, vmsa_va(SUP), vmsa_pa(PL), 16 * MB, VMSA_DATA));
	CALL(vmsa_map(&H.t, vmsa_va(SEC), vmsa_pa(PL + MB), MB, VMSA_DATA));
	CALL(vmsa_map(&H.t, vmsa_va(LRG), vmsa_pa(PL + 2 * MB), 64 * KB, VMSA_DATA));
	vmsa_stats(&H.t, &st1);

	CALL(vmsa_unmap(&H.t, vmsa_va(SUP + 0x7a3000), 4 * KB));
	expect_xlat(SUP, PL, VMSA_KIND_SECTION);
	expect_xlat(SUP + 0x7a4000, PL + 0x7a4000, VMSA_KIND_SMALL);
	expect_xlat(SUP + 0x7b0000, PL + 0x7b0000, VMSA_KIND_LARGE);
	CALL(vmsa_map(&H.t, vmsa_va(SUP + 0x7a3000), vmsa_pa(PL + 0x7a3000),
	              4 * KB, VMSA_DATA));
	expect_xlat(SUP, PL, VMSA_KIND_SUPERSECTION);
	stats_same(&st1);

	CALL(vmsa_unmap(&H.t, vmsa_va(SUP + 6 * MB), MB));
	CALL(vmsa_map(&H.t, vmsa_va(SUP + 6 * MB), vmsa_pa(PL + 6 * MB), MB,
	              VMSA_DATA));
	stats_same(&st1);

	CALL(vmsa_unmap(&H.t, vmsa_va(SEC + 0x40000), 64 * KB));
	expect_xlat(SEC, PL + MB, VMSA_KIND_LARGE);
	CALL(vmsa_map(&H.t, vmsa_va(SEC + 0x40000), vmsa_pa(PL + MB + 0x40000),
	              64 * KB, VMSA_DATA));
	expect_xlat(SEC, PL + MB, VMSA_KIND_SECTION);
	stats_same(&st1);

	CALL(vmsa_protect(&H.t, vmsa_va(LRG + 0x3000), 4 * KB, VMSA_RODATA));
	expect_xlat(LRG, PL + 2 * MB, VMSA_KIND_SMALL);
	CALL(vmsa_protect(&H.t, vmsa_va(LRG + 0x3000), 4 * KB, VMSA_DATA));
	expect_xlat(LRG, PL + 2 * MB, VMSA_KIND_LARGE);
	stats_same(&st1);

	CALL(vmsa_protect(&H.t, vmsa_va(SUP + 0xa00000), 64 * KB,
	                  VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN));
	CALL(vmsa_protect(&H.t, vmsa_va(SUP + 0xa00000), 64 * KB, VMSA_DATA));
	expect_xlat(SUP, PL, VMSA_KIND_SUPERSECTION);
	stats_same(&st1);

	CALL(vmsa_remap(&H.t, vmsa_va(SEC + 0x81000), vmsa_pa(PL + 0x81000),
	                4 * KB));
	expect_xlat(SEC + 0x81000, PL + 0x81000, VMSA_KIND_SMALL);
	CALL(vmsa_remap(&H.t, vmsa_va(SEC + 0x81000), vmsa_pa(PL + MB + 0x81000),
	                4 * KB));
	expect_xlat(SEC, PL + MB, VMSA_KIND_SECTION);
	stats_same(&st1);

	CALL(vmsa_unmap(&H.t, vmsa_va(SUP), 16 * MB));
	CALL(vmsa_unmap(&H.t, vmsa_va(SEC), MB + 64 * KB));
#undef CALL
	return calls;
}

static void check_forms(bool smp, unsigned calls)
{
	size_t n = fake_arch_count();
	for (size_t i = 0; i < n; i++) {
		const struct fake_rec *r = fake_arch_get(i);
		if (r->kind == FAKE_TLBI_VA || r->kind == FAKE_TLBI_ALL ||
		    r->kind == FAKE_BP_INVAL)
			assert_int_equal(r->smp, smp);
	}
	assert_int_equal(fake_arch_count_kind(FAKE_LOCK), smp ? calls : 0);
	assert_int_equal(fake_arch_count_kind(FAKE_UNLOCK), smp ? calls : 0);
	assert_int_equal(fake_arch_lock_depth(), 0);
}

static void test_split_merge_live_smp(void **state)
{
	struct vmsa_stats st0;
	(void)state;
	vmsa_stats(&H.t, &st0);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
	bbm_start();
	unsigned calls = split_merge_sequence();
	bbm_end();
	assert_true(B.breaks > 0);
	check_forms(true, calls);
	stats_same(&st0);
	assert_int_equal(H.t.used_units, 0);
}

static void test_split_merge_live_up(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	bbm_start();
	unsigned calls = split_merge_sequence();
	bbm_end();
	check_forms(false, calls);
}

static void test_remap_nomem_atomic(void **state)
{
	struct hx_snap s;
	uint32_t n = 0;
	(void)state;
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10000000), vmsa_pa(0x80000000u),
	                          MB, VMSA_DATA), VMSA_OK);
	while (vmsa_map(&H.t, vmsa_va(0x40000000u + n * MB), vmsa_pa(0x90000000u),
	                4 * KB, VMSA_DATA) == VMSA_OK)
		n++;
	assert_int_equal(n, POOL / KB);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
	hx_snap_take(&H, &s);
	fake_arch_reset();
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(0x10081000),
	                            vmsa_pa(0x70000000u), 4 * KB), VMSA_ERR_NOMEM);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(0x10081000), 4 * KB),
	                 VMSA_ERR_NOMEM);
	assert_int_equal(vmsa_protect(&H.t, vmsa_va(0x10081000), 4 * KB,
	                              VMSA_RODATA), VMSA_ERR_NOMEM);
	assert_true(hx_snap_same(&H, &s));
	/* Only the lock was taken and released: no table write, no TLBI. */
	assert_int_equal(fake_arch_count(), 6);
	assert_int_equal(fake_arch_count_kind(FAKE_LOCK), 3);
	assert_int_equal(fake_arch_lock_depth(), 0);
	hx_snap_free(&s);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_remap_inside_granule),
		T(test_split_merge_live_smp),
		T(test_split_merge_live_up),
		T(test_remap_nomem_atomic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
