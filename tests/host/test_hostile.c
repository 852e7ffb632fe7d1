/*
 * test_hostile.c - the engine against hostile callers and the input bugs
 * users reported: tables vmsa_init never set up or whose fields were
 * corrupted, or moved to values vmsa_init would have accepted (every
 * entry point returns VMSA_ERR_INVAL and touches nothing), 64-bit wrap in vmsa_init's range check, protect of a whole
 * second-level table's worth of pages changing domain/NS/PXN, remap of
 * supersections above 4GB to sections below it, protect/remap of part of
 * a section that changes nothing there, the pool bitmap checked under
 * the SMP lock.
 *
 * Not covered here: the planner's counts and empty arrays (test_plan.c),
 * the region error reports (test_explain.c), the fuzzer's hostile mode
 * (tests/fuzz).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "fake_arch.h"
#include "harness.h"
#include "../../src/engine/valid.h"

#define KB 1024u
#define MB 0x100000u
/* Attributes both formats express, so that a call reaches its table
 * check rather than stopping at the attributes. */
#define WB_RW (VMSA_MT_WRITEBACK | VMSA_RW)

static void noop_run(void *arg, const struct vmsa_run *run)
{
	(void)run;
	(*(unsigned *)arg)++;
}

static void noop_out(void *arg, const char *s)
{
	(void)s;
	(*(unsigned *)arg)++;
}

/* Call every entry point that takes a table on *t and check each one
 * returns VMSA_ERR_INVAL, calls no callback and writes nothing of h.
 * writers_only: the corruption is in the pool bitmap, which only the
 * writers (and vmsa_table_check) read; the readers must then succeed. */
static void entry_points(struct hx *h, struct vmsa_table *t, bool writers_only)
{
	struct hx_snap s;
	struct vmsa_xlat x;
	struct vmsa_stats st;
	struct vmsa_plan p;
	vmsa_pa_t pa;
	size_t bad = 77;
	unsigned calls = 0;
	const struct vmsa_region r = {
		.name = "r", .va = VMSA_VA_C(0x40000000),
		.pa = VMSA_PA_C(0x40000000), .size = 0x1000, .attrs = WB_RW };
	struct vmsa_table copy;

	if (t != NULL)
		memcpy(&copy, t, sizeof(copy));
	hx_snap_take(h, &s);
	assert_int_equal(vmsa_table_check(t), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_map(t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          0x1000, WB_RW), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_map(t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          MB, WB_RW), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_map_regions(t, &r, 1, &bad), VMSA_ERR_INVAL);
	/* An empty array allocates nothing: the bitmap is not checked. */
	assert_int_equal(vmsa_map_regions(t, &r, 0, &bad),
	                 writers_only ? VMSA_OK : VMSA_ERR_INVAL);
	assert_int_equal(vmsa_unmap(t, vmsa_va(0x40000000), 0x1000),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_protect(t, vmsa_va(0x40000000), 0x1000,
	                              WB_RW), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_remap(t, vmsa_va(0x40000000),
	                            vmsa_pa(0x50000000), 0x1000),
	                 VMSA_ERR_INVAL);
	assert_true(hx_snap_same(h, &s));
	hx_snap_free(&s);
	hx_snap_take(h, &s);
	if (writers_only) {
		assert_int_equal(vmsa_translate(t, vmsa_va(0x40000000), &x),
		                 VMSA_OK);
		assert_int_equal(vmsa_stats(t, &st), VMSA_OK);
		assert_int_equal(st.mapped, 0x3000);
		assert_true(hx_snap_same(h, &s));
		hx_snap_free(&s);
		return;
	}
	/* t NULL is the empty table to vmsa_plan. */
	if (t != NULL)
		assert_int_equal(vmsa_plan(t, VMSA_FMT_V7, &r, 1, &p, &bad),
		                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_translate(t, vmsa_va(0x40000000), &x),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_translate_pa(t, vmsa_va(0x40000000), &pa),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_walk(t, vmsa_va(0), 0, noop_run, &calls),
	                 VMSA_ERR_INVAL);
	memset(&st, 0xff, sizeof(st));
	assert_int_equal(vmsa_stats(t, &st), VMSA_ERR_INVAL);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.mapped, 0);
	assert_int_equal(vmsa_dump(t, NULL, 0, noop_out, &calls),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_dump_raw(t, noop_out, &calls), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_check_policy(t, VMSA_POL_ALL, NULL, 0, NULL,
	                                   NULL), VMSA_ERR_INVAL);
	vmsa_set_flags(t, VMSA_TF_LIVE, 0);
	assert_int_equal(calls, 0);
	assert_int_equal(bad, 77);
	/* Nothing written: the struct, the L1 table, the pool. */
	if (t != NULL)
		assert_memory_equal(&copy, t, sizeof(copy));
	assert_true(hx_snap_same(h, &s));
	hx_snap_free(&s);
}

