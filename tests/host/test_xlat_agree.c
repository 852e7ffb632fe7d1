/*
 * test_xlat_agree.c - the one-pass translation (vmsa_translate and
 * vmsa_translate_pa, src/fmt/fmt_v7.c and src/fmt/fmt_v5.c) against the generic
 * lookup the walks use (vmsa_lookup and vmsa_find, src/engine/engine.c), field by field and
 * error by error, for descriptor words written straight into the tables
 * of every format: random words of each type, every combination of each
 * kind's attribute bits, page tables inside, at the edges of and outside
 * the pool, reserved encodings and faults. Also: the two translations
 * agree on every L1 type, including the ARMv7 type 0b11 that is a section
 * with PXN only where the CPU implements PXN and is reserved (a
 * translation fault on the CPU, ARM ARM B3.5.1) elsewhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/hwdef.h>
#include "harness.h"
#include "refmodel.h"
#include "../../src/engine/engine.h"

static struct hx H;

static int teardown(void **state)
{
	(void)state;
	hx_free(&H);
	return 0;
}

#define POOL_BYTES (16u * 1024u)
#define UNITS (POOL_BYTES / VMSA_L2_BYTES)
#define WORDS 30000u    /* random words per format */

static bool v5(vmsa_fmt_t f)
{
	return (f & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
}

/* ---- the generic lookup's answers ---------------------------------------- */

/* vmsa_translate's answer as the generic lookup gives it (what
 * vmsa_translate returned before the one-pass path). */
static int lookup_xlat(const struct vmsa_table *t, uint32_t va,
                       struct vmsa_xlat *x)
{
	struct gran g;
	int err = vmsa_lookup(t, va, &g);

	memset(x, 0, sizeof(*x));
	x->level = g.level;
	x->desc = g.word;
	x->kind = VMSA_KIND_FAULT;
	if (err != VMSA_OK)
		return err;
	if (g.kind == VMSA_KIND_FAULT)
		return VMSA_ERR_NOTMAPPED;
	x->pa.p = g.pa + (va - g.va);
	x->attrs = g.attrs;
	x->kind = (uint8_t)g.kind;
	x->base.v = g.va;
	return VMSA_OK;
}

/* vmsa_translate_pa's: vmsa_find, no attributes. */
static int lookup_pa(const struct vmsa_table *t, uint32_t va, uint64_t *pa)
{
	struct gran g;
	int err = vmsa_find(t, va, &g);

	if (err != VMSA_OK)
		return err;
	if (g.kind == VMSA_KIND_FAULT)
		return VMSA_ERR_NOTMAPPED;
	*pa = g.pa + (va - g.va);
	return VMSA_OK;
}

/* ---- one VA both ways ------------------------------------------------------ */

/* Outcomes, for the coverage checks: [kind] mapped, then the errors. */
struct seen {
	unsigned ok[8], notmapped[3], busy, unsup, pa_only;
};

#define PA_UNTOUCHED 0x5a5a5a5a5a5a5a5aull

static void agree_va(const struct vmsa_table *t, uint32_t va, struct seen *s)
{
	struct vmsa_xlat want, got;
	vmsa_pa_t pa = { PA_UNTOUCHED };
	uint64_t wpa = 0;
	int wrc = lookup_xlat(t, va, &want), wprc = lookup_pa(t, va, &wpa);
	int rc, prc;

	memset(&got, 0xa5, sizeof(got));
	rc = vmsa_translate(t, vmsa_va(va), &got);
	prc = vmsa_translate_pa(t, vmsa_va(va), &pa);
	if (rc != wrc || got.pa.p != want.pa.p || got.attrs != want.attrs ||
	    got.kind != want.kind || got.level != want.level ||
	    got.desc != want.desc || got.base.v != want.base.v ||
	    prc != wprc || pa.p != (wprc == VMSA_OK ? wpa : PA_UNTOUCHED))
		print_message("fmt %#x va %#x L1 %#x: translate %d (lookup %d), "
		              "translate_pa %d (find %d)\n", t->fmt, va,
		              t->l1[va >> 20], rc, wrc, prc, wprc);
	assert_int_equal(rc, wrc);
	assert_int_equal(got.pa.p, want.pa.p);
	assert_int_equal(got.attrs, want.attrs);
	assert_int_equal(got.kind, want.kind);
	assert_int_equal(got.level, want.level);
	assert_int_equal(got.desc, want.desc);
	assert_int_equal(got.base.v, want.base.v);
	assert_int_equal(prc, wprc);
	assert_int_equal(pa.p, wprc == VMSA_OK ? wpa : PA_UNTOUCHED);

	if (rc == VMSA_OK)
		s->ok[got.kind]++;
	else if (rc == VMSA_ERR_NOTMAPPED)
		s->notmapped[got.level]++;
	else if (rc == VMSA_ERR_BUSY)
		s->busy++;
	else if (rc == VMSA_ERR_UNSUPPORTED)
		s->unsup++;
	if (rc != VMSA_OK && prc == VMSA_OK)
		s->pa_only++;   /* attributes without an abstract form */
}

/* Every outcome came up a hundred times: each kind the format has,
 * faults at both levels, page tables outside the pool, reserved
 * encodings and attributes without an abstract form, and words that
 * translate_pa maps but translate does not (their attributes). */
static void assert_every_outcome(const struct seen *s, vmsa_fmt_t fmt)
{
	assert_true(s->ok[VMSA_KIND_SECTION] > 100);
	assert_true(s->ok[VMSA_KIND_SMALL] > 100);
	assert_true(s->ok[VMSA_KIND_LARGE] > 100);
	assert_int_equal(s->ok[VMSA_KIND_SUPERSECTION] > 100, !v5(fmt));
	assert_int_equal(s->ok[VMSA_KIND_TINY] > 100, v5(fmt));
	assert_true(s->notmapped[1] > 100 && s->notmapped[2] > 100);
	assert_true(s->busy > 100 && s->unsup > 100 && s->pa_only > 100);
}

/* ---- writing words ---------------------------------------------------------- */

/* Is L1 word w a page-table descriptor of format fmt; *fine for an ARMv5
 * fine table? */
static bool is_table(vmsa_fmt_t fmt, uint32_t w, bool *fine)
{
	*fine = v5(fmt) && (w & L1_TYPE_MASK) == V5_L1_TYPE_FINE;
	return (w & L1_TYPE_MASK) == L1_TYPE_TABLE || *fine;
}

/* Point page-table descriptor w (its other bits kept) at the pool table
 * at unit u. */
static uint32_t point_at(uint32_t w, bool fine, uint32_t u)
{
	uint32_t mask = fine ? V5_L1_FINE_ADDR_MASK : L1_TABLE_ADDR_MASK;

	return (w & ~mask) | (HX_POOL_PA + u * VMSA_L2_BYTES);
}

/* A random unit a table of this kind may start at (fine: 4KB aligned). */
static uint32_t random_unit(uint64_t *st, bool fine)
{
	uint32_t u = (uint32_t)ref_rand_below(st, UNITS);

	return fine ? u & ~3u : u;
}

/* L1 word w1 for va; if it is a page table inside the pool, L2 word w2
 * in its entry for va. */
static void put(uint32_t va, uint32_t w1, uint32_t w2)
{
	uint32_t *l2;
	bool fine;

	H.t.l1[va >> 20] = w1;
	if (!is_table(H.fmt, w1, &fine))
		return;
	l2 = hx_pool_ptr(&H, w1 & (fine ? V5_L1_FINE_ADDR_MASK :
	                            L1_TABLE_ADDR_MASK));
	if (l2 != NULL)
		l2[fine ? (va >> 10) & 0x3ffu : (va >> 12) & 0xffu] = w2;
}

/* An ARMv5 large or small page maps only with its four subpage AP
 * fields alike (else it has no abstract form): half the words get them
 * alike. */
static uint32_t random_l2_word(uint64_t *st, vmsa_fmt_t fmt, uint32_t ty)
{
	uint32_t w = ref_rand_word(st, ty);

	if (v5(fmt) && ref_rand_below(st, 2) == 0)
		w = (w & ~V5_L2_AP_ALL) | (V5_L2_AP_OF(w) * 0x55u) << 4;
	return w;
}

static uint32_t random_va(uint64_t *st)
{
	return (uint32_t)ref_rand(st);
}

/* ---- the tests ---------------------------------------------------------------- */

/* Random words of every L1 type, page tables inside (mostly) and
 * outside the pool, random L2 words of every type under them. */
static void test_random_words(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		uint64_t st = 0x7a1 + f;
		struct seen s = { 0 };

		assert_int_equal(hx_init(&H, ref_fmts[f], POOL_BYTES), VMSA_OK);
		for (uint32_t i = 0; i < WORDS; i++) {
			uint32_t va = random_va(&st);
			uint32_t w1 = ref_rand_word(&st, i & 3u);
			uint32_t w2 = random_l2_word(&st, ref_fmts[f], (i >> 2) & 3u);
			bool fine;

			if (is_table(H.fmt, w1, &fine) &&
			    ref_rand_below(&st, 4) != 0)
				w1 = point_at(w1, fine, random_unit(&st, fine));
			put(va, w1, w2);
			agree_va(&H.t, va, &s);
		}
		assert_every_outcome(&s, ref_fmts[f]);
		hx_free(&H);
	}
}

