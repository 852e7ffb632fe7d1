/*
 * test_coverage.c - paths the other suites left unrun, each
 * checked against the contract in include/vmsa.h:
 *  - vmsa_translate_pa agrees with vmsa_translate on every granule kind of
 *    every format (supersections above 4GB, large, small, tiny pages,
 *    faults at both levels) and its own error codes (INVAL, BUSY);
 *  - error precedence of unmap/remap/protect: a range not wholly mapped is
 *    VMSA_ERR_NOTMAPPED even where a part of it could not be cut (fuzzer,
 *    tests/fuzz/corpus/bug4-notmapped-before-range.hex);
 *  - ARMv5: 1KB protect/remap inside a coarse table upgrades it to fine;
 *  - lint findings: vmsa_format_run(NULL), vmsa_desc_bits of an invalid
 *    format.
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
#include "harness.h"

#define WBRW (VMSA_MT_WRITEBACK | VMSA_RW)

/* vmsa_translate_pa(va) == vmsa_translate(va).pa, or the same error. */
static void same_pa(const struct hx *h, uint32_t va)
{
	struct vmsa_xlat x;
	vmsa_pa_t pa = { 0 };
	int a = vmsa_translate(&h->t, vmsa_va(va), &x);
	int b = vmsa_translate_pa(&h->t, vmsa_va(va), &pa);

	if (a == VMSA_ERR_UNSUPPORTED)  /* attributes only: PA still defined */
		a = VMSA_OK;
	if (a != b)
		fail_msg("va %#x: translate %d, translate_pa %d", va, a, b);
	if (a == VMSA_OK && pa.p != x.pa.p)
		fail_msg("va %#x: translate %#llx, translate_pa %#llx", va,
		         (unsigned long long)x.pa.p, (unsigned long long)pa.p);
}

/* Every 1KB of [va, va+size) and the granule ends. */
static void same_pa_range(const struct hx *h, uint32_t va, uint32_t size)
{
	for (uint64_t o = 0; o < size; o += 0x400)
		same_pa(h, (uint32_t)(va + o));
	same_pa(h, va + size - 1);
	same_pa(h, va + size);
}

static void test_translate_pa_v7(void **state)
{
	static const vmsa_fmt_t fmts[] = {
		VMSA_FMT_V7, VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP,
		VMSA_FMT_V7 | VMSA_FMT_PXN,
	};
	(void)state;
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct hx h;
		vmsa_pa_t pa;
		assert_int_equal(hx_init(&h, fmts[i], 16 * 1024), VMSA_OK);
		/* supersection above 4GB, section, large, small pages */
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x41000000),
		                          vmsa_pa(0x4500000000ull),
		                          0x1000000, VMSA_DATA), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x50000000),
		                          vmsa_pa(0x80000000), 0x100000, VMSA_CODE),
		                 VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000),
		                          vmsa_pa(0x90010000), 0x10000, VMSA_DATA),
		                 VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60020000),
		                          vmsa_pa(0x90123000), 0x3000, VMSA_DEVICE),
		                 VMSA_OK);
		same_pa_range(&h, 0x41000000, 0x1000000);
		same_pa_range(&h, 0x50000000, 0x100000);
		same_pa_range(&h, 0x60000000, 0x30000);
		/* L1 fault and L2 fault */
		assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0), &pa),
		                 VMSA_ERR_NOTMAPPED);
		assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x60010000), &pa),
		                 VMSA_ERR_NOTMAPPED);
		/* The high supersection keeps its 40-bit PA. */
		assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x41abcdef), &pa),
		                 VMSA_OK);
		assert_int_equal(pa.p, 0x4500000000ull + 0xabcdef);
		hx_free(&h);
	}
}

