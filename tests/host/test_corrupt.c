/*
 * test_corrupt.c - tables whose content is broken, on both formats:
 *  - vmsa_table_check against a pool bitmap that disagrees with the tables
 *    the L1 table references (a unit held for no table, a referenced
 *    table's unit free, for a fine table each of its four; two tables over
 *    one unit; a table partly in the pool), and against L1 entries whose
 *    table lies wholly outside the pool (not the pool's: accepted);
 *  - the readers that walk the whole table (vmsa_walk, vmsa_dump, the
 *    policy check, the W^X debug check) on an L1 entry pointing outside
 *    the pool: they report it, go on past it and end.
 * Each walk runs under alarm(): a reader that loops for ever is killed by
 * SIGALRM and the suite fails, instead of hanging the runner.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream, alarm */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "harness.h"

#define KB 0x400u
#define MB 0x100000u
/* Writable, executable: a W^X finding on both formats. */
#define WB_RWX (VMSA_MT_WRITEBACK | VMSA_RW | VMSA_EXEC)
/* Where the foreign table lives: far from HX_POOL_PA. */
#define FOREIGN_PA 0x90000000u
/* The MB whose L1 entry points to it. */
#define FOREIGN_VA 0x12300000u

static const vmsa_fmt_t fmts[] = { VMSA_FMT_V7, VMSA_FMT_V5 };

/* Writable data: execute-never where the format has XN (ARMv5 has none,
 * and refuses VMSA_XN). */
static vmsa_attr_t data_attrs(vmsa_fmt_t fmt)
{
	return fmt == VMSA_FMT_V5 ? VMSA_MT_WRITEBACK | VMSA_RW :
	       VMSA_MT_WRITEBACK | VMSA_RW | VMSA_XN;
}

/* The L1 word of a page table at pa (fine: an ARMv5 fine table). */
static uint32_t table_word(vmsa_fmt_t fmt, uint64_t pa, bool fine,
                           unsigned domain)
{
	struct vmsa_desc d = {
		.type = fine ? VMSA_DESC_FINE_TABLE : VMSA_DESC_TABLE,
		.pa = vmsa_pa(pa), .attrs = VMSA_DOMAIN(domain) };
	uint32_t w = 0;

	assert_int_equal(vmsa_l1_encode(fmt, &d, &w), VMSA_OK);
	return w;
}

/* Table check of a copy of h's table with bitmap bit u flipped and
 * used_units moved with it (the count stays right, so only the
 * comparison with the L1 table can see it). */
static int check_flipped(const struct hx *h, uint32_t u)
{
	struct vmsa_table c = h->t;
	bool was = (c.used[u / 32] >> (u % 32)) & 1u;

	c.used[u / 32] ^= 1u << (u % 32);
	c.used_units = was ? c.used_units - 1 : c.used_units + 1;
	return vmsa_table_check(&c);
}

/* ---- vmsa_table_check: bitmap against the L1 table ---------------------- */

/* A unit held for no table (a leak), and a referenced table's unit free
 * with the count kept right by a leak elsewhere: each caught. */
static void test_check_bitmap_vs_l1(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		struct hx_snap s;
		assert_int_equal(hx_init(&h, fmts[f], 16 * KB), VMSA_OK);
		/* Two tables: units 0 and 1 (coarse). */
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
		                          vmsa_pa(0x40000000), 0x3000,
		                          data_attrs(fmts[f])),
		                 VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40100000),
		                          vmsa_pa(0x40100000), 0x1000,
		                          data_attrs(fmts[f])),
		                 VMSA_OK);
		assert_int_equal(h.t.used_units, 2);
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		hx_snap_take(&h, &s);
		/* A bit set for no table. */
		assert_int_equal(check_flipped(&h, 7), VMSA_ERR_INVAL);
		assert_int_equal(check_flipped(&h, 15), VMSA_ERR_INVAL);
		/* A referenced table's unit clear (count one short). */
		assert_int_equal(check_flipped(&h, 0), VMSA_ERR_INVAL);
		assert_int_equal(check_flipped(&h, 1), VMSA_ERR_INVAL);
		/* Both at once: the count is right. */
		struct vmsa_table c = h.t;
		c.used[0] = (c.used[0] & ~2u) | (1u << 9);
		assert_int_equal(vmsa_table_check(&c), VMSA_ERR_INVAL);
		/* The check reads and writes nothing else. */
		assert_true(hx_snap_same(&h, &s));
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		hx_snap_free(&s);
		hx_free(&h);
	}
}

