/*
 * test_policy.c - the policy checker (src/report/policy.c): each check finds its
 * case (W^X, executable device memory, user access to a privileged range,
 * mismatched-attribute aliases), a clean map reports nothing, argument
 * errors, and the one-line format. Not covered: performance on large maps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <vmsa.h>
#include "harness.h"

struct got {
	int n;
	unsigned checks[16];
	struct vmsa_finding f[16];
};

static void rec(void *arg, const struct vmsa_finding *f)
{
	struct got *g = arg;
	if (g->n < 16) {
		g->checks[g->n] = f->check;
		g->f[g->n] = *f;
	}
	g->n++;
}

static const struct vmsa_region priv[] = {
	{ .name = "kernel", .va = VMSA_VA_C(0xc0000000), .size = 0x400000 },
};

/* A clean V7 map: code RX, data RW NX, device NX, user data outside the
 * kernel range, one PA mapped twice with the same type. */
static void map_clean(struct hx *h)
{
	struct vmsa_table *t = &h->t;
	assert_int_equal(vmsa_map(t, vmsa_va(0xc0000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_CODE), VMSA_OK);
	assert_int_equal(vmsa_map(t, vmsa_va(0xc0100000), vmsa_pa(0x80100000),
	                          0x300000, VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_map(t, vmsa_va(0x10000000), vmsa_pa(0x10000000),
	                          0x1000, VMSA_DEVICE), VMSA_OK);
	assert_int_equal(vmsa_map(t, vmsa_va(0x00400000), vmsa_pa(0x90000000),
	                          0x10000, VMSA_DATA | VMSA_USER), VMSA_OK);
	/* Same PA, same memory type (WBWA), second VA: not an alias. */
	assert_int_equal(vmsa_map(t, vmsa_va(0xd0000000), vmsa_pa(0x80100000),
	                          0x1000, VMSA_RODATA), VMSA_OK);
}

static void test_clean(void **state)
{
	(void)state;
	struct hx h;
	struct got g = { 0 };
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 64 * 1024), VMSA_OK);
	map_clean(&h);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, priv, 1, rec, &g),
	                 0);
	assert_int_equal(g.n, 0);
	hx_free(&h);
}

