/*
 * engine_help.c - the shared half of the engine suites (engine_help.h):
 * the table under test and its setups, the snapshot behind EXPECT_FAIL /
 * EXPECT_OK, the translation checks against the independent walker, and
 * the watchdog for calls that could hang.
 * Holds no test; linked into every host suite as support.
 */
#define _DEFAULT_SOURCE 1 /* fork, kill, nanosleep */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <vmsa.h>
#include "fake_arch.h"
#include "harness.h"
#include "refmodel.h"
#include "engine_help.h"

struct hx H;

int setup_v7(void **state) { (void)state; fake_arch_reset(); return hx_init(&H, V7, 64 * KB); }
int setup_v7p(void **state) { (void)state; fake_arch_reset(); return hx_init(&H, V7P, 64 * KB); }
int setup_v5(void **state) { (void)state; fake_arch_reset(); return hx_init(&H, V5, 64 * KB); }
int teardown(void **state)
{
	(void)state;
	fake_arch_set_hook(NULL, NULL);
	hx_free(&H);
	return 0;
}

struct hx_snap SNAP;

void snap(void)
{
	hx_snap_take(&H, &SNAP);
	fake_arch_reset();
}

/* Bytes of table memory changed since SNAP that no sync covered. */
long changed_unsynced(void)
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

void expect_map(uint32_t va, uint64_t pa, uint64_t size, vmsa_attr_t a)
{
	EXPECT_OK(vmsa_map(&H.t, vmsa_va(va), vmsa_pa(pa), size, a));
	hx_snap_free(&SNAP);
}

/* Walk with the independent walker and the engine, compare with want. */
void expect_xlat(uint32_t va, uint64_t pa, vmsa_attr_t canon, int kind)
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

void expect_fault(uint32_t va)
{
	struct ref_xlat rx;
	struct vmsa_xlat x;
	assert_int_equal(ref_walk(&H.t, va, &rx), REF_WALK_FAULT);
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(va), &x),
	                 VMSA_ERR_NOTMAPPED);
}

vmsa_attr_t canon(vmsa_attr_t a)
{
	vmsa_attr_t c = 0;
	assert_int_equal(ref_canonical(H.fmt, a, &c, NULL), 0);
	return c;
}

uint32_t entries(void)
{
	struct vmsa_stats s;
	vmsa_stats(&H.t, &s);
	return s.entries;
}

/* Run fn in a child under a 5 s watchdog: 0 = child returned 0, 1 = child
 * failed, 2 = hung (killed). Used where an engine bug could loop forever. */
int bounded(int (*fn)(void))
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

void must_return(int (*fn)(void), const char *what)
{
	int r = bounded(fn);
	if (r == 2) {
		print_message("  HANG: %s did not return within 5 s\n", what);
		fail();
	}
}
