/*
 * test_adopt.c - vmsa_adopt, the engine taking over finished tables (the
 * prebuilt boot tables), on both formats:
 *  - round trip: tables built by the engine, adopted into a fresh struct
 *    over the same memory: the same bitmap, counts, stats and walk, the
 *    tables untouched; then the same changes on the built table and on
 *    the adopted one (over a byte copy of the tables) leave identical
 *    bytes, and the adopted table passes vmsa_table_check throughout;
 *  - corrupted tables (two L1 entries over one table, a table partly in
 *    or wholly outside the pool, a reserved encoding, a supersection or
 *    large page whose copies differ, an ARMv5 tiny page in a coarse
 *    table) refused with distinct codes, tables and struct unchanged;
 *  - arguments: vmsa_init's checks and codes, a zeroed struct as the
 *    output, an empty L1 table, stale bytes in unused pool units;
 *  - after every change of a random sequence, the tables adopted back
 *    give exactly the engine's bitmap.
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
#include "harness.h"

#define KB 0x400u
#define MB 0x100000u
#define POOL (32 * KB)

static const vmsa_fmt_t fmts[] = { VMSA_FMT_V7, VMSA_FMT_V7 | VMSA_FMT_PXN,
                                   VMSA_FMT_V5 };
#define NFMTS (sizeof fmts / sizeof fmts[0])

static bool is_v5(vmsa_fmt_t f) { return (f & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5; }

static vmsa_attr_t data(vmsa_fmt_t f)
{
	return is_v5(f) ? VMSA_MT_WRITEBACK | VMSA_RW :
	                  VMSA_MT_WRITEBACK | VMSA_RW | VMSA_XN;
}

/* Every granule the format has: supersections (ARMv7), sections, large
 * and small pages, ARMv5 tiny pages (a fine table); a device page. */
static void build(struct hx *h)
{
	vmsa_fmt_t f = h->fmt;
	vmsa_attr_t d = data(f);

	if (!is_v5(f))
		assert_int_equal(vmsa_map(&h->t, vmsa_va(0x60000000),
		                          vmsa_pa(0x60000000), 32 * MB, d), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x40000000),
	                          vmsa_pa(0x40000000), 3 * MB, d), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x10000000),
	                          vmsa_pa(0x10000000), 128 * KB,
	                          is_v5(f) ? VMSA_MT_UNCACHED | VMSA_RW :
	                          VMSA_DEVICE), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x1e001000),
	                          vmsa_pa(0x1e001000), 8 * KB, d), VMSA_OK);
	if (is_v5(f))
		assert_int_equal(vmsa_map(&h->t, vmsa_va(0x20000400),
		                          vmsa_pa(0x20000400), 3 * KB, d), VMSA_OK);
}

static int adopt_hx(struct vmsa_table *t, const struct hx *h)
{
	return vmsa_adopt(t, h->fmt, h->l1, vmsa_pa(HX_L1_PA), h->pool,
	                  vmsa_pa(HX_POOL_PA), h->pool_bytes);
}

/* The runs of a walk, as text (one line each). */
struct runs { char buf[8192]; size_t len; };

static void add_run(void *arg, const struct vmsa_run *r)
{
	struct runs *rs = arg;
	int n = snprintf(rs->buf + rs->len, sizeof rs->buf - rs->len,
	                 "%08x %llx %llx %u %08x %u\n", (unsigned)r->va.v,
	                 (unsigned long long)r->size,
	                 (unsigned long long)r->pa.p, (unsigned)r->kind,
	                 (unsigned)r->attrs, (unsigned)r->count);
	assert_true(n > 0 && (size_t)n < sizeof rs->buf - rs->len);
	rs->len += (size_t)n;
}

static void walk_text(const struct vmsa_table *t, struct runs *rs)
{
	rs->len = 0;
	rs->buf[0] = 0;
	assert_int_equal(vmsa_walk(t, vmsa_va(0), 0, add_run, rs), VMSA_OK);
}

/* ---- round trip --------------------------------------------------------- */

