/*
 * test_fmt.c - the engine's questions to a descriptor format (src/fmt/fmt.h)
 * against the public encoders and decoders (vmsa_l1_encode/decode,
 * vmsa_l2_encode/decode), over many words of every format: every type
 * encoding with random other fields (mostly reserved attribute encodings,
 * so the UNSUPPORTED codes are compared too), and words built from random
 * canonical attributes (the ones the engine writes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "refmodel.h"
#include "../../src/fmt/fmt.h"

#define WORDS 40000u    /* random words per format and level */
#define ATTRS 4000u     /* random canonical attribute sets per format */

static bool v5(vmsa_fmt_t f)
{
	return (f & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
}

static enum vmsa_desc_type type_of(enum vmsa_kind k)
{
	switch (k) {
	case VMSA_KIND_TINY: return VMSA_DESC_TINY;
	case VMSA_KIND_SMALL: return VMSA_DESC_SMALL;
	case VMSA_KIND_LARGE: return VMSA_DESC_LARGE;
	case VMSA_KIND_SECTION: return VMSA_DESC_SECTION;
	case VMSA_KIND_SUPERSECTION: return VMSA_DESC_SUPERSECTION;
	default: return VMSA_DESC_FAULT;
	}
}

/* A random attribute word: a memory type and any other valid bits (most
 * combinations are refused by some format). */
static vmsa_attr_t random_attrs(uint64_t *st)
{
	return (vmsa_attr_t)(1 + ref_rand_below(st, 8)) |
	       ((vmsa_attr_t)ref_rand(st) & VMSA_ATTR_VALID_MASK & ~VMSA_MT_MASK);
}

/* Random attributes the format accepts, canonical, in template *tm. */
static void random_tmpl(vmsa_fmt_t fmt, uint64_t *st, struct vmsa_tmpl *tm)
{
	while (vmsa_desc_tmpl(fmt, random_attrs(st), tm) != VMSA_OK)
		;
}

/* Level-1 leaves and page-table descriptors: kind, address, XN, domain
 * and attributes as vmsa_l1_decode gives them, the reserved encodings
 * included. */
/* vmsa_fmt_leaf gives, in one call, what the single questions give. */
static void check_leaf(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                       enum vmsa_kind k, bool reserved)
{
	struct vmsa_leaf lf;

	assert_int_equal(vmsa_fmt_leaf(fmt, level, fine, w, &lf),
	                 reserved ? VMSA_ERR_UNSUPPORTED : VMSA_OK);
	assert_int_equal(lf.kind, k);
	assert_int_equal(lf.size, vmsa_kind_size(k));
	assert_int_equal(lf.reps, vmsa_fmt_reps(k, fine));
	assert_int_equal(lf.pa, vmsa_fmt_leaf_pa(fmt, k, w));
}

/* The planner compares an earlier region's table attributes (domain, NS,
 * PXN) by its raw attribute word (src/engine/map.c): a template must keep
 * those bits of every word it accepts exactly as given. Random words of
 * every format, and every domain with every NS/PXN combination. */
static void test_tmpl_keeps_table_attrs(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];
		uint64_t st = 0x7ab + f;
		unsigned ok = 0;

		for (uint32_t i = 0; i < WORDS; i++) {
			struct vmsa_tmpl tm;
			vmsa_attr_t a = random_attrs(&st);

			if (i < 64)     /* each domain, NS, PXN, on RW Normal */
				a = VMSA_MT_WRITEBACK | VMSA_RW |
				    VMSA_DOMAIN(i & 15) |
				    ((i & 16) ? VMSA_NS : 0) |
				    ((i & 32) ? VMSA_PXN : 0);
			if (vmsa_desc_tmpl(fmt, a, &tm) != VMSA_OK)
				continue;
			ok++;
			assert_int_equal(tm.tattrs, a & VMSA_TABLE_ATTRS);
			assert_int_equal(tm.attrs & VMSA_TABLE_ATTRS,
			                 a & VMSA_TABLE_ATTRS);
		}
		/* Enough accepted words to mean something (ARMv5 accepts the
		 * fewest: no RO, XN, PXN, nG, S or NS; about 110). */
		assert_true(ok >= 100);
	}
}