/* ARMv5: every one of a fine table's four units must be held. */
static void test_check_fine_units(void **state)
{
	struct hx h;
	(void)state;
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 16 * KB), VMSA_OK);
	/* A tiny page: a fine table, units 0-3; then a coarse one, unit 4. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000400), vmsa_pa(0x40000400),
	                          KB, WB_RWX), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40100000), vmsa_pa(0x40100000),
	                          0x1000, WB_RWX), VMSA_OK);
	assert_int_equal(h.t.used_units, 5);
	assert_int_equal(h.t.used[0], 0x1fu);
	assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
	for (uint32_t u = 0; u < 4; u++) {
		struct vmsa_table c = h.t;
		/* Unit u of the fine table handed to a leak: count right. */
		c.used[0] = (c.used[0] & ~(1u << u)) | (1u << 12);
		print_message("  fine table unit %u free\n", u);
		assert_int_equal(vmsa_table_check(&c), VMSA_ERR_INVAL);
		assert_int_equal(check_flipped(&h, u), VMSA_ERR_INVAL);
	}
	hx_free(&h);
}

/* Two L1 entries over one table, and a table partly in the pool. */
static void test_check_shared_and_straddling(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		assert_int_equal(hx_init(&h, fmts[f], 14 * KB), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
		                          vmsa_pa(0x40000000), 0x1000,
		                          data_attrs(fmts[f])),
		                 VMSA_OK);
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		uint32_t w = h.l1[0x400];
		/* A second entry naming the same table (its unit held once). */
		h.l1[0x401] = w;
		assert_int_equal(vmsa_table_check(&h.t), VMSA_ERR_INVAL);
		h.l1[0x401] = 0;
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		if (fmts[f] == VMSA_FMT_V5) {
			/* A fine table at the pool's unit 12: units 12-15,
			 * of which 14 and 15 lie past the 14KB pool (their
			 * bits cannot even be set). */
			assert_int_equal(hx_reinit(&h, VMSA_FMT_V5), VMSA_OK);
			h.l1[0x402] = table_word(fmts[f], HX_POOL_PA + 12 * KB,
			                         true, 0);
			h.t.used[0] = 3u << 12;
			h.t.used_units = 2;
			assert_int_equal(vmsa_table_check(&h.t), VMSA_ERR_INVAL);
			/* The readers treat it as a table outside the pool:
			 * nothing past the pool's end is read (its last
			 * entries would lie 1KB past it). */
			struct vmsa_xlat x;
			vmsa_pa_t pa;
			assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x402ffc00),
			                                &x), VMSA_ERR_BUSY);
			assert_int_equal(vmsa_translate_pa(&h.t,
			                 vmsa_va(0x402ffc00), &pa), VMSA_ERR_BUSY);
			assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x40200000),
			                            MB), VMSA_ERR_BUSY);
			h.l1[0x402] = 0;
			h.t.used[0] = 0;
			h.t.used_units = 0;
			assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
			/* A pool starting 1KB past a 4KB boundary: a fine
			 * table on that boundary has its first unit below
			 * the pool, its other three in it. */
			assert_int_equal(vmsa_init(&h.t, VMSA_FMT_V5, h.l1,
			                           vmsa_pa(HX_L1_PA), h.pool,
			                           vmsa_pa(HX_POOL_PA + KB),
			                           14 * KB), VMSA_OK);
			h.l1[0x402] = table_word(fmts[f], HX_POOL_PA, true, 0);
			h.t.used[0] = 7u;
			h.t.used_units = 3;
			assert_int_equal(vmsa_table_check(&h.t), VMSA_ERR_INVAL);
			h.l1[0x402] = table_word(fmts[f], HX_POOL_PA + 4 * KB,
			                         true, 0);
			assert_int_equal(vmsa_table_check(&h.t), VMSA_ERR_INVAL);
			h.t.used[0] = 0x78u;    /* units 3-6: PA +4KB */
			h.t.used_units = 4;
			assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		}
		hx_free(&h);
	}
}

