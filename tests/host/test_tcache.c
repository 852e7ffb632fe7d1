/*
 * test_tcache.c - the writers' template cache in struct vmsa_table:
 *  - a call that finds its attribute word in the cache writes the same
 *    descriptors as one that builds the template (a fresh table), on
 *    every format, for every kind the walker writes;
 *  - a slot a stray write changed (any one word of it, the key included)
 *    or a zeroed slot is never used: the call rebuilds the template and
 *    writes the right descriptors;
 *  - a failed call (bad attributes, an overlap) leaves the struct byte
 *    for byte as it was, cache included; a successful one (map or
 *    protect) keeps its word, and the next call with it finds it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include "harness.h"

#define KB 0x400u
#define MB 0x100000u

static const vmsa_fmt_t fmts[] = {
	VMSA_FMT_V7, VMSA_FMT_V7 | VMSA_FMT_PXN, VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP,
	VMSA_FMT_V5,
};

static vmsa_attr_t attrs_of(vmsa_fmt_t fmt, int k)
{
	bool v5 = fmt == VMSA_FMT_V5;

	switch (k) {
	case 0:
		return VMSA_MT_WRITEBACK | VMSA_RW | (v5 ? 0 : VMSA_XN);
	case 1:         /* ARMv5 has no APX: no read-only for PL1 alone */
		return v5 ? VMSA_MT_WRITETHROUGH | VMSA_RW :
		            VMSA_MT_WRITEBACK | VMSA_RO;
	default:
		return v5 ? VMSA_MT_UNCACHED | VMSA_RW :
		            VMSA_MT_DEVICE | VMSA_RW | VMSA_XN;
	}
}

/* A section, 64KB of large pages and two 4KB pages (and on ARMv5 a 1KB
 * tiny page), with attribute word k; the whole L1 and pool after it. */
static void map_set(struct hx *h, vmsa_attr_t a)
{
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x10000000u),
	                          vmsa_pa(0x40000000u), MB, a), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x10210000u),
	                          vmsa_pa(0x40210000u), 64 * KB, a), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x10302000u),
	                          vmsa_pa(0x40302000u), 8 * KB, a), VMSA_OK);
	if (h->fmt == VMSA_FMT_V5)
		assert_int_equal(vmsa_map(&h->t, vmsa_va(0x10400400u),
		                          vmsa_pa(0x40400400u), KB, a), VMSA_OK);
	assert_int_equal(vmsa_protect(&h->t, vmsa_va(0x10302000u), 4 * KB,
	                              a), VMSA_OK);
}

/* Tables after map_set on a fresh table: every template built. */
static void reference(vmsa_fmt_t fmt, vmsa_attr_t a, struct hx_snap *s)
{
	struct hx r;

	assert_int_equal(hx_init(&r, fmt, 64 * KB), VMSA_OK);
	map_set(&r, a);
	hx_snap_take(&r, s);
	hx_free(&r);
}

static bool tables_as(const struct hx *h, const struct hx_snap *s)
{
	return memcmp(h->l1, s->l1, sizeof s->l1) == 0 &&
	       memcmp(h->pool, s->pool, s->pool_bytes) == 0;
}

/* A fresh table whose cache holds attribute word a: mapped elsewhere
 * (a miss: the slot stored), then unmapped. */
static void fresh_warm(struct hx *h, vmsa_fmt_t fmt, vmsa_attr_t a)
{
	assert_int_equal(hx_init(h, fmt, 64 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x20000000u),
	                 vmsa_pa(0x50000000u), 4 * KB, a), VMSA_OK);
	assert_int_equal(vmsa_unmap(&h->t, vmsa_va(0x20000000u), 4 * KB),
	                 VMSA_OK);
}

static void test_hit_writes_the_same(void **state)
{
	size_t f;
	int k;

	(void)state;
	for (f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		for (k = 0; k < 3; k++) {
			vmsa_attr_t a = attrs_of(fmts[f], k);
			struct hx_snap ref;
			struct hx h;

			reference(fmts[f], a, &ref);
			fresh_warm(&h, fmts[f], a);
			map_set(&h, a);
			assert_true(tables_as(&h, &ref));
			hx_snap_free(&ref);
			hx_free(&h);
		}
	}
}