/* Folding moves bits (vmsa_fmt_fold): for random canonical attributes of
 * every format, the fold of a granule's template word is the template
 * word of the next larger granule (a large page's with the table
 * descriptor the template gives, which holds domain, NS and PXN). */
static void test_fold_is_template(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];
		uint64_t st = 0xf01d + f;
		unsigned supers = 0;

		for (uint32_t i = 0; i < ATTRS; i++) {
			struct vmsa_tmpl tm;

			random_tmpl(fmt, &st, &tm);
			if (v5(fmt))
				assert_int_equal(vmsa_fmt_fold(fmt, VMSA_KIND_TINY,
				                 tm.tiny, 0), tm.small);
			assert_int_equal(vmsa_fmt_fold(fmt, VMSA_KIND_SMALL,
			                 tm.small, 0), tm.large);
			assert_int_equal(vmsa_fmt_fold(fmt, VMSA_KIND_LARGE,
			                 tm.large, tm.table), tm.sect);
			if (tm.super_ok) {
				supers++;
				assert_int_equal(vmsa_fmt_fold(fmt,
				                 VMSA_KIND_SECTION, tm.sect, 0),
				                 tm.super);
			}
			/* With an address: the fold keeps none of it. */
			assert_int_equal(vmsa_fmt_fold(fmt, VMSA_KIND_SMALL,
			                 tm.small | 0xabcde000u, 0), tm.large);
			assert_int_equal(vmsa_fmt_fold(fmt, VMSA_KIND_LARGE,
			                 tm.large | 0xabcd0000u, tm.table |
			                 0x12345400u), tm.sect);
		}
		assert_true(v5(fmt) || supers > ATTRS / 32);
	}
}

static void test_l1_words(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];
		uint64_t st = 0x1f0 + f;
		/* by kind; [6] reserved, [7] page tables */
		unsigned seen[8] = { 0 }, unsup = 0;

		for (uint32_t i = 0; i < WORDS; i++) {
			uint32_t w = ref_rand_word(&st, i & 3u), tpa = 0;
			struct vmsa_desc d;
			bool reserved, fine = false;
			int rc = vmsa_l1_decode(fmt, w, &d);
			enum vmsa_kind k = vmsa_fmt_kind(fmt, 1, false, w,
			                                 &reserved);
			bool tab = vmsa_fmt_l1_table(fmt, w, &fine, &tpa);
			vmsa_attr_t a = 0;

			check_leaf(fmt, 1, false, w, k, reserved);

			/* Type 3 is a PXN section, reserved without PXN
			 * (DDI 0406C B3.5.1); on ARMv5 a fine table. */
			assert_int_equal(reserved, !v5(fmt) &&
			                 !(fmt & VMSA_FMT_PXN) && (w & 3u) == 3u);
			if (reserved) {
				assert_int_equal(rc, VMSA_ERR_UNSUPPORTED);
				assert_int_equal(k, VMSA_KIND_FAULT);
				assert_false(tab);
				seen[6]++;
				continue;
			}
			if (tab) {
				assert_int_equal(rc, VMSA_OK);
				assert_int_equal(k, VMSA_KIND_FAULT);
				assert_int_equal(d.type, fine ?
				                 VMSA_DESC_FINE_TABLE :
				                 VMSA_DESC_TABLE);
				assert_int_equal(d.pa.p, tpa);
				assert_int_equal(vmsa_fmt_l1_table_attrs(fmt, w),
				                 d.attrs);
				seen[7]++;
				continue;
			}
			seen[k]++;
			if (k == VMSA_KIND_FAULT) {
				assert_int_equal(rc, VMSA_OK);
				assert_int_equal(d.type, VMSA_DESC_FAULT);
				continue;
			}
			assert_int_equal(vmsa_fmt_leaf_attrs(fmt, k, false, w, 0,
			                                     &a), rc);
			if (rc != VMSA_OK) {
				unsup++;
				continue;
			}
			assert_int_equal(d.type, type_of(k));
			assert_int_equal(a, d.attrs);
			assert_int_equal(vmsa_fmt_leaf_pa(fmt, k, w), d.pa.p);
			assert_int_equal(vmsa_fmt_leaf_domain(fmt, k, w),
			                 VMSA_ATTR_DOMAIN(d.attrs));
			assert_int_equal(vmsa_fmt_leaf_xn(fmt, k, w),
			                 (d.attrs & VMSA_XN) != 0);
		}
		/* Every outcome came up: sections, supersections (ARMv7),
		 * tables, reserved type 3 (ARMv7 without PXN). */
		assert_true(seen[VMSA_KIND_SECTION] > 100);
		assert_true(seen[7] > 100);
		assert_true(unsup > 100);
		assert_int_equal(seen[VMSA_KIND_SUPERSECTION] > 100, !v5(fmt));
		assert_int_equal(seen[6] > 100,
		                 !v5(fmt) && !(fmt & VMSA_FMT_PXN));
	}
}

