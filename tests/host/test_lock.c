/*
 * test_lock.c - the engine's entry and exit under concurrency: re-entry on
 * the same CPU (an abort handler calling the engine) returns
 * VMSA_ERR_LOCKED and changes nothing, with and without VMSA_TF_SMP; the
 * lock and unlock of one call agree even when VMSA_TF_SMP changes during
 * it; the readers' sequence count is odd inside a writing call, moves on
 * by two after one that wrote and is back where it was after one that
 * failed; a reader during whose read a whole writing call ran (a
 * deterministic interleaving, at the reader's barrier) reads again; and a
 * reader thread racing a writer that frees and reuses
 * second-level tables never gets an output address the VA never had.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include <vmsa.h>
#include "fake_arch.h"
#include "harness.h"

#define KB 0x400u
#define MB 0x100000u

static struct hx H;

static int setup(void **state)
{
	(void)state;
	fake_arch_reset();
	return hx_init(&H, VMSA_FMT_V7, 16 * KB);
}

static int teardown(void **state)
{
	(void)state;
	fake_arch_set_hook(NULL, NULL);
	fake_arch_set_dmb_hook(NULL, NULL);
	hx_free(&H);
	return 0;
}

/* ---- re-entry ------------------------------------------------------------ */

static struct {
	bool done;
	int rc;
	uint32_t seq_inside;
	struct hx_snap before;
	bool same;
	bool read;              /* also call the readers inside */
	int xrc, parc;
} R;

/* At the first TLB invalidation inside the outer call: a nested map, as
 * an abort handler would do it. */
static void reenter(void *arg, const struct fake_rec *r)
{
	(void)arg;
	if (R.done || r->kind != FAKE_TLBI_VA)
		return;
	R.done = true;
	R.seq_inside = H.t.seq;
	hx_snap_take(&H, &R.before);
	R.rc = vmsa_map(&H.t, vmsa_va(0x30000000u), vmsa_pa(0x90000000u),
	                4 * KB, VMSA_DATA);
	R.same = hx_snap_same(&H, &R.before);
	hx_snap_free(&R.before);
	if (R.read) {
		/* A reader in a handler that interrupted the writer on this
		 * CPU: the count stays odd until the writer resumes, so
		 * waiting for it would never end. */
		struct vmsa_xlat x;
		vmsa_pa_t pa;

		R.xrc = vmsa_translate(&H.t, vmsa_va(0x20001000u), &x);
		R.parc = vmsa_translate_pa(&H.t, vmsa_va(0x20001000u), &pa);
	}
}

static void reentry(uint32_t flags)
{
	struct vmsa_xlat x;

	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x20000000u),
	                          vmsa_pa(0x80000000u), 64 * KB, VMSA_DATA),
	                 VMSA_OK);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | flags, 0);
	memset(&R, 0, sizeof(R));
	/* Without VMSA_TF_SMP there is no other CPU to finish the write. */
	R.read = !(flags & VMSA_TF_SMP);
	fake_arch_set_hook(reenter, NULL);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(0x20000000u), 4 * KB),
	                 VMSA_OK);
	fake_arch_set_hook(NULL, NULL);
	assert_true(R.done);
	assert_int_equal(R.rc, VMSA_ERR_LOCKED);
	assert_true(R.same);
	assert_true(R.seq_inside & 1u);
	if (R.read) {
		assert_int_equal(R.xrc, VMSA_ERR_LOCKED);
		assert_int_equal(R.parc, VMSA_ERR_LOCKED);
	}
	/* The outer call completed as if alone. */
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(0x30000000u), &x),
	                 VMSA_ERR_NOTMAPPED);
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(0x20000000u), &x),
	                 VMSA_ERR_NOTMAPPED);
	assert_int_equal(vmsa_translate(&H.t, vmsa_va(0x20001000u), &x),
	                 VMSA_OK);
	assert_int_equal(fake_arch_lock_depth(), 0);
	/* And the engine is usable again. */
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x30000000u),
	                          vmsa_pa(0x90000000u), 4 * KB, VMSA_DATA),
	                 VMSA_OK);
}

static void test_reentry_smp(void **state)
{
	(void)state;
	reentry(VMSA_TF_SMP);
}

static void test_reentry_up(void **state)
{
	(void)state;
	reentry(0);
}

/* ---- flags read once ------------------------------------------------------ */