static void test_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < NFMTS; i++) {
		struct hx h;
		struct hx_snap s;
		struct vmsa_table a;
		struct vmsa_stats s1, s2;
		static struct runs w1, w2;

		assert_int_equal(hx_init(&h, fmts[i], POOL), VMSA_OK);
		build(&h);
		assert_true(h.t.used_units > 0);
		hx_snap_take(&h, &s);
		memset(&a, 0xa5, sizeof a);
		assert_int_equal(adopt_hx(&a, &h), VMSA_OK);
		assert_true(hx_snap_same(&h, &s));       /* nothing written */
		assert_int_equal(vmsa_table_check(&a), VMSA_OK);
		assert_int_equal(a.used_units, h.t.used_units);
		assert_memory_equal(a.used, h.t.used, sizeof a.used);
		assert_int_equal(a.flags, 0);
		assert_int_equal(a.pool_units, h.t.pool_units);
		assert_int_equal(vmsa_stats(&h.t, &s1), VMSA_OK);
		assert_int_equal(vmsa_stats(&a, &s2), VMSA_OK);
		assert_memory_equal(&s1, &s2, sizeof s1);
		walk_text(&h.t, &w1);
		walk_text(&a, &w2);
		assert_true(w1.len > 0);
		assert_string_equal(w1.buf, w2.buf);
		hx_snap_free(&s);
		hx_free(&h);
	}
}

/* The same changes on the built table and on the adopted copy of it:
 * identical bytes after each, and a new table taken from the pool
 * (the adopted bitmap must not hand out a unit in use). */
static void test_changes_after_adopt(void **state)
{
	(void)state;
	for (size_t i = 0; i < NFMTS; i++) {
		struct hx h1, h2;
		struct vmsa_table a;
		vmsa_fmt_t f = fmts[i];
		vmsa_attr_t d = data(f);

		assert_int_equal(hx_init(&h1, f, POOL), VMSA_OK);
		assert_int_equal(hx_init(&h2, f, POOL), VMSA_OK);
		build(&h1);
		memcpy(h2.l1, h1.l1, VMSA_L1_BYTES);
		memcpy(h2.pool, h1.pool, POOL);
		assert_int_equal(adopt_hx(&a, &h2), VMSA_OK);
		struct vmsa_table *ts[2] = { &h1.t, &a };
		for (int k = 0; k < 2; k++) {
			/* A page in a new MB: a new table. */
			assert_int_equal(vmsa_map(ts[k], vmsa_va(0x30000000),
			                          vmsa_pa(0x30000000), 4 * KB, d),
			                 VMSA_OK);
			/* Split a section, protect a page in it. */
			assert_int_equal(vmsa_protect(ts[k], vmsa_va(0x40100000),
			                              4 * KB, is_v5(f) ?
			                              VMSA_MT_WRITETHROUGH | VMSA_RW :
			                              VMSA_MT_WRITEBACK | VMSA_RO),
			                 VMSA_OK);
			/* Unmap the small pages' table away. */
			assert_int_equal(vmsa_unmap(ts[k], vmsa_va(0x1e001000),
			                            8 * KB), VMSA_OK);
			/* Overlap with what was adopted is still refused. */
			assert_int_equal(vmsa_map(ts[k], vmsa_va(0x40000000),
			                          vmsa_pa(0x40000000), 4 * KB, d),
			                 VMSA_ERR_OVERLAP);
			assert_int_equal(vmsa_table_check(ts[k]), VMSA_OK);
		}
		assert_memory_equal(h1.l1, h2.l1, VMSA_L1_BYTES);
		assert_memory_equal(h1.pool, h2.pool, POOL);
		assert_int_equal(a.used_units, h1.t.used_units);
		assert_memory_equal(a.used, h1.t.used, sizeof a.used);
		hx_free(&h1);
		hx_free(&h2);
	}
}

/* ---- corrupted tables ---------------------------------------------------- */

/* adopt must return `want`, with the tables and *t unchanged. */
static void refused(const struct hx *h, int want, const char *what)
{
	struct hx_snap s;
	struct vmsa_table a, before;

	print_message("  %s (fmt %#x)\n", what, (unsigned)h->fmt);
	hx_snap_take(h, &s);
	memset(&a, 0x3c, sizeof a);
	before = a;
	assert_int_equal(adopt_hx(&a, h), want);
	assert_memory_equal(&a, &before, sizeof a);
	assert_true(hx_snap_same(h, &s));
	hx_snap_free(&s);
}

/* Index of the first L1 entry that points to a table. */
static unsigned first_table(const struct hx *h)
{
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++) {
		struct vmsa_desc d;
		if (vmsa_l1_decode(h->fmt, h->l1[i], &d) == VMSA_OK &&
		    (d.type == VMSA_DESC_TABLE || d.type == VMSA_DESC_FINE_TABLE))
			return i;
	}
	fail_msg("no table");
	return 0;
}

