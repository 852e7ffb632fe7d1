/*
 * test_engine_change.c - the table engine's changes to what is mapped:
 * unmap and split (also without pool room), break-before-make on remap,
 * protect, barriers of a live map, vmsa_walk, and ARMv5 coarse tables
 * turned fine, split live, protected and remapped. As in test_engine.c,
 * each error case asserts the tables unchanged and no arch call; each
 * success is checked with the independent walker (ref_walk), for sync
 * coverage of every written table byte and TLB maintenance of every
 * changed VA.
 *
 * Does not cover: vmsa_init, argument, alignment, pool-exhaustion and
 * overlap errors (test_engine.c); the shared setups and checks are in
 * engine_help.c.
 */
#define _DEFAULT_SOURCE 1 /* fork, kill, nanosleep */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "fake_arch.h"
#include "harness.h"
#include "refmodel.h"
#include "engine_help.h"

/* ---- unmap, split, protect, remap --------------------------------------------- */

static void check_tlbi_for(uint32_t va, uint32_t size)
{
	/* some TLBI_VA inside [va, va+size) or a TLBI_ALL */
	for (size_t i = 0; i < fake_arch_count(); i++) {
		const struct fake_rec *r = fake_arch_get(i);
		if (r->kind == FAKE_TLBI_ALL)
			return;
		if (r->kind == FAKE_TLBI_VA && r->va - va < size)
			return;
	}
	print_message("  no TLB maintenance for VA %#010x (+%#x)\n", va, size);
	fail();
}

static void test_unmap_split(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	/* split a section: unmap 4KB from its middle */
	expect_map(0x10000000, 0x80000000u, MB, VMSA_DATA);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10040000), 4 * KB));
	check_tlbi_for(0x10000000, MB);
	assert_true(fake_arch_count_kind(FAKE_DSB) > 0);
	hx_snap_free(&SNAP);
	expect_fault(0x10040000);
	expect_xlat(0x1003F000, 0x8003F000u, canon(VMSA_DATA), 0);
	expect_xlat(0x10041000, 0x80041000u, canon(VMSA_DATA), 0);
	expect_xlat(0x10000000, 0x80000000u, canon(VMSA_DATA), VMSA_KIND_LARGE);
	expect_xlat(0x100FF000, 0x800FF000u, canon(VMSA_DATA), VMSA_KIND_LARGE);
	/* 15 large + 15 small (the 64KB that lost a page) */
	assert_int_equal(entries(), 30);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.mapped, MB - 4 * KB);
	assert_int_equal(s.l2_tables, 1);
	/* unmapping the rest returns the table to the pool */
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10000000), 256 * KB));
	hx_snap_free(&SNAP);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10041000), MB - 260 * KB));
	check_tlbi_for(0x10041000, 4 * KB);
	check_tlbi_for(0x100F0000, 64 * KB);
	hx_snap_free(&SNAP);
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.l2_tables, 0);
	assert_int_equal(s.entries, 0);
	assert_int_equal(H.t.used_units, 0);
	expect_fault(0x10000000);

	/* split a supersection */
	expect_map(0x20000000, 0x40000000, 16 * MB, WBRW);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x20500000), MB));
	check_tlbi_for(0x20000000, 16 * MB);
	hx_snap_free(&SNAP);
	expect_fault(0x20500000);
	expect_xlat(0x20400000, 0x40400000, canon(WBRW), VMSA_KIND_SECTION);
	expect_xlat(0x20FFF000, 0x40FFF000, canon(WBRW), VMSA_KIND_SECTION);
	assert_int_equal(entries(), 15);

	/* split a large page */
	expect_map(0x30010000, 0x50010000, 64 * KB, WBRW);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x30013000), 4 * KB));
	check_tlbi_for(0x30010000, 64 * KB);
	hx_snap_free(&SNAP);
	expect_fault(0x30013000);
	expect_xlat(0x30012000, 0x50012000, canon(WBRW), VMSA_KIND_SMALL);
	expect_xlat(0x3001F000, 0x5001F000, canon(WBRW), VMSA_KIND_SMALL);
}

static void test_unmap_split_nomem(void **state)
{
	(void)state;
	struct hx small;
	hx_init(&small, V7, 0);
	struct hx saved = H;
	H = small;
	expect_map(0x10000000, 0x80000000u, MB, WBRW);
	EXPECT_FAIL(VMSA_ERR_NOMEM, vmsa_unmap(&H.t, vmsa_va(0x10040000), 4 * KB));
	EXPECT_FAIL(VMSA_ERR_NOMEM, vmsa_protect(&H.t, vmsa_va(0x10040000), 4 * KB,
	                                         VMSA_MT_WRITEBACK | VMSA_RO));
	H = saved;
	hx_free(&small);
}

