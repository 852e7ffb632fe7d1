/*
 * engine.h - internal: what the files of the table engine (layer 2) share.
 *
 * The engine is split by concern, each file owning one:
 *   engine.c  the table struct (init, flags), entry into writing calls,
 *             requests, greedy runs and the lookup of one granule
 *   pool.c    the second-level pool: allocation, tables, deferred frees
 *   store.c   the store and scan loops over descriptor words
 *   maint.c   every arch call made for a change: the maintenance rules,
 *             break-before-make (vmsa_replace), TLB invalidation batches
 *   plan.c    the dry run of a region array (validation, counts, pool)
 *   map.c     writing mapped regions: vmsa_map, vmsa_map_regions
 *   op.c      unmap, protect, remap: the walk of a range, the calls
 *   op_run.c  their runs: the granules rewritten together, the rewrite
 *   op_split.c
 *             their cuts, and the remap past 4GB (src/engine/op.h: what the
 *             three op files share)
 *   merge.c   folding uniform runs into larger granules, freeing tables
 *   query.c   read-only: translate, translate_pa, walk, stats
 *   tcache.c  the writers' template cache in struct vmsa_table
 *   geom.h    the shape of the tables and the descriptor word
 *   lpae/     the same sources built for long descriptors (names.h), and
 *             the object of that format (ops.c)
 * Descriptor bits belong to the format modules (src/fmt/fmt.h, src/fmt/tmpl.h;
 * long descriptors: src/fmt/fmt_lpae_eng.h). Not part of the public API.
 */
#ifndef VMSA_ENGINE_H
#define VMSA_ENGINE_H

#include "vmsa/desc.h"
#include "../fmt/fmt.h"
#include "../fmt/tmpl.h"
#include "geom.h"
#if VMSA_ENG_LPAE
#include "../fmt/fmt_lpae_eng.h"
#endif
#include "guard.h"
#include "valid.h"
#include "regidx.h"

#define SZ_1K  0x400u
#define SZ_4K  0x1000u
#define SZ_64K 0x10000u
#define SZ_1M  0x100000u
#define SZ_16M 0x1000000u
#define SZ_2G  0x80000000u
#define FOUR_GB ((uint64_t)1 << 32)

#if VMSA_ENG_LPAE
#define tmpl vmsa_le_tmpl
#else
#define tmpl vmsa_tmpl
#endif

/*
 * The public calls of an engine built for another format (the long
 * descriptors': lpae_names.h), which the calls of this one hand that
 * format's tables to (VMSA_TO_ENGINE), through its object.
 */
struct vmsa_engine {
	int (*init)(const struct vmsa_format *format, struct vmsa_table *t,
	            vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
	            vmsa_pa_t pool_pa, size_t pool_bytes);
	int (*adopt)(const struct vmsa_format *format, struct vmsa_table *t,
	             vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
	             vmsa_pa_t pool_pa, size_t pool_bytes);
	int (*plan)(const struct vmsa_format *format,
	            const struct vmsa_table *t, vmsa_fmt_t fmt,
	            const struct vmsa_region *regions, size_t n,
	            struct vmsa_plan *plan, size_t *bad);
	int (*map)(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa,
	           uint64_t size, vmsa_attr_t attrs);
	int (*map_regions)(struct vmsa_table *t,
	                   const struct vmsa_region *regions, size_t n,
	                   size_t *bad);
	int (*unmap)(struct vmsa_table *t, vmsa_va_t va, uint64_t size);
	int (*protect)(struct vmsa_table *t, vmsa_va_t va, uint64_t size,
	               vmsa_attr_t attrs);
	int (*remap)(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa,
	             uint64_t size);
	int (*translate)(const struct vmsa_table *t, vmsa_va_t va,
	                 struct vmsa_xlat *out);
	int (*translate_pa)(const struct vmsa_table *t, vmsa_va_t va,
	                    vmsa_pa_t *pa);
	int (*walk)(const struct vmsa_table *t, vmsa_va_t va, uint64_t size,
	            vmsa_run_fn fn, void *arg);
	int (*stats)(const struct vmsa_table *t, struct vmsa_stats *st);
	int (*check)(const struct vmsa_table *t);
	int (*dump_raw)(const struct vmsa_table *t, vmsa_out_fn out, void *arg);
};