/* A zeroed struct vmsa_table (never passed to vmsa_init). */
static void test_zeroed_table(void **state)
{
	(void)state;
	struct hx h;
	struct vmsa_table z;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * KB), VMSA_OK);
	memset(&z, 0, sizeof(z));
	entry_points(&h, &z, false);
	entry_points(&h, NULL, false);
	hx_free(&h);
}

/* A table vmsa_init set up, then one field corrupted. */
static void test_corrupted_table(void **state)
{
	(void)state;
	static const vmsa_fmt_t fmts[] = { VMSA_FMT_V7, VMSA_FMT_V5 };
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		assert_int_equal(hx_init(&h, fmts[f], 16 * KB), VMSA_OK);
		/* Something mapped, so that a walk would have work. */
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
		                          vmsa_pa(0x40000000), 0x3000,
		                          VMSA_MT_WRITEBACK | VMSA_RW), VMSA_OK);
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		for (unsigned k = 0; k < 16; k++) {
			struct vmsa_table c = h.t;
			switch (k) {
			case 0: c.seal = 0; break;
			case 1: c.l1 = NULL; break;
			case 2: c.l1 = (uint32_t *)((uintptr_t)c.l1 + 4); break;
			case 3: c.fmt = 0; break;
			case 4: c.fmt = 7; break;     /* no format */
			case 5: c.fmt = VMSA_FMT_V5 | VMSA_FMT_PXN; break;
			case 6: c.pool = NULL; break;
			case 7: c.pool_units = VMSA_POOL_MAX_UNITS + 1; break;
			case 8: c.pool_pa.p += 4; break;
			case 9: c.pool_pa.p = ((uint64_t)1 << 32) - KB; break;
			case 10: c.pool_pa.p = UINT64_MAX - 1023; break;
			case 11: c.l1_pa.p += 0x1000; break;
			case 12: c.l1_pa.p = UINT64_MAX - 0x3fff; break;
			case 13: c.used_units = c.pool_units + 1; break;
			case 14: c.used[0] ^= 0x80000000u; break; /* past 16 units */
			default: c.pool = (uint8_t *)((uintptr_t)c.pool + 8); break;
			}
			print_message("  fmt %#x corruption %u\n", fmts[f], k);
			entry_points(&h, &c, k == 14);
		}
		/* The bitmap count: readers do not read it, writers refuse. */
		struct vmsa_table c = h.t;
		c.used_units++;
		c.used[0] |= 1u << 15;
		c.used[0] &= ~1u;       /* count right, bits moved: the */
		c.used_units--;         /* L1 comparison finds the table */
		assert_int_equal(vmsa_table_check(&c), VMSA_ERR_INVAL);
		hx_free(&h);
	}
}

/*
 * A field changed after vmsa_init to another value vmsa_init would have
 * accepted (aligned, in range): each field check passes it, the seal does
 * not. Every call refuses the struct and writes nothing (another table's
 * L1, a smaller or shifted pool, another format would have been written
 * or read as if they were this one's).
 */