static void clear_smp(void *arg, const struct fake_rec *r)
{
	(void)arg;
	if (r->kind == FAKE_TLBI_VA)
		H.t.flags &= ~VMSA_TF_SMP;
}

static void test_flags_once(void **state)
{
	(void)state;
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x20000000u),
	                          vmsa_pa(0x80000000u), 64 * KB, VMSA_DATA),
	                 VMSA_OK);
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
	fake_arch_reset();
	fake_arch_set_hook(clear_smp, NULL);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(0x20000000u), 4 * KB),
	                 VMSA_OK);
	fake_arch_set_hook(NULL, NULL);
	/* Locked once, unlocked once, although TF_SMP went away inside. */
	assert_int_equal(fake_arch_count_kind(FAKE_LOCK), 1);
	assert_int_equal(fake_arch_count_kind(FAKE_UNLOCK), 1);
	assert_int_equal(fake_arch_lock_depth(), 0);
}

/* ---- the sequence count ---------------------------------------------------- */

static void test_seq_protocol(void **state)
{
	uint32_t s0;
	(void)state;
	vmsa_set_flags(&H.t, VMSA_TF_LIVE, 0);
	s0 = H.t.seq;
	assert_int_equal(s0 & 1u, 0);
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x20000000u),
	                          vmsa_pa(0x80000000u), 4 * KB, VMSA_DATA),
	                 VMSA_OK);
	assert_int_equal(H.t.seq, s0 + 2);
	assert_int_equal(vmsa_map(&H.t, vmsa_va(0x20000000u),
	                          vmsa_pa(0x80000000u), 4 * KB, VMSA_DATA),
	                 VMSA_ERR_OVERLAP);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(0x50000000u), 4 * KB),
	                 VMSA_ERR_NOTMAPPED);
	assert_int_equal(H.t.seq, s0 + 2);
	assert_int_equal(vmsa_unmap(&H.t, vmsa_va(0x20000000u), 4 * KB),
	                 VMSA_OK);
	assert_int_equal(H.t.seq, s0 + 4);
}

/* ---- a writer between a lock-free read's begin and its check ------------- */

#define VA_R 0x20001000u
#define PA_R 0x80001000u

enum wop { W_MAP, W_UNMAP, W_PROTECT, W_REMAP };

static struct {
	unsigned dmbs;          /* the reader's barriers so far */
	enum wop op;
	int wrc;
} D;

static int write_once(enum wop op)
{
	switch (op) {
	case W_MAP:
		return vmsa_map(&H.t, vmsa_va(VA_R), vmsa_pa(PA_R), 4 * KB,
		                VMSA_DATA);
	case W_UNMAP:
		return vmsa_unmap(&H.t, vmsa_va(VA_R), 4 * KB);
	case W_PROTECT:
		return vmsa_protect(&H.t, vmsa_va(VA_R), 4 * KB,
		                    (VMSA_DATA & ~VMSA_RW) | VMSA_RO);
	case W_REMAP:
		return vmsa_remap(&H.t, vmsa_va(VA_R), vmsa_pa(0x90001000u),
		                  4 * KB);
	}
	return VMSA_ERR_INVAL;
}

/* At the reader's second barrier, its retry check (the descriptors are
 * read, the count not yet compared), one whole writing call: the count is
 * even again when the reader compares it, but not the one it began with.
 * The writer's own barriers are not counted. */
static void write_in_read(void *arg)
{
	(void)arg;
	if (++D.dmbs != 2)
		return;
	fake_arch_set_dmb_hook(NULL, NULL);
	D.wrc = write_once(D.op);
	fake_arch_set_dmb_hook(write_in_read, NULL);
}

static int read_x(bool pa_only, struct vmsa_xlat *x)
{
	memset(x, 0, sizeof(*x));
	if (pa_only)
		return vmsa_translate_pa(&H.t, vmsa_va(VA_R), &x->pa);
	return vmsa_translate(&H.t, vmsa_va(VA_R), x);
}

static bool same_x(int ra, const struct vmsa_xlat *a, int rb,
                   const struct vmsa_xlat *b)
{
	return ra == rb && a->pa.p == b->pa.p && a->attrs == b->attrs &&
	       a->kind == b->kind && a->level == b->level &&
	       a->desc == b->desc && a->base.v == b->base.v;
}