/*
 * In the short formats' engine, on a build with long descriptors: a table
 * (or, for init, adopt and plan, a format word `is`) of VMSA_FMT_LPAE
 * goes to that engine's call `op`, if a call named the format (its object
 * is linked), else VMSA_ERR_INVAL as for any table not set up (or, for a
 * format, VMSA_ERR_UNSUPPORTED). One compare on every call; none in the
 * ARMv5 build or in the long-descriptor engine itself.
 */
#if VMSA_BUILD_LPAE && !VMSA_ENG_LPAE
#define VMSA_TO_ENGINE(is, op, nolink, ...)                               \
	do {                                                              \
		if (is)                                                   \
			return &vmsa_format_lpae != NULL ?                \
			       vmsa_format_lpae.eng->op(__VA_ARGS__) :    \
			       (nolink);                                  \
	} while (0)
#else
#define VMSA_TO_ENGINE(is, op, nolink, ...) do { } while (0)
#endif
#define VMSA_LPAE_TABLE(t) ((t) != NULL && (t)->fmt == VMSA_FMT_LPAE)

/* ARMv5: no supersections, fine tables and tiny pages, VIVT caches. */
static inline bool fmt_v5(vmsa_fmt_t fmt)
{
	return vmsa_fmt_is_v5(fmt);
}

static inline bool is_live(const struct vmsa_table *t)
{
	return (t->flags & VMSA_TF_LIVE) != 0;
}

static inline bool is_smp(const struct vmsa_table *t)
{
	return (t->flags & VMSA_TF_SMP) != 0;
}

static inline uint32_t min_granule(vmsa_fmt_t fmt)
{
	return vmsa_fmt_min_granule(fmt);
}

/* Index of the lowest set bit of x != 0 (CLZ exists from ARMv5T on, so
 * no libgcc helper). */
static inline uint32_t ctz32(uint32_t x)
{
	return 31u - (uint32_t)__builtin_clz(x & (0u - x));
}

static inline int make_tmpl(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct tmpl *tm)
{
	return vmsa_desc_tmpl(fmt, attrs, tm);
}


/* Is L1 word w a page-table descriptor? */
static inline bool l1_is_table(vmsa_fmt_t fmt, dw_t w)
{
	bool fine;
	tpa_t pa;

	return vmsa_fmt_l1_table(fmt, w, &fine, &pa);
}

/* ---- store.c -------------------------------------------------------------- */

/* Store n copies of w. */
void vmsa_fill(dw_t *p, uint32_t n, dw_t w);
/* Store w, w + step, w + 2 step ... */
void vmsa_fill_inc(dw_t *p, uint32_t n, dw_t w, uint32_t step);
/* Store n copies of the 32-bit word w: the pool bitmaps and the
 * struct's words, whatever the descriptors' width. */
#if VMSA_ENG_LPAE
void vmsa_fill32(uint32_t *p, uint32_t n, uint32_t w);
#else
#define vmsa_fill32 vmsa_fill
#endif
/* Any non-fault word in p[0..n)? */
bool vmsa_any_set(const dw_t *p, uint32_t n);
/* n granules of stride `step` bytes, each `per` descriptors, starting at
 * p: do they continue p[0]? */
bool vmsa_run_continues(const dw_t *p, uint32_t n, uint32_t per,
                        uint32_t step);

/*
 * Descriptor words to store: `count` granules of `per` equal words each;
 * the first granule's word is `word`, each next one `step` more (its
 * output address one granule on; the address bits never carry into the
 * attribute bits, as the output range is checked first).
 */
struct vmsa_words {
	dw_t word;
	uint32_t step, per, count;
};

void vmsa_store_words(dw_t *p, const struct vmsa_words *nw);

/* Inline: one granule of one word (a page) is the common change, a
 * single store. */
static inline void vmsa_store(dw_t *p, const struct vmsa_words *nw)
{
	if (nw->count == 1 && nw->per == 1)
		dw_store(p, nw->word);
	else
		vmsa_store_words(p, nw);
}

/* ---- a writing call's context ------------------------------------------- */

