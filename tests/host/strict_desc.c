/*
 * strict_desc.c - the strict model's own descriptor decoder for the short
 * formats (the architecture's encodings, not the library's decoders, so
 * that it judges the engine independently; the long descriptors are
 * strict_lpae.c's) and its ARMv7 data cache, a set of PA pages.
 */
#include "strict_int.h"

#include <vmsa/hwdef.h>

/* ---- descriptors (ARM ARM B3.5.1 figures B3-4, B3-5; ARM926 TRM 3.2) --- */

/* Cacheable Normal memory: TEX/C/B direct (B3.8.2), through PRRR/NMRR
 * with TEX remap (B3.8.3), the C bit on ARMv5. */
static bool tcb_cacheable(uint32_t tex, uint32_t c, uint32_t b)
{
	vmsa_fmt_t f = M.t->fmt;

	if (M.v5)
		return c != 0;
	if (f & VMSA_FMT_TEX_REMAP) {
		uint32_t n = ((tex & 1u) << 2) | (c << 1) | b;
		uint32_t tr = (VMSA_PRRR >> (2 * n)) & 3u;
		uint32_t ir = (VMSA_NMRR >> (2 * n)) & 3u;
		uint32_t orr = (VMSA_NMRR >> (16 + 2 * n)) & 3u;
		return tr == 2u && (ir != 0 || orr != 0);
	}
	if (tex == 0)
		return c != 0;
	if (tex == 1)
		return c && b;
	if (tex & 4u)
		return (c | b) != 0 || (tex & 3u) != 0;
	return false;
}

static void set_xl(struct xl *x, uint64_t blk_pa, uint32_t size, uint32_t va,
                   uint32_t tex, uint32_t c, uint32_t b, uint32_t s,
                   uint32_t ng, uint32_t ns, uint32_t perm, bool exec)
{
	x->size = size;
	x->pa = blk_pa + (va & (size - 1u) & ~(M.pg - 1u));
	x->key = tex | c << 3 | b << 4 | s << 5 | ng << 6 | ns << 7;
	x->perm = perm;
	x->ng = ng != 0;
	x->exec = exec;
	x->cach = tcb_cacheable(tex, c, b);
}

/* An L1 section or supersection word; false if not one. */
bool sm_dec_sect(uint32_t w, uint32_t va, struct xl *x)
{
	uint32_t ty = w & 3u;

	if (M.v5) {
		if (ty != 2u)
			return false;
		set_xl(x, w & 0xfff00000u, 0x100000u, va, 0, (w >> 3) & 1u,
		       (w >> 2) & 1u, 0, 0, 0, (w >> 5) & 0x3fffu, true);
		return true;
	}
	if (ty == 3u && !(M.t->fmt & VMSA_FMT_PXN))
		return false;           /* reserved: translation fault */
	if (ty < 2u)
		return false;
	{
		uint32_t perm = ((w >> 10) & 3u) | ((w >> 15) & 1u) << 2 |
		                ((w >> 4) & 1u) << 3 | (ty & 1u) << 4;
		uint64_t pa;
		uint32_t size;

		if (w & (1u << 18)) {
			size = 0x1000000u;
			pa = (uint64_t)(w & 0xff000000u) |
			     (uint64_t)((w >> 20) & 0xfu) << 32 |
			     (uint64_t)((w >> 5) & 0xfu) << 36;
		} else {
			size = 0x100000u;
			pa = w & 0xfff00000u;
			perm |= ((w >> 5) & 0xfu) << 5;
		}
		set_xl(x, pa, size, va, (w >> 12) & 7u, (w >> 3) & 1u,
		       (w >> 2) & 1u, (w >> 16) & 1u, (w >> 17) & 1u,
		       (w >> 19) & 1u, perm, !((w >> 4) & 1u));
	}
	return true;
}

/* The L2 table an L1 word points to (host pointer, index of va in it),
 * or NULL when the word is no table or the table is outside the pool. */