static void test_field_moved_to_valid(void **state)
{
	static const vmsa_fmt_t fmts[] = { VMSA_FMT_V7, VMSA_FMT_V5 };

	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h, o;
		assert_int_equal(hx_init(&h, fmts[f], 16 * KB), VMSA_OK);
		assert_int_equal(hx_init(&o, fmts[f], 16 * KB), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
		                          vmsa_pa(0x40000000), 0x3000, WB_RW),
		                 VMSA_OK);
		for (unsigned k = 0; k < 6; k++) {
			struct vmsa_table c = h.t;
			switch (k) {
			case 0: c.l1 = o.t.l1; c.l1_pa = o.t.l1_pa; break;
			case 1: c.l1_pa.p += 0x4000; break;
			case 2: c.pool_units /= 2; break;
			case 3: c.pool_pa.p += KB; break;
			case 4: c.pool = o.t.pool; c.pool_pa = o.t.pool_pa; break;
			default: c.fmt = fmts[f] == VMSA_FMT_V7 ?
			                 VMSA_FMT_V7 | VMSA_FMT_PXN : VMSA_FMT_V7;
				break;
			}
			print_message("  fmt %#x field %u\n", fmts[f], k);
			entry_points(&h, &c, false);
		}
		hx_free(&o);
		hx_free(&h);
	}
}

/*
 * vmsa_table_check does not stop at the seal: a struct whose bad field
 * was sealed again (a forgery the calls' O(1) check cannot see) fails its
 * field-by-field checks. vmsa_table_seal is the engine's own.
 */
static void test_check_reads_fields_past_seal(void **state)
{
	(void)state;
	struct hx h;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * KB), VMSA_OK);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	for (unsigned k = 0; k < 4; k++) {
		struct vmsa_table c = h.t;
		switch (k) {
		case 0: c.l1 = (uint32_t *)((uintptr_t)c.l1 + 4); break;
		case 1: c.pool_pa.p += 4; break;
		case 2: c.fmt = 7; break;     /* no format */
		default: c.pool_units = VMSA_POOL_MAX_UNITS + 1; break;
		}
		c.seal = vmsa_table_seal(&c);
		assert_int_equal(vmsa_table_check(&c), VMSA_ERR_INVAL);
	}
	hx_free(&h);
}

/* An initialised table whose l1 was then set to NULL: vmsa_map crashed. */
static void test_l1_null_after_init(void **state)
{
	(void)state;
	struct hx h;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * KB), VMSA_OK);
	h.t.l1 = NULL;
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          MB, VMSA_DATA), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          0x1000, VMSA_DATA), VMSA_ERR_INVAL);
	hx_free(&h);
}

/* vmsa_init's range check wrapped for table PAs near 2^64. */
static void test_init_range_wrap(void **state)
{
	(void)state;
	struct hx h;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * KB), VMSA_OK);
	struct vmsa_table t;
	memset(&t, 0x3c, sizeof(t));
	struct vmsa_table before = t;
	uint32_t l1_0 = h.l1[0] = 0xdeadbeefu;
	const uint64_t top = UINT64_MAX;
	assert_int_equal(vmsa_init(&t, VMSA_FMT_V7, h.l1, vmsa_pa(top - 16 * KB + 1),
	                           h.pool, vmsa_pa(HX_POOL_PA), 16 * KB),
	                 VMSA_ERR_RANGE);
	assert_int_equal(vmsa_init(&t, VMSA_FMT_V7, h.l1, vmsa_pa(HX_L1_PA),
	                           h.pool, vmsa_pa(top - 4 * KB + 1), 16 * KB),
	                 VMSA_ERR_RANGE);
	assert_int_equal(vmsa_init(&t, VMSA_FMT_V7, h.l1, vmsa_pa(HX_L1_PA),
	                           h.pool, vmsa_pa(top - 4 * KB + 1), 4 * KB),
	                 VMSA_ERR_RANGE);
	assert_int_equal(vmsa_init(&t, VMSA_FMT_V7, h.l1,
	                           vmsa_pa((uint64_t)1 << 32), h.pool,
	                           vmsa_pa(HX_POOL_PA), 16 * KB), VMSA_ERR_RANGE);
	/* Just fits / just does not. */
	assert_int_equal(vmsa_init(&t, VMSA_FMT_V7, h.l1, vmsa_pa(HX_L1_PA),
	                           h.pool, vmsa_pa(((uint64_t)1 << 32) - 12 * KB),
	                           16 * KB), VMSA_ERR_RANGE);
	assert_memory_equal(&t, &before, sizeof(t));
	assert_int_equal(h.l1[0], l1_0);
	assert_int_equal(vmsa_init(&t, VMSA_FMT_V7, h.l1,
	                           vmsa_pa(((uint64_t)1 << 32) - 16 * KB), h.pool,
	                           vmsa_pa(((uint64_t)1 << 32) - 16 * KB),
	                           16 * KB), VMSA_OK);
	assert_int_equal(vmsa_table_check(&t), VMSA_OK);
	hx_free(&h);
}