static void test_each_case(void **state)
{
	(void)state;
	struct hx h;
	struct got g = { 0 };
	char line[224];
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 64 * 1024), VMSA_OK);
	map_clean(&h);
	/* W^X: RW and executable at PL1 (VMSA_EXEC asked). */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x20000000), vmsa_pa(0x20000000),
	                          0x1000, VMSA_MT_WRITEBACK | VMSA_RW | VMSA_EXEC),
	                 VMSA_OK);
	/* Executable device memory (VMSA_EXEC asked). */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x30000000), vmsa_pa(0x30000000),
	                          0x1000, VMSA_MT_DEVICE | VMSA_RO | VMSA_EXEC),
	                 VMSA_OK);
	/* User-readable page inside the kernel range. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0xc0300000 + 0x100000 - 0x1000),
	                          vmsa_pa(0x88000000), 0x1000,
	                          VMSA_RODATA | VMSA_USER), VMSA_ERR_OVERLAP);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0xc0380000), vmsa_pa(0x88000000),
	                          0x1000, VMSA_RODATA), VMSA_ERR_OVERLAP);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0xc0380000), 0x1000,
	                              VMSA_RODATA | VMSA_USER), VMSA_OK);
	/* Alias: DDR page 0x80100000 also mapped strongly-ordered. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0xe0000000), vmsa_pa(0x80100000),
	                          0x1000, VMSA_MT_UNCACHED | VMSA_RW), VMSA_OK);

	/* The SO page aliases both WBWA mappings of 0x80100000: two. */
	int n = vmsa_check_policy(&h.t, VMSA_POL_ALL, priv, 1, rec, &g);
	assert_int_equal(n, 5);
	assert_int_equal(g.n, 5);
	unsigned seen = 0;
	for (int i = 0; i < 5; i++)
		seen |= g.checks[i];
	assert_int_equal(seen, VMSA_POL_ALL);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALIAS, NULL, 0, NULL,
	                                   NULL), 2);
	for (int i = 0; i < 5; i++) {
		const struct vmsa_finding *f = &g.f[i];
		vmsa_format_finding(f, line, sizeof(line));
		print_message("  %s\n", line);
		assert_non_null(strstr(line, vmsa_policy_name(f->check)));
		switch (f->check) {
		case VMSA_POL_WX:
			assert_int_equal(f->run.va.v, 0x20000000);
			break;
		case VMSA_POL_DEVICE_EXEC:
			assert_int_equal(f->run.va.v, 0x30000000);
			break;
		case VMSA_POL_USER_PRIV:
			assert_int_equal(f->run.va.v, 0xc0380000);
			assert_int_equal(f->size, 0x1000);
			assert_ptr_equal(f->region, &priv[0]);
			assert_non_null(strstr(line, "in kernel"));
			break;
		case VMSA_POL_ALIAS:
			assert_int_equal(f->pa.p, 0x80100000);
			assert_int_equal(f->size, 0x1000);
			assert_true(f->run.va.v == 0xc0100000 ||
			            f->other.va.v == 0xc0100000 ||
			            f->run.va.v == 0xd0000000 ||
			            f->other.va.v == 0xd0000000);
			assert_true(f->run.va.v == 0xe0000000 ||
			            f->other.va.v == 0xe0000000);
			break;
		default:
			fail();
		}
	}
	/* One check at a time, and counting without a callback. */
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_WX, NULL, 0, NULL,
	                                   NULL), 1);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_USER_PRIV, NULL, 0,
	                                   NULL, NULL), 0);
	/* Fixing the W^X mapping removes its finding. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x20000000), 0x1000,
	                              VMSA_DATA), VMSA_OK);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_WX, NULL, 0, NULL,
	                                   NULL), 0);
	hx_free(&h);
}

static void test_shareability_alias(void **state)
{
	(void)state;
	struct hx h;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 0), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_DATA), VMSA_OK);
	/* WB vs WBWA: allocation hint only, not an alias. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x50000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_MT_WRITEBACK | VMSA_RW | VMSA_XN),
	                 VMSA_OK);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALIAS, NULL, 0, NULL,
	                                   NULL), 0);
	/* Shareable vs non-shareable Normal: an alias. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_DATA | VMSA_SHARED), VMSA_OK);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALIAS, NULL, 0, NULL,
	                                   NULL), 2);
	/* A non-secure mapping of the same address is other memory. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x70000000), vmsa_pa(0x80000000),
	                          0x100000, VMSA_MT_UNCACHED | VMSA_RW | VMSA_NS),
	                 VMSA_OK);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALIAS, NULL, 0, NULL,
	                                   NULL), 2);
	hx_free(&h);
}

/* The secure default: RW Normal memory mapped without VMSA_EXEC, at every
 * granule and with user access, is execute-never, so W^X finds nothing;
 * asking for VMSA_EXEC is what makes it a finding. */
static void test_default_xn(void **state)
{
	(void)state;
	struct hx h;
	struct vmsa_xlat x;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 64 * 1024), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          0x1000000, VMSA_MT_WRITEBACK | VMSA_RW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x41000000), vmsa_pa(0x41000000),
	                          0x100000, VMSA_MT_WRITEALLOC | VMSA_RW |
	                          VMSA_USER), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x41100000), vmsa_pa(0x41100000),
	                          0x11000, VMSA_MT_NORMAL_NC | VMSA_RW |
	                          VMSA_USER_RO), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x41110000), &x), VMSA_OK);
	assert_int_equal(x.kind, VMSA_KIND_SMALL);
	assert_true(x.attrs & VMSA_XN);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40000000), &x), VMSA_OK);
	assert_int_equal(x.kind, VMSA_KIND_SUPERSECTION);
	assert_int_equal(x.attrs & (VMSA_XN | VMSA_EXEC), VMSA_XN);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, NULL, 0, NULL,
	                                   NULL), 0);
	/* Read-only code stays executable: still nothing to report. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40000000), 0x1000,
	                              VMSA_MT_WRITEBACK | VMSA_RO), VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40000000), &x), VMSA_OK);
	assert_int_equal(x.attrs & (VMSA_XN | VMSA_EXEC), 0);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, NULL, 0, NULL,
	                                   NULL), 0);
	/* Asking for execution on RW memory is a W^X finding. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40001000), 0x1000,
	                              VMSA_MT_WRITEBACK | VMSA_RW | VMSA_EXEC),
	                 VMSA_OK);
	assert_int_equal(vmsa_translate(&h.t, vmsa_va(0x40001000), &x), VMSA_OK);
	assert_int_equal(x.attrs & (VMSA_XN | VMSA_EXEC), VMSA_EXEC);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, NULL, 0, NULL,
	                                   NULL), 1);
	hx_free(&h);
}

/* The W^X debug option: every report names the call that changed the
 * range, only W^X inside that range is blamed on it, failed calls and
 * calls with the option off report nothing. */