/*
 * Every combination of each kind's bits: L1 words' bits 19:0 (sections,
 * supersections, type 0b11, faults and tables; the domain field at
 * random), L2 words' bits 15:0 under a page-table descriptor with random
 * attributes (coarse and, on ARMv5, fine tables), and the page-table
 * descriptor's own bits 9:0 over a few pages. Addresses at random.
 */
static void test_every_bit(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		uint64_t st = 0xb17 + f;
		struct seen s = { 0 };
		uint32_t b, n;

		assert_int_equal(hx_init(&H, ref_fmts[f], POOL_BYTES), VMSA_OK);
		for (b = 0; b < (1u << 20); b++) {
			uint32_t va = random_va(&st), w, dom;
			bool fine;

			if (b & 0x1e0u)
				continue;       /* the domain: at random */
			dom = (uint32_t)ref_rand(&st) & 0x1e0u;
			w = ((uint32_t)ref_rand(&st) & 0xfff00000u) | b | dom;
			if (is_table(H.fmt, w, &fine))
				w = point_at(w, fine, random_unit(&st, fine));
			put(va, w, ref_rand_word(&st, (uint32_t)ref_rand(&st) & 3u));
			agree_va(&H.t, va, &s);
		}
		for (n = 0; n < (v5(ref_fmts[f]) ? 2u : 1u); n++) {
			bool fine = n == 1;
			uint32_t ty = fine ? V5_L1_TYPE_FINE : L1_TYPE_TABLE;

			for (b = 0; b < (1u << 16); b++) {
				uint32_t va = random_va(&st);
				uint32_t w1 = point_at(ref_rand_word(&st, ty), fine,
				                       random_unit(&st, fine));

				put(va, w1, ((uint32_t)ref_rand(&st) &
				             0xffff0000u) | b);
				agree_va(&H.t, va, &s);
			}
		}
		for (b = 0; b < (1u << 10); b++) {
			for (n = 0; n < 8; n++) {
				uint32_t va = random_va(&st), w1;
				bool fine;

				/* One in eight left pointing anywhere. */
				w1 = ((uint32_t)ref_rand(&st) & 0xfffffc00u) | b;
				if (is_table(H.fmt, w1, &fine) && n != 7)
					w1 = point_at(w1, fine,
					              random_unit(&st, fine));
				put(va, w1, ref_rand_word(&st, 2u | (n & 1u)));
				agree_va(&H.t, va, &s);
			}
		}
		assert_every_outcome(&s, ref_fmts[f]);
		hx_free(&H);
	}
}