/* While the L1 table descriptor at l1[idx] changes: was it a fault entry
 * at some TLB invalidation (break-before-make)? */
struct bbm_watch {
	const uint32_t *l1;
	uint32_t idx;
	bool fault_at_tlbi;
};

static void bbm_hook(void *arg, const struct fake_rec *rec)
{
	struct bbm_watch *w = arg;
	if ((rec->kind == FAKE_TLBI_VA || rec->kind == FAKE_TLBI_ALL) &&
	    w->l1[w->idx] == 0)
		w->fault_at_tlbi = true;
}

/* ARMv7: protect of every mapped page of a second-level table with
 * another domain (NS, PXN) returned VMSA_ERR_CONFLICT, although unmap +
 * map gives the same result. The L1 table descriptor changes with
 * break-before-make over its MB. */
static void test_protect_whole_table_domain(void **state)
{
	(void)state;
	static const struct {
		vmsa_fmt_t fmt;
		vmsa_attr_t attrs;
	} cases[] = {
		{ VMSA_FMT_V7, VMSA_DATA | VMSA_DOMAIN(1) },
		{ VMSA_FMT_V7, VMSA_DATA | VMSA_NS },
		{ VMSA_FMT_V7 | VMSA_FMT_PXN, VMSA_DATA | VMSA_PXN },
		{ VMSA_FMT_V7 | VMSA_FMT_PXN, VMSA_DATA | VMSA_NS | VMSA_DOMAIN(3) },
		{ VMSA_FMT_V5, VMSA_MT_WRITEBACK | VMSA_RW | VMSA_DOMAIN(2) },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hx h;
		struct vmsa_xlat x;
		vmsa_attr_t base = cases[i].fmt == VMSA_FMT_V5 ?
		                   (VMSA_MT_WRITEBACK | VMSA_RW) : VMSA_DATA;
		vmsa_attr_t want;
		assert_int_equal(hx_init(&h, cases[i].fmt, 16 * KB), VMSA_OK);
		assert_int_equal(vmsa_attr_canonical(cases[i].fmt,
		                                     cases[i].attrs, &want),
		                 VMSA_OK);
		/* Not live while mapping: no TLB invalidation logged yet. */
		fake_arch_reset();
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x10000000),
		                          vmsa_pa(0x10000000), 8 * KB, base),
		                 VMSA_OK);
		assert_false(fake_arch_tlbi_covers(0x10000000, ~0xfffu));
		uint32_t before = h.l1[0x100];
		vmsa_set_flags(&h.t, VMSA_TF_LIVE, 0);
		struct bbm_watch w = { h.l1, 0x100, false };
		fake_arch_set_hook(bbm_hook, &w);
		assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x10000000), 8 * KB,
		                              cases[i].attrs), VMSA_OK);
		fake_arch_set_hook(NULL, NULL);
		assert_int_not_equal(h.l1[0x100], before);
		assert_true(w.fault_at_tlbi);
		assert_true(fake_arch_synced(&h.l1[0x100], 4));
		for (uint32_t va = 0x10000000; va < 0x10002000; va += 0x1000) {
			assert_true(fake_arch_tlbi_covers(va, ~0xfffu));
			assert_int_equal(vmsa_translate(&h.t, vmsa_va(va), &x),
			                 VMSA_OK);
			assert_int_equal(x.attrs, want);
			assert_int_equal(x.pa.p, va);
		}
		assert_int_equal(hx_unsynced_bytes(&h), 0);
		hx_free(&h);
	}
}

