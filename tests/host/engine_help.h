/*
 * engine_help.h - what the engine suites (test_engine.c: edge cases and
 * error paths; test_engine_change.c: unmap, split, protect, remap, walk
 * and ARMv5 tables) share: the table under test H, the error and success
 * contracts EXPECT_FAIL / EXPECT_OK, and the checks and watchdog of
 * engine_help.c. Not
 * for the other suites. Include after <cmocka.h>.
 */
#ifndef ENGINE_HELP_H
#define ENGINE_HELP_H

#include <stdint.h>

#include <vmsa.h>
#include "harness.h"

#define V7   VMSA_FMT_V7
#define V7P  (VMSA_FMT_V7 | VMSA_FMT_PXN)
#define V5   VMSA_FMT_V5
#define WBRW (VMSA_MT_WRITEBACK | VMSA_RW)
#define MB   0x100000u
#define KB   0x400u

/* The table under test (set up per test by setup_*) and the snapshot
 * the contracts compare with. */
extern struct hx H;
extern struct hx_snap SNAP;

int setup_v7(void **state);
int setup_v7p(void **state);
int setup_v5(void **state);
int teardown(void **state);

void snap(void);
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
long changed_unsynced(void);

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

void expect_map(uint32_t va, uint64_t pa, uint64_t size, vmsa_attr_t a);
/* Walk with the independent walker and the engine, compare with want. */
void expect_xlat(uint32_t va, uint64_t pa, vmsa_attr_t canon, int kind);
void expect_fault(uint32_t va);
vmsa_attr_t canon(vmsa_attr_t a);
uint32_t entries(void);
/* Run fn in a child under a 5 s watchdog: 0 = child returned 0, 1 = child
 * failed, 2 = hung (killed). Used where an engine bug could loop forever. */
int bounded(int (*fn)(void));
/* Fails the test if fn (run by bounded) hangs. */
void must_return(int (*fn)(void), const char *what);

#endif