struct wctx {
	struct vmsa_table *t;
	/* The units to free at the end are marked in t->scratch (free
	 * during a commit); the bitmap words marked, lo > hi: none. */
	uint32_t free_lo, free_hi;
	bool exec_changed;      /* an executable mapping changed */
	bool tlbi_pending;      /* TLBIs issued, their DSB not yet */
	bool nc_remapped;       /* ARMv7 remap: a non-cacheable granule got a
	                           new PA (its lines go at the end) */
	/* map: the MB whose page table the walk wrote last (UINT32_MAX:
	 * none), that table and its kind, for the merge filter. */
	uint32_t l2_mb;
	dw_t *l2;
	bool l2_fine;
};

/* A fresh context, field by field: `= { 0 }` of the struct is a memset
 * call on every map, unmap and protect. */
static inline void wctx_init(struct wctx *w, struct vmsa_table *t)
{
	w->t = t;
	w->free_lo = UINT32_MAX;
	w->free_hi = 0;
	w->exec_changed = false;
	w->tlbi_pending = false;
	w->nc_remapped = false;
	w->l2_mb = UINT32_MAX;
	w->l2 = NULL;
	w->l2_fine = false;
}

/* ---- maint.c ----------------------------------------------------------- */

/* Make n written words at p visible to the table walker. */
void vmsa_sync(const struct vmsa_table *t, const dw_t *p, uint32_t n);

#define VMSA_R_BBM     1u       /* break-before-make */
#define VMSA_R_UNCACHE 2u       /* clean and invalidate the data lines */

/*
 * Replace the entries at p, which translate [va, va + size), by the
 * words nw (entries that were valid). On a live table: with VMSA_R_BBM,
 * break-before-make (fault entries, sync, TLB invalidation and its DSB,
 * then the new words), else in place (the new words, sync, TLB
 * invalidation, its DSB batched to the end of the call); VMSA_R_UNCACHE
 * cleans and invalidates the range's data cache lines where the format
 * needs it. Words of 0 (unmap) end at the break.
 */
void vmsa_replace(struct wctx *w, dw_t *p, const struct vmsa_words *nw,
                  uint32_t va, uint64_t size, unsigned how);

/* Memory types whose lines a data cache may hold. */
bool vmsa_mt_cacheable(vmsa_attr_t a);

/* The end of a writing call: pending TLB invalidations completed, the
 * branch predictor and I-cache invalidated if an executable mapping
 * changed, DSB, ISB. */
void vmsa_finish(struct wctx *w);

/* ---- pool.c ----------------------------------------------------------- */

bool vmsa_bit_get(const uint32_t *bm, uint32_t u);
void vmsa_bit_set(uint32_t *bm, uint32_t u, bool v);
/* Allocate a table (fine: 4 units) in bitmap bm: the unit, or
 * UINT32_MAX. */
uint32_t vmsa_pool_take(const struct vmsa_table *t, uint32_t *bm, bool fine);
uint32_t vmsa_trial_take(const struct vmsa_table *t, uint32_t *bm,
                         bool *copied, bool fine);
/* Zero the words of t->scratch a trial allocation can have written (it
 * is all 0 between calls). */
void vmsa_scratch_clear(struct vmsa_table *t);
dw_t *vmsa_pool_table(const struct vmsa_table *t, tpa_t pa, bool fine,
                      uint32_t *unit);
/* The table L1 word w points to, or NULL (not a table, or outside the
 * pool); *fine its kind, *unit (if not NULL) its first unit. */
dw_t *vmsa_table_of(const struct vmsa_table *t, dw_t w, bool *fine,
                    uint32_t *unit);
/* A new zeroed table at unit u (allocated already), synced; *pa its
 * physical address. */
dw_t *vmsa_table_at(struct vmsa_table *t, uint32_t u, bool fine,
                    uint64_t *pa);
/* Allocate and set up a new table (planned: it cannot fail). */
dw_t *vmsa_new_table(struct wctx *w, bool fine, uint64_t *pa);
/* Free a table's units at the end of the call (vmsa_free_pending, once
 * the TLB invalidations are complete: no walk can be using it then). */
void vmsa_defer_free(struct wctx *w, uint32_t unit, bool fine);
void vmsa_free_marked(struct wctx *w);

/* At the end of a call: the units vmsa_defer_free marked, if any (most
 * calls free none: no call then). */