/*
 * Page tables at the edges of the pool window: below it, its first and
 * last table, one past its end, far away; and a table without a pool,
 * where every page table is outside. Outside: VMSA_ERR_BUSY, at level 1,
 * with the L1 word.
 */
static void test_pool_edges(void **state)
{
	static const struct {
		int64_t off;    /* from the pool's start, in bytes */
		bool inside;
	} edge[] = {
		{ -(int64_t)VMSA_L2_FINE_BYTES, false },
		{ -(int64_t)VMSA_L2_BYTES, false },
		{ 0, true },
		{ POOL_BYTES - VMSA_L2_FINE_BYTES, true },
		{ POOL_BYTES, false },
		{ POOL_BYTES + VMSA_L2_FINE_BYTES, false },
		{ -(int64_t)HX_POOL_PA, false },                  /* PA 0 */
		{ 0xfffff000u - (int64_t)HX_POOL_PA, false },    /* top */
	};
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		for (int pool = 0; pool < 2; pool++) {
			struct seen s = { 0 };
			uint64_t st = 0xed6 + f;

			assert_int_equal(hx_init(&H, ref_fmts[f], pool ? POOL_BYTES : 0),
			                 VMSA_OK);
			for (size_t e = 0; e < sizeof(edge) / sizeof(edge[0]); e++) {
				for (uint32_t fine = 0; fine <= v5(ref_fmts[f]); fine++) {
					uint32_t va = random_va(&st), mask, w1;
					bool out = !(pool && edge[e].inside);
					struct vmsa_xlat x;

					mask = fine ? V5_L1_FINE_ADDR_MASK :
					              L1_TABLE_ADDR_MASK;
					w1 = (ref_rand_word(&st, fine ? V5_L1_TYPE_FINE :
					                  L1_TYPE_TABLE) & ~mask) |
					     ((uint32_t)(HX_POOL_PA + edge[e].off) & mask);
					put(va, w1, ref_rand_word(&st, 2u));
					agree_va(&H.t, va, &s);
					assert_int_equal(vmsa_translate(&H.t, vmsa_va(va),
					                                &x) == VMSA_ERR_BUSY,
					                 out);
					assert_int_equal(x.level, out ? 1 : 2);
					if (out)
						assert_int_equal(x.desc, w1);
				}
			}
			assert_int_equal(s.busy, pool ? 6u * (1 + v5(ref_fmts[f])) :
			                 8u * (1 + v5(ref_fmts[f])));
			hx_free(&H);
		}
	}
}