/* Level-2 leaves in coarse and fine tables, with the attributes of a
 * random page-table descriptor merged in. */
static void test_l2_words(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];
		uint64_t st = 0x2f0 + f;
		unsigned ok[8] = { 0 }, unsup = 0;

		for (uint32_t i = 0; i < 2 * WORDS; i++) {
			bool fine = (i >> 2) & 1u, reserved;
			uint32_t w = ref_rand_word(&st, i & 3u);
			vmsa_attr_t ta = vmsa_fmt_l1_table_attrs(fmt,
			                 ref_rand_word(&st, 1)), a = 0;
			struct vmsa_desc d;
			int rc = vmsa_l2_decode(fmt, fine, w, &d);
			enum vmsa_kind k = vmsa_fmt_kind(fmt, 2, fine, w,
			                                 &reserved);

			check_leaf(fmt, 2, fine, w, k, reserved);
			/* ARMv7 has no fine tables; an ARMv5 tiny page in a
			 * coarse table faults (DDI 0100I B4.7). */
			assert_int_equal(reserved, v5(fmt) ?
			                 !fine && (w & 3u) == 3u : fine);
			if (reserved) {
				assert_int_equal(rc, VMSA_ERR_UNSUPPORTED);
				assert_int_equal(k, VMSA_KIND_FAULT);
				unsup++;
				continue;
			}
			if (k == VMSA_KIND_FAULT) {
				assert_int_equal(rc, VMSA_OK);
				assert_int_equal(d.type, VMSA_DESC_FAULT);
				continue;
			}
			assert_int_equal(vmsa_fmt_leaf_attrs(fmt, k, fine, w,
			                                     ta, &a), rc);
			if (rc != VMSA_OK) {
				unsup++;
				continue;
			}
			ok[k]++;
			assert_int_equal(d.type, type_of(k));
			assert_int_equal(a, d.attrs | ta);
			assert_int_equal(vmsa_fmt_leaf_pa(fmt, k, w), d.pa.p);
			assert_int_equal(vmsa_fmt_leaf_domain(fmt, k, w), 0);
			assert_int_equal(vmsa_fmt_leaf_xn(fmt, k, w),
			                 (d.attrs & VMSA_XN) != 0);
		}
		assert_true(ok[VMSA_KIND_SMALL] > 100);
		assert_true(ok[VMSA_KIND_LARGE] > 100);
		assert_int_equal(ok[VMSA_KIND_TINY] > 100, v5(fmt));
		assert_true(unsup > 100);
	}
}

/* The word of each kind from a template is what the encoder gives for
 * the same attributes and address, and decodes (both paths) back to
 * them. */