static void test_translate_pa_v7_pxn_section(void **state)
{
	struct hx h;
	vmsa_pa_t pa;
	struct vmsa_xlat x;
	(void)state;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7 | VMSA_FMT_PXN, 16 * 1024),
	                 VMSA_OK);
	/* A PXN section (L1 type 0b01 with bit 0 = PXN on this format) and
	 * pages under a PXN table. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x50000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_DATA | VMSA_PXN), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000), vmsa_pa(0x90000000),
	                          0x1000, VMSA_DATA | VMSA_PXN), VMSA_OK);
	assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x50012345), &pa),
	                 VMSA_OK);
	assert_int_equal(pa.p, 0x80012345);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x60000123), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0x90000123);
	assert_true(x.attrs & VMSA_PXN);
	same_pa_range(&h, 0x50000000, 0x100000);
	same_pa_range(&h, 0x60000000, 0x1000);
	hx_free(&h);
}

static void test_translate_pa_v5(void **state)
{
	struct hx h;
	vmsa_pa_t pa;
	(void)state;
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 16 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x50000000), vmsa_pa(0x80000000),
	                          0x100000, WBRW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000), vmsa_pa(0x90010000),
	                          0x10000, WBRW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60020000), vmsa_pa(0x90123000),
	                          0x2000, WBRW), VMSA_OK);
	/* Tiny pages: a fine table, which also holds large and small pages. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x70000000), vmsa_pa(0xa0000000),
	                          0x10000, WBRW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x70010000), vmsa_pa(0xa0100000),
	                          0x1000, WBRW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x70011400), vmsa_pa(0xa0200c00),
	                          0xc00, WBRW), VMSA_OK);
	same_pa_range(&h, 0x50000000, 0x100000);
	same_pa_range(&h, 0x60000000, 0x30000);
	same_pa_range(&h, 0x70000000, 0x13000);
	assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x70011abc), &pa),
	                 VMSA_OK);
	assert_int_equal(pa.p, 0xa0200c00 + 0x6bc);
	assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x70011000), &pa),
	                 VMSA_ERR_NOTMAPPED);
	hx_free(&h);
}

/* INVAL for NULL; BUSY for an L1 table entry outside the pool (nothing
 * read from there), for both formats. */
static void test_translate_pa_errors(void **state)
{
	static const vmsa_fmt_t fmts[] = { VMSA_FMT_V7, VMSA_FMT_V5 };
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct hx h;
		vmsa_pa_t pa;
		struct vmsa_xlat x;
		assert_int_equal(hx_init(&h, fmts[i], 4 * 1024), VMSA_OK);
		assert_int_equal(vmsa_translate_pa(NULL, vmsa_va(0), &pa),
		                 VMSA_ERR_INVAL);
		assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0), NULL),
		                 VMSA_ERR_INVAL);
		/* coarse table (type 01) at 0x10000000, far below the pool,
		 * and one just past its end */
		h.l1[0x100] = 0x10000000u | 1u;
		h.l1[0x101] = (uint32_t)(HX_POOL_PA + h.pool_bytes) | 1u;
		assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x10000000), &pa),
		                 VMSA_ERR_BUSY);
		assert_int_equal(vmsa_translate_pa(&h.t, vmsa_va(0x10100000), &pa),
		                 VMSA_ERR_BUSY);
		assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x10100000), &x),
		                 VMSA_ERR_BUSY);
		if (fmts[i] == VMSA_FMT_V5) {
			/* fine table (type 11) outside the pool */
			h.l1[0x102] = 0x20000000u | 3u;
			assert_int_equal(vmsa_translate_pa(&h.t,
			                 vmsa_va(0x10200000), &pa), VMSA_ERR_BUSY);
		}
		h.l1[0x100] = h.l1[0x101] = h.l1[0x102] = 0;
		hx_free(&h);
	}
}

/* ---- error precedence (fuzzer, bug 4) ----------------------------------- */

/* unmap/remap of a range that is not wholly mapped: VMSA_ERR_NOTMAPPED,
 * although the mapped part begins with a supersection above 4GB that the
 * call would have to cut (VMSA_ERR_RANGE if it were all mapped). The
 * tables are unchanged either way. */
