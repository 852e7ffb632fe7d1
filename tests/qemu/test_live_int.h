/*
 * tests/qemu/test_live_int.h - what the live-table tests share, private
 * to test_live.c (helpers, running code on the secondaries, split and
 * merge, the entry), test_live_hooks.c (failure atomicity, fault hooks)
 * and test_live_smp.c (TLB broadcast, concurrent updates): the memory
 * they use, the PAs and CPU count set by live_tests, and the helpers.
 */
#ifndef VMSA_TEST_LIVE_INT_H
#define VMSA_TEST_LIVE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <vmsa.h>

#include <boot.h>

#define KB 0x400u
#define MB 0x100000u

#define VA_SM_SUPER 0xD4000000u   /* 16MB supersection */
#define VA_SM_SECT  0xD5000000u   /* 1MB section */
#define VA_SM_LARGE 0xD5100000u   /* 64KB large page */
#define VA_BC       0xD5200000u   /* broadcast page */
#define VA_LAZY     0xD5300000u   /* 16 lazy pages, one CPU */
#define VA_LAZY2    0xD5400000u   /* 64 lazy pages, every CPU */
#define VA_NM_SECT  0xD5500000u   /* section split with the pool empty */
#define VA_FILL     0xD6000000u   /* pool fillers, 1MB apart */
#define VA_ST       0xE0000000u   /* stress windows, 32MB per CPU */
#define VA_ST_SHARED 0xE8000000u  /* stress: one MB, 256KB per CPU */
#define VA_ST_END   0xE8100000u

#define LAZY_PAGES  16u
#define LAZY2_PAGES 64u
#define BC_ROUNDS   40u
#define ST_TOTAL    1200u         /* stress rounds over all CPUs */

extern uint32_t PL;               /* RAM + 48MB: split/merge, lazy, bc */
extern uint32_t PS;               /* RAM + 64MB: stress, 16MB per CPU */
extern unsigned ncpu;             /* CPUs taking part (1 + online) */

static inline volatile uint32_t *ptr(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

static inline void dmb(void) { __asm__ volatile("dmb" : : : "memory"); }
static inline void sev(void) { __asm__ volatile("dsb\n\tsev" : : : "memory"); }
static inline void wfe(void) { __asm__ volatile("wfe" : : : "memory"); }

/* test_live.c: the helpers. */
uint32_t pat(uint32_t pa);
int xlate(uint32_t va, struct vmsa_xlat *x);
int kind_at(uint32_t va);
bool ats_ok(uint32_t va);
bool try_read(uint32_t va, uint32_t *v, struct fault_info *f);
bool try_write(uint32_t va, uint32_t v, struct fault_info *f);
bool stats_eq(const struct vmsa_stats *a, const struct vmsa_stats *b);

/* test_live.c: run fn on every secondary, fn0 on CPU 0, and wait. */
typedef void (*smp_fn)(unsigned cpu);
void run_all(smp_fn fn, smp_fn fn0);

/* test_live.c: pattern PA ranges and check them through VAs. */
void fill_pat(uint32_t pa, uint32_t size);
bool data_ok(uint32_t va, uint32_t pa, uint32_t size);

/* test_live_hooks.c */
void nomem_tests(struct vmsa_table *t);
uint32_t sum(const volatile uint32_t *a);
void lazy_tests(struct vmsa_table *t);

/* test_live_smp.c (ncpu > 1) */
void broadcast_tests(void);
void stress_tests(void);

#endif
