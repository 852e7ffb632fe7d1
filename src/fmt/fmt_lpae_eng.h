/*
 * fmt_lpae_eng.h - internal: the long-descriptor format's answers to the
 * table engine, layer 1: the interface of src/fmt/fmt.h and src/fmt/tmpl.h
 * over 64-bit words, for the engine built with VMSA_ENG_LPAE
 * (src/engine/geom.h). src/engine/engine.h includes it after fmt.h and
 * tmpl.h; from there on the names of that interface stand for these.
 * Pure functions of the words (but the one-pass translation, which reads
 * the top table and the pool through the engine's window, as the short
 * formats' does). Not part of the public API.
 *
 * The engine sees two levels; the format has three (fmt_lpae.h). The
 * engine's level 1 is the format's level 2, its level 2 the format's
 * level 3:
 *
 *   engine level  format level  entries         leaf         kind
 *   1 (top)       2             2048 (4 tables) 2MB block    VMSA_KIND_BLOCK
 *   2             3             512             4KB page     VMSA_KIND_SMALL
 *
 * The format's level 1 is four table descriptors that vmsa_init writes
 * and nothing changes. Table descriptors carry no hierarchical bits: the
 * table attributes of the short formats (domain, NS, PXN in the L1
 * descriptor) are the leaves' own here, so the engine's table-attribute
 * checks always pass (tattrs 0) and a table descriptor is its address
 * and type alone: one with any other bit set is an encoding vmsa never
 * writes (the decoders say VMSA_ERR_UNSUPPORTED). Every leaf is one entry
 * (no contiguous hint).
 */
#ifndef VMSA_FMT_LPAE_ENG_H
#define VMSA_FMT_LPAE_ENG_H

#include "fmt_lpae.h"
#include "fmt_int.h"

#define LE_TABLE_BITS (LPAE_TABLE_ADDR_MASK | LPAE_TYPE_MASK)

/* Templates: the words of each kind with address 0. The fields the
 * short formats also have (super, large, tiny) are 0 and never used. */
struct vmsa_le_tmpl {
	uint64_t sect;          /* a 2MB block */
	uint64_t super;
	uint64_t large;
	uint64_t small;         /* a 4KB page */
	uint64_t tiny;
	uint64_t table;         /* a table descriptor */
	bool super_ok;          /* false */
	vmsa_attr_t attrs;      /* canonical */
	vmsa_attr_t tattrs;     /* 0: no table attributes */
};

static inline int vmsa_le_desc_tmpl(vmsa_fmt_t fmt, vmsa_attr_t attrs,
                                    struct vmsa_le_tmpl *tm)
{
	struct vmsa_lpae_tmpl lt;
	int err = vmsa_lpae_tmpl(attrs, &lt);

	(void)fmt;
	if (err != VMSA_OK)
		lt.block = lt.page = lt.attrs = 0;     /* no template */
	tm->sect = lt.block;
	tm->small = lt.page;
	tm->super = 0;
	tm->large = 0;
	tm->tiny = 0;
	tm->table = LPAE_TYPE_TABLE;
	tm->super_ok = false;
	tm->attrs = lt.attrs;
	tm->tattrs = 0;
	return err;
}

/* The format's checks for a table's word: only VMSA_FMT_LPAE itself,
 * and only where its object is linked. */
static inline int vmsa_le_fmt_status(vmsa_fmt_t fmt)
{
	if (fmt != VMSA_FMT_LPAE)
		return VMSA_ERR_INVAL;
	return &vmsa_format_lpae != NULL ? VMSA_OK : VMSA_ERR_UNSUPPORTED;
}

/* Is top word w a table descriptor (as vmsa writes them)? */
static inline bool vmsa_le_l1_table(vmsa_fmt_t fmt, uint64_t w, bool *fine,
                                    uint64_t *table_pa)
{
	(void)fmt;
	if ((w & LPAE_TYPE_MASK) != LPAE_TYPE_TABLE || (w & ~LE_TABLE_BITS))
		return false;
	*fine = false;
	*table_pa = w & LPAE_TABLE_ADDR_MASK;
	return true;
}

static inline uint64_t vmsa_le_l1_table_move(vmsa_fmt_t fmt, uint64_t w,
                                             bool fine, uint64_t table_pa)
{
	(void)fmt;
	(void)fine;
	return (w & ~LPAE_TABLE_ADDR_MASK) | table_pa;
}