/* Break-before-make: a valid table word must not change to a different
 * valid word unless it was seen as a fault and a TLBI covering it happened
 * in between. The hook checks the L1 words and those of the L2 tables the
 * L1 pointed to before the call at every arch call. */
struct bbm {
	uint32_t orig_l1[VMSA_L1_ENTRIES];
	uint8_t l1_state[VMSA_L1_ENTRIES];   /* 0 orig, 1 faulted, 2 tlbi'd */
	uint32_t *l2[VMSA_L1_ENTRIES];       /* L2 table host pointer or NULL */
	uint32_t orig_l2[VMSA_L1_ENTRIES][256];
	uint8_t l2_state[VMSA_L1_ENTRIES][256];
	unsigned violations;
};

static struct bbm *BBM;

static void bbm_word(uint32_t now, uint32_t orig, uint8_t *state, uint32_t va,
                     const struct fake_rec *rec, uint32_t span)
{
	if (!(orig & 3u))
		return; /* was a fault: nothing cached */
	if (!(now & 3u)) {
		if (*state == 0)
			*state = 1;
	} else if (now != orig && *state < 2) {
		if (BBM->violations++ < 5)
			print_message("  BBM: VA %#010x word %#010x -> %#010x visible at "
			              "%s #%u without fault+TLBI\n", va, orig, now,
			              fake_call_name(rec->kind), rec->seq);
	}
	/* a TLBI anywhere in the granule the old word translated covers it */
	if (span == MB && (orig & 3u) >= 2u && (orig & (1u << 18)))
		span = 16 * MB; /* supersection (V7) */
	else if (span == 4 * KB && (orig & 3u) == 1u)
		span = 64 * KB; /* large page */
	va &= ~(span - 1);
	if (*state == 1 && (rec->kind == FAKE_TLBI_ALL ||
	    (rec->kind == FAKE_TLBI_VA && rec->va - va < span)))
		*state = 2;
}

static void bbm_hook(void *arg, const struct fake_rec *rec)
{
	(void)arg;
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++) {
		bbm_word(H.l1[i], BBM->orig_l1[i], &BBM->l1_state[i], i << 20, rec, MB);
		if (BBM->l2[i])
			for (unsigned j = 0; j < 256; j++)
				bbm_word(BBM->l2[i][j], BBM->orig_l2[i][j],
				         &BBM->l2_state[i][j], (i << 20) | (j << 12), rec,
				         4 * KB);
	}
}

static void bbm_start(void)
{
	BBM = calloc(1, sizeof(*BBM));
	memcpy(BBM->orig_l1, H.l1, VMSA_L1_BYTES);
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		if ((H.l1[i] & 3u) == 1u) {
			BBM->l2[i] = hx_pool_ptr(&H, H.l1[i] & 0xfffffc00u);
			if (BBM->l2[i])
				memcpy(BBM->orig_l2[i], BBM->l2[i], 1024);
		}
	fake_arch_set_hook(bbm_hook, NULL);
}

static unsigned bbm_end(void)
{
	fake_arch_set_hook(NULL, NULL);
	unsigned v = BBM->violations;
	free(BBM);
	BBM = NULL;
	return v;
}

