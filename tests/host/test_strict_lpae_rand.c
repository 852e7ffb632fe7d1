/*
 * test_strict_lpae_rand.c - a random campaign of the engine on long
 * descriptors (VMSA_FMT_LPAE) against the adversarial model
 * (strict_model.h): a few thousand map, unmap, protect and remap calls
 * (deterministic seeds) of 4KB pages and 2MB blocks on a live table, one
 * CPU and two (VMSA_TF_SMP), with strict_end() == 0 after every call,
 * every answer compared with a page model, and the translation of every
 * page the call touched (and one either side) read by the model's own
 * decoder. The caller plays its side of the cache contract (vmsa.h): it
 * cleans memory before it maps it, and the old memory of cacheable pages
 * an unmap or remap takes away.
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
#include "refmodel.h"
#include "strict_model.h"

#define L1_PA   0x80004000u
#define POOL_PA 0x80100000u
#define POOL    (32u * 4096u)
/* The campaign's window: 16MB, eight 2MB entries. */
#define WIN_VA    0x40000000u
#define WIN_PAGES 4096u

static struct {
	uint32_t *l1;
	uint8_t *pool;
	struct vmsa_table t;
} L;

static int setup(void **state)
{
	(void)state;
	L.l1 = aligned_alloc(0x4000, 0x8000);
	L.pool = aligned_alloc(4096, POOL);
	if (L.l1 == NULL || L.pool == NULL)
		return -1;
	memset(L.l1, 0xa5, 0x8000);
	memset(L.pool, 0x5a, POOL);
	fake_arch_reset();
	return vmsa_init(&L.t, VMSA_FMT_LPAE, L.l1, vmsa_pa(L1_PA), L.pool,
	                 vmsa_pa(POOL_PA), POOL) == VMSA_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	strict_detach();
	free(L.l1);
	free(L.pool);
	memset(&L, 0, sizeof(L));
	return 0;
}

struct page {
	uint64_t pa;
	vmsa_attr_t attrs;      /* as asked; 0: unmapped */
};

static const vmsa_attr_t ATTRS[] = {
	VMSA_DATA, VMSA_RODATA, VMSA_CODE, VMSA_DEVICE,
	VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN,
	VMSA_MT_UNCACHED | VMSA_RW | VMSA_XN,
	VMSA_MT_WRITETHROUGH | VMSA_RW | VMSA_XN,
	VMSA_MT_WRITEBACK | VMSA_RO, VMSA_DATA | VMSA_NG,
	VMSA_DATA | VMSA_USER, VMSA_CODE | VMSA_USER, VMSA_DATA | VMSA_NS,
	VMSA_DATA | VMSA_SHARED, VMSA_CODE | VMSA_NG,
};
#define NATTRS (sizeof(ATTRS) / sizeof(ATTRS[0]))

static bool cacheable(vmsa_attr_t a)
{
	uint32_t mt = VMSA_MT(a);

	return mt == VMSA_MT_WRITETHROUGH || mt == VMSA_MT_WRITEBACK ||
	       mt == VMSA_MT_WRITEALLOC;
}

static bool range_state(const struct page *m, uint32_t p0, uint32_t n,
                        bool mapped)
{
	for (uint32_t i = 0; i < n; i++)
		if ((m[p0 + i].attrs != 0) != mapped)
			return false;
	return true;
}

/* Page i of the window: the model's reading against the page model. */
static void check_page(const struct page *m, uint32_t i, unsigned op)
{
	uint64_t pa = 0;
	uint32_t size;
	bool ok = strict_xlat(WIN_VA + i * 4096u, &pa, &size);

	if (ok != (m[i].attrs != 0) || (ok && pa != m[i].pa))
		fail_msg("op %u: VA %#x: the model reads %s PA %#llx, the page "
		         "model %s PA %#llx", op, WIN_VA + i * 4096u,
		         ok ? "" : "a fault,", (unsigned long long)pa,
		         m[i].attrs ? "" : "a fault,",
		         (unsigned long long)m[i].pa);
}

/* An output address for n pages from p0: near the identity past 4GB
 * (by pages, or by 2MB for blocks), or below 4GB. */
static uint64_t pick_pa(uint64_t *rs, uint32_t p0, bool big)
{
	uint64_t base = ref_rand_below(rs, 4) == 0 ? 0x80000000ull :
	                0x100000000ull;

	if (big)
		return base + (uint64_t)p0 * 4096u +
		       0x200000ull * ref_rand_below(rs, 4);
	return base + (uint64_t)p0 * 4096u + 4096u * ref_rand_below(rs, 3);
}