static void test_changed_slot_not_used(void **state)
{
	size_t f;
	unsigned s, w;

	(void)state;
	for (f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		vmsa_attr_t a = attrs_of(fmts[f], 0);
		struct hx_snap ref;

		reference(fmts[f], a, &ref);
		for (w = 0; w <= VMSA_TMPL_SLOT_WORDS; w++) {
			struct hx h;

			fresh_warm(&h, fmts[f], a);
			/* Every slot: one word flipped, or (w past the last
			 * word) the slot zeroed but for its key. */
			for (s = 0; s < VMSA_TMPL_SLOTS; s++) {
				uint32_t *slot = h.t.tmpl_slot[s];

				if (w < VMSA_TMPL_SLOT_WORDS) {
					slot[w] ^= 0x00000c0cu;
				} else {
					memset(slot, 0, VMSA_TMPL_SLOT_WORDS * 4);
					slot[0] = a;
				}
			}
			map_set(&h, a);
			assert_true(tables_as(&h, &ref));
			hx_free(&h);
		}
		hx_snap_free(&ref);
	}
}

static void test_failed_call_keeps_struct(void **state)
{
	size_t f;

	(void)state;
	for (f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		vmsa_attr_t a = attrs_of(fmts[f], 0), b = attrs_of(fmts[f], 1);
		struct hx_snap s;
		struct hx h;

		assert_int_equal(hx_init(&h, fmts[f], 64 * KB), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x20000000u),
		                 vmsa_pa(0x50000000u), 4 * KB, a), VMSA_OK);
		hx_snap_take(&h, &s);
		/* An overlap with a new attribute word: its template was
		 * built (a miss), the call failed: not kept. */
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x20000000u),
		                 vmsa_pa(0x50000000u), 4 * KB, b),
		                 VMSA_ERR_OVERLAP);
		assert_true(hx_snap_same(&h, &s));
		assert_memory_equal(&h.t, &s.t, sizeof h.t);
		/* Bad attributes, to map and to protect. */
		assert_true(vmsa_map(&h.t, vmsa_va(0x20100000u),
		            vmsa_pa(0x50100000u), 4 * KB,
		            VMSA_MT_WRITEBACK | VMSA_RW | VMSA_RO) < 0);
		assert_true(vmsa_protect(&h.t, vmsa_va(0x20000000u), 4 * KB,
		            VMSA_MT_WRITEBACK | VMSA_RW | VMSA_RO) < 0);
		assert_memory_equal(&h.t, &s.t, sizeof h.t);
		/* Valid new attributes, on nothing mapped: protect fails
		 * after its template was built. */
		assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x20400000u), 4 * KB,
		                 b), VMSA_ERR_NOTMAPPED);
		assert_memory_equal(&h.t, &s.t, sizeof h.t);
		/* A success keeps b: a second call finds it, a third with a
		 * finds a still (two slots used). */
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x20100000u),
		                 vmsa_pa(0x50100000u), 4 * KB, b), VMSA_OK);
		assert_int_equal(h.t.tmpl_next, 2u);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x20200000u),
		                 vmsa_pa(0x50200000u), 4 * KB, b), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x20300000u),
		                 vmsa_pa(0x50300000u), 4 * KB, a), VMSA_OK);
		assert_int_equal(h.t.tmpl_next, 2u);
		/* Protect keeps its word as map does, and finds it again:
		 * the page a's, then c's (a miss, kept), then a's and c's
		 * again (hits). */
		vmsa_attr_t c = attrs_of(fmts[f], 2);
		assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x20000000u), 4 * KB,
		                 c), VMSA_OK);
		assert_int_equal(h.t.tmpl_next, 3u);
		assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x20000000u), 4 * KB,
		                 a), VMSA_OK);
		assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x20000000u), 4 * KB,
		                 c), VMSA_OK);
		assert_int_equal(h.t.tmpl_next, 3u);
		struct vmsa_xlat x;
		vmsa_attr_t want;
		assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x20000000u), &x),
		                 VMSA_OK);
		assert_int_equal(vmsa_attr_canonical(fmts[f], c, &want), VMSA_OK);
		assert_int_equal(x.attrs, want);
		hx_snap_free(&s);
		hx_free(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_writes_the_same),
		cmocka_unit_test(test_changed_slot_not_used),
		cmocka_unit_test(test_failed_call_keeps_struct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
