/*
 * test_strict.c - the engine's maintenance against the adversarial model
 * of TLBs, walk caches and caches (strict_model.h): after every call on a
 * live table no CPU may be able to observe a stale or conflicting
 * translation, stale data or stale instructions. Each test is a scenario
 * that some maintenance step, removed or moved, breaks (docs/maintenance.md
 * lists which test kills which mutant).
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
#define V7 VMSA_FMT_V7
#define V5 VMSA_FMT_V5
#define POOL (64 * KB)

static struct hx H;

static int setup(void **state)
{
	(void)state;
	fake_arch_reset();
	return hx_init(&H, V7, POOL);
}

static int teardown(void **state)
{
	(void)state;
	strict_detach();
	hx_free(&H);
	return 0;
}

/* Every call: VMSA_OK, and a clean bill from the model. */
#define OK(call) do { \
	assert_int_equal((call), VMSA_OK); \
	if (strict_end() != 0) \
		fail_msg("%s: %s", #call, strict_first()); \
} while (0)

static void map(uint32_t va, uint32_t pa, uint32_t size, vmsa_attr_t a)
{
	assert_int_equal(vmsa_map(&H.t, vmsa_va(va), vmsa_pa(pa), size, a),
	                 VMSA_OK);
}

static void go_live(uint32_t flags, unsigned ncpu)
{
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | flags, 0);
	strict_attach(&H.t, ncpu);
}

/* Cut a supersection down to a 4KB hole, protect and remap inside it,
 * then restore everything so that it folds back. */
static void split_merge_sequence(vmsa_attr_t a)
{
	const uint32_t va = 0x40000000u, pa = 0x80000000u;

	map(va, pa, 16 * MB, a);
	strict_window(va, 16 * MB);
	assert_int_equal(strict_end(), 0);
	OK(vmsa_unmap(&H.t, vmsa_va(va + 0x345000), 4 * KB));
	OK(vmsa_map(&H.t, vmsa_va(va + 0x345000), vmsa_pa(pa + 0x345000),
	            4 * KB, a));
	OK(vmsa_protect(&H.t, vmsa_va(va + 0x520000), 64 * KB,
	                (a & ~VMSA_RW) | VMSA_RO));
	OK(vmsa_protect(&H.t, vmsa_va(va + 0x520000), 64 * KB, a));
	OK(vmsa_remap(&H.t, vmsa_va(va + 0x700000), vmsa_pa(0x90000000u),
	              MB));
	OK(vmsa_remap(&H.t, vmsa_va(va + 0x700000), vmsa_pa(pa + 0x700000),
	              MB));
	OK(vmsa_remap(&H.t, vmsa_va(va + 0x9f000), vmsa_pa(0x91000000u),
	              8 * KB));
	OK(vmsa_remap(&H.t, vmsa_va(va + 0x9f000), vmsa_pa(pa + 0x9f000),
	              8 * KB));
	/* Pages across an MB boundary: the region writer, two tables. */
	OK(vmsa_unmap(&H.t, vmsa_va(va + 0xbfe000), 16 * KB));
	OK(vmsa_map(&H.t, vmsa_va(va + 0xbfe000), vmsa_pa(pa + 0xbfe000),
	            16 * KB, a));
	assert_int_equal(H.t.l1[va >> 20] & 0x40002u, 0x40002u); /* super */
	assert_int_equal(H.t.used_units, 0);
}

static void test_strict_split_merge_up(void **state)
{
	(void)state;
	go_live(0, 1);
	split_merge_sequence(VMSA_DATA | VMSA_SHARED);
}

static void test_strict_split_merge_smp(void **state)
{
	(void)state;
	go_live(VMSA_TF_SMP, 2);
	split_merge_sequence(VMSA_DATA | VMSA_SHARED);
}

/* Executable memory: the predictor and the I-cache must be invalidated
 * after the TLB maintenance. */
static void test_strict_exec(void **state)
{
	(void)state;
	go_live(VMSA_TF_SMP, 2);
	split_merge_sequence(VMSA_CODE | VMSA_SHARED);
	OK(vmsa_unmap(&H.t, vmsa_va(0x40000000u), 16 * MB));
}

/* One unmap of pages in one table, the first execute-never, the next
 * executable: the executable one's instructions must still go from the
 * I-cache (the unmap handles the pages as one run). */
static void test_strict_exec_run(void **state)
{
	(void)state;
	map(0x40000000u, 0x80000000u, 4 * KB, VMSA_DATA | VMSA_SHARED);
	map(0x40001000u, 0x80001000u, 4 * KB, VMSA_CODE | VMSA_SHARED);
	go_live(0, 1);
	strict_window(0x40000000u, 8 * KB);
	assert_int_equal(strict_end(), 0);
	OK(vmsa_unmap(&H.t, vmsa_va(0x40000000u), 8 * KB));
}