static void test_remap_bbm(void **state)
{
	(void)state;
	unsigned bbm_total = 0; /* asserted last, so every step runs */
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
	/* Under TF_SMP Normal memory is shareable (vmsa.h): say so. */
	expect_map(0x10000000, 0x80000000u, 2 * MB, VMSA_DATA | VMSA_SHARED);
	expect_map(0x20010000, 0x60010000u, 64 * KB + 8 * KB,
	           VMSA_DATA | VMSA_SHARED);
	/* remap a section: output address changes need BBM */
	bbm_start();
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x10100000), vmsa_pa(0x90100000u), MB));
	bbm_total += bbm_end();
	check_tlbi_for(0x10100000, MB);
	for (size_t i = 0; i < fake_arch_count(); i++) {
		const struct fake_rec *r = fake_arch_get(i);
		if (r->kind == FAKE_TLBI_VA || r->kind == FAKE_TLBI_ALL ||
		    r->kind == FAKE_BP_INVAL)
			assert_true(r->smp); /* TF_SMP: broadcast forms */
	}
	hx_snap_free(&SNAP);
	expect_xlat(0x10100000, 0x90100000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_SECTION);
	expect_xlat(0x10000000, 0x80000000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_SECTION);
	/* remap part of a section: split (BBM on the L1 word) */
	bbm_start();
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x10000000), vmsa_pa(0x70000000u),
	                     64 * KB));
	bbm_total += bbm_end();
	check_tlbi_for(0x10000000, MB);
	hx_snap_free(&SNAP);
	expect_xlat(0x10000000, 0x70000000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_LARGE);
	expect_xlat(0x10010000, 0x80010000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_LARGE);
	/* remap pages inside a table */
	bbm_start();
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x20010000), vmsa_pa(0x61000000u),
	                     64 * KB + 8 * KB));
	bbm_total += bbm_end();
	check_tlbi_for(0x20010000, 64 * KB); /* the large page */
	check_tlbi_for(0x20020000, 4 * KB);
	check_tlbi_for(0x20021000, 4 * KB);
	hx_snap_free(&SNAP);
	expect_xlat(0x20021000, 0x61011000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_SMALL);
	/* memory type change also needs BBM */
	bbm_start();
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10100000), MB, VMSA_DEVICE));
	bbm_total += bbm_end();
	check_tlbi_for(0x10100000, MB);
	hx_snap_free(&SNAP);
	expect_xlat(0x10100000, 0x90100000u, canon(VMSA_DEVICE), VMSA_KIND_SECTION);
	/* unmap that splits a section: the L1 word goes section -> table */
	bbm_start();
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10180000), 4 * KB));
	bbm_total += bbm_end();
	check_tlbi_for(0x10100000, MB);
	hx_snap_free(&SNAP);
	expect_fault(0x10180000);
	expect_xlat(0x10181000, 0x90181000u, canon(VMSA_DEVICE), 0);
	assert_int_equal(bbm_total, 0);
}

static void test_protect(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	expect_map(0x10000000, 0x80000000u, MB, VMSA_DATA);
	/* protect a page in the middle: split, the rest keeps its attrs */
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_RODATA));
	check_tlbi_for(0x10000000, MB);
	for (size_t i = 0; i < fake_arch_count(); i++) {
		const struct fake_rec *r = fake_arch_get(i);
		if (r->kind == FAKE_TLBI_VA || r->kind == FAKE_TLBI_ALL)
			assert_false(r->smp);
	}
	hx_snap_free(&SNAP);
	expect_xlat(0x10080000, 0x80080000u, canon(VMSA_RODATA), VMSA_KIND_SMALL);
	expect_xlat(0x10081000, 0x80081000u, canon(VMSA_DATA), 0);
	expect_xlat(0x1007F000, 0x8007F000u, canon(VMSA_DATA), 0);
	/* protect it back: merging (TF_NO_MERGE not set) restores one section */
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_DATA));
	hx_snap_free(&SNAP);
	expect_xlat(0x10080000, 0x80080000u, canon(VMSA_DATA), 0);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.l2_tables, 0);
	/* with NO_MERGE the split stays split */
	vmsa_set_flags(&H.t, VMSA_TF_NO_MERGE, 0);
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_RODATA));
	hx_snap_free(&SNAP);
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_DATA));
	hx_snap_free(&SNAP);
	vmsa_stats(&H.t, &s);
	assert_true(s.entries > 1);
	for (uint32_t o = 0; o < MB; o += 64 * KB)
		expect_xlat(0x10000000 + o, 0x80000000u + o, canon(VMSA_DATA), 0);
	/* protect errors leave everything alone */
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_protect(&H.t, vmsa_va(0x10000000), MB,
	                                         VMSA_RW));
	EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_protect(&H.t, vmsa_va(0x10000000),
	                                               MB, VMSA_DATA | VMSA_PXN));
}

/* Map into a live table: each written byte is synced, and a DSB (and ISB)
 * follows the last sync. */