static void test_leaf_word(void **state)
{
	static const enum vmsa_kind kinds[] = {
		VMSA_KIND_TINY, VMSA_KIND_SMALL, VMSA_KIND_LARGE,
		VMSA_KIND_SECTION, VMSA_KIND_SUPERSECTION,
	};
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];
		uint64_t st = 0x3f0 + f;
		unsigned words = 0;

		for (uint32_t i = 0; i < ATTRS; i++) {
			struct vmsa_tmpl tm;

			random_tmpl(fmt, &st, &tm);
			for (size_t j = 0; j < 5; j++) {
				enum vmsa_kind k = kinds[j];
				uint32_t size = vmsa_kind_size(k), w, word = 0;
				bool l1 = k >= VMSA_KIND_SECTION;
				bool fine = k == VMSA_KIND_TINY;
				uint64_t pa = ref_rand(&st) &
				              (k == VMSA_KIND_SUPERSECTION ?
				               0xffffffffffull : 0xffffffffull) &
				              ~(uint64_t)(size - 1);
				struct vmsa_desc d = {
					.type = (uint8_t)type_of(k),
					.pa.p = pa,
					.attrs = l1 ? tm.attrs :
					         tm.attrs & ~VMSA_TABLE_ATTRS,
				};
				struct vmsa_desc back;
				vmsa_attr_t a = 0;
				bool reserved;
				int rc = l1 ? vmsa_l1_encode(fmt, &d, &word) :
				         vmsa_l2_encode(fmt, fine, &d, &word);

				if (rc != VMSA_OK) {
					/* Only what the format lacks. */
					assert_int_equal(rc,
					                 VMSA_ERR_UNSUPPORTED);
					assert_true(v5(fmt) ?
					            k == VMSA_KIND_SUPERSECTION :
					            k == VMSA_KIND_TINY ||
					            (k == VMSA_KIND_SUPERSECTION &&
					             !tm.super_ok));
					continue;
				}
				w = vmsa_fmt_leaf_word(&tm, k, pa);
				assert_int_equal(w, word);
				/* The encoders write through vmsa_fmt_leaf_word:
				 * the decoders are the independent check. */
				assert_int_equal(l1 ?
				                 vmsa_l1_decode(fmt, w, &back) :
				                 vmsa_l2_decode(fmt, fine, w, &back),
				                 VMSA_OK);
				assert_int_equal(back.type, d.type);
				assert_int_equal(back.pa.p, pa);
				assert_int_equal(back.attrs, d.attrs);
				assert_int_equal(vmsa_fmt_kind(fmt, l1 ? 1 : 2,
				                 fine, w, &reserved), k);
				assert_false(reserved);
				assert_int_equal(vmsa_fmt_leaf_attrs(fmt, k, fine,
				                 w, tm.tattrs, &a), VMSA_OK);
				assert_int_equal(a, tm.attrs);
				assert_int_equal(vmsa_fmt_leaf_pa(fmt, k, w), pa);
				words++;
			}
		}
		assert_true(words > 3 * ATTRS);
	}
}

/* Page-table descriptors: the table they point to, their attributes,
 * moving them to another table, and comparing them with a template. */
static void test_l1_table(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];
		uint64_t st = 0x4f0 + f;
		unsigned same = 0, differ = 0;

		for (uint32_t i = 0; i < ATTRS; i++) {
			struct vmsa_tmpl tm, other;
			bool fine = v5(fmt) && ref_rand_below(&st, 2);
			bool fine2 = v5(fmt) && ref_rand_below(&st, 2), f1 = false;
			uint32_t pa = (uint32_t)ref_rand(&st) &
			              (fine ? 0xfffff000u : 0xfffffc00u);
			uint32_t pa2 = (uint32_t)ref_rand(&st) &
			               (fine2 ? 0xfffff000u : 0xfffffc00u);
			struct vmsa_desc d = {
				.type = fine ? VMSA_DESC_FINE_TABLE :
				               VMSA_DESC_TABLE,
				.pa.p = pa,
			};
			struct vmsa_desc d2;
			struct vmsa_bits b, b2;
			uint32_t w, w2, got = 0, word2 = 0, junk;

			random_tmpl(fmt, &st, &tm);
			random_tmpl(fmt, &st, &other);
			if (ref_rand_below(&st, 2))
				other = tm;
			d.attrs = tm.tattrs;
			assert_int_equal(vmsa_l1_encode(fmt, &d, &w), VMSA_OK);
			assert_true(vmsa_fmt_l1_table(fmt, w, &f1, &got));
			assert_int_equal(f1, fine);
			assert_int_equal(got, pa);
			assert_int_equal(vmsa_fmt_l1_table_attrs(fmt, w),
			                 tm.tattrs);
			/* The same descriptor, another table. */
			d.type = fine2 ? VMSA_DESC_FINE_TABLE : VMSA_DESC_TABLE;
			d.pa.p = pa2;
			assert_int_equal(vmsa_l1_encode(fmt, &d, &word2),
			                 VMSA_OK);
			assert_int_equal(vmsa_fmt_l1_table_move(fmt, w, fine2,
			                                        pa2), word2);
			/* Same as a template iff the template's table
			 * attributes encode to this very word. */
			if (vmsa_fmt_l1_table_same(fmt, w, &other)) {
				assert_int_equal(other.tattrs, tm.tattrs);
				same++;
			} else {
				assert_int_not_equal(other.tattrs, tm.tattrs);
				differ++;
			}
			/* A table word with any other bits: moving keeps its
			 * domain, NS and PXN fields; a template matches it only
			 * if it is the word the template gives. */
			junk = ref_rand_word(&st, v5(fmt) ?
			                   (fine ? 3u : 1u) : 1u);
			w2 = vmsa_fmt_l1_table_move(fmt, junk, fine2, pa2);
			assert_int_equal(vmsa_l1_decode(fmt, w2, &d2), VMSA_OK);
			assert_int_equal(d2.type, fine2 ? VMSA_DESC_FINE_TABLE :
			                 VMSA_DESC_TABLE);
			assert_int_equal(d2.pa.p, pa2);
			vmsa_desc_bits(fmt, 1, false, junk, &b);
			vmsa_desc_bits(fmt, 1, false, w2, &b2);
			assert_memory_equal(&b, &b2, sizeof(b));
			assert_true(vmsa_fmt_l1_table(fmt, junk, &f1, &got));
			d.type = f1 ? VMSA_DESC_FINE_TABLE : VMSA_DESC_TABLE;
			d.pa.p = got;
			d.attrs = other.tattrs;
			assert_int_equal(vmsa_l1_encode(fmt, &d, &word2),
			                 VMSA_OK);
			assert_int_equal(vmsa_fmt_l1_table_same(fmt, junk,
			                                        &other),
			                 junk == word2);
		}
		assert_true(same > ATTRS / 4);
		assert_true(differ > ATTRS / 8);
	}
}