/* The same with sections: the executable one second in the run. */
static void test_strict_exec_run_sections(void **state)
{
	(void)state;
	map(0x40000000u, 0x80000000u, MB, VMSA_DATA | VMSA_SHARED);
	map(0x40100000u, 0x80100000u, MB, VMSA_CODE | VMSA_SHARED);
	go_live(0, 1);
	strict_window(0x40000000u, 2 * MB);
	assert_int_equal(strict_end(), 0);
	OK(vmsa_unmap(&H.t, vmsa_va(0x40000000u), 2 * MB));
}

/* An executable supersection above 4GB remapped whole below it, by a
 * multiple of 1MB only: it is cut into sections written at their new
 * addresses in one step, and the predictor and I-cache must still be
 * invalidated (the executable translation changed). */
static void test_strict_exec_super_remap(void **state)
{
	(void)state;
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x40000000u),
	                          vmsa_pa(0x100000000ull), 16 * MB,
	                          VMSA_CODE | VMSA_SHARED), VMSA_OK);
	go_live(0, 1);
	strict_window(0x40000000u, 16 * MB);
	assert_int_equal(strict_end(), 0);
	OK(vmsa_remap(&H.t, vmsa_va(0x40000000u), vmsa_pa(0x80100000u),
	              16 * MB));
}

/* A VA that becomes executable may meet predictor targets and I-cache
 * lines of an earlier mapping of it, whenever that was (the model assumes
 * any): code mapped where nothing was, execute-never memory made
 * executable, code mapped again where code was unmapped, each needs the
 * predictor and the I-cache invalidated on every CPU. */
static void test_strict_exec_new(void **state)
{
	const uint32_t va = 0x60000000u, pa = 0x80000000u;
	(void)state;
	go_live(VMSA_TF_SMP, 2);
	strict_window(va, 2 * MB);
	assert_int_equal(strict_end(), 0);
	OK(vmsa_map(&H.t, vmsa_va(va + 0x10000u), vmsa_pa(pa + 0x10000u),
	            4 * KB, VMSA_DATA));
	OK(vmsa_map(&H.t, vmsa_va(va), vmsa_pa(pa), 16 * KB, VMSA_CODE));
	OK(vmsa_map(&H.t, vmsa_va(va + MB), vmsa_pa(pa + MB), MB, VMSA_CODE));
	OK(vmsa_protect(&H.t, vmsa_va(va + 0x10000u), 4 * KB, VMSA_CODE));
	OK(vmsa_unmap(&H.t, vmsa_va(va), 16 * KB));
	OK(vmsa_map(&H.t, vmsa_va(va), vmsa_pa(pa), 16 * KB, VMSA_CODE));
}

/* The same on ARMv5, where everything mapped is executable. */
static void test_strict_exec_new_v5(void **state)
{
	const vmsa_attr_t wb = VMSA_MT_WRITEBACK | VMSA_RW;
	(void)state;
	assert_int_equal(hx_reinit(&H, V5), VMSA_OK);
	go_live(0, 1);
	strict_window(0x60000000u, MB);
	assert_int_equal(strict_end(), 0);
	OK(vmsa_map(&H.t, vmsa_va(0x60000000u), vmsa_pa(0x80000000u), 4 * KB,
	            wb));
	OK(vmsa_map(&H.t, vmsa_va(0x60010000u), vmsa_pa(0x80010000u), 1 * KB,
	            wb));
}

/* A whole section and a whole large page given a new output address: a
 * TLB may hold them as 4KB entries, and one TLBI at the base leaves the
 * others. */
static void test_strict_block_tlbi(void **state)
{
	(void)state;
	map(0x10000000u, 0x80000000u, MB, VMSA_DATA);
	map(0x10200000u, 0x80200000u, 64 * KB, VMSA_DATA);
	go_live(0, 1);
	strict_window(0x10000000u, 3 * MB);
	OK(vmsa_remap(&H.t, vmsa_va(0x10000000u), vmsa_pa(0x90000000u), MB));
	OK(vmsa_remap(&H.t, vmsa_va(0x10200000u), vmsa_pa(0x90200000u),
	              64 * KB));
	OK(vmsa_unmap(&H.t, vmsa_va(0x10200000u), 64 * KB));
	/* New blocks on the live table: a supersection and a section. */
	strict_window(0x12000000u, 16 * MB);
	OK(vmsa_map(&H.t, vmsa_va(0x12000000u), vmsa_pa(0xa0000000u), 16 * MB,
	            VMSA_DATA));
	OK(vmsa_unmap(&H.t, vmsa_va(0x12000000u), 16 * MB));
	OK(vmsa_map(&H.t, vmsa_va(0x12000000u), vmsa_pa(0xa0000000u), 2 * MB,
	            VMSA_DATA));
	/* Pages in MBs with no table yet: one page (the fast path), and
	 * pages across an MB boundary (the region writer). */
	OK(vmsa_map(&H.t, vmsa_va(0x12400000u), vmsa_pa(0xa0400000u), 4 * KB,
	            VMSA_DATA));
	OK(vmsa_map(&H.t, vmsa_va(0x125fe000u), vmsa_pa(0xa05fe000u), 16 * KB,
	            VMSA_DATA));
}

