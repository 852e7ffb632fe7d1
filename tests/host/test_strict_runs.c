/*
 * test_strict_runs.c - protect, remap and unmap over runs of granules
 * (src/engine/op_run.c: one replacement per run of granules whose words continue
 * each other) against the adversarial model (strict_model.h), on one CPU
 * and two, in both formats: runs of every kind (supersections, sections,
 * large, small and ARMv5 tiny pages), tables with entries of other
 * attributes in the middle of a run and pages of scattered output
 * addresses, changes in place, changes that need break-before-make (nG,
 * memory type), uncaching (the data cache cleaned; ARMv5: after the
 * break), execute-never to executable (the predictor). After each call
 * every page is translated and compared with what the call asked, so a
 * run that stops short or runs past its end fails too.
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
#include "fake_arch.h"
#include "harness.h"
#include "strict_model.h"

#define KB 0x400u
#define MB 0x100000u
#define POOL (64 * KB)

/* The pages' MB and the sections after it; the supersections elsewhere. */
#define VA  0x40000000u
#define PA  0x80000000u
#define SVA 0x42000000u

static struct hx H;

static int setup(void **state)
{
	(void)state;
	fake_arch_reset();
	return hx_init(&H, VMSA_FMT_V7, POOL);
}

static int teardown(void **state)
{
	(void)state;
	strict_detach();
	hx_free(&H);
	return 0;
}

static void map(uint32_t va, uint64_t pa, uint32_t size, vmsa_attr_t a)
{
	assert_int_equal(vmsa_map(&H.t, vmsa_va(va), vmsa_pa(pa), size, a),
	                 VMSA_OK);
}

/* The bits a protect sets, as translate reports them (SMP: Normal
 * memory shareable, as the engine makes it). */
#define BITS (VMSA_MT_MASK | VMSA_RO | VMSA_RW | VMSA_USER | VMSA_XN | \
              VMSA_NG)

/* Every page of [va, va + len) maps with attributes a (the BITS). */
static void expect_attrs(uint32_t va, uint32_t len, vmsa_attr_t a)
{
	struct vmsa_xlat x;
	uint32_t v;

	for (v = va; v < va + len; v += 4 * KB) {
		assert_int_equal(vmsa_translate(&H.t, vmsa_va(v), &x), VMSA_OK);
		if ((x.attrs & BITS) != (a & BITS))
			fail_msg("VA 0x%08x: attrs 0x%x, want 0x%x", v,
			         (unsigned)(x.attrs & BITS),
			         (unsigned)(a & BITS));
	}
}

/* The call succeeds, the model finds nothing, every page has a. */
static void protect(uint32_t va, uint32_t len, vmsa_attr_t a)
{
	assert_int_equal(vmsa_protect(&H.t, vmsa_va(va), len, a), VMSA_OK);
	if (strict_end() != 0)
		fail_msg("protect 0x%08x +0x%x to 0x%x: %s", va, len,
		         (unsigned)a, strict_first());
	expect_attrs(va, len, a);
}

/*
 * One MB of pages, every VA mapped: 8 large pages (one run), 24 small
 * pages whose output addresses continue each other with two pages of
 * attributes b in their middle (three runs), 8 more small pages, 16
 * small pages mapped in reverse order of output address (a run each),
 * 4KB of tiny pages (ARMv5, tiny: a fine table; else a small page), and
 * the rest, small and large; then 3 sections (one run). Attributes a.
 */
static void layout(vmsa_attr_t a, vmsa_attr_t b, bool tiny)
{
	uint32_t i;

	map(VA, PA, 512 * KB, a);
	/* Not 64KB-congruent: small pages, not large. */
	map(VA + 512 * KB, PA + 516 * KB, 96 * KB, a);
	assert_int_equal(vmsa_protect(&H.t, vmsa_va(VA + 560 * KB), 8 * KB, b),
	                 VMSA_OK);
	map(VA + 608 * KB, PA + 0x201000u, 32 * KB, a);
	for (i = 0; i < 16; i++)
		map(VA + 640 * KB + i * 4 * KB, PA + 0x300000u + (15 - i) * 4 * KB,
		    4 * KB, a);
	map(VA + 704 * KB, PA + (tiny ? 705 * KB : 0x240000u), 4 * KB, a);
	map(VA + 708 * KB, PA + 708 * KB, 316 * KB, a);
	map(VA + MB, PA + MB, 3 * MB, a);
}

static void go_live(uint32_t flags, unsigned ncpu)
{
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | flags, 0);
	strict_attach(&H.t, ncpu);
	strict_window(VA, 4 * MB);
	assert_int_equal(strict_end(), 0);
}

/* The end of both formats' scenarios: the 24 small pages remapped as
 * runs (break-before-make), then everything unmapped (ARMv5: a run per
 * set of attributes, cleaned after its break) and every table freed. */
