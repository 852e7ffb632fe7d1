/*
 * test_engine.c - the table engine's edge cases and every error path. Each
 * error case asserts that the L1 table, the pool and the table bookkeeping
 * are byte-for-byte unchanged and that the arch layer saw no call (vmsa.h:
 * "on any error the tables are byte-for-byte what they were before the
 * call and no maintenance was issued"). Successful changes are checked
 * with the independent walker (ref_walk), for sync coverage of every
 * written table byte, for TLB maintenance of every changed VA when
 * VMSA_TF_LIVE is set, and for break-before-make.
 */
#define _DEFAULT_SOURCE 1 /* fork, kill, nanosleep */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "fake_arch.h"
#include "harness.h"
#include "refmodel.h"

#define V7   VMSA_FMT_V7
#define V7P  (VMSA_FMT_V7 | VMSA_FMT_PXN)
#define V5   VMSA_FMT_V5
#define WBRW (VMSA_MT_WRITEBACK | VMSA_RW)
#define MB   0x100000u
#define KB   0x400u

static struct hx H;

static int setup_v7(void **state) { (void)state; fake_arch_reset(); return hx_init(&H, V7, 64 * KB); }
static int setup_v7p(void **state) { (void)state; fake_arch_reset(); return hx_init(&H, V7P, 64 * KB); }
static int setup_v5(void **state) { (void)state; fake_arch_reset(); return hx_init(&H, V5, 64 * KB); }
static int teardown(void **state)
{
	(void)state;
	fake_arch_set_hook(NULL, NULL);
	hx_free(&H);
	return 0;
}

/* ---- helpers ----------------------------------------------------------- */

static struct hx_snap SNAP;

static void snap(void)
{
	hx_snap_take(&H, &SNAP);
	fake_arch_reset();
}

/* The error contract: code, tables unchanged, no arch call. */
#define EXPECT_FAIL(code, call) do { \
	snap(); \
	int rc_ = (call); \
	if (rc_ != (code)) \
		print_message("  %s: rc %d (%s), expected %s\n", #call, rc_, \
		              vmsa_strerror(rc_), #code); \
	assert_int_equal(rc_, (code)); \
	assert_true(hx_snap_same(&H, &SNAP)); \
	assert_int_equal(fake_arch_total(), 0); \
	hx_snap_free(&SNAP); \
} while (0)

/* Bytes of table memory changed since SNAP that no sync covered. */
static long changed_unsynced(void)
{
	long n = 0;
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		if (H.l1[i] != SNAP.l1[i] && !fake_arch_synced(&H.l1[i], 4))
			n += 4;
	for (size_t i = 0; i < H.pool_bytes; i += 4)
		if (memcmp(H.pool + i, SNAP.pool + i, 4) != 0 &&
		    !fake_arch_synced(H.pool + i, 4))
			n += 4;
	return n;
}

/* Success: code OK, every changed byte synced. Leaves SNAP for the caller
 * to inspect; free with hx_snap_free. */
#define EXPECT_OK(call) do { \
	snap(); \
	int rc_ = (call); \
	if (rc_ != VMSA_OK) \
		print_message("  %s: rc %d (%s)\n", #call, rc_, vmsa_strerror(rc_)); \
	assert_int_equal(rc_, VMSA_OK); \
	assert_int_equal(changed_unsynced(), 0); \
} while (0)

static void expect_map(uint32_t va, uint64_t pa, uint64_t size, vmsa_attr_t a)
{
	EXPECT_OK(vmsa_map(&H.t, vmsa_va(va), vmsa_pa(pa), size, a));
	hx_snap_free(&SNAP);
}

/* Walk with the independent walker and the engine, compare with want. */
static void expect_xlat(uint32_t va, uint64_t pa, vmsa_attr_t canon, int kind)
{
	struct ref_xlat rx;
	struct vmsa_xlat x;
	int wrc = ref_walk(&H.t, va, &rx);
	int rc = vmsa_translate(&H.t, vmsa_va(va), &x);
	if (wrc != REF_WALK_OK || rx.pa != pa || rx.attrs != canon ||
	    (kind && rx.kind != kind))
		print_message("  ref_walk %#010x: rc %d pa %#llx attrs %#x kind %d; "
		              "want pa %#llx attrs %#x kind %d\n", va, wrc,
		              (unsigned long long)rx.pa, rx.attrs, rx.kind,
		              (unsigned long long)pa, canon, kind);
	assert_int_equal(wrc, REF_WALK_OK);
	assert_int_equal(rx.pa, pa);
	assert_int_equal(rx.attrs, canon);
	if (kind)
		assert_int_equal(rx.kind, kind);
	assert_int_equal(rc, VMSA_OK);
	assert_int_equal(x.pa.p, pa);
	assert_int_equal(x.attrs, canon);
	if (kind)
		assert_int_equal(x.kind, kind);
}

static void expect_fault(uint32_t va)
{
	struct ref_xlat rx;
	struct vmsa_xlat x;
	assert_int_equal(ref_walk(&H.t, va, &rx), REF_WALK_FAULT);
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(va), &x),
	                 VMSA_ERR_NOTMAPPED);
}

static vmsa_attr_t canon(vmsa_attr_t a)
{
	vmsa_attr_t c = 0;
	assert_int_equal(ref_canonical(H.fmt, a, &c, NULL), 0);
	return c;
}

static uint32_t entries(void)
{
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	return s.entries;
}

/* Run fn in a child under a 5 s watchdog: 0 = child returned 0, 1 = child
 * failed, 2 = hung (killed). Used where an engine bug could loop forever. */