struct wxgot {
	int n;
	struct vmsa_call call[8];
	struct vmsa_finding f[8];
};

static void wx_rec(void *arg, const struct vmsa_call *c,
                   const struct vmsa_finding *f)
{
	struct wxgot *g = arg;
	if (g->n < 8) {
		g->call[g->n] = *c;
		g->f[g->n] = *f;
	}
	g->n++;
}

static void test_wx_check(void **state)
{
	(void)state;
	struct hx h;
	struct wxgot g = { 0 };
	const vmsa_attr_t rwx = VMSA_MT_WRITEBACK | VMSA_RW | VMSA_EXEC;
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 64 * 1024), VMSA_OK);
	assert_int_equal(vmsa_set_wx_check(NULL, wx_rec, &g), VMSA_ERR_INVAL);
	/* A W^X mapping made before the option: never blamed on a call. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x50000000), vmsa_pa(0x50000000),
	                          0x1000, rwx), VMSA_OK);
	assert_int_equal(vmsa_set_wx_check(&h.t, wx_rec, &g), VMSA_OK);
	assert_true(h.t.flags & VMSA_TF_CHECK_WX);

	/* Clean changes: data (XN by default), code, device. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          0x200000, VMSA_MT_WRITEBACK | VMSA_RW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40200000), vmsa_pa(0x40200000),
	                          0x3000, VMSA_CODE), VMSA_OK);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40000000), 0x1000,
	                              VMSA_CODE), VMSA_OK);
	assert_int_equal(g.n, 0);
	assert_int_equal(h.t.wx_breaks, 0);

	/* vmsa_protect making one page of the data RWX: one report. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40101000), 0x1000, rwx),
	                 VMSA_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.call[0].call, VMSA_CALL_PROTECT);
	assert_int_equal(g.call[0].va.v, 0x40101000);
	assert_int_equal(g.call[0].size, 0x1000);
	assert_int_equal(g.call[0].attrs & (VMSA_RW | VMSA_EXEC),
	                 VMSA_RW | VMSA_EXEC);
	assert_int_equal(g.f[0].check, VMSA_POL_WX);
	assert_int_equal(g.f[0].run.va.v, 0x40101000);
	assert_int_equal(g.f[0].size, 0x1000);
	assert_int_equal(h.t.wx_breaks, 1);
	assert_string_equal(vmsa_call_name(g.call[0].call), "vmsa_protect");

	/* vmsa_map of RWX memory, by the one-MB fast path and by the
	 * region path (2MB): reported as vmsa_map with its arguments. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x60000000), vmsa_pa(0x61000000),
	                          0x2000, rwx), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x70000000), vmsa_pa(0x70000000),
	                          0x200000, rwx), VMSA_OK);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.call[1].call, VMSA_CALL_MAP);
	assert_int_equal(g.call[1].va.v, 0x60000000);
	assert_int_equal(g.call[1].pa.p, 0x61000000);
	assert_int_equal(g.call[1].size, 0x2000);
	assert_int_equal(g.call[1].attrs, rwx);
	assert_int_equal(g.f[1].size, 0x2000);
	assert_int_equal(g.call[2].call, VMSA_CALL_MAP);
	assert_int_equal(g.call[2].size, 0x200000);
	assert_int_equal(g.f[2].size, 0x200000);

	/* Part of an RWX range protected RO: the part left RWX is outside
	 * the call's range, so nothing is blamed on it. */
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x70000000), 0x100000,
	                              VMSA_CODE), VMSA_OK);
	assert_int_equal(g.n, 3);
	/* Remapping RWX pages keeps them RWX: reported as vmsa_remap. */
	assert_int_equal(vmsa_remap(&h.t, vmsa_va(0x60000000),
	                            vmsa_pa(0x62000000), 0x1000), VMSA_OK);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.call[3].call, VMSA_CALL_REMAP);
	assert_int_equal(g.call[3].pa.p, 0x62000000);
	assert_int_equal(g.f[3].size, 0x1000);
	/* Unmap takes W^X away; a failed call reports nothing. */
	assert_int_equal(vmsa_unmap(&h.t, vmsa_va(0x60000000), 0x2000), VMSA_OK);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x60000000), 0x1000, rwx),
	                 VMSA_ERR_NOTMAPPED);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          0x1000, rwx), VMSA_ERR_OVERLAP);
	assert_int_equal(g.n, 4);
	assert_int_equal(h.t.wx_breaks, 4);

	/* Off: the same change is silent. */
	assert_int_equal(vmsa_set_wx_check(&h.t, NULL, NULL), VMSA_OK);
	assert_false(h.t.flags & VMSA_TF_CHECK_WX);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40102000), 0x1000, rwx),
	                 VMSA_OK);
	assert_int_equal(g.n, 4);
	assert_int_equal(h.t.wx_breaks, 0);
	/* The flag alone, without vmsa_set_wx_check, has nothing to run. */
	vmsa_set_flags(&h.t, VMSA_TF_CHECK_WX, 0);
	assert_int_equal(vmsa_protect(&h.t, vmsa_va(0x40103000), 0x1000, rwx),
	                 VMSA_OK);
	assert_int_equal(h.t.wx_breaks, 0);
	assert_int_equal(g.n, 4);
	assert_string_equal(vmsa_call_name(VMSA_CALL_MAP), "vmsa_map");
	assert_string_equal(vmsa_call_name(VMSA_CALL_UNMAP), "vmsa_unmap");
	assert_string_equal(vmsa_call_name(VMSA_CALL_REMAP), "vmsa_remap");
	assert_string_equal(vmsa_call_name(0), "?");
	hx_free(&h);
}