static inline bool vmsa_le_l1_table_same(vmsa_fmt_t fmt, uint64_t w,
                                         const struct vmsa_le_tmpl *tm)
{
	bool fine;
	uint64_t pa;

	return vmsa_le_l1_table(fmt, w, &fine, &pa) &&
	       (w & ~LPAE_TABLE_ADDR_MASK) == tm->table;
}

static inline vmsa_attr_t vmsa_le_l1_table_attrs(vmsa_fmt_t fmt, uint64_t w)
{
	(void)fmt;
	(void)w;
	return 0;
}

/* The format's level of an engine level. */
static inline int vmsa_le_level(int level)
{
	return level + 1;
}

static inline enum vmsa_kind vmsa_le_kind(vmsa_fmt_t fmt, int level,
                                          bool fine, uint64_t w,
                                          bool *reserved)
{
	(void)fmt;
	(void)fine;
	*reserved = false;
	if (!(w & LPAE_TYPE_VALID))
		return VMSA_KIND_FAULT;
	if (level == 1) {
		if ((w & LPAE_TYPE_MASK) == LPAE_TYPE_BLOCK)
			return VMSA_KIND_BLOCK;
		/* A table descriptor; one with bits vmsa never sets is
		 * reserved to the engine. */
		*reserved = (w & ~LE_TABLE_BITS) != 0;
		return VMSA_KIND_FAULT;
	}
	if ((w & LPAE_TYPE_MASK) == LPAE_TYPE_PAGE)
		return VMSA_KIND_SMALL;
	*reserved = true;               /* 0b01 at level 3 */
	return VMSA_KIND_FAULT;
}

static inline uint64_t vmsa_le_leaf_pa(vmsa_fmt_t fmt, enum vmsa_kind k,
                                       uint64_t w)
{
	(void)fmt;
	return w & (k == VMSA_KIND_BLOCK ? LPAE_L2_BLOCK_ADDR_MASK :
	                                   LPAE_L3_PAGE_ADDR_MASK);
}

static inline int vmsa_le_leaf(vmsa_fmt_t fmt, int level, bool fine,
                               uint64_t w, struct vmsa_leaf *lf)
{
	bool res;

	lf->kind = vmsa_le_kind(fmt, level, fine, w, &res);
	lf->size = vmsa_kind_size(lf->kind);
	lf->reps = 1;
	lf->pa = lf->kind == VMSA_KIND_FAULT ? 0 :
	         vmsa_le_leaf_pa(fmt, lf->kind, w);
	return res ? VMSA_ERR_UNSUPPORTED : VMSA_OK;
}

static inline bool vmsa_le_leaf_xn(vmsa_fmt_t fmt, enum vmsa_kind k,
                                   uint64_t w)
{
	(void)fmt;
	(void)k;
	return (w & LPAE_LEAF_XN) != 0;
}

static inline uint32_t vmsa_le_leaf_domain(vmsa_fmt_t fmt, enum vmsa_kind k,
                                           uint64_t w)
{
	(void)fmt;
	(void)k;
	(void)w;
	return 0;
}

static inline int vmsa_le_leaf_attrs(vmsa_fmt_t fmt, enum vmsa_kind k,
                                     bool fine, uint64_t w,
                                     vmsa_attr_t tattrs, vmsa_attr_t *attrs)
{
	(void)fmt;
	(void)fine;
	(void)tattrs;
	if (k != VMSA_KIND_BLOCK && k != VMSA_KIND_SMALL)
		return VMSA_ERR_INVAL;
	return vmsa_lpae_leaf_attrs(k == VMSA_KIND_BLOCK ? 2 : 3, w, attrs);
}

/* The leaves from p[0] on that are mapped and end within `limit` bytes
 * (an unmap's run). */
static inline uint32_t vmsa_le_mapped_run(vmsa_fmt_t fmt, int level,
                                          bool fine, const uint64_t *p,
                                          uint32_t n, uint64_t limit,
                                          uint64_t *bytes, bool *exec)
{
	uint64_t want = level == 1 ? LPAE_TYPE_BLOCK : LPAE_TYPE_PAGE;
	uint32_t size = level == 1 ? VMSA_SZ_BLOCK : VMSA_SZ_SMALL, i;
	uint64_t max = limit >> (level == 1 ? 21 : 12);   /* no division */

	(void)fmt;
	(void)fine;
	if (max < n)
		n = (uint32_t)max;
	for (i = 0; i < n && (p[i] & LPAE_TYPE_MASK) == want; i++)
		if (!(p[i] & LPAE_LEAF_XN))
			*exec = true;
	*bytes = (uint64_t)i * size;
	return i;
}

