/*
 * fake_arch.h - host stand-in for <vmsa/arch.h>: every call the engine makes
 * is recorded in a bounded log that tests reset and inspect, and an optional
 * hook runs at each call (e.g. to snapshot table memory and check
 * break-before-make ordering).
 */
#ifndef FAKE_ARCH_H
#define FAKE_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fake_call {
	FAKE_SYNC_TABLE = 1,
	FAKE_TLBI_VA,
	FAKE_TLBI_ALL,
	FAKE_BP_INVAL,
	FAKE_DSB,
	FAKE_ISB,
	FAKE_LOCK,
	FAKE_UNLOCK,
	FAKE_DCACHE_CI,     /* vmsa_arch_dcache_clean_inval: va, len */
	FAKE_ICACHE_INVAL,
};

struct fake_rec {
	enum fake_call kind;
	uint32_t va;        /* FAKE_TLBI_VA, FAKE_DCACHE_CI */
	bool smp;           /* TLBI_VA, TLBI_ALL, BP_INVAL */
	const void *ptr;    /* FAKE_SYNC_TABLE */
	size_t len;         /* FAKE_SYNC_TABLE, FAKE_DCACHE_CI */
	uint32_t seq;       /* 0-based index of the call since the last reset */
};

#define FAKE_LOG_MAX 65536u

/* Clear the log (and the overflow count); the hook is kept. */
void fake_arch_reset(void);
/* Number of calls recorded since the reset (at most FAKE_LOG_MAX). */
size_t fake_arch_count(void);
/* Total calls since the reset, including those that did not fit. */
size_t fake_arch_total(void);
/* Record i (0 <= i < fake_arch_count()), or NULL. */
const struct fake_rec *fake_arch_get(size_t i);
/* Number of recorded calls of one kind. */
size_t fake_arch_count_kind(enum fake_call k);
/* Lock depth now (lock calls minus unlock calls). */
int fake_arch_lock_depth(void);
const char *fake_call_name(enum fake_call k);

/* Called after each call is recorded (rec is the new record, whether or not
 * it fit in the log). NULL to remove. */
typedef void (*fake_hook_fn)(void *arg, const struct fake_rec *rec);
void fake_arch_set_hook(fake_hook_fn fn, void *arg);

/* Called at each vmsa_arch_dmb, which is not recorded (the sequence
 * count's barriers: a writing call's entry and exit, a lock-free reader's
 * begin and retry check). NULL to remove. */
typedef void (*fake_dmb_fn)(void *arg);
void fake_arch_set_dmb_hook(fake_dmb_fn fn, void *arg);

/* Does the union of the recorded SYNC_TABLE ranges cover [p, p+len)? */
bool fake_arch_synced(const void *p, size_t len);
/* Was a TLBI_VA logged for the 4KB/1KB-granular va (compared with
 * mask applied to both), or a TLBI_ALL? */
bool fake_arch_tlbi_covers(uint32_t va, uint32_t mask);

#endif