static void test_notmapped_before_range(void **state)
{
	struct hx h;
	struct hx_snap s;
	(void)state;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 16 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
	                          vmsa_pa(0xd900000000ull), 0x1000000, VMSA_DATA),
	                 VMSA_OK);
	hx_snap_take(&h, &s);
	/* Cuts the supersection at 0x40e00000, runs past its end into
	 * nothing. */
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x40e00000), 0x400000),
	                 VMSA_ERR_NOTMAPPED);
	assert_true(hx_snap_same(&h, &s));
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x40e00000),
	                            vmsa_pa(0x80000000), 0x400000),
	                 VMSA_ERR_NOTMAPPED);
	assert_true(hx_snap_same(&h, &s));
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40e00000), 0x400000,
	                              VMSA_RODATA), VMSA_ERR_NOTMAPPED);
	assert_true(hx_snap_same(&h, &s));
	/* Wholly mapped: the cut itself is refused, nothing changes. */
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x40e00000), 0x100000),
	                 VMSA_ERR_RANGE);
	assert_true(hx_snap_same(&h, &s));
	hx_snap_free(&s);
	hx_free(&h);
}

/* One unmap that frees more tables than the deferred-free list holds
 * (eight): the rest are found by scanning the L1 table for the units
 * still referenced; the tables outside the range stay, every freed unit
 * is usable again. On ARMv5 one survivor is a fine table (four 1KB
 * units, a tiny page): the scan must keep every unit of it, or those it
 * dropped are handed out again under its tiny page. */
static void free_many_tables(vmsa_fmt_t fmt)
{
	bool v5 = fmt == VMSA_FMT_V5;
	vmsa_attr_t a = v5 ? WBRW : VMSA_DATA;
	uint32_t keep = v5 ? 5 : 2;     /* units of the survivors */
	uint32_t tiny = v5 ? 0x400 : 0; /* ARMv5: a 1KB page, fine table */
	struct hx h;
	struct vmsa_xlat x;
	uint32_t k;

	assert_int_equal(hx_init(&h, fmt, 16 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000 + tiny),
	                          vmsa_pa(0x90000000 + tiny), v5 ? 0x400 : 0x1000,
	                          a), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x61000000), vmsa_pa(0x91000000),
	                          0x1000, a), VMSA_OK);
	/* 10MB whose PA is 4KB-congruent only: small pages, a table in each
	 * of its 10 MBs. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x50000000), vmsa_pa(0x80001000),
	                          10 * 0x100000, a), VMSA_OK);
	assert_int_equal(h.t.used_units, keep + 10);
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x50000000), 10 * 0x100000),
	                 VMSA_OK);
	assert_int_equal(h.t.used_units, keep);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	/* All other units can be taken again (coarse tables). */
	for (k = 0; k < 16 - keep; k++)
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x70000000 + k * 0x100000),
		                          vmsa_pa(0x80000000 + k * 0x100000),
		                          0x1000, a), VMSA_OK);
	assert_int_equal(h.t.used_units, 16);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x60000000 + tiny), &x),
	                 VMSA_OK);
	assert_int_equal(x.kind, v5 ? VMSA_KIND_TINY : VMSA_KIND_SMALL);
	assert_int_equal(x.pa.p, 0x90000000 + tiny);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x61000000), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0x91000000);
	hx_free(&h);
}

static void test_free_many_tables(void **state)
{
	(void)state;
	free_many_tables(VMSA_FMT_V7);
}

static void test_free_many_tables_v5(void **state)
{
	(void)state;
	free_many_tables(VMSA_FMT_V5);
}

/* Every unit of every table a call frees leaves the pool at its end, and
 * the writers' scratch, where they wait, is clear again: ARMv5 fine
 * tables (four units each, 1KB-congruent PA: tiny pages) and ARMv7 coarse
 * ones, more than a list on the stack would hold. */
