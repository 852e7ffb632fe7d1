/*
 * test_lpae_campaign.c - the engine on long descriptors (VMSA_FMT_LPAE):
 * its dumps against the format's own (vmsa_dump of an engine table reads
 * as vmsa_lpae_dump's walk from level 1, which scripts/vmsa-decode.py
 * --fmt lpae checks; vmsa_dump_raw names every word), and 4,000 random
 * calls (map, unmap, protect, remap) against a page model of what each
 * should leave, every page of the range and beside it checked through the
 * format module's walk, and the tables unchanged after each refusal.
 * Shared with test_lpae_engine.c: lpae_help.c.
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
#include "refmodel.h"
#include "lpae_help.h"
#include "../../src/report/dump_lpae.h"

/* ---- the dumps ------------------------------------------------------------ */

struct text {
	char buf[8192];
	size_t len;
};

static void put(void *arg, const char *str)
{
	struct text *x = arg;
	size_t n = strlen(str);

	assert_true(x->len + n < sizeof x->buf);
	memcpy(x->buf + x->len, str, n + 1);
	x->len += n;
}

/* vmsa_dump of an engine table reads as vmsa_lpae_dump's walk of the
 * same words from level 1 (the format module's, src/report/dump_lpae.c,
 * which scripts/vmsa-decode.py --fmt lpae checks); the raw dump names
 * every word. */
static void test_dumps(void **state)
{
	const uint64_t *l1 = (const uint64_t *)(const void *)
	                     ((const uint8_t *)LP.l1 + VMSA_LPAE_L1_OFFSET);
	static struct text a, b, r;

	(void)state;
	a.len = b.len = r.len = 0;
	assert_int_equal(lp_map(0x1c090000u, 0x1c090000u, 4096, VMSA_DEVICE),
	                 VMSA_OK);
	assert_int_equal(lp_map(0x60000000u, 0x140000000ull, 0x3000, VMSA_CODE),
	                 VMSA_OK);
	assert_int_equal(lp_map(0x80000000u, 0x80000000u, 4 * MB, VMSA_DATA |
	                     VMSA_NG), VMSA_OK);
	assert_int_equal(vmsa_dump(&LP.t, NULL, 0, put, &a), VMSA_OK);
	assert_int_equal(vmsa_lpae_dump(l1, lp_table_at, NULL, false, put, &b),
	                 VMSA_OK);
	assert_string_equal(a.buf, b.buf);
	assert_non_null(strstr(a.buf, "0x60000000-0x60003000 -> 0x140000000 "
	                              "3x4K page RO/-- X WBWA A7\n"));
	assert_non_null(strstr(a.buf, "2x2M block RW/-- NX WBWA nG A7\n"));
	assert_int_equal(vmsa_dump_raw(&LP.t, put, &r), VMSA_OK);
	assert_non_null(strstr(r.buf, "  L3[0x090] va=0x1c090000 "
	                              "0x004000001c090613 page AttrIndx=4 AP=0 "
	                              "SH=2 AF=1 nG=0 XN=1 PXN=0 NS=0\n"));
	assert_non_null(strstr(r.buf, "L2[0x401] va=0x80200000 "
	                              "0x0040000080200c1d block"));
}

/* ---- a random campaign against the page model ---------------------------- */

struct page {
	uint64_t pa;            /* 0 with attrs 0: unmapped */
	vmsa_attr_t attrs;
};

static const vmsa_attr_t ATTRS[] = {
	VMSA_DATA, VMSA_RODATA, VMSA_CODE, VMSA_DEVICE,
	VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN, VMSA_DATA | VMSA_NG,
	VMSA_DATA | VMSA_USER, VMSA_CODE | VMSA_USER,
};

/* Pages of the campaign's window: 64MB at 0x40000000. */
#define WIN_VA 0x40000000u
#define WIN_PAGES (64u * MB / 4096u)

static bool range_state(const struct page *m, uint32_t p0, uint32_t n,
                        bool mapped)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if ((m[p0 + i].attrs != 0) != mapped)
			return false;
	return true;
}