/* Geometry: granule sizes, and the entries each kind takes agree with
 * what each table level spans. */
static void test_geometry(void **state)
{
	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];
		struct vmsa_desc d = { .type = VMSA_DESC_SUPERSECTION,
		                       .attrs = VMSA_MT_WRITEBACK | VMSA_RW };
		uint32_t w;
		int rc = vmsa_l1_encode(fmt, &d, &w);

		assert_int_equal(vmsa_fmt_min_granule(fmt),
		                 vmsa_kind_size(v5(fmt) ? VMSA_KIND_TINY :
		                                          VMSA_KIND_SMALL));
		assert_int_equal(1u << vmsa_fmt_min_shift(fmt),
		                 vmsa_fmt_min_granule(fmt));
		assert_int_equal(vmsa_fmt_has_super(fmt), rc == VMSA_OK);
		d.type = VMSA_DESC_FINE_TABLE;
		d.attrs = 0;
		assert_int_equal(vmsa_fmt_has_fine(fmt),
		                 vmsa_l1_encode(fmt, &d, &w) == VMSA_OK);
	}
	for (int fine = 0; fine < 2; fine++) {
		uint32_t span = vmsa_kind_size(fine ? VMSA_KIND_TINY :
		                                      VMSA_KIND_SMALL);

		assert_int_equal(vmsa_fmt_l2_entries(fine) * span,
		                 VMSA_SZ_SECTION);
		assert_int_equal(vmsa_fmt_reps(VMSA_KIND_LARGE, fine) * span,
		                 VMSA_SZ_LARGE);
		assert_int_equal(vmsa_fmt_reps(VMSA_KIND_SMALL, fine) * span,
		                 VMSA_SZ_SMALL);
		assert_int_equal(vmsa_fmt_l2_index(0x12345678u, fine),
		                 (0x12345678u % VMSA_SZ_SECTION) / span);
	}
	assert_int_equal(vmsa_fmt_reps(VMSA_KIND_TINY, true), 1);
	assert_int_equal(vmsa_fmt_reps(VMSA_KIND_SECTION, false), 1);
	assert_int_equal(vmsa_fmt_reps(VMSA_KIND_SUPERSECTION, false) *
	                 VMSA_SZ_SECTION, VMSA_SZ_SUPERSECTION);
}