/* The restriction that stays: pages outside the range share the table, so
 * its domain cannot change (and nothing is written). */
static void test_protect_partial_table_conflict(void **state)
{
	(void)state;
	struct hx h;
	struct hx_snap s;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x10000000), vmsa_pa(0x10000000),
	                          8 * KB, VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x100ff000), vmsa_pa(0x100ff000),
	                          4 * KB, VMSA_DATA), VMSA_OK);
	hx_snap_take(&h, &s);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x10000000), 8 * KB,
	                              VMSA_DATA | VMSA_DOMAIN(1)),
	                 VMSA_ERR_CONFLICT);
	/* A large page straddling the range end keeps entries outside. */
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x10000000), 8 * KB), VMSA_OK);
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x100ff000), 4 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x10010000), vmsa_pa(0x20010000),
	                          64 * KB, VMSA_DATA), VMSA_OK);
	hx_snap_free(&s);
	hx_snap_take(&h, &s);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x10010000), 32 * KB,
	                              VMSA_DATA | VMSA_DOMAIN(1)),
	                 VMSA_ERR_CONFLICT);
	assert_true(hx_snap_same(&h, &s));
	/* The whole large page: the table follows. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x10010000), 64 * KB,
	                              VMSA_DATA | VMSA_DOMAIN(1)), VMSA_OK);
	hx_snap_free(&s);
	hx_free(&h);
	/* ARMv5: a 4KB coarse entry straddles a 1KB-aligned range end. */
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 16 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x10000000), vmsa_pa(0x10000000),
	                          4 * KB, VMSA_MT_WRITEBACK | VMSA_RW), VMSA_OK);
	hx_snap_take(&h, &s);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x10000800), 2 * KB,
	                              VMSA_MT_WRITEBACK | VMSA_RW |
	                              VMSA_DOMAIN(1)), VMSA_ERR_CONFLICT);
	assert_true(hx_snap_same(&h, &s));
	hx_snap_free(&s);
	hx_free(&h);
}

/* During the remap, every L1 entry of the 32MB is a fault, the old
 * supersection, or a section at its new address: never a section at a
 * truncated address. */
struct remap_watch {
	const uint32_t *l1;
	uint64_t old_pa, new_pa;
	unsigned bad;
};

static void remap_hook(void *arg, const struct fake_rec *rec)
{
	struct remap_watch *w = arg;
	(void)rec;
	for (uint32_t i = 0x2b0; i < 0x2d0; i++) {
		struct vmsa_desc d;
		uint32_t off = (i - 0x2b0) << 20;
		if (w->l1[i] == 0)
			continue;
		if (vmsa_l1_decode(VMSA_FMT_V7 | VMSA_FMT_PXN, w->l1[i], &d) != VMSA_OK)
			w->bad++;
		else if (d.type == VMSA_DESC_SUPERSECTION)
			w->bad += d.pa.p != w->old_pa + (off & ~0xffffffu);
		else
			w->bad += d.type != VMSA_DESC_SECTION ||
			          d.pa.p != w->new_pa + off;
	}
}

/* ARMv7+PXN, pool of 0: supersections above 4GB remapped to 1MB-aligned
 * addresses below 4GB returned VMSA_ERR_RANGE although 32 sections
 * express the result. */