static void test_v5(void **state)
{
	(void)state;
	struct hx h;
	assert_int_equal(hx_init(&h, VMSA_FMT_V5, 0), VMSA_OK);
	/* ARMv5 has no XN: a writable mapping is W+X, uncached is
	 * executable device memory. Read-only cached code is clean. */
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x40000000), vmsa_pa(0x40000000),
	                          0x100000, VMSA_MT_WRITEBACK | VMSA_RW), VMSA_OK);
	assert_int_equal(vmsa_map(&h.t, vmsa_va(0x10000000), vmsa_pa(0x10000000),
	                          0x100000, VMSA_MT_UNCACHED | VMSA_RW), VMSA_OK);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_WX, NULL, 0, NULL,
	                                   NULL), 2);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_DEVICE_EXEC, NULL, 0,
	                                   NULL, NULL), 1);
	hx_free(&h);
}

static void test_errors(void **state)
{
	(void)state;
	struct hx h;
	char buf[8];
	struct vmsa_region bad = { .va = VMSA_VA_C(0xfff00000), .size = 0x200000 };
	assert_int_equal(hx_init(&h, VMSA_FMT_V7, 0), VMSA_OK);
	assert_int_equal(vmsa_check_policy(NULL, VMSA_POL_ALL, NULL, 0, NULL,
	                                   NULL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_check_policy(&h.t, 0x10, NULL, 0, NULL, NULL),
	                 VMSA_ERR_INVAL);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, NULL, 1, NULL,
	                                   NULL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, &bad, 1, NULL,
	                                   NULL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_check_policy(&h.t, VMSA_POL_ALL, NULL, 0, NULL,
	                                   NULL), 0);
	/* Truncation keeps the NUL. */
	struct vmsa_finding f = { .check = VMSA_POL_WX };
	assert_int_equal(vmsa_format_finding(&f, buf, sizeof(buf)), 7);
	assert_int_equal(buf[7], '\0');
	assert_int_equal(vmsa_format_finding(&f, buf, 0), 0);
	assert_string_equal(vmsa_policy_name(0x40), "?");
	hx_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_each_case),
		cmocka_unit_test(test_shareability_alias),
		cmocka_unit_test(test_default_xn),
		cmocka_unit_test(test_wx_check),
		cmocka_unit_test(test_v5),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