static int bounded(int (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn() ? 1 : 0);
	for (int ms = 0; ms < 5000; ms += 10) {
		int st;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 2;
}

/* Probes run in a child: the calls that could hang the engine. */
static int probe_top_v7(void)
{
	if (vmsa_map(&H.t, vmsa_va(0xFFFFF000u), vmsa_pa(0x1000), 4 * KB, WBRW))
		return 1;
	if (vmsa_map(&H.t, vmsa_va(0xFFFF0000u), vmsa_pa(0x20000), 60 * KB, WBRW))
		return 1;
	if (vmsa_map(&H.t, vmsa_va(0xFFFE0000u), vmsa_pa(0x40000), 64 * KB, WBRW))
		return 1;
	return vmsa_unmap(&H.t, vmsa_va(0xFFFE0000u), 128 * KB) != VMSA_OK;
}

static int probe_top_v5(void)
{
	return vmsa_map(&H.t, vmsa_va(0xFFFFFC00u), vmsa_pa(0x400), KB, WBRW) != 0;
}

static void must_return(int (*fn)(void), const char *what)
{
	int r = bounded(fn);
	if (r == 2) {
		print_message("  HANG: %s did not return within 5 s\n", what);
		fail();
	}
}

/* ---- vmsa_init ------------------------------------------------------------ */

static void test_init_errors(void **state)
{
	(void)state;
	struct vmsa_table t;
	uint32_t *l1 = H.l1;
	uint8_t *pool = H.pool;
	memset(l1, 0xa5, VMSA_L1_BYTES);
	fake_arch_reset();
	vmsa_pa_t l1pa = vmsa_pa(HX_L1_PA), ppa = vmsa_pa(HX_POOL_PA);
	assert_int_equal(vmsa_init(NULL, V7, l1, l1pa, pool, ppa, 4096), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_init(&t, V7, NULL, l1pa, pool, ppa, 4096), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_init(&t, 0, l1, l1pa, pool, ppa, 4096), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_init(&t, 3, l1, l1pa, pool, ppa, 4096), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_init(&t, V5 | VMSA_FMT_TEX_REMAP, l1, l1pa, pool, ppa, 4096), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_init(&t, V7, l1, l1pa, pool, ppa,
	                           (VMSA_POOL_MAX_UNITS + 1) * KB), VMSA_ERR_INVAL);
	/* alignment: L1 VA and PA 16KB, pool VA and PA 1KB, size 1KB */
	assert_int_equal(vmsa_init(&t, V7, (uint32_t *)((char *)l1 + 1024), l1pa,
	                           pool, ppa, 4096), VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_init(&t, V7, l1, vmsa_pa(HX_L1_PA + 0x400), pool,
	                           ppa, 4096), VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_init(&t, V7, l1, l1pa, pool + 512, ppa, 4096),
	                 VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_init(&t, V7, l1, l1pa, pool,
	                           vmsa_pa(HX_POOL_PA + 0x200), 4096), VMSA_ERR_ALIGN);
	assert_int_equal(vmsa_init(&t, V7, l1, l1pa, pool, ppa, 1500), VMSA_ERR_ALIGN);
	/* table memory above 4GB */
	assert_int_equal(vmsa_init(&t, V7, l1, vmsa_pa(0x100004000ull), pool, ppa,
	                           4096), VMSA_ERR_RANGE);
	assert_int_equal(vmsa_init(&t, V7, l1, l1pa, pool,
	                           vmsa_pa(0x100000000ull), 4096), VMSA_ERR_RANGE);
	assert_int_equal(vmsa_init(&t, V7, l1, l1pa, pool,
	                           vmsa_pa(0xfffffc00ull), 4096), VMSA_ERR_RANGE);
	/* nothing written, nothing issued */
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		assert_int_equal(l1[i], 0xa5a5a5a5u);
	assert_int_equal(fake_arch_total(), 0);
}

static void test_init_ok(void **state)
{
	(void)state;
	memset(H.l1, 0xa5, VMSA_L1_BYTES);
	fake_arch_reset();
	assert_int_equal(hx_reinit(&H, V7), VMSA_OK);
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		assert_int_equal(H.l1[i] & 3u, 0);
	assert_true(fake_arch_synced(H.l1, VMSA_L1_BYTES));
	assert_int_equal(fake_arch_count() - fake_arch_count_kind(FAKE_SYNC_TABLE), 0);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.l2_tables, 0);
	assert_int_equal(s.mapped, 0);
	/* An empty pool is allowed: sections only. */
	struct vmsa_table t;
	assert_int_equal(vmsa_init(&t, V7, H.l1, vmsa_pa(HX_L1_PA), NULL,
	                           vmsa_pa(0), 0), VMSA_OK);
	assert_int_equal(vmsa_map(&t, vmsa_va(0x100000), vmsa_pa(0x100000), MB,
	                          WBRW), VMSA_OK);
	uint32_t before[VMSA_L1_ENTRIES];
	memcpy(before, H.l1, sizeof(before));
	fake_arch_reset();
	assert_int_equal(vmsa_map(&t, vmsa_va(0x300000), vmsa_pa(0x300000), 4 * KB,
	                          WBRW), VMSA_ERR_NOMEM);
	assert_memory_equal(before, H.l1, sizeof(before));
	assert_int_equal(fake_arch_total(), 0);
}

/* ---- arguments --------------------------------------------------------------- */

static void test_bad_args(void **state)
{
	(void)state;
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_map(NULL, vmsa_va(0), vmsa_pa(0), MB, WBRW));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0), 0, WBRW));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0), MB,
	                                     VMSA_MT_WRITEBACK));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0), MB,
	                                     WBRW | (1u << 24)));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0), MB,
	                                     VMSA_DEVICE | VMSA_EXEC));
	EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0), MB,
	                                           WBRW | VMSA_PXN));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_map_regions(&H.t, NULL, 1, NULL));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_unmap(&H.t, vmsa_va(0), 0));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_protect(&H.t, vmsa_va(0), 0, WBRW));
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_remap(&H.t, vmsa_va(0), vmsa_pa(0), 0));
	struct vmsa_xlat x;
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(0), NULL), VMSA_ERR_INVAL);
	assert_int_equal(vmsa_translate(NULL, vmsa_va(0), &x), VMSA_ERR_INVAL);
}

static void test_zero_and_unmapped(void **state)
{
	(void)state;
	struct vmsa_xlat x;
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(0x12345000), &x),
	                 VMSA_ERR_NOTMAPPED);
	assert_int_equal(x.level, 1);
	expect_map(0x12300000, 0x12300000, 4 * KB, WBRW);
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(0x12345000), &x),
	                 VMSA_ERR_NOTMAPPED);
	assert_int_equal(x.level, 2);
	EXPECT_FAIL(VMSA_ERR_NOTMAPPED, vmsa_unmap(&H.t, vmsa_va(0x12301000), 4 * KB));
	/* partly mapped range: all-or-nothing */
	EXPECT_FAIL(VMSA_ERR_NOTMAPPED, vmsa_unmap(&H.t, vmsa_va(0x12300000), 8 * KB));
	EXPECT_FAIL(VMSA_ERR_NOTMAPPED, vmsa_protect(&H.t, vmsa_va(0x12301000),
	                                             4 * KB, WBRW));
	EXPECT_FAIL(VMSA_ERR_NOTMAPPED, vmsa_remap(&H.t, vmsa_va(0x40000000),
	                                           vmsa_pa(0), MB));
}

/* ---- ends of the address space ----------------------------------------------- */