/* Both translators on one VA: the same code, and the same PA on success. */
static void agree(uint32_t va, int want)
{
	struct vmsa_xlat x;
	vmsa_pa_t pa = { 0 };
	int a = vmsa_translate(&H.t, vmsa_va(va), &x);
	int b = vmsa_translate_pa(&H.t, vmsa_va(va), &pa);

	assert_int_equal(a, want);
	assert_int_equal(b, want);
	if (want == VMSA_OK)
		assert_int_equal(x.pa.p, pa.p);
}

static void test_type3_without_pxn(void **state)
{
	(void)state;
	assert_int_equal(hx_init(&H, VMSA_FMT_V7, 4096), VMSA_OK);
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10000000u),
	                          vmsa_pa(0x80000000u), 0x100000u, VMSA_DATA),
	                 VMSA_OK);
	agree(0x10012340u, VMSA_OK);
	/* The same section word with bit 0 set: type 0b11. */
	H.t.l1[0x100] |= 1u;
	agree(0x10012340u, VMSA_ERR_UNSUPPORTED);
}

static void test_type3_with_pxn(void **state)
{
	(void)state;
	assert_int_equal(hx_init(&H, VMSA_FMT_V7 | VMSA_FMT_PXN, 4096), VMSA_OK);
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x10000000u),
	                          vmsa_pa(0x80000000u), 0x100000u,
	                          VMSA_DATA | VMSA_PXN), VMSA_OK);
	assert_int_equal(H.t.l1[0x100] & 3u, 3u);
	agree(0x10012340u, VMSA_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_random_words, teardown),
		cmocka_unit_test_teardown(test_every_bit, teardown),
		cmocka_unit_test_teardown(test_pool_edges, teardown),
		cmocka_unit_test_teardown(test_type3_without_pxn, teardown),
		cmocka_unit_test_teardown(test_type3_with_pxn, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