static void test_remap_high_supersections_down(void **state)
{
	(void)state;
	const vmsa_fmt_t fmt = VMSA_FMT_V7 | VMSA_FMT_PXN;
	for (unsigned live = 0; live < 2; live++) {
		struct hx h;
		struct vmsa_xlat x, x0;
		assert_int_equal(hx_init(&h, fmt, 0), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x2b000000),
		                          vmsa_pa(0xb861000000ull), 32 * MB, 0x2524),
		                 VMSA_OK);
		assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x2b000000), &x0),
		                 VMSA_OK);
		assert_int_equal(x0.kind, VMSA_KIND_SUPERSECTION);
		/* Only part of a supersection: the rest stays above 4GB,
		 * where sections cannot reach. Nothing written. */
		struct hx_snap s;
		hx_snap_take(&h, &s);
		assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x2b000000),
		                            vmsa_pa(0x2e300000), 8 * MB),
		                 VMSA_ERR_RANGE);
		/* Not 1MB-aligned: pages, which a pool of 0 cannot hold; the
		 * whole supersection cannot be written as sections. */
		assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x2b000000),
		                            vmsa_pa(0x2e301000), 32 * MB),
		                 VMSA_ERR_RANGE);
		assert_true(hx_snap_same(&h, &s));
		hx_snap_free(&s);
		if (live)
			vmsa_set_flags(&h.t, VMSA_TF_LIVE, 0);
		struct remap_watch w = { h.l1, 0xb861000000ull, 0x2e300000, 0 };
		fake_arch_reset();
		fake_arch_set_hook(remap_hook, &w);
		assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x2b000000),
		                            vmsa_pa(0x2e300000), 32 * MB), VMSA_OK);
		fake_arch_set_hook(NULL, NULL);
		assert_int_equal(w.bad, 0);
		for (uint32_t off = 0; off < 32 * MB; off += MB) {
			assert_int_equal(vmsa_translate(&h.t,
			                 vmsa_va(0x2b000000 + off + 0x1234), &x),
			                 VMSA_OK);
			assert_int_equal(x.kind, VMSA_KIND_SECTION);
			assert_int_equal(x.pa.p, 0x2e300000ull + off + 0x1234);
			assert_int_equal(x.attrs, x0.attrs);
			/* One TLBI by MVA drops a whole supersection. */
			if (live)
				assert_true(fake_arch_tlbi_covers(0x2b000000 + off,
				                                  ~0xffffffu));
		}
		assert_int_equal(hx_unsynced_bytes(&h), 0);
		hx_free(&h);
	}
}

/* A protect or remap that leaves part of a section as it is cut the
 * section (a table: VMSA_ERR_NOMEM with an empty pool) although the end
 * state is the section itself. Granules the call does not change are now
 * neither cut nor rewritten (no maintenance either). */
static void test_unchanged_section_needs_no_table(void **state)
{
	(void)state;
	struct hx h;
	struct hx_snap s;
	vmsa_attr_t ro = VMSA_RODATA;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 0), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80000000),
	                          2 * MB, VMSA_DATA), VMSA_OK);
	uint32_t w0 = h.l1[0x400], w1 = h.l1[0x401];
	vmsa_set_flags(&h.t, VMSA_TF_LIVE, 0);
	fake_arch_reset();
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40080000), 512 * KB,
	                              VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x40080000),
	                            vmsa_pa(0x80080000), 4 * KB), VMSA_OK);
	assert_int_equal(h.l1[0x400], w0);
	assert_int_equal(fake_arch_count_kind(FAKE_TLBI_VA) +
	                 fake_arch_count_kind(FAKE_TLBI_ALL), 0);
	/* Across both sections: the first changes (whole), the second is
	 * cut where it changes: that end state needs a table. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40000000), 1 * MB + 4 * KB,
	                              ro), VMSA_ERR_NOMEM);
	assert_int_equal(h.l1[0x400], w0);
	assert_int_equal(h.l1[0x401], w1);
	/* Whole first section, part of the second with its own attributes:
	 * no table. */
	hx_snap_take(&h, &s);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40000000), MB, ro),
	                 VMSA_OK);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40000000), MB + 4 * KB,
	                              ro), VMSA_ERR_NOMEM);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x400ff000), 8 * KB,
	                              ro), VMSA_ERR_NOMEM);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x400f0000), 64 * KB,
	                              ro), VMSA_OK);
	assert_int_equal(h.l1[0x401], w1);
	hx_snap_free(&s);
	hx_free(&h);
}

/* With VMSA_TF_SMP another CPU's writer changes the pool bitmap and
 * used_units under the engine's lock: seen before the lock they may
 * disagree (that CPU between its two updates), and the check then
 * refused a valid call with VMSA_ERR_INVAL (caught on QEMU with 4 CPUs).
 * Here the fake lock plays the other CPU: the bitmap is mid-update until
 * the lock is taken, and each writer must succeed. */
