/*
 * lpae_help.c - the shared part of the host suites of the engine on long
 * descriptors (lpae_help.h): the table, the lp_oracle (the format module's
 * own walk, which never reads the engine's state) and the checks of a
 * VA's translation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_arch.h"
#include "lpae_help.h"

struct lt LP;

uint64_t lp_pa_of(const void *p)
{
	return PA_BASE + (uint64_t)((const uint8_t *)p - LP.mem);
}

const uint64_t *lp_table_at(void *arg, uint64_t pa)
{
	(void)arg;
	/* The four level-2 tables (l1's 16KB) and the pool's tables. */
	if (pa < PA_BASE || pa + 4096 > PA_BASE + POOL_OFF + POOL_BYTES ||
	    (pa >= PA_BASE + 0x4000 && pa < PA_BASE + POOL_OFF))
		return NULL;
	return (const uint64_t *)(const void *)(LP.mem + (pa - PA_BASE));
}

int lt_setup(void **state)
{
	(void)state;
	LP.mem = aligned_alloc(16384, POOL_OFF + POOL_BYTES);
	assert_non_null(LP.mem);
	memset(LP.mem, 0xa5, POOL_OFF + POOL_BYTES);
	LP.l1 = (uint32_t *)(void *)LP.mem;
	LP.pool = LP.mem + POOL_OFF;
	fake_arch_reset();
	assert_int_equal(vmsa_init(&LP.t, VMSA_FMT_LPAE, LP.l1,
	                           (vmsa_pa_t){ lp_pa_of(LP.l1) }, LP.pool,
	                           (vmsa_pa_t){ lp_pa_of(LP.pool) }, POOL_BYTES),
	                 VMSA_OK);
	return 0;
}

int lt_teardown(void **state)
{
	(void)state;
	free(LP.mem);
	memset(&LP, 0, sizeof(LP));
	return 0;
}

/* The format module's walk of va, from the level-1 table. */
int lp_oracle(uint32_t va, struct vmsa_lpae_xlat *x)
{
	const uint64_t *l1 = (const uint64_t *)(const void *)
	                     ((const uint8_t *)LP.l1 + VMSA_LPAE_L1_OFFSET);

	return vmsa_lpae_translate(l1, lp_table_at, NULL, va, x);
}

vmsa_attr_t lp_canon(vmsa_attr_t a)
{
	vmsa_attr_t c = 0;

	assert_int_equal(vmsa_lpae_canonical(a, &c), VMSA_OK);
	return c;
}

/* va translates to pa with attributes a, as a page (level 3) or a block
 * (level 2), in the oracle and in the engine's three readers. */
void lp_expect(uint32_t va, uint64_t pa, vmsa_attr_t a, int level)
{
	struct vmsa_lpae_xlat x;
	struct vmsa_xlat e;
	vmsa_pa_t p;

	assert_int_equal(lp_oracle(va, &x), VMSA_OK);
	assert_true(x.pa == pa);
	assert_int_equal(x.attrs, lp_canon(a));
	assert_int_equal(x.level, level);
	assert_int_equal(vmsa_translate(&LP.t, (vmsa_va_t){ va }, &e), VMSA_OK);
	assert_true(e.pa.p == pa);
	assert_int_equal(e.attrs, x.attrs);
	assert_int_equal(e.level, level);
	assert_int_equal(e.kind, level == 2 ? VMSA_KIND_BLOCK :
	                                      VMSA_KIND_SMALL);
	assert_true(((uint64_t)e.desc_hi << 32 | e.desc) == x.desc);
	assert_int_equal(vmsa_translate_pa(&LP.t, (vmsa_va_t){ va }, &p),
	                 VMSA_OK);
	assert_true(p.p == pa);
}

void lp_expect_fault(uint32_t va)
{
	struct vmsa_lpae_xlat x;
	struct vmsa_xlat e;

	assert_int_equal(lp_oracle(va, &x), VMSA_ERR_NOTMAPPED);
	assert_int_equal(vmsa_translate(&LP.t, (vmsa_va_t){ va }, &e),
	                 VMSA_ERR_NOTMAPPED);
}

int lp_map(uint32_t va, uint64_t pa, uint64_t size, vmsa_attr_t a)
{
	return vmsa_map(&LP.t, (vmsa_va_t){ va }, (vmsa_pa_t){ pa }, size, a);
}