static void test_top_of_space(void **state)
{
	(void)state;
	expect_map(0xFFF00000u, 0x80000000u, MB, VMSA_DATA);
	expect_xlat(0xFFFFF000u, 0x800FF000u, canon(VMSA_DATA), VMSA_KIND_SECTION);
	expect_xlat(0xFFF00000u, 0x80000000u, canon(VMSA_DATA), VMSA_KIND_SECTION);
	expect_fault(0xFFE00000u);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(0xFFF00000u), MB), VMSA_OK);
	must_return(probe_top_v7, "vmsa_map of pages in the last MB (VA "
	            "0xFFFFF000 4KB / 0xFFFF0000 60KB / 0xFFFE0000 64KB) or the "
	            "unmap of them");
	/* last 4KB page */
	expect_map(0xFFFFF000u, 0x1000u, 4 * KB, WBRW);
	expect_xlat(0xFFFFF000u, 0x1000u, canon(WBRW), VMSA_KIND_SMALL);
	expect_fault(0xFFFFE000u);
	assert_int_equal(entries(), 1);
	/* last 64KB as a large page */
	expect_map(0xFFFF0000u, 0x20000u, 60 * KB, WBRW);
	expect_map(0xFFFE0000u, 0x40000u, 64 * KB, WBRW);
	expect_xlat(0xFFFE0000u, 0x40000u, canon(WBRW), VMSA_KIND_LARGE);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(0xFFFE0000u), 128 * KB), VMSA_OK);
	expect_fault(0xFFFFF000u);
	expect_fault(0xFFFE0000u);
}

/* The last MB of the space with large pages: engine must terminate (found
 * hanging in vmsa_plan by the property test). */
static int top_large_child(void)
{
	struct vmsa_region r = { "top", VMSA_VA_C(0xFFF00000u),
	                         VMSA_PA_C(0x1a480000u), MB, WBRW };
	struct vmsa_plan p;
	size_t bad;
	if (vmsa_plan(NULL, V7, &r, 1, &p, &bad) != VMSA_OK || p.entries != 16)
		return 1;
	if (vmsa_map_regions(&H.t, &r, 1, &bad) != VMSA_OK)
		return 1;
	struct ref_xlat rx;
	if (ref_walk(&H.t, 0xFFFFF000u, &rx) != REF_WALK_OK ||
	    rx.pa != 0x1a57f000u || rx.kind != VMSA_KIND_LARGE)
		return 1;
	return entries() == 16 ? 0 : 1;
}

static void test_top_large_pages(void **state)
{
	(void)state;
	int r = bounded(top_large_child);
	if (r == 2)
		print_message("  vmsa_plan/vmsa_map_regions of VA 0xFFF00000 PA "
		              "0x1a480000 1MB (large pages) did not return in 5 s\n");
	assert_int_equal(r, 0);
}

static int top_small_child(void)
{
	/* V5 last 1KB tiny page and V7 last 4KB small page via map_regions */
	struct vmsa_region r = { "top", VMSA_VA_C(0xFFFFF000u),
	                         VMSA_PA_C(0x5000u), 4 * KB, WBRW };
	size_t bad;
	struct vmsa_plan p;
	if (vmsa_plan(NULL, V7, &r, 1, &p, &bad) != VMSA_OK || p.entries != 1)
		return 1;
	if (vmsa_map_regions(&H.t, &r, 1, &bad) != VMSA_OK)
		return 1;
	return entries() == 1 ? 0 : 1;
}

static void test_top_small_regions(void **state)
{
	(void)state;
	assert_int_equal(bounded(top_small_child), 0);
}

static void test_whole_space(void **state)
{
	(void)state;
	/* one region of 4GB: 256 supersections */
	struct vmsa_region r = { "all", VMSA_VA_C(0), VMSA_PA_C(0),
	                         VMSA_VA_SPAN, WBRW };
	size_t bad = 7;
	struct vmsa_plan p;
	assert_int_equal(vmsa_plan(&H.t, 0, &r, 1, &p, &bad), VMSA_OK);
	assert_int_equal(p.entries, 256);
	assert_int_equal(p.l2_tables, 0);
	EXPECT_OK(vmsa_map_regions(&H.t, &r, 1, &bad));
	hx_snap_free(&SNAP);
	assert_int_equal(entries(), 256);
	expect_xlat(0, 0, canon(WBRW), VMSA_KIND_SUPERSECTION);
	expect_xlat(0xFFFFF000u, 0xFFFFF000u, canon(WBRW), VMSA_KIND_SUPERSECTION);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_true(s.mapped == VMSA_VA_SPAN);
}

static void test_wrap_and_range(void **state)
{
	(void)state;
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0xFFF00000u),
	                                     vmsa_pa(0), 2 * MB, WBRW));
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0xFFFFF000u),
	                                     vmsa_pa(0), 8 * KB, WBRW));
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x1000), vmsa_pa(0x1000),
	                                     VMSA_VA_SPAN, WBRW));
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_unmap(&H.t, vmsa_va(0xFFF00000u), 2 * MB));
	/* PA past 2^40 */
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x1000000),
	                                     vmsa_pa(VMSA_PA_MAX), 16 * MB, WBRW));
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x1000000),
	                                     vmsa_pa(VMSA_PA_MAX - 16 * MB),
	                                     32 * MB, WBRW));
	/* above 4GB, only supersections reach */
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x1000000),
	                                     vmsa_pa(0x100000000ull), MB, WBRW));
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x1000000),
	                                     vmsa_pa(0x100000000ull), 17 * MB, WBRW));
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x1100000),
	                                     vmsa_pa(0x100100000ull), 16 * MB, WBRW));
	/* domain != 0 forbids supersections: vmsa.h allows RANGE ("past 4GB
	 * where only supersections could reach it") or UNSUPPORTED */
	snap();
	int rc = vmsa_map(&H.t, vmsa_va(0x1000000), vmsa_pa(0x100000000ull),
	                  16 * MB, WBRW | VMSA_DOMAIN(1));
	assert_true(rc == VMSA_ERR_RANGE || rc == VMSA_ERR_UNSUPPORTED);
	assert_true(hx_snap_same(&H, &SNAP));
	assert_int_equal(fake_arch_total(), 0);
	hx_snap_free(&SNAP);
	/* a range crossing 4GB in PA with sections */
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x3F00000),
	                                     vmsa_pa(0xFFF00000u), 2 * MB, WBRW));
	/* and what does work */
	expect_map(0x1000000, 0xAB45000000ull, 16 * MB, WBRW);
	expect_xlat(0x1234567 & ~0xfffu, 0xAB45234000ull, canon(WBRW),
	            VMSA_KIND_SUPERSECTION);
	expect_map(0x2000000, 0xFFFF000000ull, 16 * MB, WBRW);
	expect_xlat(0x2FFF000, 0xFFFFFFF000ull, canon(WBRW), VMSA_KIND_SUPERSECTION);
	assert_int_equal(entries(), 2);
}

static void test_wrap_v5(void **state)
{
	(void)state;
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0x1000000),
	                                     vmsa_pa(0x100000000ull), 16 * MB, WBRW));
	EXPECT_FAIL(VMSA_ERR_RANGE, vmsa_map(&H.t, vmsa_va(0xFFFFFC00u),
	                                     vmsa_pa(0), 2 * KB, WBRW));
	/* the last 1KB */
	must_return(probe_top_v5, "vmsa_map(VA 0xFFFFFC00, PA 0x400, 1KB) on V5");
	expect_map(0xFFFFFC00u, 0x400u, KB, WBRW);
	expect_xlat(0xFFFFFC00u, 0x400u, canon(WBRW), VMSA_KIND_TINY);
	expect_fault(0xFFFFF800u);
}

