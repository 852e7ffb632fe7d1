/* harness.c - see harness.h. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_arch.h"

int hx_init(struct hx *h, vmsa_fmt_t fmt, size_t pool_bytes)
{
	memset(h, 0, sizeof(*h));
	h->fmt = fmt;
	h->l1 = aligned_alloc(VMSA_L1_BYTES, VMSA_L1_BYTES);
	h->pool_bytes = pool_bytes;
	h->pool = pool_bytes ? aligned_alloc(4096, (pool_bytes + 4095) & ~(size_t)4095)
	                     : NULL;
	if (!h->l1 || (pool_bytes && !h->pool))
		abort();
	/* Garbage first: vmsa_init must fill the L1 table itself. */
	memset(h->l1, 0xa5, VMSA_L1_BYTES);
	if (h->pool)
		memset(h->pool, 0x5a, pool_bytes);
	return hx_reinit(h, fmt);
}

int hx_reinit(struct hx *h, vmsa_fmt_t fmt)
{
	h->fmt = fmt;
	return vmsa_init(&h->t, fmt, h->l1, vmsa_pa(HX_L1_PA), h->pool,
	                 vmsa_pa(HX_POOL_PA), h->pool_bytes);
}

void hx_free(struct hx *h)
{
	free(h->l1);
	free(h->pool);
	memset(h, 0, sizeof(*h));
}

void hx_snap_take(const struct hx *h, struct hx_snap *s)
{
	memcpy(s->l1, h->l1, VMSA_L1_BYTES);
	s->pool_bytes = h->pool_bytes;
	s->pool = h->pool_bytes ? malloc(h->pool_bytes) : NULL;
	if (h->pool_bytes)
		memcpy(s->pool, h->pool, h->pool_bytes);
	s->t = h->t;
}

bool hx_snap_same(const struct hx *h, const struct hx_snap *s)
{
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		if (h->l1[i] != s->l1[i]) {
			printf("  L1[%u] (VA %#010x) changed: %#010x -> %#010x\n", i,
			       i << 20, s->l1[i], h->l1[i]);
			return false;
		}
	for (size_t i = 0; i < s->pool_bytes; i++)
		if (h->pool[i] != s->pool[i]) {
			printf("  pool byte %#zx changed: %#04x -> %#04x\n", i,
			       s->pool[i], h->pool[i]);
			return false;
		}
	if (h->t.used_units != s->t.used_units ||
	    memcmp(h->t.used, s->t.used, sizeof(h->t.used)) != 0 ||
	    h->t.flags != s->t.flags || h->t.fmt != s->t.fmt) {
		printf("  table bookkeeping changed (used_units %u -> %u)\n",
		       s->t.used_units, h->t.used_units);
		return false;
	}
	return true;
}

void hx_snap_free(struct hx_snap *s)
{
	free(s->pool);
	s->pool = NULL;
}

void *hx_pool_ptr(const struct hx *h, uint64_t pa)
{
	if (pa < HX_POOL_PA || pa >= HX_POOL_PA + (uint64_t)h->pool_bytes)
		return NULL;
	return h->pool + (pa - HX_POOL_PA);
}

long hx_unsynced_bytes(const struct hx *h)
{
	if (fake_arch_total() > fake_arch_count())
		return -1;
	bool v5 = (h->fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
	long n = 0;
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++) {
		uint32_t w = h->l1[i];
		if (!(w & 3u))
			continue;
		if (!fake_arch_synced(&h->l1[i], 4))
			n += 4;
		uint64_t pa;
		size_t len;
		if ((w & 3u) == 1u) {
			pa = w & 0xfffffc00u;
			len = VMSA_L2_BYTES;
		} else if (v5 && (w & 3u) == 3u) {
			pa = w & 0xfffff000u;
			len = VMSA_L2_FINE_BYTES;
		} else {
			continue;
		}
		void *p = hx_pool_ptr(h, pa);
		if (!p)
			continue;
		if (!fake_arch_synced(p, len))
			n += (long)len;
	}
	return n;
}