static uint32_t table_word(vmsa_fmt_t fmt, uint64_t pa, bool fine)
{
	struct vmsa_desc d = {
		.type = fine ? VMSA_DESC_FINE_TABLE : VMSA_DESC_TABLE,
		.pa = vmsa_pa(pa) };
	uint32_t w = 0;

	assert_int_equal(vmsa_l1_encode(fmt, &d, &w), VMSA_OK);
	return w;
}

static void test_corrupt_refs(void **state)
{
	(void)state;
	for (size_t i = 0; i < NFMTS; i++) {
		struct hx h;
		vmsa_fmt_t f = fmts[i];

		assert_int_equal(hx_init(&h, f, POOL), VMSA_OK);
		build(&h);
		unsigned t0 = first_table(&h);
		uint32_t save = h.l1[0x7ff];

		/* Sanity: the tables as built are adopted. */
		struct vmsa_table ok;
		assert_int_equal(adopt_hx(&ok, &h), VMSA_OK);

		/* A second L1 entry over the same table. */
		h.l1[0x7ff] = h.l1[t0];
		refused(&h, VMSA_ERR_CORRUPT, "two L1 entries over one table");
		/* A table outside the pool (the engine's VMSA_ERR_BUSY). */
		h.l1[0x7ff] = table_word(f, HX_POOL_PA + 2 * POOL, false);
		refused(&h, VMSA_ERR_BUSY, "a table outside the pool");
		h.l1[0x7ff] = table_word(f, HX_POOL_PA - KB, false);
		refused(&h, VMSA_ERR_BUSY, "a table just below the pool");
		if (is_v5(f)) {
			/* A fine table running past the end of a pool of
			 * 30KB (the tables built use its first units). */
			struct hx_snap fs;
			struct vmsa_table fa;
			h.l1[0x7ff] = table_word(f, HX_POOL_PA + POOL - 4 * KB, true);
			hx_snap_take(&h, &fs);
			memset(&fa, 0x3c, sizeof fa);
			assert_int_equal(vmsa_adopt(&fa, f, h.l1, vmsa_pa(HX_L1_PA),
			                            h.pool, vmsa_pa(HX_POOL_PA),
			                            POOL - 2 * KB), VMSA_ERR_CORRUPT);
			assert_int_equal(fa.seal, 0x3c3c3c3cu);
			assert_true(hx_snap_same(&h, &fs));
			hx_snap_free(&fs);
		}
		h.l1[0x7ff] = save;
		/* The same tables claimed at another pool address. */
		struct hx_snap s;
		hx_snap_take(&h, &s);
		struct vmsa_table a;
		assert_int_equal(vmsa_adopt(&a, f, h.l1, vmsa_pa(HX_L1_PA), h.pool,
		                            vmsa_pa(HX_POOL_PA + 64 * KB), POOL),
		                 VMSA_ERR_BUSY);
		/* A pool too small for the tables the L1 table references. */
		assert_int_equal(vmsa_adopt(&a, f, h.l1, vmsa_pa(HX_L1_PA), h.pool,
		                            vmsa_pa(HX_POOL_PA), KB),
		                 VMSA_ERR_BUSY);
		assert_true(hx_snap_same(&h, &s));
		hx_snap_free(&s);
		assert_int_equal(adopt_hx(&ok, &h), VMSA_OK);
		hx_free(&h);
	}
}

/* Word p[j] changed to w: refused as corrupt, then restored. */
static void corrupt_word(struct hx *h, uint32_t *p, const char *what,
                         uint32_t w)
{
	uint32_t save = *p;
	*p = w;
	refused(h, VMSA_ERR_CORRUPT, what);
	*p = save;
}