/* ---- alignment ------------------------------------------------------------------ */

static void misalign_cases(uint32_t gran)
{
	static const uint32_t offs[] = { 1, 0x200, 0x400, 0x800, 0xC00 };
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		uint32_t o = offs[i];
		if (o % gran == 0)
			continue;
		EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_map(&H.t, vmsa_va(0x10000000 + o),
		                                     vmsa_pa(0x10000000), 64 * KB, WBRW));
		EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_map(&H.t, vmsa_va(0x10000000),
		                                     vmsa_pa(0x10000000 + o), 64 * KB, WBRW));
		EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_map(&H.t, vmsa_va(0x10000000),
		                                     vmsa_pa(0x10000000), 64 * KB + o, WBRW));
		EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_map(&H.t, vmsa_va(0x10000000),
		                                     vmsa_pa(0x10000000), o, WBRW));
		EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_unmap(&H.t, vmsa_va(0x10000000 + o),
		                                       gran));
		EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_protect(&H.t, vmsa_va(0x10000000),
		                                         gran + o, WBRW));
		struct vmsa_region r = { "m", VMSA_VA_C(0x10000000 + o),
		                         VMSA_PA_C(0x10000000 + o), MB, WBRW };
		size_t bad = 99;
		struct vmsa_plan p;
		assert_int_equal(vmsa_plan(NULL, H.fmt, &r, 1, &p, &bad), VMSA_ERR_ALIGN);
		assert_int_equal(bad, 0);
	}
}

static void test_misalign_v7(void **state)
{
	(void)state;
	misalign_cases(4 * KB);
	/* 4KB steps inside a 64KB granule: allowed, small pages */
	expect_map(0x10001000, 0x20011000, 60 * KB, WBRW);
	assert_int_equal(entries(), 15);
	/* VA 64KB aligned, PA only 4KB: 16 small pages, not a large one */
	expect_map(0x10010000, 0x20021000, 64 * KB, WBRW);
	assert_int_equal(entries(), 31);
	expect_xlat(0x10010000, 0x20021000, canon(WBRW), VMSA_KIND_SMALL);
	/* both 64KB aligned at a 1MB-misaligned place: large pages */
	expect_map(0x10020000, 0x20040000, 128 * KB, WBRW);
	assert_int_equal(entries(), 33);
	expect_xlat(0x1003F000, 0x2005F000, canon(WBRW), VMSA_KIND_LARGE);
}

static void test_misalign_v5(void **state)
{
	(void)state;
	misalign_cases(KB);
	/* 1KB steps: tiny pages */
	expect_map(0x10000400, 0x20000400, 3 * KB, WBRW);
	assert_int_equal(entries(), 3);
	expect_xlat(0x10000800, 0x20000800, canon(WBRW), VMSA_KIND_TINY);
	/* 4KB aligned in the same MB (a fine table): small page */
	expect_map(0x10001000, 0x20001000, 4 * KB, WBRW);
	expect_xlat(0x10001000, 0x20001000, canon(WBRW), VMSA_KIND_SMALL);
	assert_int_equal(entries(), 4);
}

/* ---- pool exhaustion ---------------------------------------------------------- */

static void test_pool_exhaustion(void **state)
{
	(void)state;
	/* 4 coarse tables fit; the array needs 5, the 5th region is the one
	 * that does not fit: nothing may be written. */
	struct hx small;
	hx_init(&small, V7, 4 * KB);
	struct hx saved = H;
	H = small;
	expect_map(0x00000000, 0x0, 4 * KB, WBRW); /* uses one table */
	struct vmsa_region r[4];
	for (int i = 0; i < 4; i++) {
		r[i].name = "p";
		r[i].va = vmsa_va(0x10000000u + (uint32_t)i * MB);
		r[i].pa = vmsa_pa(0x10000000u + (uint32_t)i * MB);
		r[i].size = 8 * KB;
		r[i].attrs = WBRW;
	}
	size_t bad = 99;
	snap();
	int rc = vmsa_map_regions(&H.t, r, 4, &bad);
	assert_int_equal(rc, VMSA_ERR_NOMEM);
	size_t nomem_bad = bad; /* checked last: the region that did not fit */
	assert_true(hx_snap_same(&H, &SNAP));
	assert_int_equal(fake_arch_total(), 0);
	hx_snap_free(&SNAP);
	/* vmsa_plan does not report NOMEM; it says what it costs */
	struct vmsa_plan p;
	assert_int_equal(vmsa_plan(&H.t, 0, r, 4, &p, &bad), VMSA_OK);
	assert_int_equal(p.l2_tables, 4);
	assert_int_equal(p.pool_units, 4);
	/* a single map needing two tables when one is left */
	expect_map(0x20000000, 0x0, 4 * KB, WBRW);
	expect_map(0x20100000, 0x0, 4 * KB, WBRW);
	EXPECT_FAIL(VMSA_ERR_NOMEM, vmsa_map(&H.t, vmsa_va(0x300FF000), vmsa_pa(0),
	                                     8 * KB, WBRW));
	/* the three that fit */
	EXPECT_OK(vmsa_map_regions(&H.t, r, 1, &bad));
	hx_snap_free(&SNAP);
	EXPECT_FAIL(VMSA_ERR_NOMEM, vmsa_map(&H.t, vmsa_va(0x30000000), vmsa_pa(0),
	                                     4 * KB, WBRW));
	/* sections still need no table */
	expect_map(0x40000000, 0x40000000, MB, WBRW);
	H = saved;
	hx_free(&small);
	if (nomem_bad != 3)
		print_message("  vmsa_map_regions NOMEM: *bad = %zu, vmsa.h says the "
		              "region whose table no longer fit (3)\n", nomem_bad);
	assert_int_equal(nomem_bad, 3);
}

static void test_pool_exhaustion_v5_fine(void **state)
{
	(void)state;
	/* 3KB pool: coarse tables fit, a 4KB fine table does not */
	struct hx small;
	hx_init(&small, V5, 3 * KB);
	struct hx saved = H;
	H = small;
	expect_map(0x00000000, 0x0, 4 * KB, WBRW);
	EXPECT_FAIL(VMSA_ERR_NOMEM, vmsa_map(&H.t, vmsa_va(0x00100400), vmsa_pa(0x400),
	                                     KB, WBRW));
	H = saved;
	hx_free(&small);
}

/* ---- overlap and conflicts ------------------------------------------------------ */

