/*
 * test_lpae_words.c - the engine on long descriptors (VMSA_FMT_LPAE) and
 * the words it never writes: a level-2 table descriptor to the table just
 * past the pool (whose memory holds valid pages), a table descriptor of
 * its own table with one more bit set (the hierarchical controls, ignored
 * bits, bits past the 40-bit address), a level-3 word of the reserved
 * type 0b01. Every call on them is refused and writes nothing; the engine
 * reads no table outside its pool.
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

#define KB 0x400u
#define MB 0x100000u
#define L1_PA   0x80004000u
#define POOL_PA 0x80100000u
#define TABLES  32u             /* level-3 tables in the pool */
#define POOL    (TABLES * 4096u)
#define ADDR    0x000000fffffff000ull   /* a page's or table's address */
#define B  0x40000000u
#define PA 0x80000000ull

static struct {
	uint32_t *l1;           /* 16KB + 32 bytes, in a 32KB block */
	uint8_t *pool;          /* TABLES tables, and one past the pool */
	struct vmsa_table t;
} L;

static int setup(void **state)
{
	(void)state;
	L.l1 = aligned_alloc(0x4000, 0x8000);
	L.pool = aligned_alloc(4096, POOL + 4096);
	if (L.l1 == NULL || L.pool == NULL)
		return -1;
	memset(L.l1, 0xa5, 0x8000);
	memset(L.pool, 0x5a, POOL + 4096);
	fake_arch_reset();
	return vmsa_init(&L.t, VMSA_FMT_LPAE, L.l1, vmsa_pa(L1_PA), L.pool,
	                 vmsa_pa(POOL_PA), POOL) == VMSA_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(L.l1);
	free(L.pool);
	memset(&L, 0, sizeof(L));
	return 0;
}

/* The level-2 word of va, and the level-3 word under it. */
static uint64_t *top(uint32_t va)
{
	return (uint64_t *)(void *)L.l1 + (va >> 21);
}

static uint64_t *l3w(uint32_t va)
{
	uint64_t w = *top(va), pa = w & ADDR;

	assert_true((w & 3u) == 3u && pa >= POOL_PA && pa < POOL_PA + POOL);
	return (uint64_t *)(void *)(L.pool + (pa - POOL_PA)) +
	       ((va >> 12) & 0x1ffu);
}

static int map(uint32_t va, uint64_t pa, uint64_t size, vmsa_attr_t a)
{
	return vmsa_map(&L.t, vmsa_va(va), vmsa_pa(pa), size, a);
}

static int unmap(uint32_t va, uint64_t size)
{
	return vmsa_unmap(&L.t, vmsa_va(va), size);
}

static int protect(uint32_t va, uint64_t size, vmsa_attr_t a)
{
	return vmsa_protect(&L.t, vmsa_va(va), size, a);
}

static int remap(uint32_t va, uint64_t pa, uint64_t size)
{
	return vmsa_remap(&L.t, vmsa_va(va), vmsa_pa(pa), size);
}

/* The calls on a 2MB entry whose word is not the engine's: each refused,
 * the tables as they were. */
static void refused_everywhere(uint32_t va)
{
	uint8_t *l1 = malloc(VMSA_LPAE_L1_BYTES), *pool = malloc(POOL);
	vmsa_pa_t p;

	memcpy(l1, L.l1, VMSA_LPAE_L1_BYTES);
	memcpy(pool, L.pool, POOL);
	assert_int_not_equal(vmsa_translate_pa(&L.t, vmsa_va(va), &p),
	                     VMSA_OK);
	assert_int_not_equal(map(va + 0x2000u, PA, 4 * KB, VMSA_DATA), VMSA_OK);
	assert_int_not_equal(map(va & ~(2 * MB - 1), PA, 2 * MB, VMSA_DATA),
	                     VMSA_OK);
	assert_int_not_equal(unmap(va, 4 * KB), VMSA_OK);
	assert_int_not_equal(protect(va, 4 * KB, VMSA_RODATA), VMSA_OK);
	assert_int_not_equal(remap(va, PA, 4 * KB), VMSA_OK);
	assert_int_equal(memcmp(l1, L.l1, VMSA_LPAE_L1_BYTES), 0);
	assert_int_equal(memcmp(pool, L.pool, POOL), 0);
	free(l1);
	free(pool);
}

/* A table just past the pool (its memory holds valid pages): not the
 * engine's to read or write. */
static void test_table_past_pool(void **state)
{
	uint64_t *bait = (uint64_t *)(void *)(L.pool + POOL);

	(void)state;
	for (uint32_t i = 0; i < 512; i++)
		bait[i] = (PA + i * 4096u) | 0x400u | 0x3u; /* AF, page */
	*top(B) = (POOL_PA + POOL) | 3u;
	refused_everywhere(B + 0x1000u);
}

/* A table descriptor of the engine's table with one more bit set
 * (PXNTable, XNTable, APTable, NSTable, an ignored bit, bits 11:2): the
 * hardware applies or ignores them, the engine refuses the word. */
static void test_table_extra_bits(void **state)
{
	static const uint64_t bits[] = {
		1ull << 59, 1ull << 60, 1ull << 61, 1ull << 62, 1ull << 63,
		1ull << 55, 1ull << 52, 1ull << 40, 1ull << 11, 1ull << 10,
		1ull << 2,
	};

	(void)state;
	assert_int_equal(map(B + 0x1000u, PA + 0x1000u, 4 * KB, VMSA_DATA),
	                 VMSA_OK);
	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		uint64_t w = *top(B);

		*top(B) = w | bits[i];
		refused_everywhere(B + 0x1000u);
		*top(B) = w;
	}
	assert_int_equal(vmsa_table_check(&L.t), VMSA_OK);
}

/* A level-3 word of type 0b01 (reserved: the walk faults) among the
 * engine's pages: no call takes it for a page. */
static void test_reserved_page_word(void **state)
{
	uint8_t *pool = malloc(POOL);
	vmsa_pa_t p;

	(void)state;
	assert_int_equal(map(B + 0x1000u, PA + 0x1000u, 4 * KB, VMSA_DATA),
	                 VMSA_OK);
	*l3w(B) = (*l3w(B + 0x1000u) - 0x1000u) & ~2ull;
	memcpy(pool, L.pool, POOL);
	assert_int_not_equal(vmsa_translate_pa(&L.t, vmsa_va(B), &p), VMSA_OK);
	assert_int_not_equal(unmap(B, 8 * KB), VMSA_OK);
	assert_int_not_equal(protect(B, 4 * KB, VMSA_RODATA), VMSA_OK);
	assert_int_not_equal(remap(B, PA + 0x5000u, 4 * KB), VMSA_OK);
	assert_int_not_equal(map(B, PA, 4 * KB, VMSA_DATA), VMSA_OK);
	assert_int_equal(memcmp(pool, L.pool, POOL), 0);
	free(pool);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_table_past_pool),
		T(test_table_extra_bits),
		T(test_reserved_page_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