/* protect that only flips nG: a global and an ASID-tagged entry for one
 * VA may not coexist (break-before-make). */
static void test_strict_ng_flip(void **state)
{
	(void)state;
	map(0x20000000u, 0x80000000u, MB, VMSA_DATA);
	map(0x20100000u, 0x80100000u, 8 * KB, VMSA_DATA);
	go_live(0, 1);
	strict_window(0x20000000u, 2 * MB);
	OK(vmsa_protect(&H.t, vmsa_va(0x20000000u), MB, VMSA_DATA | VMSA_NG));
	OK(vmsa_protect(&H.t, vmsa_va(0x20100000u), 8 * KB,
	                VMSA_DATA | VMSA_NG));
	OK(vmsa_protect(&H.t, vmsa_va(0x20000000u), MB, VMSA_DATA));
	/* Shareability and security are break-before-make fields too. */
	OK(vmsa_protect(&H.t, vmsa_va(0x20000000u), MB, VMSA_DATA | VMSA_NS));
	OK(vmsa_protect(&H.t, vmsa_va(0x20000000u), MB, VMSA_DATA));
	OK(vmsa_protect(&H.t, vmsa_va(0x20000000u), MB,
	                VMSA_DATA | VMSA_SHARED));
	OK(vmsa_protect(&H.t, vmsa_va(0x20100000u), 8 * KB,
	                VMSA_DATA | VMSA_SHARED));
	/* Pages take NS from their L1 table entry: a protect holding every
	 * valid entry of the table flips it there, break-before-make too. */
	OK(vmsa_protect(&H.t, vmsa_va(0x20100000u), 8 * KB,
	                VMSA_DATA | VMSA_SHARED | VMSA_NS));
	OK(vmsa_protect(&H.t, vmsa_va(0x20100000u), 8 * KB, VMSA_DATA));
}

/* Cacheable -> Device / Normal NC: the data cache lines of the memory go
 * (B3.8.6), on a section, a large page and a small page. */
static void test_strict_uncache(void **state)
{
	(void)state;
	map(0x30000000u, 0x80000000u, MB, VMSA_DATA);
	map(0x30100000u, 0x80100000u, 64 * KB, VMSA_DATA);
	map(0x30110000u, 0x80110000u, 4 * KB, VMSA_DATA);
	go_live(VMSA_TF_SMP, 2);
	strict_window(0x30000000u, 2 * MB);
	OK(vmsa_protect(&H.t, vmsa_va(0x30000000u), MB, VMSA_DEVICE));
	OK(vmsa_protect(&H.t, vmsa_va(0x30100000u), 64 * KB,
	                VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN));
	OK(vmsa_protect(&H.t, vmsa_va(0x30110000u), 4 * KB,
	                VMSA_MT_UNCACHED | VMSA_RW | VMSA_XN));
	/* Back to cacheable: nothing to clean, nothing stale. */
	OK(vmsa_protect(&H.t, vmsa_va(0x30000000u), MB, VMSA_DATA));
}

/* The same with TEX remap (PRRR/NMRR decide what is cacheable). */
static void test_strict_uncache_remap(void **state)
{
	(void)state;
	assert_int_equal(hx_reinit(&H, V7 | VMSA_FMT_TEX_REMAP), VMSA_OK);
	map(0x30000000u, 0x80000000u, MB, VMSA_DATA);
	go_live(0, 1);
	strict_window(0x30000000u, MB);
	OK(vmsa_protect(&H.t, vmsa_va(0x30000000u), 64 * KB, VMSA_DEVICE));
	OK(vmsa_protect(&H.t, vmsa_va(0x30000000u), 64 * KB, VMSA_DATA));
}