/* L1 entries pointing to tables wholly outside the pool (just below it,
 * just past it, far away, at 0 and at the top of the 32-bit space): not
 * the pool's, accepted; the check does not read them. */
static void test_check_foreign_tables(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		struct hx_snap s;
		bool v5 = fmts[f] == VMSA_FMT_V5;
		assert_int_equal(hx_init(&h, fmts[f], 16 * KB), VMSA_OK);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000),
		                          vmsa_pa(0x40000000), 0x1000,
		                          data_attrs(fmts[f])),
		                 VMSA_OK);
		h.l1[0x100] = table_word(fmts[f], HX_POOL_PA - KB, false, 0);
		h.l1[0x101] = table_word(fmts[f], HX_POOL_PA + 16 * KB, false, 0);
		h.l1[0x102] = table_word(fmts[f], FOREIGN_PA, false, 3);
		h.l1[0x103] = table_word(fmts[f], 0, false, 0);
		h.l1[0x104] = table_word(fmts[f], 0xfffffc00u, false, 0);
		if (v5) {
			h.l1[0x105] = table_word(fmts[f], HX_POOL_PA - 4 * KB,
			                         true, 0);
			h.l1[0x106] = table_word(fmts[f], 0xfffff000u, true, 0);
		}
		hx_snap_take(&h, &s);
		assert_int_equal(vmsa_table_check(&h.t), VMSA_OK);
		assert_true(hx_snap_same(&h, &s));
		/* A leak is still found past them. */
		assert_int_equal(check_flipped(&h, 3), VMSA_ERR_INVAL);
		hx_snap_free(&s);
		hx_free(&h);
	}
}

/* ---- readers over an L1 entry pointing outside the pool ---------------- */

#define MAX_RUNS 16

struct runs {
	unsigned n;             /* calls, possibly more than MAX_RUNS */
	struct vmsa_run r[MAX_RUNS];
};

static void on_run(void *arg, const struct vmsa_run *run)
{
	struct runs *c = arg;

	if (c->n < MAX_RUNS)
		c->r[c->n] = *run;
	c->n++;
}

/* A table with a section below the foreign MB, pages above it, and a W^X
 * section further on. */
static void foreign_table(struct hx *h, vmsa_fmt_t fmt)
{
	vmsa_attr_t rw = data_attrs(fmt);

	assert_int_equal(hx_init(h, fmt, 16 * KB), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(FOREIGN_VA - MB),
	                          vmsa_pa(0x80000000), MB, rw), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(FOREIGN_VA + MB),
	                          vmsa_pa(0x81000000), 0x2000, rw), VMSA_OK);
	assert_int_equal(vmsa_map(&h->t, vmsa_va(0x20000000),
	                          vmsa_pa(0x82000000), MB, WB_RWX), VMSA_OK);
	h->l1[FOREIGN_VA >> 20] = table_word(fmt, FOREIGN_PA,
	                                     fmt == VMSA_FMT_V5, 2);
}