static inline void vmsa_free_pending(struct wctx *w)
{
	if (w->free_lo <= w->free_hi)
		vmsa_free_marked(w);
}

/* ---- engine.c --------------------------------------------------------- */

/* vmsa_init's argument checks (its codes) and its fields (bitmap empty,
 * flags 0, sealed: only with fields that passed those checks);
 * vmsa_adopt (adopt.c) runs both too. */
int vmsa_init_args(const struct vmsa_format *format, struct vmsa_table *t,
                   vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                   vmsa_pa_t pool_pa, size_t pool_bytes);
void vmsa_init_fields(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t *l1,
                      vmsa_pa_t l1_pa, void *pool, vmsa_pa_t pool_pa,
                      size_t pool_bytes);

/* Enter a writing call (src/engine/guard.c: lock, sequence count) and check the
 * pool bitmap; the caller checked the other fields (vmsa_table_ok). */
int vmsa_enter(struct vmsa_table *t, uint32_t *fl);
/* The W^X debug option after a successful change. */
void vmsa_wx_after(struct vmsa_table *t, uint32_t call, uint32_t va,
                   uint64_t size, uint64_t pa, vmsa_attr_t attrs);

/* A granule of the table, or the hole where nothing is mapped. */
struct gran {
	enum vmsa_kind kind;    /* VMSA_KIND_FAULT: nothing mapped */
	uint8_t level;
	bool fine;              /* pages: the table is an ARMv5 fine table */
	uint32_t va;            /* first VA of the granule (or the hole) */
	uint32_t size;          /* granule size (hole size for faults) */
	uint64_t pa;
	vmsa_attr_t attrs;      /* canonical, table attributes merged */
	vmsa_attr_t tattrs;     /* pages: the table's (VMSA_TABLE_ATTRS) */
	dw_t *entry;            /* first descriptor of the granule */
	uint32_t nrep;          /* descriptors it occupies */
	dw_t *l2;               /* the second-level table, for pages */
	dw_t word;
};

/* The granule at va (or the hole around it): everything but attrs.
 * VMSA_ERR_BUSY for a table outside the pool, VMSA_ERR_UNSUPPORTED for an
 * encoding the format reserves. */
int vmsa_find(const struct vmsa_table *t, uint32_t va, struct gran *g);
/* The same with the canonical attributes (the decoders' codes). */
int vmsa_lookup(const struct vmsa_table *t, uint32_t va, struct gran *g);

/* A validated mapping request. */
struct req {
	uint32_t va;
	uint64_t pa, size;
	struct tmpl tm;
};

/* The checks of a request other than its attributes, whose template
 * q->tm the caller made first (attribute errors come first). */
int vmsa_req_check(vmsa_fmt_t fmt, vmsa_va_t va, vmsa_pa_t pa, uint64_t size,
                   struct req *q);

/* The next run of a request: n granules of one kind. */
struct run {
	enum vmsa_kind kind;
	uint32_t gsz;
	uint32_t n;
};

void vmsa_next_run_search(bool super_ok, uint32_t va, uint64_t pa,
                          uint64_t end, struct run *r);

/* Less than ABOVE_SMALL of 4KB-aligned pages left: all small pages (the common
 * single-page map, inline, without the search: the same answer). */
static inline void vmsa_next_run(bool super_ok, uint32_t va, uint64_t pa,
                                 uint64_t end, struct run *r)
{
	uint64_t rem = end - va;

	if (rem < ABOVE_SMALL && rem >= SZ_4K &&
	    !((va | (uint32_t)pa) & (SZ_4K - 1))) {
		r->kind = VMSA_KIND_SMALL;
		r->gsz = SZ_4K;
		r->n = (uint32_t)(rem >> 12);
		return;
	}
	vmsa_next_run_search(super_ok, va, pa, end, r);
}

/* ---- tcache.c ---------------------------------------------------------- */

/* The template of attribute word a (vmsa_smp_attrs' result): from t's
 * cache when a slot holds it (true, *tm filled). Writers only, under
 * their lock. */
bool vmsa_tmpl_hit(const struct vmsa_table *t, vmsa_attr_t a, struct tmpl *tm);

/* A leaf lookup, then the build from the caller's frame: the cache adds
 * no frame to the path through the format's encoder. */
