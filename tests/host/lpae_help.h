/*
 * lpae_help.h - what the host suites of the engine on long descriptors
 * share (tests/host/lpae_help.c): one table over one block of host memory
 * (l1 of VMSA_LPAE_L1_BYTES, then the pool), its physical addresses as if
 * identity mapped at PA_BASE, the format module's own walk as the oracle,
 * and checks of what a VA translates to through the engine's readers.
 */
#ifndef LPAE_HELP_H
#define LPAE_HELP_H

#include <stdint.h>
#include <vmsa.h>
#include "../../src/fmt/fmt_lpae.h"

#define KB 1024u
#define MB (1024u * 1024u)
#define POOL_BYTES (64u * 4096u)

/* The tables in one block: l1 (16KB + 32 bytes, 16KB-aligned), then the
 * pool (4KB-aligned); physical addresses as if identity mapped at PA_BASE
 * + offset. */
#define PA_BASE 0x80000000u
#define POOL_OFF 0x8000u

struct lt {
	uint8_t *mem;
	struct vmsa_table t;
	uint32_t *l1;
	uint8_t *pool;
};

extern struct lt LP;

uint64_t lp_pa_of(const void *p);
/* The window on the tables for vmsa_lpae_translate and vmsa_lpae_dump:
 * the four level-2 tables and the pool's. */
const uint64_t *lp_table_at(void *arg, uint64_t pa);
/* cmocka setup and teardown: L over fresh memory, vmsa_init'ed. */
int lt_setup(void **state);
int lt_teardown(void **state);
/* The format module's walk of va, from the level-1 table. */
int lp_oracle(uint32_t va, struct vmsa_lpae_xlat *x);
/* vmsa_lpae_canonical's form of a (which must be valid). */
vmsa_attr_t lp_canon(vmsa_attr_t a);
/* va translates to pa with attributes a, as a page (level 3) or a block
 * (level 2), in the oracle and in the engine's three readers. */
void lp_expect(uint32_t va, uint64_t pa, vmsa_attr_t a, int level);
void lp_expect_fault(uint32_t va);
int lp_map(uint32_t va, uint64_t pa, uint64_t size, vmsa_attr_t a);

#endif /* LPAE_HELP_H */