static void test_walk_foreign(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		struct runs c = { 0 };
		foreign_table(&h, fmts[f]);
		alarm(10);
		assert_int_equal(vmsa_walk(&h.t, vmsa_va(0), 0, on_run, &c),
		                 VMSA_ERR_BUSY);
		alarm(0);
		assert_int_equal(c.n, 4);
		assert_int_equal(c.r[0].va.v, FOREIGN_VA - MB);
		assert_int_equal(c.r[0].kind, VMSA_KIND_SECTION);
		/* The foreign MB: its own run, the table's address. */
		assert_int_equal(c.r[1].va.v, FOREIGN_VA);
		assert_int_equal(c.r[1].size, MB);
		assert_int_equal(c.r[1].pa.p, FOREIGN_PA);
		assert_int_equal(c.r[1].kind, VMSA_KIND_FAULT);
		assert_int_equal(c.r[1].count, 1);
		assert_int_equal(VMSA_ATTR_DOMAIN(c.r[1].attrs), 2);
		/* The walk went on past it. */
		assert_int_equal(c.r[2].va.v, FOREIGN_VA + MB);
		assert_int_equal(c.r[2].size, 0x2000);
		assert_int_equal(c.r[2].pa.p, 0x81000000);
		assert_int_equal(c.r[3].va.v, 0x20000000);
		/* A range inside the foreign MB: clipped to it. */
		memset(&c, 0, sizeof(c));
		alarm(10);
		assert_int_equal(vmsa_walk(&h.t, vmsa_va(FOREIGN_VA + 0x81000),
		                           0x10000, on_run, &c), VMSA_ERR_BUSY);
		alarm(0);
		assert_int_equal(c.n, 1);
		assert_int_equal(c.r[0].va.v, FOREIGN_VA + 0x81000);
		assert_int_equal(c.r[0].size, 0x10000);
		assert_int_equal(c.r[0].kind, VMSA_KIND_FAULT);
		/* A range that misses it: VMSA_OK. */
		memset(&c, 0, sizeof(c));
		assert_int_equal(vmsa_walk(&h.t, vmsa_va(FOREIGN_VA + MB), MB,
		                           on_run, &c), VMSA_OK);
		assert_int_equal(c.n, 1);
		/* Every MB foreign: 4096 runs, then the end. */
		for (uint32_t i = 0; i < VMSA_L1_ENTRIES; i++)
			h.l1[i] = table_word(fmts[f], FOREIGN_PA, false, 0);
		memset(&c, 0, sizeof(c));
		alarm(10);
		assert_int_equal(vmsa_walk(&h.t, vmsa_va(0), 0, on_run, &c),
		                 VMSA_ERR_BUSY);
		alarm(0);
		assert_int_equal(c.n, VMSA_L1_ENTRIES);
		hx_free(&h);
	}
}

/* The dump's text, gathered in a memory stream. */
static void out_text(void *arg, const char *s)
{
	fputs(s, arg);
}

static void test_dump_foreign(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		char *buf = NULL;
		size_t len = 0;
		FILE *f1 = open_memstream(&buf, &len);
		const struct vmsa_region rg[] = {
			{ .name = "low", .va = VMSA_VA_C(0),
			  .pa = VMSA_PA_C(0), .size = FOREIGN_VA + 0x80000,
			  .attrs = VMSA_DATA },
		};
		assert_non_null(f1);
		foreign_table(&h, fmts[f]);
		alarm(10);
		assert_int_equal(vmsa_dump(&h.t, NULL, 0, out_text, f1),
		                 VMSA_ERR_BUSY);
		alarm(0);
		fclose(f1);
		print_message("%s", buf);
		assert_non_null(strstr(buf, "0x12300000-0x12400000 -> "
		                       "0x90000000 table outside the pool\n"));
		/* What follows it is dumped. */
		assert_non_null(strstr(buf, "0x12400000-0x12402000 -> "
		                       "0x81000000 2x4K small"));
		assert_non_null(strstr(buf, "0x20000000-0x20100000 -> "
		                       "0x82000000 1M section"));
		free(buf);
		/* A region boundary inside the foreign MB splits its line. */
		f1 = open_memstream(&buf, &len);
		assert_non_null(f1);
		alarm(10);
		assert_int_equal(vmsa_dump(&h.t, rg, 1, out_text, f1),
		                 VMSA_ERR_BUSY);
		alarm(0);
		fclose(f1);
		assert_non_null(strstr(buf, "0x12300000-0x12380000 -> "
		                       "0x90000000 table outside the pool\n"
		                       "---[ (outside the regions) ]---\n"
		                       "0x12380000-0x12400000 -> "
		                       "0x90000000 table outside the pool\n"));
		free(buf);
		hx_free(&h);
	}
}