struct other_cpu {
	struct vmsa_table *t;
	bool pending;
};

static void finish_on_lock(void *arg, const struct fake_rec *rec)
{
	struct other_cpu *o = arg;
	if (rec->kind == FAKE_LOCK && o->pending) {
		o->t->used_units--;     /* the other CPU completes its free */
		o->pending = false;
	}
}

static void test_bitmap_checked_under_lock(void **state)
{
	(void)state;
	struct hx h;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * KB), VMSA_OK);
	vmsa_set_flags(&h.t, VMSA_TF_SMP, 0);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          MB, VMSA_DATA), VMSA_OK);
	struct other_cpu o = { &h.t, false };
	fake_arch_set_hook(finish_on_lock, &o);
	for (unsigned k = 0; k < 5; k++) {
		/* The other CPU cleared a bitmap bit, not yet the count. */
		h.t.used_units++;
		o.pending = true;
		int rc;
		switch (k) {
		case 0: rc = vmsa_map(&h.t, vmsa_va(0x50000000),
		                      vmsa_pa(0x50000000), 4 * KB, VMSA_DATA); break;
		case 1: rc = vmsa_map(&h.t, vmsa_va(0x51000000),
		                      vmsa_pa(0x51000000), MB, VMSA_DATA); break;
		case 2: rc = vmsa_protect(&h.t, vmsa_va(0x40000000), 4 * KB,
		                          VMSA_RODATA); break;
		case 3: rc = vmsa_remap(&h.t, vmsa_va(0x40000000),
		                        vmsa_pa(0x60000000), 4 * KB); break;
		default: rc = vmsa_unmap(&h.t, vmsa_va(0x40000000), 4 * KB); break;
		}
		assert_false(o.pending);
		assert_int_equal(rc, VMSA_OK);
		assert_int_equal(fake_arch_lock_depth(), 0);
	}
	fake_arch_set_hook(NULL, NULL);
	/* Inconsistent under the lock too. Writers do not count the bitmap
	 * (O(pool)): a map that takes a table counts free units in the
	 * bitmap it takes them from, so it succeeds with a unit the bitmap
	 * had free, and vmsa_table_check reports the count. */
	h.t.used_units++;
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x52000000), vmsa_pa(0x52000000),
	                          4 * KB, VMSA_DATA), VMSA_OK);
	assert_int_equal(fake_arch_lock_depth(), 0);
	vmsa_pa_t out;
	assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x52000010), &out),
	                 VMSA_OK);
	assert_true(out.p == 0x52000010u);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_ERR_INVAL);
	/* The count put back: consistent, the tables as the bitmap says. */
	h.t.used_units--;
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	/* A full bitmap, whatever the count: out of pool, nothing written. */
	uint32_t used0 = h.t.used[0], units = h.t.used_units;
	struct hx_snap s;
	h.t.used[0] = 0xffffu;          /* all 16 units */
	h.t.used_units = 0;
	hx_snap_take(&h, &s);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x53000000), vmsa_pa(0x53000000),
	                          4 * KB, VMSA_DATA), VMSA_ERR_NOMEM);
	assert_true(hx_snap_same(&h, &s));
	hx_snap_free(&s);
	h.t.used[0] = used0;
	h.t.used_units = units;
	hx_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zeroed_table),
		cmocka_unit_test(test_corrupted_table),
		cmocka_unit_test(test_field_moved_to_valid),
		cmocka_unit_test(test_check_reads_fields_past_seal),
		cmocka_unit_test(test_l1_null_after_init),
		cmocka_unit_test(test_init_range_wrap),
		cmocka_unit_test(test_protect_whole_table_domain),
		cmocka_unit_test(test_protect_partial_table_conflict),
		cmocka_unit_test(test_remap_high_supersections_down),
		cmocka_unit_test(test_unchanged_section_needs_no_table),
		cmocka_unit_test(test_bitmap_checked_under_lock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