/* ARMv7 remap of a non-cacheable page onto a PA whose lines the data
 * cache may hold: here a cacheable page the same call moves away (found
 * by the fuzzer, tests/fuzz/corpus/remap-nc-onto-cached-pa.hex). The new
 * PA's lines go through the new entry (B3.8.6). */
static void test_strict_uncache_remap_onto_cached(void **state)
{
	const uint32_t va = 0x30000000u;

	(void)state;
	map(va, 0x80004000u, 4 * KB, VMSA_DATA);          /* cacheable */
	map(va + 0x1000u, 0x80020000u, 4 * KB,
	    VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN);
	map(va + 0x2000u, 0x80030000u, 4 * KB, VMSA_DEVICE);
	go_live(VMSA_TF_SMP, 2);
	strict_window(va, 64 * KB);
	assert_int_equal(strict_end(), 0);
	/* The cacheable page to PA 0x80003000, the Normal NC page onto its
	 * old PA 0x80004000, the Device page to 0x80005000. */
	OK(vmsa_remap(&H.t, vmsa_va(va), vmsa_pa(0x80003000u), 12 * KB));
	/* And the Device page onto it: the cacheable page, now at
	 * 0x80003000, moves to 0x80002000. */
	OK(vmsa_remap(&H.t, vmsa_va(va), vmsa_pa(0x80002000u), 12 * KB));
}

/* The other order: the Normal NC page, at the lower VA, moves onto the
 * PA of the cacheable page above it, which the same call moves away
 * only afterwards (until then its mapping may still fill lines there). */
static void test_strict_uncache_remap_onto_cached_later(void **state)
{
	const uint32_t va = 0x30000000u;

	(void)state;
	map(va, 0x80020000u, 4 * KB, VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN);
	map(va + 0x1000u, 0x80004000u, 4 * KB, VMSA_DATA);  /* cacheable */
	go_live(VMSA_TF_SMP, 2);
	strict_window(va, 64 * KB);
	assert_int_equal(strict_end(), 0);
	OK(vmsa_remap(&H.t, vmsa_va(va), vmsa_pa(0x80004000u), 8 * KB));
}

/* ARMv5: the VIVT caches keep lines by VA; unmap, remap and protect to
 * uncached must clean and invalidate them. */
static void test_strict_v5(void **state)
{
	const vmsa_attr_t wb = VMSA_MT_WRITEBACK | VMSA_RW;
	(void)state;
	assert_int_equal(hx_reinit(&H, V5), VMSA_OK);
	map(0x40000000u, 0x80000000u, MB, wb);
	map(0x40100000u, 0x80100000u, 64 * KB, wb);
	go_live(0, 1);
	strict_window(0x40000000u, MB + 64 * KB);
	OK(vmsa_remap(&H.t, vmsa_va(0x40100000u), vmsa_pa(0x90000000u),
	              4 * KB));
	OK(vmsa_unmap(&H.t, vmsa_va(0x40101000u), 3 * KB));
	OK(vmsa_protect(&H.t, vmsa_va(0x40000000u), MB,
	                VMSA_MT_UNCACHED | VMSA_RW));
	OK(vmsa_map(&H.t, vmsa_va(0x40101000u), vmsa_pa(0x80101000u), 3 * KB,
	            wb));
	OK(vmsa_unmap(&H.t, vmsa_va(0x40000000u), MB));
	OK(vmsa_remap(&H.t, vmsa_va(0x40100000u), vmsa_pa(0x90100000u),
	              64 * KB));
}

/* The model is an adversary, not a rubber stamp: with no maintenance at
 * all (the table not marked live while the CPU walks it), it objects. */
static void test_strict_model_objects(void **state)
{
	(void)state;
	map(0x50000000u, 0x80000000u, MB, VMSA_DATA);
	go_live(0, 1);
	strict_window(0x50000000u, MB);
	vmsa_set_flags(&H.t, 0, VMSA_TF_LIVE);
	assert_int_equal(vmsa_remap(&H.t, vmsa_va(0x50000000u),
	                            vmsa_pa(0x90000000u), MB), VMSA_OK);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	assert_true(strict_end() > 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_strict_split_merge_up),
		T(test_strict_split_merge_smp),
		T(test_strict_exec),
		T(test_strict_exec_run),
		T(test_strict_exec_run_sections),
		T(test_strict_exec_super_remap),
		T(test_strict_block_tlbi),
		T(test_strict_ng_flip),
		T(test_strict_uncache),
		T(test_strict_uncache_remap),
		T(test_strict_uncache_remap_onto_cached),
		T(test_strict_uncache_remap_onto_cached_later),
		T(test_strict_v5),
		T(test_strict_exec_new),
		T(test_strict_exec_new_v5),
		T(test_strict_model_objects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