static void test_corrupt_entries(void **state)
{
	(void)state;
	for (size_t i = 0; i < NFMTS; i++) {
		struct hx h;
		vmsa_fmt_t f = fmts[i];
		struct vmsa_desc d;
		uint32_t *l2, w;
		bool fine;

		assert_int_equal(hx_init(&h, f, POOL), VMSA_OK);
		build(&h);
		/* The large pages at 0x10000000: their table. */
		assert_int_equal(vmsa_l1_decode(f, h.l1[0x100], &d), VMSA_OK);
		fine = d.type == VMSA_DESC_FINE_TABLE;
		l2 = hx_pool_ptr(&h, d.pa.p);
		assert_non_null(l2);
		unsigned per_large = fine ? 64 : 16;
		/* One copy of a large page differs (another PA). */
		w = l2[per_large + 3];
		assert_int_equal(w, l2[per_large]);
		corrupt_word(&h, &l2[per_large + 3], "a large page's copy differs",
		             w ^ (1u << 16));
		/* The first copy differs from the rest. */
		corrupt_word(&h, &l2[per_large], "a large page's first copy",
		             w ^ (1u << 16));
		/* A small page descriptor inside a large page's run. */
		if (!fine) {
			struct vmsa_desc sd = { .type = VMSA_DESC_SMALL,
			        .pa = vmsa_pa(0x10000000), .attrs = data(f) };
			uint32_t sw = 0;
			assert_int_equal(vmsa_l2_encode(f, false, &sd, &sw), VMSA_OK);
			corrupt_word(&h, &l2[per_large], "a small page heading a "
			             "large page's run", sw);
		}
		if (!is_v5(f)) {
			/* One copy of a supersection differs. */
			w = h.l1[0x605];
			assert_int_equal(w, h.l1[0x600]);
			corrupt_word(&h, &h.l1[0x605], "a supersection's copy differs",
			             w ^ (1u << 24));
		} else {
			/* A tiny page in a coarse table: reserved there. */
			uint32_t tw = (l2[0] & ~3u) | 3u;
			struct vmsa_desc td;
			assert_int_not_equal(vmsa_l2_decode(f, false, tw, &td), VMSA_OK);
			corrupt_word(&h, &l2[0], "an ARMv5 tiny page in a coarse "
			             "table", tw);
		}
		assert_int_equal(adopt_hx(&(struct vmsa_table){ 0 }, &h), VMSA_OK);
		hx_free(&h);
	}
}

/* ARMv7 without PXN: an L1 word of type 3 is reserved. */
static void test_corrupt_reserved_l1(void **state)
{
	struct hx h;
	struct vmsa_desc d;
	(void)state;

	assert_int_equal(hx_init(&h, VMSA_FMT_V7, POOL), VMSA_OK);
	build(&h);
	uint32_t w = h.l1[0x400] | 3u;          /* a section, type 3 */
	assert_int_not_equal(vmsa_l1_decode(VMSA_FMT_V7, w, &d), VMSA_OK);
	corrupt_word(&h, &h.l1[0x400], "an L1 word of a reserved type", w);
	hx_free(&h);
}

/* ---- arguments ------------------------------------------------------------ */