static void test_random_against_model(void **state)
{
	struct page *m = calloc(WIN_PAGES, sizeof(*m));
	uint8_t *before = malloc(POOL_OFF + POOL_BYTES);
	uint64_t rs = 20261207;
	unsigned op, ok = 0, refused = 0;

	(void)state;
	for (op = 0; op < 4000; op++) {
		bool big = ref_rand_below(&rs, 3) == 0;
		uint32_t p0 = big ? 512u * (uint32_t)ref_rand_below(&rs,
		                                  WIN_PAGES / 512 - 2) :
		              (uint32_t)ref_rand_below(&rs, WIN_PAGES - 1024);
		bool mapped = m[p0].attrs != 0;
		/* Mostly calls that can succeed: a range of p0's state (a
		 * mapped page is unmapped, protected or remapped; a hole
		 * mapped), one in five across other states. */
		uint32_t kind = mapped ? 1 + (uint32_t)ref_rand_below(&rs, 3) : 0;
		uint32_t lim = big ? 512u * (1 + (uint32_t)ref_rand_below(&rs, 2)) :
		               1 + (uint32_t)ref_rand_below(&rs, 40), n = 1;
		uint32_t va = WIN_VA + p0 * 4096u, i;
		uint64_t pa = (big ? 0x100000000ull : 0x100000000ull +
		               4096u * ref_rand_below(&rs, 3)) +
		              (uint64_t)p0 * 4096u;
		vmsa_attr_t a = ATTRS[ref_rand_below(&rs, 8)];
		int err, want;

		if (ref_rand_below(&rs, 5) == 0)
			n = lim;
		else
			while (n < lim && (m[p0 + n].attrs != 0) == mapped)
				n++;
		memcpy(before, LP.mem, POOL_OFF + POOL_BYTES);
		switch (kind) {
		case 0:
			want = range_state(m, p0, n, false) ? VMSA_OK :
			       VMSA_ERR_OVERLAP;
			err = lp_map(va, pa, (uint64_t)n * 4096u, a);
			break;
		case 1:
			want = range_state(m, p0, n, true) ? VMSA_OK :
			       VMSA_ERR_NOTMAPPED;
			err = vmsa_unmap(&LP.t, (vmsa_va_t){ va },
			                 (uint64_t)n * 4096u);
			break;
		case 2:
			want = range_state(m, p0, n, true) ? VMSA_OK :
			       VMSA_ERR_NOTMAPPED;
			err = vmsa_protect(&LP.t, (vmsa_va_t){ va },
			                   (uint64_t)n * 4096u, a);
			break;
		default:
			want = range_state(m, p0, n, true) ? VMSA_OK :
			       VMSA_ERR_NOTMAPPED;
			err = vmsa_remap(&LP.t, (vmsa_va_t){ va },
			                 (vmsa_pa_t){ pa }, (uint64_t)n * 4096u);
			break;
		}
		if (err == VMSA_ERR_NOMEM && want == VMSA_OK)
			want = VMSA_ERR_NOMEM;
		if (err != want)
			fail_msg("op %u kind %u va %08x n %u: %d, model %d", op,
			         kind, va, n, err, want);
		if (err != VMSA_OK) {
			assert_int_equal(memcmp(before, LP.mem,
			                        POOL_OFF + POOL_BYTES), 0);
			refused++;
			continue;
		}
		ok++;
		for (i = 0; i < n; i++) {
			struct page *pg = &m[p0 + i];

			switch (kind) {
			case 0:
				pg->pa = pa + i * 4096u;
				pg->attrs = lp_canon(a);
				break;
			case 1:
				pg->pa = 0;
				pg->attrs = 0;
				break;
			case 2:
				pg->attrs = lp_canon(a);
				break;
			default:
				pg->pa = pa + i * 4096u;
				break;
			}
		}
		/* The range and a page either side, through the oracle. */
		for (i = p0 ? p0 - 1 : 0; i <= p0 + n && i < WIN_PAGES; i++) {
			struct vmsa_lpae_xlat x;
			int r = lp_oracle(WIN_VA + i * 4096u, &x);

			if (m[i].attrs == 0) {
				assert_int_equal(r, VMSA_ERR_NOTMAPPED);
				continue;
			}
			assert_int_equal(r, VMSA_OK);
			assert_true(x.pa == m[i].pa);
			assert_int_equal(x.attrs, m[i].attrs);
		}
		if (op % 200 == 0)
			assert_int_equal(vmsa_table_check(&LP.t), VMSA_OK);
	}
	/* Every page of the window, at the end. */
	for (op = 0; op < WIN_PAGES; op++) {
		struct vmsa_lpae_xlat x;
		int r = lp_oracle(WIN_VA + op * 4096u, &x);

		assert_int_equal(r, m[op].attrs ? VMSA_OK : VMSA_ERR_NOTMAPPED);
		if (r == VMSA_OK)
			assert_true(x.pa == m[op].pa && x.attrs == m[op].attrs);
	}
	assert_int_equal(vmsa_table_check(&LP.t), VMSA_OK);
	print_message("lpae campaign: %u calls done, %u refused\n", ok, refused);
	assert_true(ok > 1000 && refused > 100);
	free(m);
	free(before);
}

#define T(f) cmocka_unit_test_setup_teardown(f, lt_setup, lt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_dumps),
		T(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
