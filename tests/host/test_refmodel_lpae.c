/*
 * test_refmodel_lpae.c - the reference model's long-descriptor mode
 * (tests/host/refmodel_lpae.c), which the differential fuzzer trusts,
 * held to the library's format module (src/fmt/fmt_lpae.c) where the two
 * were written apart and must agree:
 *  - every meaningful attribute word (2^18): the model's verdict class and
 *    canonical form against vmsa_lpae_canonical's;
 *  - every word the module encodes from those (a 2MB block at level 2, a
 *    4KB page at level 3, planted in vmsa_init's tables at addresses up to
 *    2^40): the model's walker reads the canonical form, the PA, the kind
 *    and the level back;
 *  - random words: whatever the walker accepts, the module's decoder
 *    accepts with the same attributes (the walker is the stricter: it
 *    takes only what vmsa writes);
 *  - the greedy split, and the walker's refusals (level 1 changed, a table
 *    outside the pool, hierarchical bits, the reserved 01 at level 3).
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
#include "refmodel.h"

#include "../../src/fmt/fmt_lpae.h"

#define PA_BASE 0x80000000u
#define POOL_OFF 0x8000u
#define POOL_BYTES 0x2000u              /* two level-3 tables */
#define VA_BLOCK 0x40000000u            /* top entry 0x200 */
#define VA_PAGE 0x40203000u             /* top entry 0x201, page 3 */

static uint8_t *mem;
static struct vmsa_table T;

static uint64_t *top(void)
{
	return (uint64_t *)(void *)mem;
}

static uint64_t *pool_table(unsigned k)
{
	return (uint64_t *)(void *)(mem + POOL_OFF + k * 0x1000u);
}

static int setup(void **state)
{
	(void)state;
	/* aligned_alloc wants a multiple of the alignment. */
	mem = aligned_alloc(0x4000, (POOL_OFF + POOL_BYTES + 0x3fffu) &
	                            ~0x3fffu);
	assert_non_null(mem);
	memset(mem, 0, POOL_OFF + POOL_BYTES);
	assert_int_equal(vmsa_init(&T, VMSA_FMT_LPAE, (uint32_t *)(void *)mem,
	                           vmsa_pa(PA_BASE), mem + POOL_OFF,
	                           vmsa_pa(PA_BASE + POOL_OFF), POOL_BYTES),
	                 VMSA_OK);
	/* Entry 0x201 points to the pool's first table (written by hand:
	 * the walker reads what is there, no call has to have put it). */
	top()[VA_PAGE >> 21] = (PA_BASE + POOL_OFF) | 3u;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(mem);
	mem = NULL;
	return 0;
}

/* The attribute words whose bits all mean something: type (4 bits), the
 * ten flags, the domain. */
static vmsa_attr_t word(uint32_t i)
{
	return (i & 0xfu) | ((i >> 4) & 0x3ffu) << 4 |
	       VMSA_DOMAIN((i >> 14) & 0xfu);
}

static void test_canonical_every_word(void **state)
{
	uint32_t i, ok = 0;

	(void)state;
	for (i = 0; i < (1u << 18); i++) {
		vmsa_attr_t a = word(i), mine = 0, lib = 0;
		unsigned v = ref_canonical(VMSA_FMT_LPAE, a, &mine, NULL);
		int rc = vmsa_lpae_canonical(a, &lib);

		if (rc == VMSA_OK) {
			if (v != 0 || mine != lib)
				fail_msg("attrs %#x: model mask %#x canonical %#x, "
				         "library %#x", a, v, mine, lib);
			assert_true(ref_mt_is_normal(VMSA_FMT_LPAE, VMSA_MT(a)) ==
			            (VMSA_MT(a) != VMSA_MT_UNCACHED &&
			             VMSA_MT(a) != VMSA_MT_DEVICE));
			ok++;
		} else if (rc == VMSA_ERR_INVAL) {
			if (!(v & REF_VIOL_INVAL))
				fail_msg("attrs %#x: library INVAL, model mask %#x",
				         a, v);
		} else if (rc == VMSA_ERR_UNSUPPORTED) {
			if (!(v & REF_VIOL_UNSUP))
				fail_msg("attrs %#x: library UNSUPPORTED, model "
				         "mask %#x", a, v);
		} else {
			fail_msg("attrs %#x: library %d", a, rc);
		}
	}
	print_message("lpae canonical: %u of %u words valid, all agree\n", ok,
	              1u << 18);
	assert_true(ok > 1000);
}

/* Plant w as the block of VA_BLOCK (level 2) or the page of VA_PAGE
 * (level 3); the walker's answer. */
static int walk_word(int level, uint64_t w, struct ref_xlat *x)
{
	if (level == 2) {
		top()[VA_BLOCK >> 21] = w;
		return ref_walk(&T, VA_BLOCK + 0x12345u, x);
	}
	pool_table(0)[(VA_PAGE >> 12) & 0x1ffu] = w;
	return ref_walk(&T, VA_PAGE + 0x123u, x);
}