/* A page's attribute bits in a block's word (its type moved), address
 * clear: a table of 512 pages folds into one block. */
static inline uint64_t vmsa_le_fold(vmsa_fmt_t fmt, enum vmsa_kind k,
                                    uint64_t w, uint64_t l1w)
{
	(void)fmt;
	(void)l1w;
	if (k != VMSA_KIND_SMALL)
		return 0;
	return (w & ~(LPAE_L3_PAGE_ADDR_MASK | LPAE_TYPE_MASK)) |
	       LPAE_TYPE_BLOCK;
}

static inline uint64_t vmsa_le_leaf_word(const struct vmsa_le_tmpl *tm,
                                         enum vmsa_kind k, uint64_t pa)
{
	return (k == VMSA_KIND_BLOCK ? tm->sect : tm->small) | pa;
}

static inline uint32_t vmsa_le_l2_index(uint32_t va, bool fine)
{
	(void)fine;
	return (va >> 12) & 0x1ffu;
}

static inline uint32_t vmsa_le_l2_entries(bool fine)
{
	(void)fine;
	return 512u;
}

static inline uint32_t vmsa_le_reps(enum vmsa_kind k, bool fine)
{
	(void)k;
	(void)fine;
	return 1;
}

static inline uint64_t vmsa_le_tmpl_table(uint64_t tmpl, bool fine,
                                          uint64_t table_pa)
{
	(void)fine;
	return tmpl | table_pa;
}

/* No supersections: never reached (super_ok is false). */
static inline uint64_t vmsa_le_tmpl_super(uint64_t tmpl, uint64_t pa)
{
	return tmpl | pa;
}

/*
 * The engine's window on its pool for a level-3 table at pa: 4KB units
 * (src/engine/geom.h), so a table is one unit; 64-bit table addresses, so
 * one past 4GB is outside a pool that lies below it.
 */
static inline bool vmsa_le_pool_window(const struct vmsa_table *t,
                                       uint64_t pa, bool fine,
                                       const uint64_t **table)
{
	uint64_t off = pa - t->pool_pa.p;

	(void)fine;
	*table = (const uint64_t *)(const void *)(t->pool + (uint32_t)off);
	return off < (uint64_t)t->pool_units * 0x1000u;
}

/* The one-pass translation: the top word, the window, the page. */
WALK int le_find(const struct vmsa_table *t, uint32_t va, struct hit *h,
                 uint64_t *wd, bool full)
{
	const uint64_t *top = (const uint64_t *)(const void *)t->l1, *l3;
	uint64_t w = top[va >> 21];
	vmsa_attr_t a = 0;
	int err = VMSA_OK, level = 2;

	h->level = 2;
	*wd = w;
	if ((w & LPAE_TYPE_MASK) == LPAE_TYPE_TABLE) {
		if ((w & ~LE_TABLE_BITS) != 0)
			return VMSA_ERR_UNSUPPORTED;
		if (!vmsa_le_pool_window(t, w & LPAE_TABLE_ADDR_MASK, false,
		                         &l3))
			return VMSA_ERR_BUSY;
		w = l3[(va >> 12) & 0x1ffu];
		h->level = 3;
		*wd = w;
		level = 3;
		if (!(w & LPAE_TYPE_VALID))
			return VMSA_ERR_NOTMAPPED;
		if ((w & LPAE_TYPE_MASK) != LPAE_TYPE_PAGE)
			return VMSA_ERR_UNSUPPORTED;
		h->k = VMSA_KIND_SMALL;
		h->off = va & (VMSA_SZ_SMALL - 1);
		h->gpa = w & LPAE_L3_PAGE_ADDR_MASK;
	} else {
		if (!(w & LPAE_TYPE_VALID))
			return VMSA_ERR_NOTMAPPED;
		h->k = VMSA_KIND_BLOCK;
		h->off = va & (VMSA_SZ_BLOCK - 1);
		h->gpa = w & LPAE_L2_BLOCK_ADDR_MASK;
	}
	if (full)
		err = vmsa_lpae_leaf_attrs(level, w, &a);
	h->a = a;
	return err;
}