static inline int vmsa_tmpl_get(const struct vmsa_table *t, vmsa_attr_t a,
                                struct tmpl *tm, bool *hit)
{
	*hit = vmsa_tmpl_hit(t, a, tm);
	return *hit ? VMSA_OK : make_tmpl(t->fmt, a, tm);
}
/* After a successful call: keep tm as the template of a (which no slot
 * holds: vmsa_tmpl_get missed). */
void vmsa_tmpl_keep(struct vmsa_table *t, vmsa_attr_t a, const struct tmpl *tm);
/* Empty the cache (vmsa_init, vmsa_adopt). */
void vmsa_tmpl_clear(struct vmsa_table *t);

/* ---- plan.c ------------------------------------------------------------ */

#define TMPL_CACHE 6u

/* Templates by attribute word, made once per distinct word of a call
 * (an array names few: code, read-only data, data, Device, non-cacheable
 * and a shared variant are a board's six; with more, the oldest is made
 * again when asked). In the frame of the calls that take an array
 * (vmsa_map_regions, vmsa_plan); one region (vmsa_map) asks once and
 * needs none. */
struct tmpl_cache {
	uint32_t ntc, tnext;
	vmsa_attr_t tca[TMPL_CACHE];
	struct tmpl tct[TMPL_CACHE];
	bool tmiss[TMPL_CACHE];         /* not in the table's cache */
};

/* Planning state: the region array, the table (NULL: empty), the pool
 * check (writers: trial) and the counts. Small: vmsa_map keeps it on its
 * stack; the big buffers (the region index, ARMv5's trial bitmap, the
 * dry run's bitmaps of new tables) live in the frames that need them. */
struct plan_ctx {
	const struct vmsa_table *t;
	vmsa_fmt_t fmt;
	const struct vmsa_region *r;
	size_t n;
	bool trial;                     /* a writer, under its lock: check
	                                   the allocations fit, use the
	                                   table's template cache */
	bool bm_copied;                 /* *bm holds the table's bitmap */
	bool tmiss;                     /* no tc: the template was not in
	                                   the table's cache */
	bool track;                     /* vmsa_plan: newtab, newfine */
	bool check;                     /* no dry run: the one request is one
	                                   segment, which commit checks before
	                                   it writes (map.c, one_segment) */
	uint32_t pool_free;             /* ARMv7: free units counted in the
	                                   bitmap and not yet taken */
	uint32_t pool_scan;             /* ARMv7: the next bitmap word to
	                                   count */
	uint32_t *bm;                   /* ARMv5: the trial bitmap, or NULL */
	size_t cur;                     /* the region being planned */
	size_t nomem_at;                /* first region out of pool, or
	                                   SIZE_MAX */
	struct vmsa_plan plan;
	/* The request prepare validated last (index last_i), kept for
	 * commit. */
	size_t last_i;
	struct req last;
	/* Templates by attribute word, or NULL (each made when asked). */
	struct tmpl_cache *tc;
	/* The MBs that got a new table (NULL: not kept), and which of those
	 * are fine tables (vmsa_plan only, track: the final count,
	 * plan_final). VMSA_L1_ENTRIES bits each, on vmsa_plan's stack or,
	 * newtab, an ARMv7 writer's t->scratch (cleared after its plan). */
	uint32_t *newtab;
	uint32_t *newfine;
	/* The call's last new table: its MB (UINT32_MAX: none yet) and the
	 * table attributes of the region that planned it. */
	uint32_t take_mb;
	vmsa_attr_t take_tattrs;
	/* The array in VA order (idx != NULL and idx->ok): the regions near
	 * a MB are found by binary search, and overlap was checked once for
	 * all. NULL: arrays too short to need it. */
	struct vmsa_regidx *idx;
	uint32_t from_mb;               /* mb_scan_from's last answer */
	size_t from_pos;
};

/* idx: storage for the region index of arrays of VMSA_REGIDX_MIN
 * regions or more, or NULL. */
void vmsa_plan_init(struct plan_ctx *c, const struct vmsa_table *t,
                    vmsa_fmt_t fmt, const struct vmsa_region *r, size_t n,
                    bool trial, struct vmsa_regidx *idx,
                    struct tmpl_cache *tc);