static void test_walk_encoded_words(void **state)
{
	uint64_t rs = 4242;
	uint32_t i, n = 0;

	(void)state;
	for (i = 0; i < (1u << 18); i++) {
		vmsa_attr_t a = word(i), c;

		if (vmsa_lpae_canonical(a, &c) != VMSA_OK)
			continue;
		for (int level = 2; level <= 3; level++) {
			uint64_t sz = level == 2 ? 0x200000u : 0x1000u;
			uint64_t pa = ref_rand_below(&rs, (1ull << 40) / sz) * sz;
			uint64_t off = level == 2 ? 0x12345u : 0x123u;
			uint64_t w = 0;
			struct ref_xlat x;

			assert_int_equal(vmsa_lpae_leaf_encode(level, pa, a, &w),
			                 VMSA_OK);
			int rc = walk_word(level, w, &x);
			if (rc != REF_WALK_OK || x.attrs != c || x.pa != pa + off ||
			    x.level != level || x.kind != (level == 2 ?
			    VMSA_KIND_BLOCK : VMSA_KIND_SMALL))
				fail_msg("attrs %#x level %d word %#llx: walker %d "
				         "attrs %#x pa %#llx level %d kind %d; "
				         "canonical %#x", a, level,
				         (unsigned long long)w, rc, x.attrs,
				         (unsigned long long)x.pa, x.level, x.kind,
				         c);
			n++;
		}
	}
	print_message("lpae walker: %u encoded words read back\n", n);
}

static void test_walk_random_words(void **state)
{
	uint64_t rs = 777;
	uint32_t i, taken = 0;

	(void)state;
	for (i = 0; i < 400000; i++) {
		int level = 2 + (int)(i & 1u);
		uint64_t w = ref_rand(&rs);
		struct ref_xlat x;
		vmsa_attr_t lib;

		/* Mostly words near what vmsa writes: few high bits, AF. */
		if (ref_rand_below(&rs, 4) != 0)
			w &= 0x006000fffffffffcull | (ref_rand(&rs) &
			     ref_rand(&rs));
		w = (w & ~3ull) | (level == 2 ? 1u : 3u);
		if (ref_rand_below(&rs, 2))
			w |= 1u << 10;
		if (walk_word(level, w, &x) != REF_WALK_OK)
			continue;
		taken++;
		assert_int_equal(vmsa_lpae_leaf_attrs(level, w, &lib), VMSA_OK);
		if (lib != x.attrs)
			fail_msg("word %#llx level %d: walker %#x, library %#x",
			         (unsigned long long)w, level, x.attrs, lib);
	}
	print_message("lpae walker: %u random words taken, all agree\n",
	              taken);
	assert_true(taken > 1000);
}

static void test_refusals_and_greedy(void **state)
{
	struct ref_xlat x;
	uint64_t *l1 = (uint64_t *)(void *)(mem + VMSA_LPAE_L1_OFFSET);
	uint64_t w = 0;

	(void)state;
	assert_int_equal(vmsa_lpae_leaf_encode(3, 0x1000, VMSA_DATA, &w),
	                 VMSA_OK);
	assert_int_equal(walk_word(3, w, &x), REF_WALK_OK);
	/* 01 at level 3 is reserved; a fault is a fault at its level. */
	assert_int_equal(walk_word(3, w & ~2ull, &x), REF_WALK_RESERVED);
	assert_int_equal(walk_word(3, 0, &x), REF_WALK_FAULT);
	assert_int_equal(x.level, 3);
	assert_int_equal(walk_word(2, 0, &x), REF_WALK_FAULT);
	assert_int_equal(x.level, 2);
	assert_int_equal(walk_word(3, w, &x), REF_WALK_OK);
	/* Hierarchical bits in the table descriptor; a table outside the
	 * pool (the second unit is in it, the third is not). */
	top()[VA_PAGE >> 21] |= 1ull << 59;
	assert_int_equal(ref_walk(&T, VA_PAGE, &x), REF_WALK_RESERVED);
	top()[VA_PAGE >> 21] = (PA_BASE + POOL_OFF + 0x1000u) | 3u;
	assert_int_equal(ref_walk(&T, VA_PAGE, &x), REF_WALK_FAULT);
	top()[VA_PAGE >> 21] = (PA_BASE + POOL_OFF + 0x2000u) | 3u;
	assert_int_equal(ref_walk(&T, VA_PAGE, &x), REF_WALK_BAD);
	/* Level 1 is vmsa_init's. */
	l1[1] ^= 0x1000u;
	assert_int_equal(ref_walk(&T, VA_PAGE, &x), REF_WALK_RESERVED);
	l1[1] ^= 0x1000u;
	/* Greedy: 2MB where VA and PA allow, else 4KB; 1KB never. */
	assert_int_equal(ref_granule(VMSA_FMT_LPAE, 0, 0x200000, 0x40000000,
	                             0x200000), 0x200000);
	assert_int_equal(ref_granule(VMSA_FMT_LPAE, 0, 0x200000, 0x40001000,
	                             0x400000), 0x1000);
	assert_int_equal(ref_granule(VMSA_FMT_LPAE, 0, 0x200000, 0x40000000,
	                             0x1ff000), 0x1000);
	assert_int_equal(ref_granule(VMSA_FMT_LPAE, 0, 0x200400, 0x40000400,
	                             0x1000), 0);
	assert_int_equal(ref_kind_of_size(0x200000), VMSA_KIND_BLOCK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_every_word),
		cmocka_unit_test_setup_teardown(test_walk_encoded_words, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_walk_random_words, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_refusals_and_greedy, setup,
		                                teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