/* vmsa_fmt_mapped_run agrees with reading the words one by one: runs of
 * leaves (mostly valid, a fault now and then) at both levels. */
static void test_mapped_run(void **state)
{
	uint64_t st = 0x6d61707065642121ull;

	(void)state;
	for (size_t f = 0; f < REF_NFMTS; f++) {
		vmsa_fmt_t fmt = ref_fmts[f];

		for (uint32_t r = 0; r < 4000; r++) {
			uint32_t w[64], n = 1 + r % 64, i, got, want = 0;
			int level = 1 + (int)(r & 1u);
			bool fine = v5(fmt) && level == 2 && (r & 2u);
			bool exec = false, want_exec = false;
			uint64_t bytes, want_bytes = 0, limit;
			struct vmsa_leaf lf;

			for (i = 0; i < n; i++)
				w[i] = (r + i) % 23 == 0 ? 0 :
				       ref_rand_word(&st, 2u | (uint32_t)(r >> 2 & 1u));
			limit = (uint64_t)(r % 7) << (level == 1 ? 20 : 12);
			if (r % 7 == 6)
				limit = UINT64_MAX;
			got = vmsa_fmt_mapped_run(fmt, level, fine, w, n, limit,
			                          &bytes, &exec);
			while (want < n && vmsa_fmt_leaf(fmt, level, fine, w[want],
			       &lf) == VMSA_OK && lf.kind != VMSA_KIND_FAULT &&
			       want_bytes + lf.size <= limit) {
				if (!vmsa_fmt_leaf_xn(fmt, lf.kind, w[want]))
					want_exec = true;
				want += lf.reps;
				want_bytes += lf.size;
			}
			assert_int_equal(got, want);
			assert_int_equal(bytes, want_bytes);
			assert_int_equal(exec, want_exec);
		}
	}
}

/* The engine's pool window (src/fmt/fmt.h): a table is inside exactly when
 * all of it lies in [pool_pa, pool_pa + bytes) (1KB coarse, 4KB fine:
 * a fine table in the pool's last 3KB is outside), for pools at 0, in
 * the middle, ending at 4GB and empty (also at 4GB, which vmsa_init
 * allows), with no wrap at either end. */
static void test_pool_window(void **state)
{
	static uint32_t pool[1024];     /* 4 units */
	static const struct {
		uint64_t pa;
		uint32_t units;
	} pools[] = {
		{ 0, 4 }, { 0x80100000u, 4 }, { 0xfffff000u, 4 },
		{ 0x100000000ull, 0 }, { 0x1000, 0 },
	};
	static const int64_t offs[] = { -0x1000, -0x400, 0, 0x400, 0xc00,
	                                0x1000, 0x1400 };
	uint64_t st = 0x77696e646f77ull;

	(void)state;
	for (size_t p = 0; p < sizeof(pools) / sizeof(pools[0]); p++) {
		struct vmsa_table t = { .pool = (uint8_t *)pool,
		                        .pool_pa = { pools[p].pa },
		                        .pool_units = pools[p].units };
		uint64_t end = pools[p].pa + pools[p].units * VMSA_L2_BYTES;

		for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]) + 200; i++) {
			uint32_t pa = i < sizeof(offs) / sizeof(offs[0]) ?
			              (uint32_t)(pools[p].pa + offs[i]) :
			              (uint32_t)ref_rand(&st) & ~0x3ffu;
			for (int fine = 0; fine < 2; fine++) {
				uint64_t bytes = fine ? 4 * VMSA_L2_BYTES :
				                        VMSA_L2_BYTES;
				bool in = pa >= pools[p].pa && pa + bytes <= end;
				const uint32_t *tab;

				assert_int_equal(vmsa_pool_window(&t, pa, fine,
				                                  &tab), in);
				if (in)
					assert_ptr_equal(tab, (const uint8_t *)pool +
					                 (pa - pools[p].pa));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tmpl_keeps_table_attrs),
		cmocka_unit_test(test_fold_is_template),
		cmocka_unit_test(test_l1_words),
		cmocka_unit_test(test_l2_words),
		cmocka_unit_test(test_leaf_word),
		cmocka_unit_test(test_l1_table),
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_mapped_run),
		cmocka_unit_test(test_pool_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
