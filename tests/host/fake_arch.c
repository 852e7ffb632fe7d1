/*
 * fake_arch.c - recording implementation of <vmsa/arch.h> for host tests
 * (every function except vmsa_arch_mmu_enable, which is target-only).
 */
#include "fake_arch.h"

#include <vmsa/arch.h>

static struct fake_rec g_log[FAKE_LOG_MAX];
static size_t g_count;
static size_t g_total;
static int g_lock_depth;
static fake_hook_fn g_hook;
static void *g_hook_arg;
static fake_dmb_fn g_dmb_hook;
static void *g_dmb_arg;

void fake_arch_reset(void)
{
	g_count = 0;
	g_total = 0;
	g_lock_depth = 0;
}

size_t fake_arch_count(void) { return g_count; }
size_t fake_arch_total(void) { return g_total; }
int fake_arch_lock_depth(void) { return g_lock_depth; }

const struct fake_rec *fake_arch_get(size_t i)
{
	return i < g_count ? &g_log[i] : NULL;
}

size_t fake_arch_count_kind(enum fake_call k)
{
	size_t n = 0;
	for (size_t i = 0; i < g_count; i++)
		n += g_log[i].kind == k;
	return n;
}

void fake_arch_set_hook(fake_hook_fn fn, void *arg)
{
	g_hook = fn;
	g_hook_arg = arg;
}

void fake_arch_set_dmb_hook(fake_dmb_fn fn, void *arg)
{
	g_dmb_hook = fn;
	g_dmb_arg = arg;
}

const char *fake_call_name(enum fake_call k)
{
	switch (k) {
	case FAKE_SYNC_TABLE: return "sync_table";
	case FAKE_TLBI_VA: return "tlbi_va";
	case FAKE_TLBI_ALL: return "tlbi_all";
	case FAKE_BP_INVAL: return "bp_inval";
	case FAKE_DSB: return "dsb";
	case FAKE_ISB: return "isb";
	case FAKE_LOCK: return "lock";
	case FAKE_UNLOCK: return "unlock";
	case FAKE_DCACHE_CI: return "dcache_clean_inval";
	case FAKE_ICACHE_INVAL: return "icache_inval";
	}
	return "?";
}

static void record(enum fake_call k, uint32_t va, bool smp, const void *p,
                   size_t len)
{
	struct fake_rec r = { k, va, smp, p, len, (uint32_t)g_total };
	if (g_count < FAKE_LOG_MAX)
		g_log[g_count++] = r;
	g_total++;
	if (g_hook)
		g_hook(g_hook_arg, &r);
}

bool fake_arch_synced(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, end = a + len;
	/* Repeatedly extend the covered prefix [a, cur). */
	uintptr_t cur = a;
	bool progress = true;
	while (cur < end && progress) {
		progress = false;
		for (size_t i = 0; i < g_count; i++) {
			if (g_log[i].kind != FAKE_SYNC_TABLE)
				continue;
			uintptr_t s = (uintptr_t)g_log[i].ptr;
			uintptr_t e = s + g_log[i].len;
			if (s <= cur && e > cur) {
				cur = e;
				progress = true;
			}
		}
	}
	return cur >= end;
}

bool fake_arch_tlbi_covers(uint32_t va, uint32_t mask)
{
	for (size_t i = 0; i < g_count; i++) {
		if (g_log[i].kind == FAKE_TLBI_ALL)
			return true;
		if (g_log[i].kind == FAKE_TLBI_VA &&
		    (g_log[i].va & mask) == (va & mask))
			return true;
	}
	return false;
}

void vmsa_arch_sync_table(const void *p, size_t len)
{
	record(FAKE_SYNC_TABLE, 0, false, p, len);
}

void vmsa_arch_tlbi_va(uint32_t va, bool smp)
{
	record(FAKE_TLBI_VA, va, smp, NULL, 0);
}

void vmsa_arch_tlbi_all(bool smp) { record(FAKE_TLBI_ALL, 0, smp, NULL, 0); }
void vmsa_arch_bp_inval(bool smp) { record(FAKE_BP_INVAL, 0, smp, NULL, 0); }
void vmsa_arch_dcache_clean_inval(uint32_t va, uint32_t len, bool smp)
{
	record(FAKE_DCACHE_CI, va, smp, NULL, len);
}

void vmsa_arch_icache_inval(bool smp)
{
	record(FAKE_ICACHE_INVAL, 0, smp, NULL, 0);
}

void vmsa_arch_dsb(void) { record(FAKE_DSB, 0, false, NULL, 0); }
void vmsa_arch_isb(void) { record(FAKE_ISB, 0, false, NULL, 0); }

/* As the target lock: a second lock on the same CPU (re-entry) fails
 * without taking anything. */
bool vmsa_arch_lock(void)
{
	if (g_lock_depth > 0)
		return false;
	g_lock_depth++;
	record(FAKE_LOCK, 0, false, NULL, 0);
	return true;
}

/* Not recorded; a real fence, for the tests with a reader thread. The
 * DMB hook lets a test run a writer at a chosen barrier of a lock-free
 * reader, between the read of the sequence count and its check. */
void vmsa_arch_dmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (g_dmb_hook)
		g_dmb_hook(g_dmb_arg);
}

void vmsa_arch_unlock(void)
{
	g_lock_depth--;
	record(FAKE_UNLOCK, 0, false, NULL, 0);
}