static void test_live_map_barriers(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	EXPECT_OK(vmsa_map(&H.t, vmsa_va(0x10000000), vmsa_pa(0x10000000),
	                   MB + 68 * KB, VMSA_CODE));
	hx_snap_free(&SNAP);
	size_t last_sync = 0, last_dsb = 0, n = fake_arch_count();
	for (size_t i = 0; i < n; i++) {
		if (fake_arch_get(i)->kind == FAKE_SYNC_TABLE) last_sync = i + 1;
		if (fake_arch_get(i)->kind == FAKE_DSB) last_dsb = i + 1;
	}
	assert_true(last_sync > 0);
	assert_true(last_dsb > last_sync);
	assert_true(fake_arch_count_kind(FAKE_ISB) > 0);
	assert_int_equal(fake_arch_lock_depth(), 0);
	/* not live: no maintenance but sync */
	vmsa_set_flags(&H.t, 0, VMSA_TF_LIVE);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10000000), MB));
	hx_snap_free(&SNAP);
	assert_int_equal(fake_arch_count(), fake_arch_count_kind(FAKE_SYNC_TABLE));
}

/* ---- walk ---------------------------------------------------------------------- */

struct runs { struct vmsa_run r[16]; int n; };
static void collect(void *arg, const struct vmsa_run *run)
{
	struct runs *rs = arg;
	if (rs->n < 16)
		rs->r[rs->n] = *run;
	rs->n++;
}

static void test_walk(void **state)
{
	(void)state;
	expect_map(0x10000000, 0x80000000u, MB + 64 * KB + 4 * KB, VMSA_DATA);
	expect_map(0xFFF00000u, 0x100000, MB, VMSA_CODE);
	struct runs rs = { .n = 0 };
	assert_int_equal(vmsa_walk(&H.t, vmsa_va(0), 0, collect, &rs), VMSA_OK);
	assert_int_equal(rs.n, 4);
	assert_int_equal(rs.r[0].va.v, 0x10000000);
	assert_int_equal(rs.r[0].kind, VMSA_KIND_SECTION);
	assert_int_equal(rs.r[1].kind, VMSA_KIND_LARGE);
	assert_int_equal(rs.r[1].pa.p, 0x80100000u);
	assert_int_equal(rs.r[2].kind, VMSA_KIND_SMALL);
	assert_int_equal(rs.r[2].size, 4 * KB);
	assert_int_equal(rs.r[3].va.v, 0xFFF00000u);
	assert_int_equal(rs.r[3].size, MB);
	assert_int_equal(rs.r[3].attrs, canon(VMSA_CODE));
	assert_int_equal(vmsa_walk(&H.t, vmsa_va(0xFFF00000u), 2 * MB, collect, &rs),
	                 VMSA_ERR_RANGE);
	assert_int_equal(vmsa_walk(NULL, vmsa_va(0), 0, collect, &rs), VMSA_ERR_INVAL);
}

/* ---- ARMv5 coarse and fine tables ----------------------------------------------- */

static void test_v5_coarse_to_fine(void **state)
{
	(void)state;
	/* a small page first (coarse table), then a tiny page in the same MB */
	expect_map(0x10000000, 0x20000000, 4 * KB, WBRW);
	expect_map(0x10001400, 0x30001400, KB, VMSA_MT_WRITETHROUGH | VMSA_RW);
	expect_xlat(0x10000000, 0x20000000, canon(WBRW), VMSA_KIND_SMALL);
	expect_xlat(0x10000C00, 0x20000C00, canon(WBRW), VMSA_KIND_SMALL);
	expect_xlat(0x10001400, 0x30001400,
	            canon(VMSA_MT_WRITETHROUGH | VMSA_RW), VMSA_KIND_TINY);
	expect_fault(0x10001000);
	expect_fault(0x10001800);
	assert_int_equal(H.l1[0x100] & 3u, 3u); /* now a fine table */
	/* fine tables sit 4KB aligned in PA */
	assert_int_equal(H.l1[0x100] & 0xfffu & ~0x1ffu, 0);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.l2_tables, 1);
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.l2_bytes, VMSA_L2_FINE_BYTES);
}

static void test_v5_split_live(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	expect_map(0x10000000, 0x80000000u, MB, WBRW | VMSA_DOMAIN(7));
	bbm_start();
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10040400), KB));
	assert_int_equal(bbm_end(), 0);
	check_tlbi_for(0x10000000, MB);
	hx_snap_free(&SNAP);
	vmsa_attr_t c = canon(WBRW | VMSA_DOMAIN(7));
	expect_fault(0x10040400);
	expect_xlat(0x10040000, 0x80040000u, c, VMSA_KIND_TINY);
	expect_xlat(0x10040800, 0x80040800u, c, VMSA_KIND_TINY);
	expect_xlat(0x10041000, 0x80041000u, c, VMSA_KIND_SMALL);
	expect_xlat(0x10000000, 0x80000000u, c, VMSA_KIND_LARGE);
	expect_xlat(0x100FFC00, 0x800FFC00u, c, VMSA_KIND_LARGE);
	/* 15 large + 15 small + 3 tiny */
	assert_int_equal(entries(), 33);
	/* and back: unmap everything returns the fine table */
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10000000), 0x40400));
	hx_snap_free(&SNAP);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10040800), MB - 0x40800));
	hx_snap_free(&SNAP);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.l2_tables, 0);
	assert_int_equal(H.t.used_units, 0);
}