static void test_free_units_all(void **state)
{
	static const vmsa_fmt_t fmts[] = { VMSA_FMT_V5, VMSA_FMT_V7 };

	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		bool v5 = fmts[f] == VMSA_FMT_V5;
		uint32_t per = v5 ? 4 : 1, n = v5 ? 10 : 40;
		struct hx h;

		assert_int_equal(hx_init(&h, fmts[f], 64 * 1024), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x50000000),
		                          vmsa_pa(v5 ? 0x80000400 : 0x80001000),
		                          n * 0x100000, v5 ? WBRW : VMSA_DATA),
		                 VMSA_OK);
		assert_int_equal(h.t.used_units, n * per);
		assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x50000000),
		                            n * 0x100000), VMSA_OK);
		assert_int_equal(h.t.used_units, 0);
		for (unsigned i = 0; i < VMSA_POOL_MAX_UNITS / 32; i++) {
			assert_int_equal(h.t.used[i], 0);
			assert_int_equal(h.t.scratch[i], 0);
		}
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		/* The whole pool can be taken again. */
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000),
		                          vmsa_pa(v5 ? 0x80000400 : 0x80001000),
		                          n * 0x100000, v5 ? WBRW : VMSA_DATA),
		                 VMSA_OK);
		assert_int_equal(h.t.used_units, n * per);
		hx_free(&h);
	}
}

/* ---- ARMv5: 1KB operations inside a coarse table ------------------------ */

/* protect and remap of one 1KB tiny page inside a 4KB small page of a
 * coarse table: the table becomes fine, the other 3KB keep attributes and
 * PA, the pool does not leak (a rejected NOMEM changes nothing). */
static void test_v5_tiny_cut_in_coarse(void **state)
{
	struct hx h;
	struct vmsa_xlat x;
	(void)state;
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 16 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000), vmsa_pa(0x90000000),
	                          0x2000, WBRW), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x60000000), &x), VMSA_OK);
	assert_int_equal(x.kind, VMSA_KIND_SMALL);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x60000400), 0x400,
	                              VMSA_MT_WRITETHROUGH | VMSA_RW), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x60000400), &x), VMSA_OK);
	assert_int_equal(x.kind, VMSA_KIND_TINY);
	assert_int_equal(VMSA_MT(x.attrs), VMSA_MT_WRITETHROUGH);
	assert_int_equal(x.pa.p, 0x90000400);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x60000800), &x), VMSA_OK);
	assert_int_equal(VMSA_MT(x.attrs), VMSA_MT_WRITEBACK);
	assert_int_equal(x.pa.p, 0x90000800);

	/* remap of 1KB in the other small page of the same (now fine) MB, and
	 * of 1KB in a fresh coarse table */
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x60001c00),
	                            vmsa_pa(0xa0000000), 0x400), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x60001c10), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0xa0000010);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x60001800), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0x90001800);

	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x61000000), vmsa_pa(0x91000000),
	                          0x1000, WBRW), VMSA_OK);
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x61000800),
	                            vmsa_pa(0xa1000000), 0x400), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x61000800), &x), VMSA_OK);
	assert_int_equal(x.kind, VMSA_KIND_TINY);
	assert_int_equal(x.pa.p, 0xa1000000);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x61000c00), &x), VMSA_OK);
	assert_int_equal(x.pa.p, 0x91000c00);

	/* Everything unmapped: every table back in the pool. */
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x60000000), 0x2000), VMSA_OK);
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x61000000), 0x1000), VMSA_OK);
	assert_int_equal(h.t.used_units, 0);
	hx_free(&h);
}

/* The same with the pool full: the upgrade to a fine table needs a 4KB
 * block, the call fails with VMSA_ERR_NOMEM and changes nothing. */
static void test_v5_tiny_cut_nomem(void **state)
{
	struct hx h;
	struct hx_snap s;
	int rc;
	uint32_t mb;
	(void)state;
	/* 1KB-unit pool of 8KB: at most two fine tables, eight coarse. */
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 8 * 1024), VMSA_OK);
	for (mb = 0; mb < 64; mb++) {
		rc = vmsa_map(&h.t, vmsa_va(0x60000000 + (mb << 20)),
		              vmsa_pa(0x90000000 + (mb << 20)), 0x1000, WBRW);
		if (rc == VMSA_ERR_NOMEM)
			break;
		assert_int_equal(rc, VMSA_OK);
	}
	assert_true(mb > 0 && mb < 64);
	hx_snap_take(&h, &s);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x60000400), 0x400,
	                              VMSA_MT_WRITETHROUGH | VMSA_RW),
	                 VMSA_ERR_NOMEM);
	assert_true(hx_snap_same(&h, &s));
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x60000400),
	                            vmsa_pa(0xa0000000), 0x400),
	                 VMSA_ERR_NOMEM);
	assert_true(hx_snap_same(&h, &s));
	hx_snap_free(&s);
	hx_free(&h);
}