static void test_overlap(void **state)
{
	(void)state;
	expect_map(0x10000000, 0x10000000, MB, WBRW);
	expect_map(0x20010000, 0x20010000, 64 * KB, WBRW);
	EXPECT_FAIL(VMSA_ERR_OVERLAP, vmsa_map(&H.t, vmsa_va(0x10080000),
	                                       vmsa_pa(0), 4 * KB, WBRW));
	EXPECT_FAIL(VMSA_ERR_OVERLAP, vmsa_map(&H.t, vmsa_va(0x0FF00000),
	                                       vmsa_pa(0), 2 * MB, WBRW));
	EXPECT_FAIL(VMSA_ERR_OVERLAP, vmsa_map(&H.t, vmsa_va(0x2001F000),
	                                       vmsa_pa(0), 8 * KB, WBRW));
	EXPECT_FAIL(VMSA_ERR_OVERLAP, vmsa_map(&H.t, vmsa_va(0x20000000),
	                                       vmsa_pa(0), 128 * KB, WBRW));
	EXPECT_FAIL(VMSA_ERR_OVERLAP, vmsa_map(&H.t, vmsa_va(0x0), vmsa_pa(0),
	                                       VMSA_VA_SPAN, WBRW));
	/* within an array */
	struct vmsa_region r[3] = {
		{ "a", VMSA_VA_C(0x30000000), VMSA_PA_C(0), 2 * MB, WBRW },
		{ "b", VMSA_VA_C(0x40000000), VMSA_PA_C(0), 4 * KB, WBRW },
		{ "c", VMSA_VA_C(0x301FF000), VMSA_PA_C(0), 4 * KB, WBRW },
	};
	size_t bad = 99;
	EXPECT_FAIL(VMSA_ERR_OVERLAP, vmsa_map_regions(&H.t, r, 3, &bad));
	assert_true(bad == 0 || bad == 2);
	struct vmsa_plan p;
	bad = 99;
	assert_int_equal(vmsa_plan(NULL, V7, r, 3, &p, &bad), VMSA_ERR_OVERLAP);
	assert_true(bad == 0 || bad == 2);
	/* with the live mapping */
	r[2].va = vmsa_va(0x10000000);
	bad = 99;
	EXPECT_FAIL(VMSA_ERR_OVERLAP, vmsa_map_regions(&H.t, r, 3, &bad));
	assert_int_equal(bad, 2);
	bad = 99;
	assert_int_equal(vmsa_plan(&H.t, 0, r, 3, &p, &bad), VMSA_ERR_OVERLAP);
	assert_int_equal(bad, 2);
	/* against an empty table the same array is fine */
	assert_int_equal(vmsa_plan(NULL, V7, r, 3, &p, &bad), VMSA_OK);
	/* bad index for the first offending region of an array */
	struct vmsa_region q[2] = {
		{ "ok", VMSA_VA_C(0x50000000), VMSA_PA_C(0), MB, WBRW },
		{ "bad", VMSA_VA_C(0x50000400), VMSA_PA_C(0), MB, WBRW },
	};
	bad = 99;
	EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_map_regions(&H.t, q, 2, &bad));
	assert_int_equal(bad, 1);
}

static void test_conflict(void **state)
{
	(void)state;
	expect_map(0x10000000, 0x10000000, 4 * KB, WBRW | VMSA_DOMAIN(1));
	EXPECT_FAIL(VMSA_ERR_CONFLICT, vmsa_map(&H.t, vmsa_va(0x10001000),
	                                        vmsa_pa(0), 4 * KB,
	                                        WBRW | VMSA_DOMAIN(2)));
	EXPECT_FAIL(VMSA_ERR_CONFLICT, vmsa_map(&H.t, vmsa_va(0x10010000),
	                                        vmsa_pa(0), 64 * KB,
	                                        WBRW | VMSA_DOMAIN(1) | VMSA_NS));
	EXPECT_FAIL(VMSA_ERR_CONFLICT, vmsa_map(&H.t, vmsa_va(0x100FF000),
	                                        vmsa_pa(0), 4 * KB,
	                                        WBRW | VMSA_DOMAIN(1) | VMSA_PXN));
	/* same table bits: fine; other attributes may differ */
	expect_map(0x10001000, 0x30000000, 4 * KB,
	           VMSA_DEVICE | VMSA_DOMAIN(1));
	/* a section with another domain in the next MB: no shared table */
	expect_map(0x10100000, 0x10100000, MB, WBRW | VMSA_DOMAIN(3));
	/* inside one array */
	struct vmsa_region r[2] = {
		{ "a", VMSA_VA_C(0x20000000), VMSA_PA_C(0), 4 * KB, WBRW },
		{ "b", VMSA_VA_C(0x20080000), VMSA_PA_C(0), 4 * KB, WBRW | VMSA_NS },
	};
	size_t bad = 99;
	EXPECT_FAIL(VMSA_ERR_CONFLICT, vmsa_map_regions(&H.t, r, 2, &bad));
	assert_true(bad == 0 || bad == 1);
	struct vmsa_plan p;
	assert_int_equal(vmsa_plan(NULL, V7P, r, 2, &p, &bad), VMSA_ERR_CONFLICT);
	/* protect that would change a shared table's domain for part of it */
	EXPECT_FAIL(VMSA_ERR_CONFLICT, vmsa_protect(&H.t, vmsa_va(0x10000000),
	                                            4 * KB, WBRW | VMSA_DOMAIN(4)));
}

static void test_busy(void **state)
{
	(void)state;
	/* an L1 table entry pointing outside the pool */
	H.l1[0x123] = 0x90000000u | 0x1u;
	EXPECT_FAIL(VMSA_ERR_BUSY, vmsa_map(&H.t, vmsa_va(0x12301000),
	                                    vmsa_pa(0), 4 * KB, WBRW));
	EXPECT_FAIL(VMSA_ERR_BUSY, vmsa_unmap(&H.t, vmsa_va(0x12300000), 4 * KB));
	EXPECT_FAIL(VMSA_ERR_BUSY, vmsa_protect(&H.t, vmsa_va(0x12300000), 4 * KB,
	                                        WBRW));
	struct vmsa_xlat x;
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(0x12300000), &x), VMSA_ERR_BUSY);
}

static void test_unsupported(void **state)
{
	(void)state;
	if (H.fmt == V5) {
		EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0),
		                                           MB, WBRW | VMSA_XN));
		EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0),
		                                           4 * KB, VMSA_DATA));
		EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0),
		                                           KB, WBRW | VMSA_PXN));
	} else {
		EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_map(&H.t, vmsa_va(0), vmsa_pa(0),
		                                           MB, WBRW | VMSA_PXN));
	}
}

/* ---- supersections ------------------------------------------------------------- */

static void test_supersection_domain(void **state)
{
	(void)state;
	expect_map(0x20000000, 0x20000000, 16 * MB, WBRW | VMSA_DOMAIN(3));
	assert_int_equal(entries(), 16);
	expect_xlat(0x20000000, 0x20000000, canon(WBRW | VMSA_DOMAIN(3)),
	            VMSA_KIND_SECTION);
	expect_map(0x30000000, 0x30000000, 16 * MB, WBRW);
	assert_int_equal(entries(), 17);
	expect_xlat(0x30FFF000, 0x30FFF000, canon(WBRW), VMSA_KIND_SUPERSECTION);
	/* every replicated word of the supersection is the same */
	for (int i = 1; i < 16; i++)
		assert_int_equal(H.l1[0x300 + i], H.l1[0x300]);
}