/* A reader must read again when a writer ran at any time since it read
 * the count, not only when one is inside now (odd count): here the
 * writer is over before the check, so only the changed count shows it.
 * The read is retried (two barriers per pass) and returns what the
 * tables say after the write, for every writing call and both readers. */
static void test_writer_during_read(void **state)
{
	static const uint32_t flags[] = { VMSA_TF_SMP, 0 };
	(void)state;
	for (unsigned f = 0; f < 2; f++)
		for (int op = W_MAP; op <= W_REMAP; op++)
			for (int pa_only = 0; pa_only < 2; pa_only++) {
				struct vmsa_xlat pre, got, post;
				int rpre, rgot, rpost;

				assert_int_equal(hx_reinit(&H, VMSA_FMT_V7),
				                 VMSA_OK);
				vmsa_set_flags(&H.t, VMSA_TF_LIVE | flags[f], 0);
				if (op != W_MAP)
					assert_int_equal(write_once(W_MAP), VMSA_OK);
				rpre = read_x(pa_only, &pre);
				memset(&D, 0, sizeof(D));
				D.op = (enum wop)op;
				D.wrc = -1;
				fake_arch_set_dmb_hook(write_in_read, NULL);
				rgot = read_x(pa_only, &got);
				fake_arch_set_dmb_hook(NULL, NULL);
				rpost = read_x(pa_only, &post);
				assert_int_equal(D.wrc, VMSA_OK);
				/* The write changed what a read returns (but
				 * for the output address of a protect). */
				if (!(pa_only && op == W_PROTECT))
					assert_false(same_x(rpre, &pre, rpost,
					                    &post));
				assert_int_equal(D.dmbs, 4);
				assert_true(same_x(rgot, &got, rpost, &post));
			}
}

/* ---- a reader thread racing a writer -------------------------------------- */

#define VA_A 0x20345000u
#define VA_B 0x40345000u   /* same L2 index as VA_A */
#define PA_A 0x80345000u
#define PA_B 0x90345000u

static volatile int stop;
static volatile unsigned long bad_reads, reads;

static void *reader(void *arg)
{
	(void)arg;
	while (!stop) {
		vmsa_pa_t pa = { 0 };
		int rc = vmsa_translate_pa(&H.t, vmsa_va(VA_A), &pa);
		if (rc == VMSA_OK && pa.p != PA_A)
			bad_reads++;
		else if (rc != VMSA_OK && rc != VMSA_ERR_NOTMAPPED)
			bad_reads++;
		reads++;
	}
	return NULL;
}

static void test_reader_thread(void **state)
{
	pthread_t th;
	(void)state;
	/* One pool unit only: every table is the same unit, reused at
	 * once for the other MB. */
	hx_free(&H);
	assert_int_equal(hx_init(&H, VMSA_FMT_V7, 1 * KB), VMSA_OK);
	/* Another CPU reads the tables: VMSA_TF_SMP (without it, an odd
	 * count means this CPU interrupted the writer). */
	vmsa_set_flags(&H.t, VMSA_TF_LIVE | VMSA_TF_SMP, 0);
	stop = 0;
	assert_int_equal(pthread_create(&th, NULL, reader, NULL), 0);
	/* Until the reader has done enough reads to meet many frees and
	 * reuses (bounded: the machine may be loaded). */
	for (unsigned long i = 0; i < 20000000ul && bad_reads == 0 &&
	     (reads < 3000000ul || i < 300000ul); i++) {
		int rc = vmsa_map(&H.t, vmsa_va(VA_A), vmsa_pa(PA_A), 4 * KB,
		                  VMSA_DATA);
		rc |= vmsa_unmap(&H.t, vmsa_va(VA_A), 4 * KB);
		rc |= vmsa_map(&H.t, vmsa_va(VA_B), vmsa_pa(PA_B), 4 * KB,
		               VMSA_DATA);
		rc |= vmsa_unmap(&H.t, vmsa_va(VA_B), 4 * KB);
		assert_int_equal(rc, VMSA_OK);
	}
	stop = 1;
	pthread_join(th, NULL);
	printf("  %lu reads, %lu with an address VA_A never had\n", reads,
	       bad_reads);
	assert_int_equal(bad_reads, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_reentry_smp),
		T(test_reentry_up),
		T(test_flags_once),
		T(test_seq_protocol),
		T(test_writer_during_read),
		T(test_reader_thread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