static void test_arguments(void **state)
{
	struct hx h;
	struct vmsa_table a = { 0 };
	vmsa_fmt_t f = VMSA_FMT_V7;
	(void)state;

	assert_int_equal(hx_init(&h, f, POOL), VMSA_OK);
	build(&h);
	assert_int_equal(vmsa_adopt(NULL, f, h.l1, vmsa_pa(HX_L1_PA), h.pool,
	                            vmsa_pa(HX_POOL_PA), POOL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_adopt(&a, f, NULL, vmsa_pa(HX_L1_PA), h.pool,
	                            vmsa_pa(HX_POOL_PA), POOL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_adopt(&a, f, h.l1, vmsa_pa(HX_L1_PA), NULL,
	                            vmsa_pa(HX_POOL_PA), POOL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_adopt(&a, 0x7fffu, h.l1, vmsa_pa(HX_L1_PA), h.pool,
	                            vmsa_pa(HX_POOL_PA), POOL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_adopt(&a, f, h.l1, vmsa_pa(HX_L1_PA + 0x1000),
	                            h.pool, vmsa_pa(HX_POOL_PA), POOL),
	                 VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_adopt(&a, f, h.l1, vmsa_pa(HX_L1_PA), h.pool,
	                            vmsa_pa(HX_POOL_PA + 0x200), POOL),
	                 VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_adopt(&a, f, h.l1, vmsa_pa(0x100000000ull),
	                            h.pool, vmsa_pa(HX_POOL_PA), POOL),
	                 VMSA_ERR_RANGE);
	assert_int_equal(vmsa_adopt_fmt(NULL, &a, f, h.l1, vmsa_pa(HX_L1_PA),
	                                h.pool, vmsa_pa(HX_POOL_PA), POOL),
	                 VMSA_ERR_UNSUPPORTED);
	/* None of them wrote the (zeroed) struct: still not a table. */
	assert_int_equal(vmsa_table_check(&a), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_map(&a, vmsa_va(0x30000000), vmsa_pa(0x30000000),
	                          4 * KB, data(f)), VMSA_ERR_INVAL);
	/* The zeroed struct as the output: a table. */
	assert_int_equal(adopt_hx(&a, &h), VMSA_OK);
	assert_int_equal(vmsa_map(&a, vmsa_va(0x30000000), vmsa_pa(0x30000000),
	                          4 * KB, data(f)), VMSA_OK);
	hx_free(&h);
}

/* An empty L1 table: nothing used; stale bytes in pool units no table
 * uses do not matter (they are the pool's free space). */
static void test_empty_and_stale(void **state)
{
	(void)state;
	for (size_t i = 0; i < NFMTS; i++) {
		struct hx h;
		struct vmsa_table a;
		struct vmsa_stats st;

		assert_int_equal(hx_init(&h, fmts[i], POOL), VMSA_OK);
		/* hx_init leaves 0x5a in the pool. */
		assert_int_equal(adopt_hx(&a, &h), VMSA_OK);
		assert_int_equal(a.used_units, 0);
		assert_int_equal(vmsa_stats(&a, &st), VMSA_OK);
		assert_int_equal(st.descriptors, 0);
		assert_int_equal(vmsa_map(&a, vmsa_va(0x30000000),
		                          vmsa_pa(0x30000000), 4 * KB,
		                          data(fmts[i])), VMSA_OK);
		assert_int_equal(a.used_units, 1);
		hx_free(&h);
	}
}

/* After every change of a random sequence (maps, unmaps, protects over a
 * few MB, so tables are taken, split, folded and freed), adopting the
 * tables gives back exactly the engine's bitmap. VMSA_SEED replays. */
static void test_adopt_after_random_changes(void **state)
{
	const char *env = getenv("VMSA_SEED");
	uint32_t seed = env ? (uint32_t)strtoul(env, NULL, 0) : 12345u;
	(void)state;

	print_message("  seed %u (VMSA_SEED= replays)\n", (unsigned)seed);
	for (size_t i = 0; i < NFMTS; i++) {
		struct hx h;
		vmsa_fmt_t f = fmts[i];
		uint32_t x = seed + (uint32_t)i, g = 4 * KB;
		unsigned ok = 0;

		assert_int_equal(hx_init(&h, f, 64 * KB), VMSA_OK);
		for (int k = 0; k < 400; k++) {
			struct vmsa_table a;
			uint32_t va, size;
			int rc;

			x = x * 1103515245u + 12345u;
			va = 0x40000000u + ((x >> 8) % (4 * MB / g)) * g;
			x = x * 1103515245u + 12345u;
			/* Mostly a few pages, sometimes up to 2MB. */
			size = (1u + (x >> 8) % ((x >> 20) % 4 == 0 ? 512u : 8u)) * g;
			switch ((x >> 4) % 3) {
			case 0:
				rc = vmsa_map(&h.t, vmsa_va(va), vmsa_pa(va), size,
				              data(f));
				break;
			case 1:
				rc = vmsa_unmap(&h.t, vmsa_va(va), size);
				break;
			default:
				rc = vmsa_protect(&h.t, vmsa_va(va), size,
				                  is_v5(f) ? VMSA_MT_WRITETHROUGH | VMSA_RW :
				                  VMSA_MT_WRITETHROUGH | VMSA_RO);
				break;
			}
			if (rc != VMSA_OK) {
				/* Refused changes write nothing: adopt too. */
				assert_int_equal(adopt_hx(&a, &h), VMSA_OK);
				continue;
			}
			ok++;
			assert_int_equal(adopt_hx(&a, &h), VMSA_OK);
			assert_int_equal(a.used_units, h.t.used_units);
			assert_memory_equal(a.used, h.t.used, sizeof a.used);
		}
		print_message("  fmt %#x: %u changes, each adopted back\n",
		              (unsigned)f, ok);
		assert_true(ok > 50);
		hx_free(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_changes_after_adopt),
		cmocka_unit_test(test_corrupt_refs),
		cmocka_unit_test(test_corrupt_entries),
		cmocka_unit_test(test_corrupt_reserved_l1),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_empty_and_stale),
		cmocka_unit_test(test_adopt_after_random_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