static inline int vmsa_le_xlat(const struct vmsa_table *t, uint32_t va,
                               struct vmsa_xlat *x)
{
	struct hit h;
	uint64_t w;
	int err = le_find(t, va, &h, &w, true);

	h.w = (uint32_t)w;
	err = xlat_answer(va, err, &h, x);
	x->desc_hi = (uint32_t)(w >> 32);
	return err;
}

static inline int vmsa_le_xlat_pa(const struct vmsa_table *t, uint32_t va,
                                  uint64_t *pa)
{
	struct hit h;
	uint64_t w;

	return xlat_answer_pa(le_find(t, va, &h, &w, false), &h, pa);
}

/* The format's level 1: four table descriptors for the four level-2
 * tables from top_pa (the engine's top table), after them in l1. */
static inline void vmsa_le_level1(uint32_t *l1, uint64_t top_pa)
{
	uint64_t *w = (uint64_t *)(void *)((uint8_t *)l1 + VMSA_LPAE_L1_OFFSET);
	uint32_t i;

	for (i = 0; i < 4; i++)
		*(volatile uint64_t *)&w[i] = (top_pa + i * 0x1000u) |
		                              LPAE_TYPE_TABLE;
}

/* Are they there (vmsa_adopt, vmsa_table_check)? */
static inline bool vmsa_le_level1_ok(const uint32_t *l1, uint64_t top_pa)
{
	const uint64_t *w = (const uint64_t *)(const void *)
	                    ((const uint8_t *)l1 + VMSA_LPAE_L1_OFFSET);
	uint32_t i;

	for (i = 0; i < 4; i++)
		if (w[i] != ((top_pa + i * 0x1000u) | LPAE_TYPE_TABLE))
			return false;
	return true;
}

/* ---- the names the engine calls ---------------------------------------- */
#undef VMSA_BUILD_V5
#define VMSA_BUILD_V5 0
#define vmsa_desc_tmpl vmsa_le_desc_tmpl
#define vmsa_fmt_status vmsa_le_fmt_status
#define vmsa_format_of(fmt) ((void)(fmt), &vmsa_format_lpae)
#define vmsa_fmt_check vmsa_le_fmt_status
#define vmsa_fmt_is_v5(fmt) ((void)(fmt), false)
#define vmsa_fmt_has_super(fmt) ((void)(fmt), false)
#define vmsa_fmt_has_fine(fmt) ((void)(fmt), false)
#define vmsa_fmt_min_granule(fmt) ((void)(fmt), VMSA_SZ_SMALL)
#define vmsa_fmt_min_shift(fmt) ((void)(fmt), 12u)
#define vmsa_fmt_l1_table vmsa_le_l1_table
#define vmsa_fmt_l1_table_move vmsa_le_l1_table_move
#define vmsa_fmt_l1_table_same vmsa_le_l1_table_same
#define vmsa_fmt_l1_table_attrs vmsa_le_l1_table_attrs
#define vmsa_fmt_kind vmsa_le_kind
#define vmsa_fmt_leaf vmsa_le_leaf
#define vmsa_fmt_leaf_pa vmsa_le_leaf_pa
#define vmsa_fmt_leaf_xn vmsa_le_leaf_xn
#define vmsa_fmt_leaf_domain vmsa_le_leaf_domain
#define vmsa_fmt_leaf_attrs vmsa_le_leaf_attrs
#define vmsa_fmt_mapped_run vmsa_le_mapped_run
#define vmsa_fmt_fold vmsa_le_fold
#define vmsa_fmt_leaf_word vmsa_le_leaf_word
#define vmsa_fmt_l2_index vmsa_le_l2_index
#define vmsa_fmt_l2_entries vmsa_le_l2_entries
#define vmsa_fmt_reps vmsa_le_reps
#define vmsa_tmpl_table vmsa_le_tmpl_table
#define vmsa_tmpl_super vmsa_le_tmpl_super
#define vmsa_pool_window vmsa_le_pool_window
#define vmsa_fmt_xlat vmsa_le_xlat
#define vmsa_fmt_xlat_pa vmsa_le_xlat_pa

#endif /* VMSA_FMT_LPAE_ENG_H */