/* ---- unmap, split, protect, remap --------------------------------------------- */

static void check_tlbi_for(uint32_t va, uint32_t size)
{
	/* some TLBI_VA inside [va, va+size) or a TLBI_ALL */
	for (size_t i = 0; i < fake_arch_count(); i++) {
		const struct fake_rec *r = fake_arch_get(i);
		if (r->kind == FAKE_TLBI_ALL)
			return;
		if (r->kind == FAKE_TLBI_VA && r->va - va < size)
			return;
	}
	print_message("  no TLB maintenance for VA %#010x (+%#x)\n", va, size);
	fail();
}

static void test_unmap_split(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	/* split a section: unmap 4KB from its middle */
	expect_map(0x10000000, 0x80000000u, MB, VMSA_DATA);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10040000), 4 * KB));
	check_tlbi_for(0x10000000, MB);
	assert_true(fake_arch_count_kind(FAKE_DSB) > 0);
	hx_snap_free(&SNAP);
	expect_fault(0x10040000);
	expect_xlat(0x1003F000, 0x8003F000u, canon(VMSA_DATA), 0);
	expect_xlat(0x10041000, 0x80041000u, canon(VMSA_DATA), 0);
	expect_xlat(0x10000000, 0x80000000u, canon(VMSA_DATA), VMSA_KIND_LARGE);
	expect_xlat(0x100FF000, 0x800FF000u, canon(VMSA_DATA), VMSA_KIND_LARGE);
	/* 15 large + 15 small (the 64KB that lost a page) */
	assert_int_equal(entries(), 30);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.mapped, MB - 4 * KB);
	assert_int_equal(s.l2_tables, 1);
	/* unmapping the rest returns the table to the pool */
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10000000), 256 * KB));
	hx_snap_free(&SNAP);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10041000), MB - 260 * KB));
	check_tlbi_for(0x10041000, 4 * KB);
	check_tlbi_for(0x100F0000, 64 * KB);
	hx_snap_free(&SNAP);
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.l2_tables, 0);
	assert_int_equal(s.entries, 0);
	assert_int_equal(H.t.used_units, 0);
	expect_fault(0x10000000);

	/* split a supersection */
	expect_map(0x20000000, 0x40000000, 16 * MB, WBRW);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x20500000), MB));
	check_tlbi_for(0x20000000, 16 * MB);
	hx_snap_free(&SNAP);
	expect_fault(0x20500000);
	expect_xlat(0x20400000, 0x40400000, canon(WBRW), VMSA_KIND_SECTION);
	expect_xlat(0x20FFF000, 0x40FFF000, canon(WBRW), VMSA_KIND_SECTION);
	assert_int_equal(entries(), 15);

	/* split a large page */
	expect_map(0x30010000, 0x50010000, 64 * KB, WBRW);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x30013000), 4 * KB));
	check_tlbi_for(0x30010000, 64 * KB);
	hx_snap_free(&SNAP);
	expect_fault(0x30013000);
	expect_xlat(0x30012000, 0x50012000, canon(WBRW), VMSA_KIND_SMALL);
	expect_xlat(0x3001F000, 0x5001F000, canon(WBRW), VMSA_KIND_SMALL);
}

static void test_unmap_split_nomem(void **state)
{
	(void)state;
	struct hx small;
	hx_init(&small, V7, 0);
	struct hx saved = H;
	H = small;
	expect_map(0x10000000, 0x80000000u, MB, WBRW);
	EXPECT_FAIL(VMSA_ERR_NOMEM, vmsa_unmap(&H.t, vmsa_va(0x10040000), 4 * KB));
	EXPECT_FAIL(VMSA_ERR_NOMEM, vmsa_protect(&H.t, vmsa_va(0x10040000), 4 * KB,
	                                         VMSA_MT_WRITEBACK | VMSA_RO));
	H = saved;
	hx_free(&small);
}

/* Break-before-make: a valid table word must not change to a different
 * valid word unless it was seen as a fault and a TLBI covering it happened
 * in between. The hook checks the L1 words and those of the L2 tables the
 * L1 pointed to before the call at every arch call. */
struct bbm {
	uint32_t orig_l1[VMSA_L1_ENTRIES];
	uint8_t l1_state[VMSA_L1_ENTRIES];   /* 0 orig, 1 faulted, 2 tlbi'd */
	uint32_t *l2[VMSA_L1_ENTRIES];       /* L2 table host pointer or NULL */
	uint32_t orig_l2[VMSA_L1_ENTRIES][256];
	uint8_t l2_state[VMSA_L1_ENTRIES][256];
	unsigned violations;
};

static struct bbm *BBM;

static void bbm_word(uint32_t now, uint32_t orig, uint8_t *state, uint32_t va,
                     const struct fake_rec *rec, uint32_t span)
{
	if (!(orig & 3u))
		return; /* was a fault: nothing cached */
	if (!(now & 3u)) {
		if (*state == 0)
			*state = 1;
	} else if (now != orig && *state < 2) {
		if (BBM->violations++ < 5)
			print_message("  BBM: VA %#010x word %#010x -> %#010x visible at "
			              "%s #%u without fault+TLBI\n", va, orig, now,
			              fake_call_name(rec->kind), rec->seq);
	}
	/* a TLBI anywhere in the granule the old word translated covers it */
	if (span == MB && (orig & 3u) >= 2u && (orig & (1u << 18)))
		span = 16 * MB; /* supersection (V7) */
	else if (span == 4 * KB && (orig & 3u) == 1u)
		span = 64 * KB; /* large page */
	va &= ~(span - 1);
	if (*state == 1 && (rec->kind == FAKE_TLBI_ALL ||
	    (rec->kind == FAKE_TLBI_VA && rec->va - va < span)))
		*state = 2;
}

static void bbm_hook(void *arg, const struct fake_rec *rec)
{
	(void)arg;
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++) {
		bbm_word(H.l1[i], BBM->orig_l1[i], &BBM->l1_state[i], i << 20, rec, MB);
		if (BBM->l2[i])
			for (unsigned j = 0; j < 256; j++)
				bbm_word(BBM->l2[i][j], BBM->orig_l2[i][j],
				         &BBM->l2_state[i][j], (i << 20) | (j << 12), rec,
				         4 * KB);
	}
}

static void bbm_start(void)
{
	BBM = calloc(1, sizeof(*BBM));
	memcpy(BBM->orig_l1, H.l1, VMSA_L1_BYTES);
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		if ((H.l1[i] & 3u) == 1u) {
			BBM->l2[i] = hx_pool_ptr(&H, H.l1[i] & 0xfffffc00u);
			if (BBM->l2[i])
				memcpy(BBM->orig_l2[i], BBM->l2[i], 1024);
		}
	fake_arch_set_hook(bbm_hook, NULL);
}