const uint32_t *sm_l2_of(uint32_t w, uint32_t va, bool mem, uint32_t *i,
                             bool *fine)
{
	uint32_t ty = w & 3u, pa, off;
	const struct vmsa_table *t = M.t;

	*fine = M.v5 && ty == 3u;
	if (ty != 1u && !*fine)
		return NULL;
	pa = w & (*fine ? 0xfffff000u : 0xfffffc00u);
	off = pa - (uint32_t)t->pool_pa.p;
	if (pa < t->pool_pa.p || off >= t->pool_units * 1024u)
		return NULL;
	*i = *fine ? (va >> 10) & 0x3ffu : (va >> 12) & 0xffu;
	return mem ? (const uint32_t *)(const void *)(t->pool + off) :
	             &M.img_pool[off / 4];
}

bool sm_dec_page(uint32_t tw, uint32_t w, bool fine, uint32_t va,
                     struct xl *x)
{
	uint32_t ty = w & 3u;

	if (ty == 0)
		return false;
	if (M.v5) {
		uint32_t dom = ((tw >> 5) & 0xfu) << 8;
		if (ty == 3u && !fine)
			return false;
		set_xl(x, ty == 1u ? (w & 0xffff0000u) :
		       ty == 2u ? (w & 0xfffff000u) : (w & 0xfffffc00u),
		       ty == 1u ? 0x10000u : ty == 2u ? 0x1000u : 0x400u, va,
		       0, (w >> 3) & 1u, (w >> 2) & 1u, 0, 0, 0,
		       ((w >> 4) & 0xffu) | dom, true);
		return true;
	}
	{
		uint32_t ap = ((w >> 4) & 3u) | ((w >> 9) & 1u) << 2;
		uint32_t tperm = ((tw >> 2) & 1u) << 4 | ((tw >> 5) & 0xfu) << 5;
		uint32_t ns = (tw >> 3) & 1u, xn;

		if (!(M.t->fmt & VMSA_FMT_PXN))
			tperm &= ~(1u << 4);
		if (ty == 1u) {
			xn = (w >> 15) & 1u;
			set_xl(x, w & 0xffff0000u, 0x10000u, va, (w >> 12) & 7u,
			       (w >> 3) & 1u, (w >> 2) & 1u, (w >> 10) & 1u,
			       (w >> 11) & 1u, ns, ap | xn << 3 | tperm, !xn);
		} else {
			xn = w & 1u;
			set_xl(x, w & 0xfffff000u, 0x1000u, va, (w >> 6) & 7u,
			       (w >> 3) & 1u, (w >> 2) & 1u, (w >> 10) & 1u,
			       (w >> 11) & 1u, ns, ap | xn << 3 | tperm, !xn);
		}
	}
	return true;
}

/* The translation of va from table memory as it is now. */
bool sm_xlat_now(uint32_t va, struct xl *x)
{
	uint32_t w, i;
	bool fine;
	const uint32_t *l2;

	if (M.lpae)
		return sm_lpae_xlat_now(va, x);
	w = M.t->l1[va >> 20];
	l2 = sm_l2_of(w, va, true, &i, &fine);
	if (l2 != NULL)
		return sm_dec_page(w, l2[i], fine, va, x);
	return sm_dec_sect(w, va, x);
}

/* ---- the D-cache of ARMv7: a set of PA page numbers ------------------ */

static size_t hslot(uint64_t k)
{
	return (size_t)((k * 0x9e3779b97f4a7c15ull) >> 47) & (SM_HASH - 1);
}

uint64_t *sm_dpa_find(uint64_t pa, bool add)
{
	uint64_t k = (pa / M.pg) + 2, *tomb = NULL;
	size_t i = hslot(k), n;

	for (n = 0; n < SM_HASH; n++, i = (i + 1) & (SM_HASH - 1)) {
		if (M.dpa[i] == k)
			return &M.dpa[i];
		if (M.dpa[i] == HASH_TOMB && tomb == NULL)
			tomb = &M.dpa[i];
		if (M.dpa[i] == HASH_EMPTY) {
			if (!add)
				return NULL;
			if (tomb == NULL)
				tomb = &M.dpa[i];
			*tomb = k;
			return tomb;
		}
	}
	if (add && tomb != NULL) {
		*tomb = k;
		return tomb;
	}
	return NULL;
}

void sm_dpa_del(uint64_t pa)
{
	uint64_t *p = sm_dpa_find(pa, false);
	if (p != NULL)
		*p = HASH_TOMB;
}