/* A 1KB cut inside a large page of an existing coarse table: the table
 * becomes fine first (a large page's 16 entries become 64), then the
 * large page is cut into small pages and the small page into tiny ones;
 * mapping the piece back folds all of it into the large page again. */
static void test_v5_cut_large_in_coarse(void **state)
{
	(void)state;
	vmsa_attr_t c = canon(WBRW);

	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	expect_map(0x10000000, 0x80000000u, 64 * KB, WBRW);
	expect_map(0x10010000, 0x80010000u, 4 * KB, WBRW);
	assert_int_equal(H.l1[0x100] & 3u, 1u);         /* coarse */
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10004400), KB));
	hx_snap_free(&SNAP);
	assert_int_equal(H.l1[0x100] & 3u, 3u);         /* fine */
	expect_fault(0x10004400);
	expect_xlat(0x10004000, 0x80004000u, c, VMSA_KIND_TINY);
	expect_xlat(0x10004800, 0x80004800u, c, VMSA_KIND_TINY);
	expect_xlat(0x10004C00, 0x80004C00u, c, VMSA_KIND_TINY);
	expect_xlat(0x10005000, 0x80005000u, c, VMSA_KIND_SMALL);
	expect_xlat(0x10000000, 0x80000000u, c, VMSA_KIND_SMALL);
	expect_xlat(0x1000FC00, 0x8000FC00u, c, VMSA_KIND_SMALL);
	expect_xlat(0x10010000, 0x80010000u, c, VMSA_KIND_SMALL);
	/* 15 small + 3 tiny + the small page beside */
	assert_int_equal(entries(), 19);
	EXPECT_OK(vmsa_map(&H.t, vmsa_va(0x10004400), vmsa_pa(0x80004400u), KB,
	                   WBRW));
	hx_snap_free(&SNAP);
	expect_xlat(0x10004400, 0x80004400u, c, VMSA_KIND_LARGE);
	expect_xlat(0x10000000, 0x80000000u, c, VMSA_KIND_LARGE);
	expect_xlat(0x10010000, 0x80010000u, c, VMSA_KIND_SMALL);
	assert_int_equal(entries(), 2);
}

static void test_v5_protect_remap(void **state)
{
	(void)state;
	expect_map(0x10000000, 0x80000000u, 64 * KB, WBRW);
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10004000), 4 * KB,
	                       VMSA_MT_UNCACHED | VMSA_RW | VMSA_USER));
	hx_snap_free(&SNAP);
	expect_xlat(0x10004000, 0x80004000u,
	            canon(VMSA_MT_UNCACHED | VMSA_RW | VMSA_USER), VMSA_KIND_SMALL);
	expect_xlat(0x10005000, 0x80005000u, canon(WBRW), VMSA_KIND_SMALL);
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x10008000), vmsa_pa(0x90000000u), 4 * KB));
	hx_snap_free(&SNAP);
	expect_xlat(0x10008000, 0x90000000u, canon(WBRW), VMSA_KIND_SMALL);
	EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_protect(&H.t, vmsa_va(0x10000000),
	                                               4 * KB, VMSA_DATA));
	EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_remap(&H.t, vmsa_va(0x10000000),
	                                       vmsa_pa(0x90000200u), 4 * KB));
}

int main(void)
{
#define T(f, s) cmocka_unit_test_setup_teardown(f, s, teardown)
	const struct CMUnitTest tests[] = {
		T(test_unmap_split, setup_v7),
		T(test_unmap_split_nomem, setup_v7),
		T(test_remap_bbm, setup_v7),
		T(test_protect, setup_v7),
		T(test_live_map_barriers, setup_v7),
		T(test_walk, setup_v7),
		T(test_v5_coarse_to_fine, setup_v5),
		T(test_v5_split_live, setup_v5),
		T(test_v5_cut_large_in_coarse, setup_v5),
		T(test_v5_protect_remap, setup_v5),
	};
	return cmocka_run_group_tests_name("engine_change", tests, NULL, NULL);
}