static unsigned bbm_end(void)
{
	fake_arch_set_hook(NULL, NULL);
	unsigned v = BBM->violations;
	free(BBM);
	BBM = NULL;
	return v;
}

static void test_remap_bbm(void **state)
{
	(void)state;
	unsigned bbm_total = 0; /* asserted last, so every step runs */
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
	/* Under TF_SMP Normal memory is shareable (vmsa.h): say so. */
	expect_map(0x10000000, 0x80000000u, 2 * MB, VMSA_DATA | VMSA_SHARED);
	expect_map(0x20010000, 0x60010000u, 64 * KB + 8 * KB,
	           VMSA_DATA | VMSA_SHARED);
	/* remap a section: output address changes need BBM */
	bbm_start();
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x10100000), vmsa_pa(0x90100000u), MB));
	bbm_total += bbm_end();
	check_tlbi_for(0x10100000, MB);
	for (size_t i = 0; i < fake_arch_count(); i++) {
		const struct fake_rec *r = fake_arch_get(i);
		if (r->kind == FAKE_TLBI_VA || r->kind == FAKE_TLBI_ALL ||
		    r->kind == FAKE_BP_INVAL)
			assert_true(r->smp); /* TF_SMP: broadcast forms */
	}
	hx_snap_free(&SNAP);
	expect_xlat(0x10100000, 0x90100000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_SECTION);
	expect_xlat(0x10000000, 0x80000000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_SECTION);
	/* remap part of a section: split (BBM on the L1 word) */
	bbm_start();
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x10000000), vmsa_pa(0x70000000u),
	                     64 * KB));
	bbm_total += bbm_end();
	check_tlbi_for(0x10000000, MB);
	hx_snap_free(&SNAP);
	expect_xlat(0x10000000, 0x70000000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_LARGE);
	expect_xlat(0x10010000, 0x80010000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_LARGE);
	/* remap pages inside a table */
	bbm_start();
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x20010000), vmsa_pa(0x61000000u),
	                     64 * KB + 8 * KB));
	bbm_total += bbm_end();
	check_tlbi_for(0x20010000, 64 * KB); /* the large page */
	check_tlbi_for(0x20020000, 4 * KB);
	check_tlbi_for(0x20021000, 4 * KB);
	hx_snap_free(&SNAP);
	expect_xlat(0x20021000, 0x61011000u, canon(VMSA_DATA | VMSA_SHARED), VMSA_KIND_SMALL);
	/* memory type change also needs BBM */
	bbm_start();
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10100000), MB, VMSA_DEVICE));
	bbm_total += bbm_end();
	check_tlbi_for(0x10100000, MB);
	hx_snap_free(&SNAP);
	expect_xlat(0x10100000, 0x90100000u, canon(VMSA_DEVICE), VMSA_KIND_SECTION);
	/* unmap that splits a section: the L1 word goes section -> table */
	bbm_start();
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10180000), 4 * KB));
	bbm_total += bbm_end();
	check_tlbi_for(0x10100000, MB);
	hx_snap_free(&SNAP);
	expect_fault(0x10180000);
	expect_xlat(0x10181000, 0x90181000u, canon(VMSA_DEVICE), 0);
	assert_int_equal(bbm_total, 0);
}

static void test_protect(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	expect_map(0x10000000, 0x80000000u, MB, VMSA_DATA);
	/* protect a page in the middle: split, the rest keeps its attrs */
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_RODATA));
	check_tlbi_for(0x10000000, MB);
	for (size_t i = 0; i < fake_arch_count(); i++) {
		const struct fake_rec *r = fake_arch_get(i);
		if (r->kind == FAKE_TLBI_VA || r->kind == FAKE_TLBI_ALL)
			assert_false(r->smp);
	}
	hx_snap_free(&SNAP);
	expect_xlat(0x10080000, 0x80080000u, canon(VMSA_RODATA), VMSA_KIND_SMALL);
	expect_xlat(0x10081000, 0x80081000u, canon(VMSA_DATA), 0);
	expect_xlat(0x1007F000, 0x8007F000u, canon(VMSA_DATA), 0);
	/* protect it back: merging (TF_NO_MERGE not set) restores one section */
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_DATA));
	hx_snap_free(&SNAP);
	expect_xlat(0x10080000, 0x80080000u, canon(VMSA_DATA), 0);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.entries, 1);
	assert_int_equal(s.l2_tables, 0);
	/* with NO_MERGE the split stays split */
	vmsa_set_flags(&H.t, VMSA_TF_NO_MERGE, 0);
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_RODATA));
	hx_snap_free(&SNAP);
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10080000), 4 * KB, VMSA_DATA));
	hx_snap_free(&SNAP);
	vmsa_stats(&H.t, &s);
	assert_true(s.entries > 1);
	for (uint32_t o = 0; o < MB; o += 64 * KB)
		expect_xlat(0x10000000 + o, 0x80000000u + o, canon(VMSA_DATA), 0);
	/* protect errors leave everything alone */
	EXPECT_FAIL(VMSA_ERR_INVAL, vmsa_protect(&H.t, vmsa_va(0x10000000), MB,
	                                         VMSA_RW));
	EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_protect(&H.t, vmsa_va(0x10000000),
	                                               MB, VMSA_DATA | VMSA_PXN));
}

/* Map into a live table: each written byte is synced, and a DSB (and ISB)
 * follows the last sync. */
static void test_live_map_barriers(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	EXPECT_OK(vmsa_map(&H.t, vmsa_va(0x10000000), vmsa_pa(0x10000000),
	                   MB + 68 * KB, VMSA_CODE));
	hx_snap_free(&SNAP);
	size_t last_sync = 0, last_dsb = 0, n = fake_arch_count();
	for (size_t i = 0; i < n; i++) {
		if (fake_arch_get(i)->kind == FAKE_SYNC_TABLE) last_sync = i + 1;
		if (fake_arch_get(i)->kind == FAKE_DSB) last_dsb = i + 1;
	}
	assert_true(last_sync > 0);
	assert_true(last_dsb > last_sync);
	assert_true(fake_arch_count_kind(FAKE_ISB) > 0);
	assert_int_equal(fake_arch_lock_depth(), 0);
	/* not live: no maintenance but sync */
	vmsa_set_flags(&H.t, 0, VMSA_TF_LIVE);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10000000), MB));
	hx_snap_free(&SNAP);
	assert_int_equal(fake_arch_count(), fake_arch_count_kind(FAKE_SYNC_TABLE));
}

/* ---- walk ---------------------------------------------------------------------- */

struct runs { struct vmsa_run r[16]; int n; };
static void collect(void *arg, const struct vmsa_run *run)
{
	struct runs *rs = arg;
	if (rs->n < 16)
		rs->r[rs->n] = *run;
	rs->n++;
}