/* ---- lint findings ------------------------------------------------------- */

/* vmsa_format_run read run->attrs before its NULL check (cppcheck). */
static void test_format_run_null(void **state)
{
	char buf[128] = "x";
	struct vmsa_run r = { 0 };
	(void)state;
	assert_int_equal(vmsa_format_run(NULL, buf, sizeof(buf)), 0);
	assert_int_equal(vmsa_format_run(&r, NULL, sizeof(buf)), 0);
	assert_int_equal(vmsa_format_run(&r, buf, 0), 0);
	assert_string_equal(buf, "x");
}

/* A run ending at 4GB printed its end as 0x00000000, which reads as a
 * wrap: the end is 0x100000000. */
static void test_format_run_4gb(void **state)
{
	char buf[128];
	struct vmsa_run r = { .va = VMSA_VA_C(0xffff0000), .size = 0x10000,
	                      .pa = VMSA_PA_C(0xffff0000), .kind = VMSA_KIND_SMALL,
	                      .attrs = VMSA_MT_WRITEBACK | VMSA_RW | VMSA_XN,
	                      .count = 16 };
	(void)state;
	vmsa_format_run(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "0xffff0000-0x100000000 -> 0xffff0000 16x4K small"));
	r.size = 0x1000;
	r.count = 1;
	vmsa_format_run(&r, buf, sizeof(buf));
	assert_non_null(strstr(buf, "0xffff0000-0xffff1000 -> "));
}

/* vmsa_desc_bits of an invalid format read an unwritten decode
 * (clang-analyzer): no format, every field 0. */
static void test_desc_bits_bad_fmt(void **state)
{
	struct vmsa_bits b;
	(void)state;
	memset(&b, 0xa5, sizeof(b));
	/* a PXN section word (type 0b01, bit 0) and a section word */
	vmsa_desc_bits(0x3, 1, false, 0x80000c1du, &b);
	assert_int_equal(b.ap, 0);
	assert_int_equal(b.domain, 0);
	assert_int_equal(b.tex, 0);
	memset(&b, 0xa5, sizeof(b));
	vmsa_desc_bits(VMSA_FMT_V7 | 0x1000u, 1, false, 0x80000c12u, &b);
	assert_int_equal(b.ap | b.c | b.b | b.xn | b.domain, 0);
	memset(&b, 0xa5, sizeof(b));
	vmsa_desc_bits(0, 2, false, 0x80000ffeu, &b);
	assert_int_equal(b.ap | b.c | b.b | b.xn | b.tex, 0);
	/* and a valid format still reads the fields */
	vmsa_desc_bits(VMSA_FMT_V7, 1, false, 0x80000c12u, &b);
	assert_int_equal(b.ap, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_translate_pa_v7),
		cmocka_unit_test(test_translate_pa_v7_pxn_section),
		cmocka_unit_test(test_translate_pa_v5),
		cmocka_unit_test(test_translate_pa_errors),
		cmocka_unit_test(test_notmapped_before_range),
		cmocka_unit_test(test_v5_tiny_cut_in_coarse),
		cmocka_unit_test(test_v5_tiny_cut_nomem),
		cmocka_unit_test(test_format_run_null),
		cmocka_unit_test(test_free_many_tables),
		cmocka_unit_test(test_free_many_tables_v5),
		cmocka_unit_test(test_free_units_all),
		cmocka_unit_test(test_format_run_4gb),
		cmocka_unit_test(test_desc_bits_bad_fmt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