static void remap_unmap(void)
{
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(VA + 512 * KB),
	                            vmsa_pa(0x90000000u), 96 * KB), VMSA_OK);
	assert_int_equal(strict_end(), 0);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(VA), 4 * MB), VMSA_OK);
	assert_int_equal(strict_end(), 0);
	assert_int_equal(H.t.used_units, 0);
}

/* ARMv7: protect the pages and sections through every kind of change. */
static void v7_runs(uint32_t flags, unsigned ncpu)
{
	const vmsa_attr_t d = VMSA_DATA | VMSA_SHARED;
	const uint32_t len = 768 * KB;  /* the pages */

	layout(d, VMSA_RODATA | VMSA_SHARED, false);
	go_live(flags, ncpu);
	/* In place (permissions), then nG (break), both MB kinds. */
	protect(VA, 4 * MB, VMSA_RODATA | VMSA_SHARED);
	protect(VA, 4 * MB, d | VMSA_NG);
	protect(VA, 4 * MB, d);
	/* Execute-never to executable and back: the predictor. */
	protect(VA, len, VMSA_CODE | VMSA_SHARED);
	protect(VA + MB, 3 * MB, VMSA_CODE | VMSA_SHARED);
	protect(VA, 4 * MB, d);
	/* Cacheable to Device and Normal NC: break, and the lines go. */
	protect(VA, 4 * MB, VMSA_DEVICE);
	protect(VA, 4 * MB, d);
	protect(VA + 512 * KB, 256 * KB,
	        VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN);
	/* Part of a run: the runs end at the range's end. */
	protect(VA + 516 * KB, 40 * KB, d);
	expect_attrs(VA + 556 * KB, 200 * KB,
	             VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN);
	remap_unmap();
}

static void test_runs_v7_up(void **state)
{
	(void)state;
	v7_runs(0, 1);
}

static void test_runs_v7_smp(void **state)
{
	(void)state;
	v7_runs(VMSA_TF_SMP, 2);
}

/* Supersections: a run of two, protected through the same changes, and
 * remapped past 4GB where the second's output address crosses into the
 * next 4GB (the run's new words cannot step across it). */
static void test_runs_super(void **state)
{
	const vmsa_attr_t d = VMSA_DATA | VMSA_SHARED;
	vmsa_pa_t pa;

	(void)state;
	map(SVA, 0x1fe000000ull, 32 * MB, d);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
	strict_attach(&H.t, 2);
	strict_window(SVA + 15 * MB, 2 * MB);
	assert_int_equal(strict_end(), 0);
	protect(SVA, 32 * MB, VMSA_RODATA | VMSA_SHARED);
	protect(SVA, 32 * MB, d | VMSA_NG);
	protect(SVA, 32 * MB, VMSA_CODE | VMSA_SHARED);
	protect(SVA, 32 * MB, VMSA_DEVICE);
	protect(SVA, 32 * MB, d);
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(SVA),
	                            vmsa_pa(0x1ff000000ull), 32 * MB),
	                 VMSA_OK);
	assert_int_equal(strict_end(), 0);
	assert_int_equal(vmsa_translate_pa(&H.t, vmsa_va(SVA), &pa), VMSA_OK);
	assert_true(pa.p == 0x1ff000000ull);
	assert_int_equal(vmsa_translate_pa(&H.t, vmsa_va(SVA + 16 * MB), &pa),
	                 VMSA_OK);
	assert_true(pa.p == 0x200000000ull);
}

/* ARMv5: coarse and fine tables, tiny pages; VIVT caches cleaned after
 * each run's break (protect to uncached, remap, unmap). */
static void v5_runs(uint32_t flags, unsigned ncpu)
{
	const vmsa_attr_t wb = VMSA_MT_WRITEBACK | VMSA_RW;
	/* ARMv5 has no read-only without the user: user access instead. */
	const vmsa_attr_t user = wb | VMSA_USER;

	assert_int_equal(hx_reinit(&H, VMSA_FMT_V5), VMSA_OK);
	layout(wb, user, true);
	go_live(flags, ncpu);
	protect(VA, 4 * MB, user);
	protect(VA, 4 * MB, wb);
	protect(VA, 4 * MB, VMSA_MT_UNCACHED | VMSA_RW);
	protect(VA, 4 * MB, VMSA_MT_WRITETHROUGH | VMSA_RW);
	protect(VA, 4 * MB, wb);
	remap_unmap();
}

static void test_runs_v5_up(void **state)
{
	(void)state;
	v5_runs(0, 1);
}

static void test_runs_v5_smp(void **state)
{
	(void)state;
	v5_runs(VMSA_TF_SMP, 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_runs_v7_up),
		T(test_runs_v7_smp),
		T(test_runs_super),
		T(test_runs_v5_up),
		T(test_runs_v5_smp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