static void test_walk(void **state)
{
	(void)state;
	expect_map(0x10000000, 0x80000000u, MB + 64 * KB + 4 * KB, VMSA_DATA);
	expect_map(0xFFF00000u, 0x100000, MB, VMSA_CODE);
	struct runs rs = { .n = 0 };
	assert_int_equal(vmsa_walk(&H.t, vmsa_va(0), 0, collect, &rs), VMSA_OK);
	assert_int_equal(rs.n, 4);
	assert_int_equal(rs.r[0].va.v, 0x10000000);
	assert_int_equal(rs.r[0].kind, VMSA_KIND_SECTION);
	assert_int_equal(rs.r[1].kind, VMSA_KIND_LARGE);
	assert_int_equal(rs.r[1].pa.p, 0x80100000u);
	assert_int_equal(rs.r[2].kind, VMSA_KIND_SMALL);
	assert_int_equal(rs.r[2].size, 4 * KB);
	assert_int_equal(rs.r[3].va.v, 0xFFF00000u);
	assert_int_equal(rs.r[3].size, MB);
	assert_int_equal(rs.r[3].attrs, canon(VMSA_CODE));
	assert_int_equal(vmsa_walk(&H.t, vmsa_va(0xFFF00000u), 2 * MB, collect, &rs),
	                 VMSA_ERR_RANGE);
	assert_int_equal(vmsa_walk(NULL, vmsa_va(0), 0, collect, &rs), VMSA_ERR_INVAL);
}

/* ---- ARMv5 coarse and fine tables ----------------------------------------------- */

static void test_v5_coarse_to_fine(void **state)
{
	(void)state;
	/* a small page first (coarse table), then a tiny page in the same MB */
	expect_map(0x10000000, 0x20000000, 4 * KB, WBRW);
	expect_map(0x10001400, 0x30001400, KB, VMSA_MT_WRITETHROUGH | VMSA_RW);
	expect_xlat(0x10000000, 0x20000000, canon(WBRW), VMSA_KIND_SMALL);
	expect_xlat(0x10000C00, 0x20000C00, canon(WBRW), VMSA_KIND_SMALL);
	expect_xlat(0x10001400, 0x30001400,
	            canon(VMSA_MT_WRITETHROUGH | VMSA_RW), VMSA_KIND_TINY);
	expect_fault(0x10001000);
	expect_fault(0x10001800);
	assert_int_equal(H.l1[0x100] & 3u, 3u); /* now a fine table */
	/* fine tables sit 4KB aligned in PA */
	assert_int_equal(H.l1[0x100] & 0xfffu & ~0x1ffu, 0);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.l2_tables, 1);
	assert_int_equal(s.entries, 2);
	assert_int_equal(s.l2_bytes, VMSA_L2_FINE_BYTES);
}

static void test_v5_split_live(void **state)
{
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	expect_map(0x10000000, 0x80000000u, MB, WBRW | VMSA_DOMAIN(7));
	bbm_start();
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10040400), KB));
	assert_int_equal(bbm_end(), 0);
	check_tlbi_for(0x10000000, MB);
	hx_snap_free(&SNAP);
	vmsa_attr_t c = canon(WBRW | VMSA_DOMAIN(7));
	expect_fault(0x10040400);
	expect_xlat(0x10040000, 0x80040000u, c, VMSA_KIND_TINY);
	expect_xlat(0x10040800, 0x80040800u, c, VMSA_KIND_TINY);
	expect_xlat(0x10041000, 0x80041000u, c, VMSA_KIND_SMALL);
	expect_xlat(0x10000000, 0x80000000u, c, VMSA_KIND_LARGE);
	expect_xlat(0x100FFC00, 0x800FFC00u, c, VMSA_KIND_LARGE);
	/* 15 large + 15 small + 3 tiny */
	assert_int_equal(entries(), 33);
	/* and back: unmap everything returns the fine table */
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10000000), 0x40400));
	hx_snap_free(&SNAP);
	EXPECT_OK(vmsa_unmap(&H.t, vmsa_va(0x10040800), MB - 0x40800));
	hx_snap_free(&SNAP);
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.l2_tables, 0);
	assert_int_equal(H.t.used_units, 0);
}

static void test_v5_protect_remap(void **state)
{
	(void)state;
	expect_map(0x10000000, 0x80000000u, 64 * KB, WBRW);
	EXPECT_OK(vmsa_protect(&H.t, vmsa_va(0x10004000), 4 * KB,
	                       VMSA_MT_UNCACHED | VMSA_RW | VMSA_USER));
	hx_snap_free(&SNAP);
	expect_xlat(0x10004000, 0x80004000u,
	            canon(VMSA_MT_UNCACHED | VMSA_RW | VMSA_USER), VMSA_KIND_SMALL);
	expect_xlat(0x10005000, 0x80005000u, canon(WBRW), VMSA_KIND_SMALL);
	EXPECT_OK(vmsa_remap(&H.t, vmsa_va(0x10008000), vmsa_pa(0x90000000u), 4 * KB));
	hx_snap_free(&SNAP);
	expect_xlat(0x10008000, 0x90000000u, canon(WBRW), VMSA_KIND_SMALL);
	EXPECT_FAIL(VMSA_ERR_UNSUPPORTED, vmsa_protect(&H.t, vmsa_va(0x10000000),
	                                               4 * KB, VMSA_DATA));
	EXPECT_FAIL(VMSA_ERR_ALIGN, vmsa_remap(&H.t, vmsa_va(0x10000000),
	                                       vmsa_pa(0x90000200u), 4 * KB));
}

int main(void)
{
#define T(f, s) cmocka_unit_test_setup_teardown(f, s, teardown)
	const struct CMUnitTest tests[] = {
		T(test_init_errors, setup_v7),
		T(test_init_ok, setup_v7),
		T(test_bad_args, setup_v7),
		T(test_zero_and_unmapped, setup_v7),
		T(test_top_of_space, setup_v7),
		T(test_top_large_pages, setup_v7),
		T(test_top_small_regions, setup_v7),
		T(test_whole_space, setup_v7),
		T(test_wrap_and_range, setup_v7),
		T(test_wrap_v5, setup_v5),
		T(test_misalign_v7, setup_v7),
		T(test_misalign_v5, setup_v5),
		T(test_pool_exhaustion, setup_v7),
		T(test_pool_exhaustion_v5_fine, setup_v5),
		T(test_overlap, setup_v7),
		T(test_conflict, setup_v7p),
		T(test_busy, setup_v7),
		T(test_unsupported, setup_v7),
		T(test_unsupported, setup_v5),
		T(test_supersection_domain, setup_v7),
		T(test_unmap_split, setup_v7),
		T(test_unmap_split_nomem, setup_v7),
		T(test_remap_bbm, setup_v7),
		T(test_protect, setup_v7),
		T(test_live_map_barriers, setup_v7),
		T(test_walk, setup_v7),
		T(test_v5_coarse_to_fine, setup_v5),
		T(test_v5_split_live, setup_v5),
		T(test_v5_protect_remap, setup_v5),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