int vmsa_plan_all(struct plan_ctx *c, size_t *bad);
/* Request i of the array, validated into *q; again: the dry run of this
 * call validated it already (commit, the plan's end count): its range is
 * not checked again. */
int vmsa_req_of(struct plan_ctx *c, size_t i, struct req *q, bool again);
int vmsa_req_check_range(const struct plan_ctx *c,
                         const struct vmsa_region *r, struct req *q);

/* Region r's range into q: checked, or (again) taken as it is, prepare
 * having checked it in this call. */
static inline int vmsa_req_range(const struct plan_ctx *c,
                                 const struct vmsa_region *r, struct req *q,
                                 bool again)
{
	if (!again)
		return vmsa_req_check_range(c, r, q);
	q->va = r->va.v;
	q->pa = r->pa.p;
	q->size = r->size;
	return VMSA_OK;
}

/* Request i into c->last, as vmsa_req_of; while c->last_i names a
 * region with the same attribute word (an array lists neighbours alike),
 * its template stands and only the range is taken. After an error the
 * call stops: c->last then holds no region's request whole. */
static inline int vmsa_req_next(struct plan_ctx *c, size_t i, bool again)
{
	const struct vmsa_region *r = &c->r[i];

	if (c->last_i < c->n && r->attrs == c->r[c->last_i].attrs)
		return vmsa_req_range(c, r, &c->last, again);
	return vmsa_req_of(c, i, &c->last, again);
}
/* A new table for MB mb in the plan (new_l1: it gets a new L1
 * descriptor; else an ARMv5 coarse table becomes fine). Out of pool
 * is remembered (nomem_at), not returned: each region's own errors come
 * first. */
void vmsa_plan_take(struct plan_ctx *c, uint32_t mb, bool fine, bool new_l1);
bool vmsa_pages_in_mb(uint32_t va, uint64_t pa, uint64_t size, uint32_t mb,
                      bool *tiny);
void vmsa_mb_sharers(struct plan_ctx *c, size_t i, uint32_t mb,
                     bool *earlier, size_t *first, bool *any_tiny);
/* ARMv7, prepare, pages of q (region i) in MB mb whose L1 entry is
 * empty: does a region before i plan the MB's table (*earlier)?
 * VMSA_ERR_CONFLICT if it does with other table attributes; *first: the
 * region whose table attributes the caller must still compare with q's
 * (SIZE_MAX: none, or compared already). */
int vmsa_mb_taken(struct plan_ctx *c, size_t i, uint32_t mb,
                  const struct req *q, bool *earlier, size_t *first);

/* ---- map.c ------------------------------------------------------------- */

/* Walk request q (region i of c): prepare (w NULL) or commit. */
int vmsa_map_walk(struct plan_ctx *c, size_t i, const struct req *q,
                  struct wctx *w);
/* ARMv5: move MB mb's coarse table into a new fine table. */
void vmsa_to_fine(struct wctx *w, uint32_t mb);

/* ---- merge.c ----------------------------------------------------------- */

/* After writing [va, end): release tables left empty (check_empty), and
 * unless VMSA_TF_NO_MERGE fold what became uniform; ends_only: only the
 * groups at the ends can fold (a range one mapping request wrote). */
void vmsa_merge_range(struct wctx *w, uint32_t va, uint64_t end,
                      bool check_empty, bool ends_only);
/* After an unmap of [va, end): release the tables left empty. */
void vmsa_release_empty(struct wctx *w, uint32_t va, uint64_t end);
void vmsa_merge_groups(struct wctx *w, dw_t *l2, bool fine, uint64_t lo,
                       uint64_t hi, bool ends_only);
void vmsa_merge_section(struct wctx *w, uint32_t mb, dw_t *l2, bool fine,
                        uint32_t unit);
void vmsa_merge_super(struct wctx *w, uint32_t mb16);
/* Remap past 4GB: can the 16MB group at MB mb16 be one supersection
 * (VMSA_OK, *tm its template), and write it as one. */
int vmsa_super_group(const struct vmsa_table *t, uint32_t mb16,
                     struct tmpl *tm);
void vmsa_write_super(struct wctx *w, uint32_t mb16, const struct tmpl *tm,
                      uint64_t pa);

#endif /* VMSA_ENGINE_H */