struct findings {
	unsigned n, wx;
	uint32_t va[8];
};

/* One finding, of the policy check or the W^X debug check (wx: which
 * counts). */
static void note(struct findings *c, const struct vmsa_finding *f, bool wx)
{
	if (c->n < 8)
		c->va[c->n] = f->run.va.v;
	c->n++;
	if (wx)
		c->wx++;
}

static void on_finding(void *arg, const struct vmsa_finding *f)
{
	note(arg, f, f->check == VMSA_POL_WX);
}

/* The policy check finds the W^X mapping past the foreign MB, reports
 * nothing for the foreign MB itself, and says the check was not whole. */
static void test_policy_foreign(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		struct findings c = { 0 };
		foreign_table(&h, fmts[f]);
		alarm(10);
		assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_WX, NULL, 0,
		                                   on_finding, &c), VMSA_ERR_BUSY);
		alarm(0);
		if (fmts[f] == VMSA_FMT_V7) {
			assert_int_equal(c.n, 1);
			assert_int_equal(c.va[0], 0x20000000);
		} else {
			/* ARMv5: every writable mapping executes. */
			assert_int_equal(c.n, 3);
			for (unsigned i = 0; i < 3; i++)
				assert_int_not_equal(c.va[i], FOREIGN_VA);
		}
		/* Every check, the alias walks included. */
		memset(&c, 0, sizeof(c));
		alarm(10);
		assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, NULL, 0,
		                                   on_finding, &c), VMSA_ERR_BUSY);
		alarm(0);
		assert_true(c.wx >= 1);
		for (unsigned i = 0; i < c.n && i < 8; i++)
			assert_int_not_equal(c.va[i], FOREIGN_VA);
		/* Without it: the count. */
		h.l1[FOREIGN_VA >> 20] = 0;
		assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_WX, NULL, 0,
		                                   NULL, NULL),
		                 fmts[f] == VMSA_FMT_V7 ? 1 : 3);
		hx_free(&h);
	}
}

static void on_wx(void *arg, const struct vmsa_call *call,
                  const struct vmsa_finding *f)
{
	note(arg, f, call->call == VMSA_CALL_MAP);
}

/* The W^X debug check after a change, on a table with a foreign MB: the
 * change is checked and blamed, the call returns. */
static void test_wx_check_foreign(void **state)
{
	(void)state;
	for (unsigned f = 0; f < 2; f++) {
		struct hx h;
		struct findings c = { 0 };
		foreign_table(&h, fmts[f]);
		assert_int_equal(vmsa_set_wx_check(&h.t, on_wx, &c), VMSA_OK);
		alarm(10);
		assert_int_equal(vmsa_map(&h.t, vmsa_va(0x30000000),
		                          vmsa_pa(0x83000000), MB, WB_RWX),
		                 VMSA_OK);
		alarm(0);
		assert_int_equal(c.n, 1);
		assert_int_equal(c.wx, 1);
		assert_int_equal(c.va[0], 0x30000000);
		assert_int_equal(h.t.wx_breaks, 1);
		/* A change that breaks nothing is not blamed. */
		alarm(10);
		assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x30000000), MB),
		                 VMSA_OK);
		alarm(0);
		assert_int_equal(c.n, 1);
		assert_int_equal(h.t.wx_breaks, 1);
		hx_free(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_bitmap_vs_l1),
		cmocka_unit_test(test_check_fine_units),
		cmocka_unit_test(test_check_shared_and_straddling),
		cmocka_unit_test(test_check_foreign_tables),
		cmocka_unit_test(test_walk_foreign),
		cmocka_unit_test(test_dump_foreign),
		cmocka_unit_test(test_policy_foreign),
		cmocka_unit_test(test_wx_check_foreign),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
