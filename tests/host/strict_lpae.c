/*
 * strict_lpae.c - the strict model's long-descriptor side (VMSA_FMT_LPAE,
 * ARM ARM DDI 0406C B3.6): its own decoder of level-2 blocks, level-2
 * table descriptors and level-3 pages, from the architecture's field
 * positions and the MAIR values vmsa.h has the CPU programmed with (not
 * from the library's decoders, so that it judges the engine
 * independently); the walk of one page (every level-2 word the walker can
 * see: memory, image, walk cache; every level-3 word of each table it
 * points to, in memory and in the image); the translation as memory says
 * now; the check that level 1 is the four table descriptors of the top
 * table. The TLBs, caches and checks these feed are the short formats'
 * (strict_model.c, strict_arch.c, strict_check.c).
 *
 *   word        bits 1:0  address       fields (B3.6.1, B3.6.2)
 *   level 1     11        39:12         table: l1_pa + i * 4KB, fixed
 *   level 2     01        39:21 (2MB)   AttrIndx 4:2, NS 5, AP[2:1] 7:6,
 *               11        39:12 table   SH 9:8, AF 10, nG 11, PXN 53,
 *   level 3     11        39:12 (4KB)   XN 54; table: PXNTable 59,
 *                                       XNTable 60, APTable 62:61,
 *                                       NSTable 63
 */
#include "strict_int.h"

#include <string.h>

#define LP_ADDR_PAGE  0x000000fffffff000ull   /* 39:12: page, table */
#define LP_ADDR_BLOCK 0x000000ffffe00000ull   /* 39:21: 2MB block */
#define LP_TOP_SHIFT  21u

/* Normal memory that a data cache may hold: the MAIR byte of AttrIndx
 * idx (B4.1.104): outer 7:4 (0000: Device or Strongly-ordered), inner
 * 3:0; 0100 is Normal non-cacheable. As the short format's TEX remap,
 * inner or outer cacheable counts. */
static bool mair_cacheable(uint32_t idx)
{
	uint32_t mair = idx < 4u ? VMSA_LPAE_MAIR0 : VMSA_LPAE_MAIR1;
	uint32_t b = (mair >> (8u * (idx & 3u))) & 0xffu;
	uint32_t outer = b >> 4, inner = b & 0xfu;

	if (outer == 0)
		return false;
	return inner != 4u || outer != 4u;
}

/*
 * A level-2 block (page false, tw 0) or a level-3 page under level-2
 * table descriptor tw; false if the walk faults: bit 0 clear, 0b01 at
 * level 3 (reserved), or the access flag clear (an Access flag fault,
 * which no TLB holds). The table's hierarchical bits apply to its pages
 * (vmsa never sets them; a word with them still translates so).
 */
static bool dec_leaf(uint64_t w, uint64_t tw, bool page, uint32_t va,
                     struct xl *x)
{
	uint32_t idx, sh, ns, ng, ap, xn, pxn, size;

	if ((w & 3u) != (page ? 3u : 1u) || !(w & (1u << 10)))
		return false;
	size = page ? 0x1000u : 0x200000u;
	idx = (uint32_t)(w >> 2) & 7u;
	ns = ((uint32_t)(w >> 5) & 1u) | (uint32_t)(tw >> 63);
	ap = (uint32_t)(w >> 6) & 3u;           /* bit 1 AP[2], bit 0 AP[1] */
	sh = (uint32_t)(w >> 8) & 3u;
	ng = (uint32_t)(w >> 11) & 1u;
	pxn = ((uint32_t)(w >> 53) & 1u) | ((uint32_t)(tw >> 59) & 1u);
	xn = ((uint32_t)(w >> 54) & 1u) | ((uint32_t)(tw >> 60) & 1u);
	if ((tw >> 61) & 1u)
		ap &= ~1u;                      /* APTable[0]: no PL0 access */
	if ((tw >> 62) & 1u)
		ap |= 2u;                       /* APTable[1]: read-only */
	x->size = size;
	x->pa = (w & (page ? LP_ADDR_PAGE : LP_ADDR_BLOCK)) +
	        (va & (size - 1u) & ~0xfffu);
	/* Break-before-make fields: type (block or page), AttrIndx, SH,
	 * nG, NS. In place: AP[2:1], XN, PXN. */
	x->key = idx | sh << 3 | ng << 5 | ns << 6 | (page ? 1u : 0u) << 7;
	x->perm = ap | xn << 2 | pxn << 3;
	x->ng = ng != 0;
	x->exec = xn == 0;
	x->cach = mair_cacheable(idx);
	return true;
}