static void campaign(uint64_t rs, uint32_t flags, unsigned ncpu,
                     unsigned calls)
{
	struct page *m = calloc(WIN_PAGES, sizeof(*m));
	static uint64_t old[WIN_PAGES];
	unsigned op, ok = 0, refused = 0, nold;

	vmsa_set_flags(&L.t, VMSA_TF_LIVE | flags, 0);
	strict_attach(&L.t, ncpu);
	strict_window(WIN_VA, WIN_PAGES * 4096u);
	assert_int_equal(strict_end(), 0);
	for (op = 0; op < calls; op++) {
		bool big = ref_rand_below(&rs, 3) == 0;
		uint32_t p0 = big ? 512u * (uint32_t)ref_rand_below(&rs,
		                                    WIN_PAGES / 512 - 1) :
		              (uint32_t)ref_rand_below(&rs, WIN_PAGES - 64);
		bool mapped = m[p0].attrs != 0;
		uint32_t kind = mapped ? 1 + (uint32_t)ref_rand_below(&rs, 3) : 0;
		uint32_t lim = big ? 512u * (1 + (uint32_t)ref_rand_below(&rs, 2)) :
		               1 + (uint32_t)ref_rand_below(&rs, 40), n = 1, i;
		uint32_t va = WIN_VA + p0 * 4096u;
		uint64_t pa = pick_pa(&rs, p0, big), size;
		vmsa_attr_t a = ATTRS[ref_rand_below(&rs, NATTRS)];
		int err, want;

		if (p0 + lim > WIN_PAGES)
			lim = WIN_PAGES - p0;
		if (ref_rand_below(&rs, 5) == 0)
			n = lim;
		else
			while (n < lim && (m[p0 + n].attrs != 0) == mapped)
				n++;
		size = (uint64_t)n * 4096u;
		want = range_state(m, p0, n, kind == 0 ? false : true) ?
		       VMSA_OK : kind == 0 ? VMSA_ERR_OVERLAP :
		       VMSA_ERR_NOTMAPPED;
		/* The caller's side: memory it maps has no lines of an
		 * earlier mapping; the lines cacheable pages leave behind
		 * when they go or move are its to clean (after the call). */
		nold = 0;
		if (kind == 0)
			strict_caller_clean_pa(pa, size);
		else if (kind != 2)
			for (i = 0; i < n; i++)
				if (m[p0 + i].attrs && cacheable(m[p0 + i].attrs))
					old[nold++] = m[p0 + i].pa;
		switch (kind) {
		case 0:
			err = vmsa_map(&L.t, vmsa_va(va), vmsa_pa(pa), size, a);
			break;
		case 1:
			err = vmsa_unmap(&L.t, vmsa_va(va), size);
			break;
		case 2:
			err = vmsa_protect(&L.t, vmsa_va(va), size, a);
			break;
		default:
			err = vmsa_remap(&L.t, vmsa_va(va), vmsa_pa(pa), size);
			break;
		}
		if (err == VMSA_ERR_NOMEM && want == VMSA_OK)
			want = VMSA_ERR_NOMEM;
		if (err != want)
			fail_msg("op %u kind %u va %#x n %u: %d, model %d", op,
			         kind, va, n, err, want);
		/* One clean per run of pages (each scans the model's set). */
		for (i = 0; err == VMSA_OK && i < nold; ) {
			uint32_t j = i + 1;

			while (j < nold && old[j] == old[j - 1] + 4096u)
				j++;
			strict_caller_clean_pa(old[i], (uint64_t)(j - i) * 4096u);
			i = j;
		}
		if (strict_end() != 0)
			fail_msg("op %u kind %u va %#x pa %#llx n %u attrs %#x: %s",
			         op, kind, va, (unsigned long long)pa, n,
			         (unsigned)a, strict_first());
		if (err != VMSA_OK) {
			refused++;
			continue;
		}
		ok++;
		for (i = 0; i < n; i++) {
			struct page *pg = &m[p0 + i];

			if (kind == 0 || kind == 3)
				pg->pa = pa + i * 4096u;
			if (kind == 0 || kind == 2)
				pg->attrs = a;
			if (kind == 1)
				*pg = (struct page){ 0, 0 };
		}
		for (i = p0 ? p0 - 1 : 0; i <= p0 + n && i < WIN_PAGES; i++)
			check_page(m, i, op);
		if (op % 250 == 0)
			assert_int_equal(vmsa_table_check(&L.t), VMSA_OK);
	}
	for (op = 0; op < WIN_PAGES; op++)
		check_page(m, op, calls);
	assert_int_equal(vmsa_table_check(&L.t), VMSA_OK);
	print_message("lpae strict campaign (%u CPU%s): %u calls done, %u "
	              "refused\n", ncpu, ncpu > 1 ? "s" : "", ok, refused);
	assert_true(ok > calls / 2 && refused > calls / 20);
	free(m);
}

static void test_lpae_campaign_up(void **state)
{
	(void)state;
	campaign(20260101, 0, 1, 2000);
}

static void test_lpae_campaign_smp(void **state)
{
	(void)state;
	campaign(20260102, VMSA_TF_SMP, 2, 2000);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_lpae_campaign_up),
		T(test_lpae_campaign_smp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