/* The level-3 table a level-2 word points to (host pointer, in memory
 * or in the walker's image), or NULL when it is no table descriptor or
 * the table is outside the pool (not modelled). */
static const uint64_t *l3_of(uint64_t w, bool mem)
{
	const struct vmsa_table *t = M.t;
	uint64_t pa = w & LP_ADDR_PAGE, off = pa - t->pool_pa.p;

	if ((w & 3u) != 3u || pa < t->pool_pa.p ||
	    off >= (uint64_t)M.pool_words * 4u)
		return NULL;
	return mem ? (const uint64_t *)(const void *)(t->pool + off) :
	             (const uint64_t *)(const void *)M.img_pool + off / 8u;
}

/* Every walk the architecture permits for one page on CPU c: any level-2
 * word the walker can see (memory, image, walk cache), any level-3 word
 * of a table it points to (memory, image). */
void sm_lpae_walk_page(unsigned c, uint32_t pi, uint32_t va)
{
	uint32_t ti = va >> LP_TOP_SHIFT, i = (va >> 12) & 0x1ffu, n = 0, k, j;
	uint64_t cand[2 + SM_WC];
	const uint64_t src[2] = { sm_word(M.t->l1, ti), sm_word(M.img_l1, ti) };

	for (k = 0; k < 2 + SM_WC; k++) {
		uint64_t w = k < 2 ? src[k] : M.wc[c][ti][k - 2];
		bool dup = w == 0;
		for (j = 0; j < n && !dup; j++)
			dup = cand[j] == w;
		if (!dup)
			cand[n++] = w;
	}
	for (k = 0; k < n; k++) {
		uint64_t w = cand[k], l3w[2];
		const uint64_t *l3 = l3_of(w, true);
		struct xl x;

		if (l3 == NULL) {
			if ((w & 3u) == 3u)
				continue;   /* foreign table: not modelled */
			if (!sm_seen_check(c, pi, w, 0) &&
			    dec_leaf(w, 0, false, va, &x))
				sm_tlb_insert(c, pi, va, &x);
			continue;
		}
		sm_wc_add(c, ti, w);
		l3w[0] = l3[i];
		l3w[1] = l3_of(w, false)[i];
		for (j = 0; j < 2; j++) {
			if (l3w[j] == 0 || (j == 1 && l3w[1] == l3w[0]))
				continue;
			if (!sm_seen_check(c, pi, w, l3w[j]) &&
			    dec_leaf(l3w[j], w, true, va, &x))
				sm_tlb_insert(c, pi, va, &x);
		}
	}
}

/* The translation of va from table memory as it is now. */
bool sm_lpae_xlat_now(uint32_t va, struct xl *x)
{
	uint64_t w = sm_word(M.t->l1, va >> LP_TOP_SHIFT);
	const uint64_t *l3 = l3_of(w, true);

	if (l3 != NULL)
		return dec_leaf(l3[(va >> 12) & 0x1ffu], w, true, va, x);
	return dec_leaf(w, 0, false, va, x);
}

/* Did the level-3 table a level-2 word points to change since the last
 * round of walks (in memory or in the image)? */
bool sm_lpae_table_changed(uint64_t w)
{
	const uint64_t *l3 = l3_of(w, true);
	size_t off;

	if (l3 == NULL)
		return false;
	off = (size_t)((const uint8_t *)l3 - M.t->pool);
	return memcmp(l3, (const uint8_t *)M.sh_pool + off, 4096) ||
	       memcmp((const uint8_t *)M.img_pool + off,
	              (const uint8_t *)M.sh_img_pool + off, 4096);
}

/* Level 1 (at VMSA_LPAE_L1_OFFSET in the top buffer, TTBR0's table): the
 * four table descriptors of the level-2 tables at l1_pa + i * 4KB, with
 * no other bit, that vmsa_init wrote and no call may change. The walker
 * goes through them to the top table the model reads. */
void sm_lpae_level1_check(const char *when)
{
	const uint64_t *l1 = (const uint64_t *)(const void *)
	                     ((const uint8_t *)M.t->l1 + VMSA_LPAE_L1_OFFSET);

	for (uint32_t i = 0; i < 4; i++) {
		uint64_t want = (M.t->l1_pa.p + i * 0x1000u) | 3u;

		if (l1[i] != want) {
			sm_viol("level 1[%u] = %#llx %s: not the table descriptor "
			        "of level-2 table %u (%#llx)", i,
			        (unsigned long long)l1[i], when, i,
			        (unsigned long long)want);
			return;
		}
	}
}
