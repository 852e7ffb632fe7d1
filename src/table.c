/*
 * table.c - layer 2: the table engine over caller-provided memory.
 *
 * Covers: the second-level pool, mapping with the largest granules
 * (map, region arrays, the dry run), unmap / protect / remap with splitting
 * and merging on a live MMU, software translation, walking and counting.
 * Every operation plans first (validates everything, and simulates its
 * pool allocations) and writes only when the whole operation will succeed,
 * so a failed call leaves the tables byte-for-byte as they were.
 *
 * Does not cover: descriptor bits (src/desc.c), text output (src/dump.c),
 * CPU maintenance instructions (the arch layer, <vmsa/arch.h>).
 *
 * Maintenance (ARM ARM B3.10.1, "General TLB maintenance requirements",
 * and B3.10.2 on break-before-make), done only while VMSA_TF_LIVE is set:
 *  - fault -> valid: write, make the write visible to the walker
 *    (vmsa_arch_sync_table: clean to PoU + DSB), ISB. No TLB invalidation:
 *    the VMSA never holds faulting translations in a TLB.
 *  - valid -> fault: write, sync, TLB invalidate by MVA for each granule
 *    (inner-shareable with VMSA_TF_SMP), DSB, ISB. An ARMv7 unmap does it
 *    once per run of granules whose entries follow each other in one
 *    table (unmap_run).
 *  - valid -> valid with the same output address, granule and memory type
 *    (permissions, XN, nG, domain): write in place, sync, TLBI, DSB, ISB.
 *  - any other valid -> valid change (output address, granule size,
 *    memory type or shareability, table pointer): break-before-make: write
 *    fault entries, sync, TLBI, DSB, write the new entries, sync, ISB.
 *  - TLB invalidation by MVA is one TLBI per smallest page of what
 *    changed (a block may be held as smaller TLB entries), TLBIALL past
 *    TLBI_ALL_THRESHOLD pages.
 *  - the break-before-make set includes nG (global <-> ASID-tagged).
 *  - a cacheable entry that becomes non-cacheable (protect) gets its data
 *    cache lines cleaned and invalidated by MVA (ARMv7: through the new
 *    entry, after it is written; ARMv5, VIVT: after the break, also for
 *    unmap and remap of cacheable memory).
 *  - changes to executable mappings also invalidate the branch predictor
 *    and the instruction cache, after the TLB maintenance, before the
 *    final DSB and ISB.
 */
#include "vmsa/arch.h"
#include "vmsa/desc.h"
#include "vmsa/hwdef.h"
#include "tmpl.h"
#include "guard.h"
#include "valid.h"
#include "regidx.h"

#define SZ_1K  0x400u
#define SZ_4K  0x1000u
#define SZ_64K 0x10000u
#define SZ_1M  0x100000u
#define SZ_16M 0x1000000u
#define FOUR_GB ((uint64_t)1 << 32)

/* Above this many granules one TLBIALL replaces the TLBIs by MVA. */
#define TLBI_ALL_THRESHOLD 64u

static bool fmt_v5(vmsa_fmt_t fmt)
{
	return (fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
}

static bool is_live(const struct vmsa_table *t)
{
	return (t->flags & VMSA_TF_LIVE) != 0;
}

static bool is_smp(const struct vmsa_table *t)
{
	return (t->flags & VMSA_TF_SMP) != 0;
}

static uint32_t min_granule(vmsa_fmt_t fmt)
{
	return fmt_v5(fmt) ? SZ_1K : SZ_4K;
}

/* ---- the second-level pool ---------------------------------------------
 * 1KB units tracked in a bitmap. A coarse table takes one unit, an ARMv5
 * fine table four units whose physical address is 4KB aligned. Coarse
 * tables fill partly used 4-unit blocks first so that fine tables find
 * whole blocks. Allocation is deterministic: the planning pass runs the
 * same allocations on a copy of the bitmap, so the writing pass cannot
 * run out where the plan did not. Frees happen only at the end of an
 * operation, for the same reason.
 */
static bool bit_get(const uint32_t *bm, uint32_t u)
{
	return (bm[u / 32] >> (u % 32)) & 1u;
}

static void bit_set(uint32_t *bm, uint32_t u, bool v)
{
	if (v)
		bm[u / 32] |= 1u << (u % 32);
	else
		bm[u / 32] &= ~(1u << (u % 32));
}

/* First unit of the first 4KB-aligned block (by PA). */
static uint32_t block_origin(const struct vmsa_table *t)
{
	return (uint32_t)(((SZ_4K - (t->pool_pa.p & (SZ_4K - 1))) &
	                   (SZ_4K - 1)) / SZ_1K);
}

/* Index of the lowest set bit of x != 0 (CLZ exists from ARMv5T on, so
 * no libgcc helper). */
static uint32_t ctz32(uint32_t x)
{
	return 31u - (uint32_t)__builtin_clz(x & (0u - x));
}

/* Bits [u, u + 32) of bitmap bm, bits past the bitmap reading as 0. */
static uint32_t bits32(const uint32_t *bm, uint32_t u)
{
	uint32_t i = u / 32, sh = u % 32, x = bm[i] >> sh;

	if (sh != 0 && i + 1 < VMSA_POOL_MAX_UNITS / 32)
		x |= bm[i + 1] << (32 - sh);
	return x;
}

/* Allocate in bitmap bm; returns the unit or UINT32_MAX. The pool is
 * scanned eight 4-unit blocks (one 32-bit window) at a time: in each
 * window, bit 4k of `any` / `all` says block k has some / all units in
 * use. */
static uint32_t pool_take(const struct vmsa_table *t, uint32_t *bm, bool fine)
{
	uint32_t o = block_origin(t), n = t->pool_units, u, k, x, vm, hit;

	for (u = o; u + 4 <= n; u += 32) {
		uint32_t nb = (n - u) / 4, any, all;

		x = bits32(bm, u);
		vm = nb >= 8 ? 0x11111111u : 0x11111111u & ((1u << (4 * nb)) - 1);
		any = (x | x >> 1 | x >> 2 | x >> 3) & vm;
		if (fine) {
			hit = ~any & vm;
			if (hit) {
				u += ctz32(hit);
				for (k = 0; k < 4; k++)
					bit_set(bm, u + k, true);
				return u;
			}
			continue;
		}
		/* Coarse: a free unit in a partly used block. */
		all = x & x >> 1 & x >> 2 & x >> 3 & vm;
		hit = any & ~all;
		if (hit) {
			k = ctz32(hit);
			u += k + ctz32(~(x >> k));
			bit_set(bm, u, true);
			return u;
		}
	}
	if (fine)
		return UINT32_MAX;
	/* Else a fringe unit outside whole blocks (below the origin, or past
	 * the last whole block), else the first free unit. */
	for (u = 0; u < o && u < n; u++) {
		if (!bit_get(bm, u)) {
			bit_set(bm, u, true);
			return u;
		}
	}
	for (u = n > o ? o + (n - o) / 4 * 4 : n; u < n; u++) {
		if (!bit_get(bm, u)) {
			bit_set(bm, u, true);
			return u;
		}
	}
	for (u = 0; u < n; u += 32) {
		x = ~bm[u / 32];
		if (n - u < 32)
			x &= (1u << (n - u)) - 1;
		if (x) {
			u += ctz32(x);
			bit_set(bm, u, true);
			return u;
		}
	}
	return UINT32_MAX;
}

static uint32_t *unit_ptr(const struct vmsa_table *t, uint32_t u)
{
	return (uint32_t *)(void *)(t->pool + (size_t)u * SZ_1K);
}

static uint64_t unit_pa(const struct vmsa_table *t, uint32_t u)
{
	return t->pool_pa.p + (uint64_t)u * SZ_1K;
}

/* The table an L1 table descriptor points to, or NULL outside the pool.
 * Read from the raw word (type and address fields, as vmsa_l1_decode
 * reads them; a table descriptor always decodes): this is on every
 * lookup and merge. */
static uint32_t *table_of(const struct vmsa_table *t, uint32_t w, bool *fine,
                          uint32_t *unit)
{
	uint32_t ty = w & L1_TYPE_MASK, pa, off;
	bool f = false;

	if (fmt_v5(t->fmt)) {
		if (ty != V5_L1_TYPE_COARSE && ty != V5_L1_TYPE_FINE)
			return NULL;
		f = ty == V5_L1_TYPE_FINE;
		pa = w & (f ? V5_L1_FINE_ADDR_MASK : V5_L1_COARSE_ADDR_MASK);
	} else {
		if (ty != L1_TYPE_TABLE)
			return NULL;
		pa = w & L1_TABLE_ADDR_MASK;
	}
	/* The pool lies below 4GB (vmsa_init): 32-bit offsets suffice. */
	if (pa < t->pool_pa.p)
		return NULL;
	off = pa - (uint32_t)t->pool_pa.p;
	if (off >= t->pool_units * SZ_1K)
		return NULL;
	*fine = f;
	if (unit)
		*unit = off / SZ_1K;
	return unit_ptr(t, off / SZ_1K);
}

static bool l1_is_table(vmsa_fmt_t fmt, uint32_t w)
{
	uint32_t ty = w & L1_TYPE_MASK;

	if (fmt_v5(fmt))
		return ty == V5_L1_TYPE_COARSE || ty == V5_L1_TYPE_FINE;
	return ty == L1_TYPE_TABLE;
}

/* ---- descriptor templates ------------------------------------------------
 * Built once per operation by the descriptor layer (src/tmpl.h); every
 * descriptor of a run is the template ORed with its output address.
 */
#define tmpl vmsa_tmpl

static int make_tmpl(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct tmpl *tm)
{
	return vmsa_desc_tmpl(fmt, attrs, tm);
}

static uint32_t table_word(uint32_t tmpl_table, bool fine, uint64_t table_pa)
{
	return vmsa_tmpl_table(tmpl_table, fine, table_pa);
}

static uint32_t super_word(uint32_t tmpl, uint64_t pa)
{
	return vmsa_tmpl_super(tmpl, pa);
}

/* ---- granule lookup ----------------------------------------------------- */

struct gran {
	enum vmsa_kind kind;    /* VMSA_KIND_FAULT: nothing mapped */
	uint8_t level;
	bool fine;              /* pages: the table is an ARMv5 fine table */
	uint32_t va;            /* first VA of the granule (or the hole) */
	uint32_t size;          /* granule size (hole size for faults) */
	uint64_t pa;
	vmsa_attr_t attrs;      /* canonical, table attributes merged */
	uint32_t *entry;        /* first descriptor of the granule */
	uint32_t nrep;          /* descriptors it occupies */
	uint32_t *l2;           /* the second-level table, for pages */
	uint32_t word;
};

static enum vmsa_kind desc_kind(enum vmsa_desc_type ty)
{
	switch (ty) {
	case VMSA_DESC_SUPERSECTION: return VMSA_KIND_SUPERSECTION;
	case VMSA_DESC_SECTION: return VMSA_KIND_SECTION;
	case VMSA_DESC_LARGE: return VMSA_KIND_LARGE;
	case VMSA_DESC_SMALL: return VMSA_KIND_SMALL;
	case VMSA_DESC_TINY: return VMSA_KIND_TINY;
	default: return VMSA_KIND_FAULT;
	}
}

/* Entries a granule of kind k takes in a table (fine or coarse). */
static uint32_t l2_reps(enum vmsa_kind k, bool fine)
{
	switch (k) {
	case VMSA_KIND_LARGE: return fine ? 64 : 16;
	case VMSA_KIND_SMALL: return fine ? 4 : 1;
	default: return 1;
	}
}

static uint32_t l2_index(uint32_t va, bool fine)
{
	return fine ? (va >> 10) & 0x3ffu : (va >> 12) & 0xffu;
}

static int lookup(const struct vmsa_table *t, uint32_t va, struct gran *g)
{
	uint32_t idx = va >> 20, w = t->l1[idx];
	struct vmsa_desc d, td;
	int err;

	g->kind = VMSA_KIND_FAULT;
	g->level = 1;
	g->fine = false;
	g->va = va & ~(SZ_1M - 1);
	g->size = SZ_1M;
	g->pa = 0;
	g->attrs = 0;
	g->entry = &t->l1[idx];
	g->nrep = 1;
	g->l2 = NULL;
	g->word = w;
	if ((w & L1_TYPE_MASK) == L1_TYPE_FAULT)
		return VMSA_OK;
	if (l1_is_table(t->fmt, w)) {
		bool fine;
		uint32_t *l2 = table_of(t, w, &fine, NULL);
		uint32_t i, reps;

		if (l2 == NULL)
			return VMSA_ERR_BUSY;
		err = vmsa_l1_decode(t->fmt, w, &td);
		if (err != VMSA_OK)
			return err;
		i = l2_index(va, fine);
		g->level = 2;
		g->fine = fine;
		g->l2 = l2;
		g->word = l2[i];
		err = vmsa_l2_decode(t->fmt, fine, l2[i], &d);
		if (err != VMSA_OK)
			return err;
		g->kind = desc_kind(d.type);
		g->size = g->kind == VMSA_KIND_FAULT ? (fine ? SZ_1K : SZ_4K) :
		          vmsa_kind_size(g->kind);
		g->va = va & ~(g->size - 1);
		reps = g->kind == VMSA_KIND_FAULT ? 1 : l2_reps(g->kind, fine);
		g->entry = &l2[l2_index(g->va, fine)];
		g->nrep = reps;
		g->pa = d.pa.p;
		g->attrs = d.attrs | td.attrs;
		return VMSA_OK;
	}
	err = vmsa_l1_decode(t->fmt, w, &d);
	if (err != VMSA_OK)
		return err;
	g->kind = desc_kind(d.type);
	g->pa = d.pa.p;
	g->attrs = d.attrs;
	if (g->kind == VMSA_KIND_SUPERSECTION) {
		g->va = va & ~(SZ_16M - 1);
		g->size = SZ_16M;
		g->entry = &t->l1[g->va >> 20];
		g->nrep = 16;
	}
	return VMSA_OK;
}

/* ---- maintenance helpers -------------------------------------------------- */

/* Written table memory is made visible to the walker at once; the engine
 * writes runs, so this is one call per run. */
static void sync(const struct vmsa_table *t, const uint32_t *p, uint32_t n)
{
	(void)t;
	vmsa_arch_sync_table(p, (size_t)n * 4u);
}

/* After entries for `count` granules starting at va (granule size gsz)
 * stopped being valid or changed: TLB invalidation, DSB.
 * One TLBI per smallest page of the range, not one per granule: a TLB
 * may hold a supersection, section or large page as several smaller
 * entries, and an invalidation by MVA only removes the entries that
 * translate that MVA (ARM ARM DDI 0406C B3.9, TLB entries may be of a
 * smaller size than the descriptor; B4.2.2, TLBIMVA). Past the threshold,
 * one TLBIALL. */
static void tlbi_range(const struct vmsa_table *t, uint32_t va, uint32_t gsz,
                       uint32_t count)
{
	uint32_t i, pg = min_granule(t->fmt);
	/* A shift, not a 64-bit division (no libgcc helper). */
	uint64_t n = ((uint64_t)count * gsz) >> (fmt_v5(t->fmt) ? 10 : 12);

	if (!is_live(t))
		return;
	if (n > TLBI_ALL_THRESHOLD) {
		vmsa_arch_tlbi_all(is_smp(t));
	} else {
		for (i = 0; i < (uint32_t)n; i++)
			vmsa_arch_tlbi_va(va + i * pg, is_smp(t));
	}
	vmsa_arch_dsb();
}

/* Memory types whose lines a data cache may hold (vmsa.h table). */
static bool mt_cacheable(vmsa_attr_t a)
{
	uint32_t mt = VMSA_MT(a);

	return mt == VMSA_MT_WRITETHROUGH || mt == VMSA_MT_WRITEBACK ||
	       mt == VMSA_MT_WRITEALLOC;
}

static void finish(const struct vmsa_table *t, bool exec_changed)
{
	if (!is_live(t))
		return;
	if (exec_changed) {
		vmsa_arch_bp_inval(is_smp(t));
		vmsa_arch_icache_inval(is_smp(t));
	}
	vmsa_arch_dsb();
	vmsa_arch_isb();
}

/*
 * The store loops. On ARM (and Thumb-2) targets they are inline assembly:
 * GCC and clang turn the C forms into single-word stores (STR), and GCC 12
 * at -O2 miscompiled a C form with eight running registers (its loop
 * vectoriser gave entries 4-7 the values of 0-3). The assembly keeps eight
 * words in r2-r6 and r8-r10 (not r7 or r11, frame pointers in Thumb and
 * ARM) and stores them with two STMs a round: 16 words for 2 STMs and 2
 * loop instructions (fill), or 2 STMs, 16 ADDs and 2 (fill_inc). The host
 * build uses the C forms.
 */
#if defined(__arm__) && (defined(__ARM_ARCH_ISA_ARM) || defined(__thumb2__))
#define VMSA_STM_ASM 1
#define STM_REGS "{r2, r3, r4, r5, r6, r8, r9, r10}"
#endif

/* Store n copies of w. */
static void fill(uint32_t *p, uint32_t n, uint32_t w)
{
#ifdef VMSA_STM_ASM
	if (n >= 16) {
		register uint32_t a0 __asm__("r2") = w, a1 __asm__("r3") = w;
		register uint32_t a2 __asm__("r4") = w, a3 __asm__("r5") = w;
		register uint32_t a4 __asm__("r6") = w, a5 __asm__("r8") = w;
		register uint32_t a6 __asm__("r9") = w, a7 __asm__("r10") = w;
		uint32_t k = n / 16;

		__asm__ volatile(
			"1:	stmia	%[p]!, " STM_REGS "\n"
			"	stmia	%[p]!, " STM_REGS "\n"
			"	subs	%[k], %[k], #1\n"
			"	bne	1b\n"
			: [p] "+r"(p), [k] "+r"(k)
			: "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5),
			  "r"(a6), "r"(a7)
			: "cc", "memory");
		n %= 16;
	}
#else
	for (; n >= 8; n -= 8, p += 8) {
		p[0] = w; p[1] = w; p[2] = w; p[3] = w;
		p[4] = w; p[5] = w; p[6] = w; p[7] = w;
	}
#endif
	while (n--)
		*p++ = w;
}

/* Store w, w + step, w + 2 step ... */
static void fill_inc(uint32_t *p, uint32_t n, uint32_t w, uint32_t step)
{
#ifdef VMSA_STM_ASM
	if (n >= 16) {
		register uint32_t a0 __asm__("r2") = w;
		register uint32_t a1 __asm__("r3") = w + step;
		register uint32_t a2 __asm__("r4") = w + 2 * step;
		register uint32_t a3 __asm__("r5") = w + 3 * step;
		register uint32_t a4 __asm__("r6") = w + 4 * step;
		register uint32_t a5 __asm__("r8") = w + 5 * step;
		register uint32_t a6 __asm__("r9") = w + 6 * step;
		register uint32_t a7 __asm__("r10") = w + 7 * step;
		uint32_t k = n / 16, s8 = 8 * step;

		__asm__ volatile(
			"1:	stmia	%[p]!, " STM_REGS "\n"
			"	add	%[a0], %[a0], %[s8]\n"
			"	add	%[a1], %[a1], %[s8]\n"
			"	add	%[a2], %[a2], %[s8]\n"
			"	add	%[a3], %[a3], %[s8]\n"
			"	add	%[a4], %[a4], %[s8]\n"
			"	add	%[a5], %[a5], %[s8]\n"
			"	add	%[a6], %[a6], %[s8]\n"
			"	add	%[a7], %[a7], %[s8]\n"
			"	stmia	%[p]!, " STM_REGS "\n"
			"	add	%[a0], %[a0], %[s8]\n"
			"	add	%[a1], %[a1], %[s8]\n"
			"	add	%[a2], %[a2], %[s8]\n"
			"	add	%[a3], %[a3], %[s8]\n"
			"	add	%[a4], %[a4], %[s8]\n"
			"	add	%[a5], %[a5], %[s8]\n"
			"	add	%[a6], %[a6], %[s8]\n"
			"	add	%[a7], %[a7], %[s8]\n"
			"	subs	%[k], %[k], #1\n"
			"	bne	1b\n"
			: [p] "+r"(p), [k] "+r"(k), [a0] "+r"(a0), [a1] "+r"(a1),
			  [a2] "+r"(a2), [a3] "+r"(a3), [a4] "+r"(a4),
			  [a5] "+r"(a5), [a6] "+r"(a6), [a7] "+r"(a7)
			: [s8] "r"(s8)
			: "cc", "memory");
		w = a0;
		n %= 16;
	}
#else
	for (; n >= 8; n -= 8, p += 8, w += 8 * step) {
		p[0] = w;
		p[1] = w + step;
		p[2] = w + 2 * step;
		p[3] = w + 3 * step;
		p[4] = w + 4 * step;
		p[5] = w + 5 * step;
		p[6] = w + 6 * step;
		p[7] = w + 7 * step;
	}
#endif
	for (; n; n--, p++, w += step)
		*p = w;
}

/* Enter a writing call (src/guard.c: lock, re-entry check, sequence
 * count), then check the whole table, pool bitmap included: with
 * VMSA_TF_SMP another CPU's writer changes the bitmap and used_units
 * under the lock, so before it they may disagree for a moment. */
static int enter_checked(struct vmsa_table *t, uint32_t *fl)
{
	int err = vmsa_guard_enter(t, fl);

	if (err != VMSA_OK)
		return err;
	if (vmsa_table_ok(t, true) != VMSA_OK)
		return vmsa_guard_exit(t, *fl, VMSA_ERR_INVAL);
	return VMSA_OK;
}

/*
 * The W^X debug option (vmsa_set_wx_check, src/wxcheck.c): after a
 * successful change, callers test VMSA_TF_CHECK_WX and only then come
 * here. The check is reached through t->wx_check, so a firmware that
 * never turns the option on links none of it (nor the policy checker).
 */
static void wx_after(struct vmsa_table *t, uint32_t call, uint32_t va,
                     uint64_t size, uint64_t pa, vmsa_attr_t attrs)
{
	struct vmsa_call c;

	if (t->wx_check == NULL)
		return;
	c.call = call;
	c.va.v = va;
	c.size = size;
	c.pa.p = pa;
	c.attrs = attrs;
	t->wx_check(t, &c);
}

/* ---- init ------------------------------------------------------------------ */

int vmsa_init(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t *l1,
              vmsa_pa_t l1_pa, void *pool, vmsa_pa_t pool_pa,
              size_t pool_bytes)
{
	if (t == NULL || l1 == NULL || vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (pool_bytes != 0 && pool == NULL)
		return VMSA_ERR_INVAL;
	if (pool_bytes / SZ_1K > VMSA_POOL_MAX_UNITS)
		return VMSA_ERR_INVAL;
	if (((uintptr_t)l1 & (VMSA_L1_BYTES - 1)) ||
	    (l1_pa.p & (VMSA_L1_BYTES - 1)))
		return VMSA_ERR_ALIGN;
	if ((pool_bytes & (SZ_1K - 1)) || ((uintptr_t)pool & (SZ_1K - 1)) ||
	    (pool_pa.p & (SZ_1K - 1)))
		return VMSA_ERR_ALIGN;
	/* Bounded before subtracting: no sum may wrap (l1_pa near 2^64). */
	if (l1_pa.p > FOUR_GB - VMSA_L1_BYTES || pool_pa.p > FOUR_GB ||
	    pool_bytes > FOUR_GB - pool_pa.p)
		return VMSA_ERR_RANGE;

	/* Field by field: a compound literal would be a memset call. */
	t->flags = 0;
	t->seq = 0;
	t->wx_check = NULL;
	t->wx_fn = NULL;
	t->wx_arg = NULL;
	t->wx_breaks = 0;
	t->used_units = 0;
	fill(t->used, VMSA_POOL_MAX_UNITS / 32, 0);
	t->l1 = l1;
	t->l1_pa = l1_pa;
	t->pool = pool;
	t->pool_pa = pool_pa;
	t->pool_units = (uint32_t)(pool_bytes / SZ_1K);
	t->fmt = fmt;
	t->magic = VMSA_TABLE_MAGIC;
	fill(l1, VMSA_L1_ENTRIES, 0);
	sync(t, l1, VMSA_L1_ENTRIES);
	return VMSA_OK;
}

void vmsa_set_flags(struct vmsa_table *t, uint32_t set, uint32_t clear)
{
	if (vmsa_table_ok(t, false) == VMSA_OK)
		t->flags = (t->flags | set) & ~clear;
}

/* ---- mapping: requests -------------------------------------------------- */

struct req {
	uint32_t va;
	uint64_t pa, size;
	struct tmpl tm;
};

static int req_check(vmsa_fmt_t fmt, vmsa_va_t va, vmsa_pa_t pa,
                     uint64_t size, vmsa_attr_t attrs, struct req *q)
{
	uint32_t g = min_granule(fmt);
	int err;

	err = make_tmpl(fmt, attrs, &q->tm);
	if (err != VMSA_OK)
		return err;
	if (size == 0)
		return VMSA_ERR_INVAL;
	if ((va.v | pa.p | size) & (g - 1))
		return VMSA_ERR_ALIGN;
	if (size > VMSA_VA_SPAN - va.v)         /* no overflow for any size */
		return VMSA_ERR_RANGE;
	if (pa.p >= VMSA_PA_MAX || size > VMSA_PA_MAX - pa.p)
		return VMSA_ERR_RANGE;
	if (pa.p + size > FOUR_GB) {
		/* Only supersections output PA[39:32]: the whole request
		 * must be supersections. */
		if (fmt_v5(fmt))
			return VMSA_ERR_RANGE;
		if ((va.v | pa.p | size) & (SZ_16M - 1))
			return VMSA_ERR_RANGE;
		if (!q->tm.super_ok)
			return VMSA_ERR_UNSUPPORTED;
	}
	q->va = va.v;
	q->pa = pa.p;
	q->size = size;
	return VMSA_OK;
}

/*
 * The next run of a request: n granules of one kind starting at va, as
 * the greedy choice (largest granule that VA and PA alignment and the
 * remaining size allow) makes them, never crossing seg_end. Once a granule
 * size fits, the same size fits until a larger one becomes possible (at
 * the next boundary of the larger size, if VA and PA are congruent modulo
 * it) or the remainder runs short, which gives the run length directly.
 */
struct run {
	enum vmsa_kind kind;
	uint32_t gsz;
	uint32_t n;
};

static void next_run(bool super_ok, uint32_t va, uint64_t pa, uint64_t end,
                     struct run *r)
{
	static const uint32_t sizes[] = { SZ_16M, SZ_1M, SZ_64K, SZ_4K, SZ_1K };
	static const uint8_t shifts[] = { 24, 20, 16, 12, 10 };
	static const enum vmsa_kind kinds[] = {
		VMSA_KIND_SUPERSECTION, VMSA_KIND_SECTION, VMSA_KIND_LARGE,
		VMSA_KIND_SMALL, VMSA_KIND_TINY };
	uint64_t x = va | pa, rem = end - va, lim = end;
	unsigned i = super_ok ? 0 : 1;

	for (; i < 4; i++)
		if (!(x & (sizes[i] - 1)) && rem >= sizes[i])
			break;
	r->kind = kinds[i];
	r->gsz = sizes[i];
	/* Up to the next boundary of the next larger size, if that size
	 * could be used there. */
	if (i > 0 && (i > 1 || super_ok)) {
		uint32_t big = sizes[i - 1];
		if (!((va ^ (uint32_t)pa) & (big - 1))) {
			uint64_t nb = ((uint64_t)va + big) & ~(uint64_t)(big - 1);
			if (nb < lim)
				lim = nb;
		}
	}
	r->n = (uint32_t)((lim - va) >> shifts[i]);
}

/* Does request q use second-level pages in MB mb, and tiny pages there? */
static bool pages_in_mb(const struct req *q, uint32_t mb, bool *tiny)
{
	uint64_t lo = (uint64_t)mb << 20, hi = lo + SZ_1M, e = q->va + q->size;
	bool congruent = ((q->va ^ q->pa) & (SZ_1M - 1)) == 0;
	uint64_t head, tail;

	*tiny = false;
	if (e <= lo || q->va >= hi)
		return false;
	if (q->va <= lo && e >= hi && congruent)
		return false;
	if ((q->va ^ q->pa) & (SZ_4K - 1)) {
		*tiny = true;
		return true;
	}
	head = ((uint64_t)q->va + SZ_4K - 1) & ~(uint64_t)(SZ_4K - 1);
	tail = e & ~(uint64_t)(SZ_4K - 1);
	if (head > e)
		head = e;
	if (head > q->va && q->va < hi && head > lo)
		*tiny = true;
	if (tail < e && tail < hi && e > lo)
		*tiny = true;
	return true;
}

#define REQ_CACHE 8u

/* Planning state: the region array, the table (NULL: empty), the trial
 * pool (copied from the table on the first allocation) and the counts. */
struct plan_ctx {
	const struct vmsa_table *t;
	vmsa_fmt_t fmt;
	const struct vmsa_region *r;
	size_t n;
	bool trial;                     /* simulate allocations */
	bool bm_copied;
	size_t cur;                     /* the region being planned */
	size_t nomem_at;                /* first region out of pool, or
	                                   SIZE_MAX */
	uint32_t bm[VMSA_POOL_MAX_UNITS / 32];
	struct vmsa_plan plan;
	/* The first REQ_CACHE requests, validated once (templates built
	 * once per call, not in every planning and writing pass). */
	uint32_t qok;                   /* bit i: qc[i] holds request i */
	struct req qc[REQ_CACHE];
	/* vmsa_plan only (track): the MBs that got a new table, and which
	 * of those are fine tables, for the final count (plan_final). */
	bool track;
	uint32_t newtab[VMSA_L1_ENTRIES / 32];
	uint32_t newfine[VMSA_L1_ENTRIES / 32];
	/* The array in VA order (idx.ok): the regions near a MB are found by
	 * binary search, and overlap was checked once for all. */
	struct vmsa_regidx idx;
	uint32_t from_mb;               /* mb_scan_from's last answer */
	size_t from_pos;
};

/* Request i, validated: a pointer into the cache, or to *tmp past the
 * cache; NULL with *err on a validation error. */
static const struct req *req_of(struct plan_ctx *c, size_t i,
                                struct req *tmp, int *err)
{
	struct req *q = i < REQ_CACHE ? &c->qc[i] : tmp;

	if (i < REQ_CACHE && (c->qok >> i & 1u))
		return q;
	*err = req_check(c->fmt, c->r[i].va, c->r[i].pa, c->r[i].size,
	                 vmsa_smp_attrs(c->t, c->r[i].attrs), q);
	if (*err != VMSA_OK)
		return NULL;
	if (i < REQ_CACHE)
		c->qok |= 1u << i;
	return q;
}

static uint32_t l1_word(const struct plan_ctx *c, uint32_t idx)
{
	return c->t ? c->t->l1[idx] : 0;
}

static bool region_touches_mb(const struct vmsa_region *r, uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << 20;

	return r->va.v < lo + SZ_1M && (uint64_t)r->va.v + r->size > lo;
}

/* The candidates for the regions touching MB mb: with the index, from
 * the first sorted position ending above the MB, until one starts past
 * it (mb_scan_at); without, the whole array. */
static size_t mb_scan_from(struct plan_ctx *c, uint32_t mb)
{
	if (!c->idx.ok)
		return 0;
	/* Neighbouring regions ask for the same MB: remember the last. */
	if (c->from_mb != mb) {
		c->from_mb = mb;
		c->from_pos = vmsa_regidx_from(&c->idx, (uint64_t)mb << 20);
	}
	return c->from_pos;
}

/* Region at scan position p for MB mb, or SIZE_MAX past the candidates. */
static size_t mb_scan_at(const struct plan_ctx *c, uint32_t mb, size_t p)
{
	size_t j;

	if (p >= c->n)
		return SIZE_MAX;
	if (!c->idx.ok)
		return p;
	j = vmsa_regidx_at(&c->idx, p);
	return c->r[j].va.v >= ((uint64_t)mb << 20) + SZ_1M ? SIZE_MAX : j;
}

/* Of the other regions of the array: does one before index i use pages
 * in mb (the first such is *first), does any use tiny pages there, does
 * one before i. Only regions whose range touches mb are looked at, by
 * their raw ranges, not validated again: those before i passed already,
 * and an invalid one after i fails the call, so what it would change here
 * (the counts and the pool simulation) is never reported. */
static void mb_sharers(struct plan_ctx *c, size_t i, uint32_t mb,
                       bool *earlier, size_t *first, bool *any_tiny,
                       bool *earlier_tiny)
{
	size_t j, p;
	struct req q;
	bool tiny;

	*earlier = false;
	*earlier_tiny = false;
	for (p = mb_scan_from(c, mb); (j = mb_scan_at(c, mb, p)) != SIZE_MAX;
	     p++) {
		if (j == i || !region_touches_mb(&c->r[j], mb))
			continue;
		q.va = c->r[j].va.v;
		q.pa = c->r[j].pa.p;
		q.size = c->r[j].size;
		if (!pages_in_mb(&q, mb, &tiny))
			continue;
		/* The index visits in VA order: keep the lowest index. */
		if (j < i && (!*earlier || j < *first)) {
			*earlier = true;
			*first = j;
		}
		if (tiny) {
			*any_tiny = true;
			if (j < i)
				*earlier_tiny = true;
		}
	}
}

/* A new table for MB mb (new_l1: it gets a new L1 descriptor; an upgrade
 * rewrites the existing one). */
static int trial_take(struct plan_ctx *c, uint32_t mb, bool fine, bool new_l1)
{
	uint32_t i;

	if (c->track) {
		bit_set(c->newtab, mb, true);
		bit_set(c->newfine, mb, fine);
	}
	c->plan.descriptors += new_l1;
	c->plan.l2_tables++;
	c->plan.l2_fine += fine;
	c->plan.pool_units += fine ? 4 : 1;
	if (!c->trial)
		return VMSA_OK;
	if (!c->bm_copied) {
		/* The words pool_take can read: the pool's units, and one
		 * more word for bits32's look-ahead. */
		uint32_t nw = (c->t->pool_units + 31) / 32 + 1;

		if (nw > VMSA_POOL_MAX_UNITS / 32)
			nw = VMSA_POOL_MAX_UNITS / 32;
		for (i = 0; i < nw; i++)
			c->bm[i] = c->t->used[i];
		c->bm_copied = true;
	}
	/* Out of pool: remember the first region that did not fit and go
	 * on validating, so that any region's own error is reported first
	 * (vmsa_plan, which simulates no pool, reports the same). */
	if (pool_take(c->t, c->bm, fine) == UINT32_MAX && c->nomem_at == SIZE_MAX)
		c->nomem_at = c->cur;
	return VMSA_OK;
}

/* Any non-fault word in p[0..n)? */
static bool any_set(const uint32_t *p, uint32_t n)
{
	uint32_t acc = 0;

	/* Eight words a round (one load multiple): the overlap check reads
	 * every descriptor of a request. */
	for (; n >= 8; n -= 8, p += 8)
		acc |= p[0] | p[1] | p[2] | p[3] | p[4] | p[5] | p[6] | p[7];
	while (n--)
		acc |= *p++;
	return acc != 0;
}

/* Plan the pages of request q (index i) in MB mb: [va, seg_end). */
static int plan_pages(struct plan_ctx *c, size_t i, const struct req *q,
                      uint32_t va, uint64_t pa, uint64_t seg_end)
{
	uint32_t mb = va >> 20, w = l1_word(c, mb), *l2 = NULL;
	bool v5 = fmt_v5(c->fmt), fine = false, tiny = false;
	bool earlier = false, any_tiny = false, earlier_tiny = false;
	size_t first = 0;
	struct run r;
	uint64_t cur;
	int err;

	if (pa >= FOUR_GB)
		return VMSA_ERR_RANGE;
	if (v5)
		pages_in_mb(q, mb, &tiny);
	any_tiny = tiny;
	if (c->n > 1)
		mb_sharers(c, i, mb, &earlier, &first, &any_tiny,
		           &earlier_tiny);
	if (w != 0 && !l1_is_table(c->fmt, w))
		return VMSA_ERR_OVERLAP;
	if (w != 0) {
		l2 = table_of(c->t, w, &fine, NULL);
		if (l2 == NULL)
			return VMSA_ERR_BUSY;
		/* Domain, NS and PXN must be the table's: compare the
		 * non-address bits with the template's (type aside). */
		if ((w & ~(L1_TABLE_ADDR_MASK | L1_TYPE_MASK)) !=
		    (q->tm.table & ~L1_TYPE_MASK))
			return VMSA_ERR_CONFLICT;
		if (v5 && !fine && tiny && !earlier_tiny) {
			err = trial_take(c, mb, true, false); /* coarse -> fine */
			if (err != VMSA_OK)
				return err;
		}
	} else if (earlier) {
		struct req e;
		const struct req *ep = req_of(c, first, &e, &err);
		if (ep != NULL && ep->tm.tattrs != q->tm.tattrs)
			return VMSA_ERR_CONFLICT;
	} else {
		err = trial_take(c, mb, v5 && any_tiny, true);
		if (err != VMSA_OK)
			return err;
	}

	/* 64-bit position: the last MB ends at 2^32. */
	for (cur = va; cur < seg_end; ) {
		uint32_t reps;
		next_run(false, (uint32_t)cur, pa, seg_end, &r);
		reps = l2_reps(r.kind, v5 && (fine || any_tiny));
		if (l2 != NULL) {
			/* Existing table: the entries must be free. A tiny
			 * run in a coarse table checks the 4KB entries that
			 * cover it. */
			uint32_t i0 = l2_index((uint32_t)cur, fine);
			uint32_t i1 = l2_index((uint32_t)(cur + (uint64_t)r.n *
			                       r.gsz - 1), fine);
			if (any_set(&l2[i0], i1 - i0 + 1))
				return VMSA_ERR_OVERLAP;
		}
		c->plan.entries += r.n;
		c->plan.descriptors += r.n * reps;
		cur += (uint64_t)r.n * r.gsz;
		pa += (uint64_t)r.n * r.gsz;
	}
	return VMSA_OK;
}

/* Plan region i: check it against the table and the regions before it,
 * count its cost, simulate its allocations. */
static int plan_one(struct plan_ctx *c, size_t i)
{
	const struct vmsa_region *ri = &c->r[i];
	uint64_t end, pa, va;
	struct req qbuf;
	const struct req *q;
	size_t j;
	int err = VMSA_OK;

	q = req_of(c, i, &qbuf, &err);
	if (q == NULL)
		return err;
	/* Regions before i were validated already: raw ranges suffice.
	 * With the index, no two ranges of the array overlap. */
	for (j = 0; j < i && !c->idx.ok; j++)
		if (ri->va.v < (uint64_t)c->r[j].va.v + c->r[j].size &&
		    c->r[j].va.v < (uint64_t)ri->va.v + ri->size)
			return VMSA_ERR_OVERLAP;

	va = q->va;
	pa = q->pa;
	end = (uint64_t)q->va + q->size;
	while (va < end) {
		struct run r;
		uint64_t seg_end;

		next_run(q->tm.super_ok, (uint32_t)va, pa, end, &r);
		if (r.kind == VMSA_KIND_SUPERSECTION ||
		    r.kind == VMSA_KIND_SECTION) {
			uint32_t nd = r.n * (r.gsz >> 20);
			if (c->t != NULL &&
			    any_set(&c->t->l1[(uint32_t)(va >> 20)], nd))
				return VMSA_ERR_OVERLAP;
			if (r.kind == VMSA_KIND_SECTION && pa + r.n * (uint64_t)
			    SZ_1M > FOUR_GB)
				return VMSA_ERR_RANGE;
			c->plan.entries += r.n;
			c->plan.descriptors += nd;
			va += (uint64_t)r.n * r.gsz;
			pa += (uint64_t)r.n * r.gsz;
			continue;
		}
		seg_end = ((va >> 20) + 1) << 20;
		if (seg_end > end)
			seg_end = end;
		err = plan_pages(c, i, q, (uint32_t)va, pa, seg_end);
		if (err != VMSA_OK)
			return err;
		pa += seg_end - va;
		va = seg_end;
	}
	return VMSA_OK;
}

static int plan_all(struct plan_ctx *c, size_t *bad)
{
	size_t i;
	int err;

	c->nomem_at = SIZE_MAX;
	/* A short array keeps the plain scans (a few pairs, cheaper than
	 * sorting and searching). */
	c->idx.ok = false;
	if (c->n >= VMSA_REGIDX_MIN)
		vmsa_regidx_build(&c->idx, c->r, c->n);
	c->from_mb = UINT32_MAX;
	for (i = 0; i < c->n; i++) {
		c->cur = i;
		err = plan_one(c, i);
		if (err != VMSA_OK) {
			if (bad)
				*bad = i;
			return err;
		}
	}
	if (c->nomem_at != SIZE_MAX) {
		if (bad)
			*bad = c->nomem_at;
		return VMSA_ERR_NOMEM;
	}
	return VMSA_OK;
}

/* Will MB mb, which got a new table, fold back into a section once the
 * whole array is written? The merge pass folds a table whose entries
 * all map one 1MB-aligned output block with one set of attributes: the
 * MB must be covered by regions (they do not overlap: validated) with
 * the same attributes and the same VA-to-PA offset, 1MB-aligned. */
static bool mb_folds(struct plan_ctx *c, uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << 20, hi = lo + SZ_1M, covered = 0;
	const struct req *q0 = NULL;
	struct req tmp0, tmp;
	size_t j, p;
	int err;

	/* The result does not depend on the order the regions come in. */
	for (p = mb_scan_from(c, mb); (j = mb_scan_at(c, mb, p)) != SIZE_MAX;
	     p++) {
		const struct req *q;
		uint64_t a, b;

		if (!region_touches_mb(&c->r[j], mb))
			continue;
		q = req_of(c, j, j < REQ_CACHE || q0 == NULL ? &tmp0 : &tmp,
		           &err);
		if (q == NULL)
			return false;
		a = q->va > lo ? q->va : lo;
		b = (uint64_t)q->va + q->size < hi ? (uint64_t)q->va + q->size :
		    hi;
		if (q0 == NULL) {
			q0 = q;
			if (((q->pa + (lo - q->va)) & (SZ_1M - 1)) != 0)
				return false;
		} else if (q->tm.attrs != q0->tm.attrs ||
		           q->pa - q->va != q0->pa - q0->va) {
			return false;
		}
		covered += b - a;
	}
	return covered == SZ_1M;
}

/* Tables of the plan still in use once the array's own merges ran. */
static void plan_final(struct plan_ctx *c)
{
	uint32_t i, k, x;

	c->plan.l2_tables_final = c->plan.l2_tables;
	c->plan.pool_units_final = c->plan.pool_units;
	if (c->t != NULL && (c->t->flags & VMSA_TF_NO_MERGE))
		return;
	for (i = 0; i < VMSA_L1_ENTRIES / 32; i++) {
		for (x = c->newtab[i]; x != 0; x &= x - 1) {
			k = ctz32(x);
			if (!mb_folds(c, i * 32 + k))
				continue;
			c->plan.l2_tables_final--;
			c->plan.pool_units_final -=
				(c->newfine[i] >> k & 1u) ? 4 : 1;
		}
	}
}

int vmsa_plan(const struct vmsa_table *t, vmsa_fmt_t fmt,
              const struct vmsa_region *regions, size_t n,
              struct vmsa_plan *plan, size_t *bad)
{
	struct plan_ctx c;
	int err;

	if ((regions == NULL && n != 0) || plan == NULL)
		return VMSA_ERR_INVAL;
	if (t != NULL && vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (t != NULL)
		fmt = t->fmt;
	if (vmsa_fmt_check(fmt) != VMSA_OK)
		return VMSA_ERR_INVAL;
	c.t = t;
	c.fmt = fmt;
	c.r = regions;
	c.n = n;
	c.trial = false;
	c.bm_copied = false;
	c.plan = (struct vmsa_plan){ 0 };
	c.qok = 0;
	c.track = true;
	fill(c.newtab, VMSA_L1_ENTRIES / 32, 0);
	fill(c.newfine, VMSA_L1_ENTRIES / 32, 0);
	err = plan_all(&c, bad);
	if (err == VMSA_OK) {
		plan_final(&c);
		*plan = c.plan;
	}
	return err;
}

/* ---- mapping: writing --------------------------------------------------- */

struct wctx {
	struct vmsa_table *t;
	uint32_t pending[8];    /* units to free at the end; bit 31: fine */
	uint32_t npending;
	bool gc;                /* pending overflowed: scan for orphans */
	bool exec_changed;
};

/* A fresh context, field by field: `= { 0 }` of the struct is a memset
 * call (44 bytes) on every map, unmap and protect. pending[] is read only
 * below npending. */
static void wctx_init(struct wctx *w, struct vmsa_table *t)
{
	w->t = t;
	w->npending = 0;
	w->gc = false;
	w->exec_changed = false;
}

static void defer_free(struct wctx *w, uint32_t unit)
{
	if (w->npending < 8)
		w->pending[w->npending++] = unit;
	else
		w->gc = true;
}

static void free_unit_now(struct vmsa_table *t, uint32_t u, bool fine)
{
	uint32_t k, n = fine ? 4 : 1;

	for (k = 0; k < n; k++)
		bit_set(t->used, u + k, false);
	t->used_units -= n;
}

/* A new zeroed table. The planning pass simulated this very allocation
 * on the same bitmap, so it succeeds. */
static uint32_t *table_at(struct vmsa_table *t, uint32_t u, bool fine,
                          uint64_t *pa)
{
	uint32_t *p, n = fine ? 1024 : 256;

	t->used_units += fine ? 4 : 1;
	p = unit_ptr(t, u);
	fill(p, n, 0);
	sync(t, p, n);
	*pa = unit_pa(t, u);
	return p;
}

static uint32_t *new_table(struct wctx *w, bool fine, uint64_t *pa)
{
	return table_at(w->t, pool_take(w->t, w->t->used, fine), fine, pa);
}

/* Replace valid L1 entries with break-before-make: fault, sync, TLB
 * invalidation of the ngran granules of size gsz from va, then the new
 * words. */
static void l1_replace(struct wctx *w, uint32_t idx, uint32_t n,
                       const uint32_t *words, uint32_t va, uint32_t gsz,
                       uint32_t ngran)
{
	struct vmsa_table *t = w->t;
	uint32_t k;

	if (is_live(t)) {
		fill(&t->l1[idx], n, 0);
		sync(t, &t->l1[idx], n);
		tlbi_range(t, va, gsz, ngran);
	}
	for (k = 0; k < n; k++)
		t->l1[idx + k] = words[k];
	sync(t, &t->l1[idx], n);
}

static void convert_coarse_to_fine(struct wctx *w, uint32_t mb)
{
	struct vmsa_table *t = w->t;
	uint32_t old = t->l1[mb], cu, i, word;
	bool f;
	uint32_t *c = table_of(t, old, &f, &cu), *fine;
	uint64_t fpa;

	fine = new_table(w, true, &fpa);
	/* Coarse entry i covers 4KB: four 1KB entries in the fine table;
	 * large and small page descriptors read the same in both. */
	for (i = 0; i < 256; i++)
		fill(&fine[i * 4], 4, c[i]);
	sync(t, fine, 1024);
	/* Same domain (bits 8:5) and bit 4; fine type, new address. */
	word = (old & ~(V5_L1_COARSE_ADDR_MASK | L1_TYPE_MASK)) |
	       V5_L1_TYPE_FINE | (uint32_t)fpa;
	/* Translations are unchanged; the TLB may hold walks through the
	 * old table: invalidate the whole MB (256 pages: TLBIALL). */
	l1_replace(w, mb, 1, &word, mb << 20, SZ_4K, 256);
	defer_free(w, cu);
}

static void free_pending(struct wctx *w);
static void merge_range(struct wctx *w, uint32_t va, uint64_t end,
                        bool check_empty, bool ends_only);

/* Write the pages of request q (index i of c) in one MB: [va, seg_end). */
static void write_pages(struct wctx *w, const struct req *q,
                        struct plan_ctx *c, size_t i, uint32_t va,
                        uint64_t pa, uint64_t seg_end)
{
	struct vmsa_table *t = w->t;
	uint32_t mb = va >> 20, l1w = t->l1[mb], *l2, first;
	bool v5 = fmt_v5(t->fmt), fine = false, tiny = false, any_tiny;
	bool earlier, et;
	size_t fj;
	uint64_t tpa, cur;
	struct run r;

	if (v5)
		pages_in_mb(q, mb, &tiny);
	any_tiny = tiny;
	/* c is NULL from map_in_mb (ARMv7 only, one request): no sharers. */
	if (v5 && c != NULL && c->n > 1)
		mb_sharers(c, i, mb, &earlier, &fj, &any_tiny, &et);
	if (l1w == 0) {
		fine = v5 && any_tiny;
		l2 = new_table(w, fine, &tpa);
		t->l1[mb] = table_word(q->tm.table, fine, tpa);
		sync(t, &t->l1[mb], 1);
	} else {
		l2 = table_of(t, l1w, &fine, NULL);
		if (v5 && !fine && tiny) {
			convert_coarse_to_fine(w, mb);
			l2 = table_of(t, t->l1[mb], &fine, NULL);
		}
	}
	first = l2_index(va, fine);
	for (cur = va; cur < seg_end; ) {
		uint32_t *p = &l2[l2_index((uint32_t)cur, fine)], k;
		next_run(false, (uint32_t)cur, pa, seg_end, &r);
		switch (r.kind) {
		case VMSA_KIND_LARGE:
			for (k = 0; k < r.n; k++) {
				fill(p, fine ? 64 : 16, q->tm.large |
				     (uint32_t)(pa + (uint64_t)k * SZ_64K));
				p += fine ? 64 : 16;
			}
			break;
		case VMSA_KIND_SMALL:
			if (fine) {
				for (k = 0; k < r.n; k++, p += 4)
					fill(p, 4, q->tm.small | (uint32_t)
					     (pa + (uint64_t)k * SZ_4K));
			} else {
				fill_inc(p, r.n, q->tm.small | (uint32_t)pa,
				         SZ_4K);
			}
			break;
		default:
			fill_inc(p, r.n, q->tm.tiny | (uint32_t)pa, SZ_1K);
			break;
		}
		cur += (uint64_t)r.n * r.gsz;
		pa += (uint64_t)r.n * r.gsz;
	}
	sync(t, &l2[first], l2_index((uint32_t)(cur - 1), fine) + 1 - first);
}

/* Write one request (validated and planned). */
static void write_req(struct wctx *w, const struct req *q,
                      struct plan_ctx *c, size_t i)
{
	struct vmsa_table *t = w->t;
	uint32_t va = q->va, k, *p;
	uint64_t pa = q->pa, end = (uint64_t)q->va + q->size, seg_end;
	struct run r;

	if (!(q->tm.attrs & VMSA_XN))
		w->exec_changed = true;
	while (va < end) {
		next_run(q->tm.super_ok, va, pa, end, &r);
		p = &t->l1[va >> 20];
		if (r.kind == VMSA_KIND_SUPERSECTION) {
			for (k = 0; k < r.n; k++)
				fill(&p[16 * k], 16, super_word(q->tm.super,
				     pa + (uint64_t)k * SZ_16M));
			sync(t, p, r.n * 16);
		} else if (r.kind == VMSA_KIND_SECTION) {
			fill_inc(p, r.n, q->tm.sect | (uint32_t)pa, SZ_1M);
			sync(t, p, r.n);
		} else {
			seg_end = (((uint64_t)va >> 20) + 1) << 20;
			if (seg_end > end)
				seg_end = end;
			write_pages(w, q, c, i, va, pa, seg_end);
			pa += seg_end - va;
			if (seg_end == VMSA_VA_SPAN)
				break;
			va = (uint32_t)seg_end;
			continue;
		}
		if ((uint64_t)va + (uint64_t)r.n * r.gsz >= VMSA_VA_SPAN)
			break;
		va += r.n * r.gsz;
		pa += (uint64_t)r.n * r.gsz;
	}
}

int vmsa_map_regions(struct vmsa_table *t, const struct vmsa_region *regions,
                     size_t n, size_t *bad)
{
	struct plan_ctx c;
	struct wctx w;
	struct req q;
	size_t i;
	uint32_t fl;
	int err;

	if (vmsa_table_ok(t, false) != VMSA_OK ||
	    (regions == NULL && n != 0))
		return VMSA_ERR_INVAL;
	if (n == 0)             /* an empty array maps nothing */
		return VMSA_OK;
	err = enter_checked(t, &fl);
	if (err != VMSA_OK)
		return err;
	c.t = t;
	c.fmt = t->fmt;
	c.r = regions;
	c.n = n;
	c.trial = true;
	c.bm_copied = false;
	c.plan = (struct vmsa_plan){ 0 };
	c.qok = 0;
	c.track = false;
	err = plan_all(&c, bad);
	if (err != VMSA_OK)
		return vmsa_guard_exit(t, fl, err);
	wctx_init(&w, t);
	for (i = 0; i < n; i++) {
		const struct req *qp = req_of(&c, i, &q, &err);

		write_req(&w, qp, &c, i);
		/* Folding only ever covers whole, fully mapped groups, which
		 * no later region of the array can touch. */
		/* A request congruent modulo 1MB has pages only in its first
		 * and last MB, and the greedy writer already used a
		 * supersection wherever a 16MB group inside it could fold:
		 * only the ends can merge. */
		merge_range(&w, qp->va, (uint64_t)qp->va + qp->size, false,
		            ((qp->va ^ (uint32_t)qp->pa) & (SZ_1M - 1)) == 0);
	}
	free_pending(&w);
	finish(t, w.exec_changed);
	vmsa_guard_exit(t, fl, VMSA_OK);
	if (t->flags & VMSA_TF_CHECK_WX)
		for (i = 0; i < n; i++)
			wx_after(t, VMSA_CALL_MAP, regions[i].va.v,
			         regions[i].size, regions[i].pa.p,
			         regions[i].attrs);
	return VMSA_OK;
}

/*
 * vmsa_map of a validated ARMv7 request below 1MB inside one MB: pages
 * only, in one second-level table. The same checks as plan_pages in the
 * same order (overlap with a section, foreign table, table attributes,
 * pool, overlap with pages), the same writes as write_pages and the same
 * merge pass and maintenance as vmsa_map_regions, without the planning
 * machinery: the single allocation is tried on the pool itself (pool_take
 * changes nothing when it fails, and nothing can fail after it).
 */
static void merge_groups(struct wctx *w, uint32_t *l2, bool fine,
                         uint64_t lo, uint64_t hi);
static void merge_to_section(struct wctx *w, uint32_t mb, uint32_t *l2,
                             bool fine, uint32_t unit);
static void merge_super(struct wctx *w, uint32_t mb16);

static int map_in_mb(struct vmsa_table *t, const struct req *q)
{
	uint32_t mb = q->va >> 20, l1w, *l2 = NULL, unit = 0;
	uint64_t end = (uint64_t)q->va + q->size, tpa;
	struct wctx w;
	bool fine = false;
	uint32_t fl;
	int err = enter_checked(t, &fl);

	if (err != VMSA_OK)
		return err;
	l1w = t->l1[mb];
	if (l1w != 0) {
		/* Two branches give OVERLAP: the order is the error precedence
		 * of plan_pages, so they stay apart. */
		/* NOLINTNEXTLINE(bugprone-branch-clone) */
		if (!l1_is_table(t->fmt, l1w)) {
			err = VMSA_ERR_OVERLAP;
		} else if ((l2 = table_of(t, l1w, &fine, &unit)) == NULL) {
			err = VMSA_ERR_BUSY;
		} else if ((l1w & ~(L1_TABLE_ADDR_MASK | L1_TYPE_MASK)) !=
		           (q->tm.table & ~L1_TYPE_MASK)) {
			err = VMSA_ERR_CONFLICT;
		} else if (any_set(&l2[l2_index(q->va, false)],
		                   (uint32_t)(q->size >> 12))) {
			err = VMSA_ERR_OVERLAP;
		}
	} else {
		unit = pool_take(t, t->used, false);

		if (unit == UINT32_MAX) {
			err = VMSA_ERR_NOMEM;
		} else {
			l2 = table_at(t, unit, false, &tpa);
			t->l1[mb] = table_word(q->tm.table, false, tpa);
			sync(t, &t->l1[mb], 1);
		}
	}
	if (err != VMSA_OK)
		return vmsa_guard_exit(t, fl, err);
	wctx_init(&w, t);
	w.exec_changed = !(q->tm.attrs & VMSA_XN);
	if (q->size == SZ_4K) {
		/* One granule: one small page (what next_run chooses). */
		uint32_t *p = &l2[l2_index(q->va, false)];
		*p = q->tm.small | (uint32_t)q->pa;
		sync(t, p, 1);
	} else {
		write_pages(&w, q, NULL, 0, q->va, q->pa, end);
	}
	/* merge_range of this one MB (a table, not emptied). For one page,
	 * the first refusal of each merge is tested here, inline: a 64KB
	 * group folds only from a small page at a 64KB-aligned output
	 * address, a table only from a large page, a 16MB group only from
	 * a section (the callees test the same first). */
	if (!(t->flags & VMSA_TF_NO_MERGE)) {
		uint32_t g0 = l2[l2_index(q->va & ~(SZ_64K - 1), false)];

		if (q->size != SZ_4K || ((g0 & 2u) && !(g0 & 0xf000u)))
			merge_groups(&w, l2, false, q->va, end);
		if ((l2[0] & L2_TYPE_MASK) == L2_TYPE_LARGE)
			merge_to_section(&w, mb, l2, false, unit);
		g0 = t->l1[mb & ~15u];
		if ((g0 & L1_TYPE_MASK) >= L1_TYPE_SECT && !(g0 & L1_SECT_SUPER))
			merge_super(&w, mb & ~15u);
	}
	free_pending(&w);
	finish(t, w.exec_changed);
	return vmsa_guard_exit(t, fl, VMSA_OK);
}

int vmsa_map(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa, uint64_t size,
             vmsa_attr_t attrs)
{
	struct vmsa_region r = { .name = NULL, .va = va, .pa = pa,
	                         .size = size, .attrs = attrs };
	struct req q;
	int err;

	if (vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	/* One MB, below 1MB, ARMv7: the fast path (req_check is what the
	 * general path checks first; its errors are the same). */
	if (!fmt_v5(t->fmt) && size != 0 && size < SZ_1M &&
	    ((uint64_t)va.v + size - 1) >> 20 == va.v >> 20) {
		err = req_check(t->fmt, va, pa, size, vmsa_smp_attrs(t, attrs),
		                &q);
		if (err == VMSA_OK)
			err = map_in_mb(t, &q);
		if (err == VMSA_OK && (t->flags & VMSA_TF_CHECK_WX))
			wx_after(t, VMSA_CALL_MAP, va.v, size, pa.p, attrs);
		return err;
	}
	return vmsa_map_regions(t, &r, 1, NULL);
}

/* ---- freeing ------------------------------------------------------------- */

/* Units in use that no L1 entry references (after overflowing the
 * pending list). */
static void collect_orphans(struct vmsa_table *t)
{
	uint32_t ref[VMSA_POOL_MAX_UNITS / 32] = { 0 };
	uint32_t i, u;
	bool fine;

	for (i = 0; i < VMSA_L1_ENTRIES; i++) {
		if (l1_is_table(t->fmt, t->l1[i]) &&
		    table_of(t, t->l1[i], &fine, &u) != NULL) {
			uint32_t k, nn = fine ? 4 : 1;
			for (k = 0; k < nn; k++)
				bit_set(ref, u + k, true);
		}
	}
	for (u = 0; u < t->pool_units; u++) {
		if (bit_get(t->used, u) && !bit_get(ref, u)) {
			bit_set(t->used, u, false);
			t->used_units--;
		}
	}
}

static void free_pending(struct wctx *w)
{
	uint32_t i;

	if (w->gc) {
		collect_orphans(w->t);
	} else {
		/* Bit 31 of a pending entry marks a fine table (4 units). */
		for (i = 0; i < w->npending; i++)
			free_unit_now(w->t, w->pending[i] & 0x7fffffffu,
			              (w->pending[i] & 0x80000000u) != 0);
	}
	w->npending = 0;
	w->gc = false;
}

/* ---- translate / walk / stats ------------------------------------------ */

/* vmsa_translate on ARMv7: the same walk as lookup, from the raw words,
 * attributes decoded by table (vmsa_desc_attrs_v7). */
static int translate_v7(const struct vmsa_table *t, uint32_t v,
                        struct vmsa_xlat *out)
{
	uint32_t w = t->l1[v >> 20], ty = w & L1_TYPE_MASK, tcb, ap, s, sz;
	vmsa_attr_t x, a;
	uint64_t pa;
	uint8_t kind;
	int err;

	*out = (struct vmsa_xlat){ .level = 1, .desc = w,
	                           .kind = VMSA_KIND_FAULT };
	if (ty == L1_TYPE_FAULT)
		return VMSA_ERR_NOTMAPPED;
	if (ty == L1_TYPE_TABLE) {
		/* table_of, inline: the pool lies below 4GB and is 1KB
		 * aligned (vmsa_init); an address below it wraps. */
		uint32_t off = (w & L1_TABLE_ADDR_MASK) - (uint32_t)t->pool_pa.p;
		const uint32_t *l2;

		if (off >= t->pool_units * SZ_1K)
			return VMSA_ERR_BUSY;
		l2 = (const uint32_t *)(const void *)(t->pool + off);
		x = VMSA_DOMAIN(L1_TABLE_DOMAIN_OF(w)) |
		    ((w & L1_TABLE_NS) ? VMSA_NS : 0) |
		    (((t->fmt & VMSA_FMT_PXN) && (w & L1_TABLE_PXN)) ?
		     VMSA_PXN : 0);
		w = l2[(v >> 12) & 0xffu];
		out->level = 2;
		out->desc = w;
		ty = w & L2_TYPE_MASK;
		if (ty == L2_TYPE_FAULT)
			return VMSA_ERR_NOTMAPPED;
		ap = ((w >> 4) & 3u) | ((w >> 7) & 4u);
		s = (w >> 10) & 1u;
		x |= (w & L2_SMALL_nG) ? VMSA_NG : 0;
		if (ty == L2_TYPE_LARGE) {
			tcb = ((w >> 10) & 0x1cu) | ((w >> 2) & 3u);
			x |= (w & L2_LARGE_XN) ? VMSA_XN : 0;
			kind = VMSA_KIND_LARGE;
			sz = SZ_64K;
			pa = w & L2_LARGE_ADDR_MASK;
		} else {
			tcb = ((w >> 4) & 0x1cu) | ((w >> 2) & 3u);
			x |= (w & L2_SMALL_XN) ? VMSA_XN : 0;
			kind = VMSA_KIND_SMALL;
			sz = SZ_4K;
			pa = w & L2_SMALL_ADDR_MASK;
		}
	} else {
		if (ty == L1_TYPE_SECT_PXN && !(t->fmt & VMSA_FMT_PXN))
			return VMSA_ERR_UNSUPPORTED;   /* reserved without PXN */
		tcb = ((w >> 10) & 0x1cu) | ((w >> 2) & 3u);
		ap = ((w >> 10) & 3u) | ((w >> 13) & 4u);
		s = (w >> 16) & 1u;
		x = ((w & L1_SECT_XN) ? VMSA_XN : 0) |
		    ((w & L1_SECT_nG) ? VMSA_NG : 0) |
		    ((w & L1_SECT_NS) ? VMSA_NS : 0) |
		    (ty == L1_TYPE_SECT_PXN ? VMSA_PXN : 0);
		if (w & L1_SECT_SUPER) {
			kind = VMSA_KIND_SUPERSECTION;
			sz = SZ_16M;
			pa = (uint64_t)(w & L1_SUPER_ADDR_MASK) |
			     (uint64_t)L1_SUPER_PA35_32_OF(w) << 32 |
			     (uint64_t)L1_SUPER_PA39_36_OF(w) << 36;
		} else {
			x |= VMSA_DOMAIN(L1_SECT_DOMAIN_OF(w));
			kind = VMSA_KIND_SECTION;
			sz = SZ_1M;
			pa = w & L1_SECT_ADDR_MASK;
		}
	}
	err = vmsa_desc_attrs_v7(t->fmt, tcb, ap, s, x, &a);
	if (err != VMSA_OK)
		return err;
	out->pa.p = pa + (v & (sz - 1));
	out->attrs = a;
	out->kind = kind;
	out->base.v = v & ~(sz - 1);
	return VMSA_OK;
}

static int translate_once(const struct vmsa_table *t, vmsa_va_t va,
                          struct vmsa_xlat *out)
{
	struct gran g;
	int err;

	if (!fmt_v5(t->fmt))
		return translate_v7(t, va.v, out);
	err = lookup(t, va.v, &g);
	*out = (struct vmsa_xlat){ .level = g.level, .desc = g.word,
	                           .kind = VMSA_KIND_FAULT };
	if (err != VMSA_OK)
		return err;
	if (g.kind == VMSA_KIND_FAULT)
		return VMSA_ERR_NOTMAPPED;
	out->pa.p = g.pa + (va.v - g.va);
	out->attrs = g.attrs;
	out->kind = g.kind;
	out->base.v = g.va;
	return VMSA_OK;
}

/* Lock-free: read again while a writer changed the tables meanwhile (a
 * table it freed may have been reused under the read). */
int vmsa_translate(const struct vmsa_table *t, vmsa_va_t va,
                   struct vmsa_xlat *out)
{
	uint32_t s;
	int err;

	if (out == NULL || vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	do {
		s = vmsa_guard_read_begin(t);
		err = translate_once(t, va, out);
	} while (vmsa_guard_read_retry(t, s));
	return err;
}

/*
 * The output address alone, from raw descriptor bits: the hot path for
 * drivers (virt-to-phys for DMA). Descriptor type encodings: B3.5.1
 * figures B3-4 and B3-5; ARMv5: ARM926EJ-S TRM 3.2.
 */
static int translate_pa_once(const struct vmsa_table *t, vmsa_va_t va,
                             vmsa_pa_t *pa)
{
	uint32_t w, v = va.v, ty, off;
	const uint32_t *l2;
	bool v5;

	w = t->l1[v >> 20];
	ty = w & L1_TYPE_MASK;
	/* Sections first (type 10 in both formats), then the format. */
	if (ty == L1_TYPE_SECT)
		goto section;
	v5 = fmt_v5(t->fmt);
	if (!v5 && ty == L1_TYPE_TABLE) {
		/* ARMv7 pages. The pool lies below 4GB (vmsa_init): 32-bit
		 * offsets, a table address below the pool wrapping to a
		 * large one. */
		off = (w & L1_TABLE_ADDR_MASK) - (uint32_t)t->pool_pa.p;
		if (off >= t->pool_units << 10)
			return VMSA_ERR_BUSY;
		w = ((const uint32_t *)(const void *)(t->pool + off))
		    [(v >> 12) & 0xffu];
		if (w & 2u)     /* small (type 1x, bit 0 being XN) */
			pa->p = (w & L2_SMALL_ADDR_MASK) | (v & (SZ_4K - 1));
		else if (w & 1u)
			pa->p = (w & L2_LARGE_ADDR_MASK) | (v & (SZ_64K - 1));
		else
			return VMSA_ERR_NOTMAPPED;
		return VMSA_OK;
	}
	if (ty == L1_TYPE_FAULT)
		return VMSA_ERR_NOTMAPPED;
	if (ty == L1_TYPE_SECT_PXN && !v5) {
		/* Without PXN, 0b11 is reserved: the MMU takes a
		 * translation fault (B3.5.1); vmsa_translate says
		 * VMSA_ERR_UNSUPPORTED for it, and so does this. */
		if (!(t->fmt & VMSA_FMT_PXN))
			return VMSA_ERR_UNSUPPORTED;
		goto section;
	}
	/* ARMv5 tables: coarse (type 01) or fine (11). */
	off = (w & (ty == V5_L1_TYPE_FINE ? V5_L1_FINE_ADDR_MASK :
	            L1_TABLE_ADDR_MASK)) - (uint32_t)t->pool_pa.p;
	if (off >= t->pool_units << 10)
		return VMSA_ERR_BUSY;
	l2 = (const uint32_t *)(const void *)(t->pool + off);
	w = ty == V5_L1_TYPE_FINE ? l2[(v >> 10) & 0x3ffu] :
	                            l2[(v >> 12) & 0xffu];
	ty = w & L2_TYPE_MASK;
	if (ty == L2_TYPE_FAULT)
		return VMSA_ERR_NOTMAPPED;
	if (ty == L2_TYPE_LARGE)
		pa->p = (w & L2_LARGE_ADDR_MASK) | (v & (SZ_64K - 1));
	else if (ty == V5_L2_TYPE_TINY && v5)
		pa->p = (w & V5_L2_TINY_ADDR_MASK) | (v & (SZ_1K - 1));
	else    /* small; on ARMv7 type 1x, bit 0 being XN */
		pa->p = (w & L2_SMALL_ADDR_MASK) | (v & (SZ_4K - 1));
	return VMSA_OK;
section:
	if ((w & L1_SECT_SUPER) && !fmt_v5(t->fmt))
		pa->p = ((uint64_t)L1_SUPER_PA39_36_OF(w) << 36) |
		        ((uint64_t)L1_SUPER_PA35_32_OF(w) << 32) |
		        (w & L1_SUPER_ADDR_MASK) | (v & (SZ_16M - 1));
	else
		pa->p = (w & L1_SECT_ADDR_MASK) | (v & (SZ_1M - 1));
	return VMSA_OK;
}

int vmsa_translate_pa(const struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t *pa)
{
	vmsa_pa_t r = { 0 };
	uint32_t s;
	int err;

	if (pa == NULL || vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	do {
		s = vmsa_guard_read_begin(t);
		err = translate_pa_once(t, va, &r);
	} while (vmsa_guard_read_retry(t, s));
	if (err == VMSA_OK)
		*pa = r;
	return err;
}

int vmsa_walk(const struct vmsa_table *t, vmsa_va_t va, uint64_t size,
              vmsa_run_fn fn, void *arg)
{
	uint64_t cur, end;
	struct vmsa_run run = { 0 };
	bool have = false;

	if (fn == NULL || vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (size > VMSA_VA_SPAN - va.v)
		return VMSA_ERR_RANGE;
	end = size ? (uint64_t)va.v + size : VMSA_VA_SPAN;
	cur = va.v;
	while (cur < end) {
		struct gran g;
		uint64_t gend, off, len;

		if (lookup(t, (uint32_t)cur, &g) != VMSA_OK ||
		    g.kind == VMSA_KIND_FAULT) {
			if (have) {
				fn(arg, &run);
				have = false;
			}
			cur = (uint64_t)g.va + g.size;
			continue;
		}
		gend = (uint64_t)g.va + g.size;
		if (gend > end)
			gend = end;
		off = cur - g.va;
		len = gend - cur;
		if (have && run.kind == g.kind && run.attrs == g.attrs &&
		    (uint64_t)run.va.v + run.size == cur &&
		    run.pa.p + run.size == g.pa + off) {
			run.size += len;
			run.count++;
		} else {
			if (have)
				fn(arg, &run);
			run = (struct vmsa_run){ .va = { (uint32_t)cur },
			        .size = len, .pa = { g.pa + off },
			        .kind = g.kind, .attrs = g.attrs, .count = 1 };
			have = true;
		}
		cur = gend;
	}
	if (have)
		fn(arg, &run);
	return VMSA_OK;
}

int vmsa_stats(const struct vmsa_table *t, struct vmsa_stats *st)
{
	uint32_t i, j;

	if (st == NULL)
		return VMSA_ERR_INVAL;
	*st = (struct vmsa_stats){ 0 };
	if (vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	for (i = 0; i < VMSA_L1_ENTRIES; i++) {
		uint32_t w = t->l1[i];
		struct vmsa_desc d;
		bool fine;
		uint32_t *l2;

		if (w == 0)
			continue;
		st->descriptors++;
		if (!l1_is_table(t->fmt, w)) {
			if (vmsa_l1_decode(t->fmt, w, &d) != VMSA_OK)
				continue;
			if (d.type == VMSA_DESC_SECTION ||
			    (i & 15) == 0) {
				st->entries++;
				st->mapped += d.type == VMSA_DESC_SECTION ?
				              SZ_1M : SZ_16M;
			}
			continue;
		}
		l2 = table_of(t, w, &fine, NULL);
		if (l2 == NULL)
			continue;
		st->l2_tables++;
		st->l2_bytes += fine ? SZ_4K : SZ_1K;
		for (j = 0; j < (fine ? 1024u : 256u); j++) {
			if (l2[j] == 0)
				continue;
			st->descriptors++;
			if (vmsa_l2_decode(t->fmt, fine, l2[j], &d) != VMSA_OK)
				continue;
			{
				enum vmsa_kind k = desc_kind(d.type);
				uint32_t reps = l2_reps(k, fine);
				if ((j & (reps - 1)) == 0) {
					st->entries++;
					st->mapped += vmsa_kind_size(k);
				}
			}
		}
	}
	return VMSA_OK;
}

/* ---- unmap / protect / remap --------------------------------------------
 * Three steps, each planned before anything is written:
 *  1. split: the granules that straddle the ends of the range, and those
 *     inside it that the new mapping cannot keep (a remap to a less
 *     aligned PA, a supersection getting a domain other than 0), are cut
 *     one level down until they fit, each cut with break-before-make;
 *  2. rewrite every granule of the range (fault for unmap, new attributes
 *     or new output address otherwise);
 *  3. merge (unless VMSA_TF_NO_MERGE) around the range and release tables
 *     left empty.
 */
enum op_kind { OP_UNMAP, OP_PROTECT, OP_REMAP };

struct op {
	enum op_kind kind;
	uint32_t va;
	uint64_t end;
	struct tmpl tm;         /* OP_PROTECT: the new attributes */
	uint64_t pa;            /* OP_REMAP: the new PA of va */
	uint64_t delta;         /* OP_REMAP: pa - va (mod 2^40) */
	uint32_t gmax;          /* largest granule the result may keep */
};

/* OP_REMAP: the new output address of VA v. */
static uint64_t new_pa(const struct op *o, uint32_t v)
{
	return o->pa + (v - o->va);
}

/* The largest granule an op allows anywhere in its range. */
static uint32_t op_gmax(const struct vmsa_table *t, const struct op *o)
{
	uint32_t s;
	static const uint32_t sizes[] = { SZ_16M, SZ_1M, SZ_64K, SZ_4K,
	                                  SZ_1K };
	unsigned i;

	if (o->kind == OP_PROTECT && !o->tm.super_ok)
		return SZ_1M;
	if (o->kind != OP_REMAP)
		return SZ_16M;
	for (i = 0; i < 5; i++) {
		s = sizes[i];
		if (!(o->delta & (s - 1)))
			break;
	}
	if (fmt_v5(t->fmt) && s > SZ_1M)
		s = SZ_1M;
	return s;
}

/* The descriptor word of granule g with template tm and output pa. */
static uint32_t gran_word(const struct gran *g, const struct tmpl *tm,
                          uint64_t pa)
{
	switch (g->kind) {
	case VMSA_KIND_SUPERSECTION: return super_word(tm->super, pa);
	case VMSA_KIND_SECTION: return tm->sect | (uint32_t)pa;
	case VMSA_KIND_LARGE: return tm->large | (uint32_t)pa;
	case VMSA_KIND_SMALL: return tm->small | (uint32_t)pa;
	default: return tm->tiny | (uint32_t)pa;
	}
}

/* Does op o leave granule g exactly as it is (a protect with the
 * attributes it has, a remap to the output address it has)? Then it is
 * neither cut nor rewritten, so e.g. a protect of part of a section with
 * its own attributes needs no second-level table. */
static bool gran_unchanged(const struct vmsa_table *t, const struct gran *g,
                           const struct op *o)
{
	if (o->kind == OP_REMAP)
		return ((g->pa - g->va) & (VMSA_PA_MAX - 1)) == o->delta;
	if (o->kind != OP_PROTECT ||
	    (g->kind == VMSA_KIND_SUPERSECTION && !o->tm.super_ok) ||
	    gran_word(g, &o->tm, g->pa) != *g->entry)
		return false;
	if (g->level == 2) {
		/* The table descriptor carries domain, NS and PXN. */
		uint32_t w1 = t->l1[g->va >> 20];
		bool fine = fmt_v5(t->fmt) && (w1 & L1_TYPE_MASK) ==
		            V5_L1_TYPE_FINE;
		return table_word(o->tm.table, fine, w1 & (fine ?
		                  V5_L1_FINE_ADDR_MASK : L1_TABLE_ADDR_MASK)) == w1;
	}
	return true;
}

/* Does granule g need to be cut for op o? */
static bool needs_split(const struct vmsa_table *t, const struct gran *g,
                        const struct op *o)
{
	uint64_t gend = (uint64_t)g->va + g->size;

	if (g->kind == VMSA_KIND_FAULT || gran_unchanged(t, g, o))
		return false;
	if (g->va < o->va || gend > o->end)
		return true;            /* straddles an end of the range */
	return g->size > o->gmax;
}

/* ARMv5: MB mb will hold 1KB granules after the op (a cut on a 1KB
 * boundary, or a remap by a multiple of 1KB only), so its table is fine. */
static bool op_needs_tiny(const struct vmsa_table *t, const struct op *o,
                          uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << 20, hi = lo + SZ_1M;

	if (!fmt_v5(t->fmt))
		return false;
	if (o->gmax == SZ_1K && o->va < hi && o->end > lo)
		return true;
	if ((o->va & (SZ_4K - 1)) && o->va >= lo && o->va < hi)
		return true;
	if ((o->end & (SZ_4K - 1)) && o->end > lo && o->end <= hi)
		return true;
	return false;
}

/* Does remap o move all of granule g to addresses sections can output
 * (1MB-aligned: no pages needed)? */
static bool remap_whole(const struct gran *g, const struct op *o)
{
	return o->kind == OP_REMAP && o->gmax >= SZ_1M && g->va >= o->va &&
	       (uint64_t)g->va + g->size <= o->end;
}

static void split_granule(struct wctx *w, const struct gran *g,
                          const struct op *o)
{
	struct vmsa_table *t = w->t;
	bool v5 = fmt_v5(t->fmt);
	uint32_t k;

	switch (g->kind) {
	case VMSA_KIND_SUPERSECTION: {
		/* 16 sections with the same attributes (domain 0). */
		uint32_t words[16], tmp;
		struct tmpl tm;
		uint64_t pa = g->pa;
		make_tmpl(t->fmt, g->attrs, &tm);
		tmp = tm.sect;
		/* Sections cannot output above 4GB: a remap that moves the
		 * whole supersection below it writes them at their new
		 * addresses (rewrite_pass then finds nothing to change). */
		if (pa + SZ_16M > FOUR_GB && remap_whole(g, o)) {
			pa = new_pa(o, g->va);
			/* The translation changes here, not in rewrite_pass. */
			if (!(g->attrs & VMSA_XN))
				w->exec_changed = true;
		}
		for (k = 0; k < 16; k++)
			words[k] = tmp | (uint32_t)(pa + (uint64_t)k * SZ_1M);
		l1_replace(w, g->va >> 20, 16, words, g->va, SZ_16M, 1);
		break;
	}
	case VMSA_KIND_SECTION: {
		/* A table of 16 large pages covering the same MB. */
		struct tmpl tm;
		uint64_t tpa;
		bool fine = op_needs_tiny(t, o, g->va >> 20);
		uint32_t *l2, word, reps = l2_reps(VMSA_KIND_LARGE, fine);
		make_tmpl(t->fmt, g->attrs, &tm);
		l2 = new_table(w, fine, &tpa);
		for (k = 0; k < 16; k++)
			fill(&l2[k * reps], reps,
			     tm.large | (uint32_t)(g->pa + (uint64_t)k * SZ_64K));
		sync(t, l2, 16 * reps);
		word = table_word(tm.table, fine, tpa);
		l1_replace(w, g->va >> 20, 1, &word, g->va, SZ_1M, 1);
		break;
	}
	case VMSA_KIND_LARGE: {
		struct tmpl tm;
		uint32_t *p = g->entry, per = g->fine ? 4 : 1;
		bool fine = g->fine;
		if (v5 && !fine && op_needs_tiny(t, o, g->va >> 20)) {
			convert_coarse_to_fine(w, g->va >> 20);
			return;         /* re-looked-up by the caller */
		}
		make_tmpl(t->fmt, g->attrs, &tm);
		if (is_live(t)) {
			fill(p, g->nrep, 0);
			sync(t, p, g->nrep);
			tlbi_range(t, g->va, SZ_64K, 1);
		}
		for (k = 0; k < 16; k++)
			fill(&p[k * per], per,
			     tm.small | (uint32_t)(g->pa + (uint64_t)k * SZ_4K));
		sync(t, p, g->nrep);
		break;
	}
	case VMSA_KIND_SMALL: {
		struct tmpl tm;
		uint32_t *p = g->entry;
		if (!g->fine) {
			convert_coarse_to_fine(w, g->va >> 20);
			return;
		}
		make_tmpl(t->fmt, g->attrs, &tm);
		if (is_live(t)) {
			fill(p, 4, 0);
			sync(t, p, 4);
			tlbi_range(t, g->va, SZ_4K, 1);
		}
		for (k = 0; k < 4; k++)
			p[k] = tm.tiny | (uint32_t)(g->pa + (uint64_t)k * SZ_1K);
		sync(t, p, 4);
		break;
	}
	default:
		break;
	}
}

static int split_pass(struct vmsa_table *t, const struct op *o,
                      struct wctx *w, uint32_t *bm)
{
	uint64_t cur = o->va;
	struct gran g;
	int err;
	/* Planning simulates the structure: which MBs became tables (and
	 * fine) during this pass, without writing. */
	uint32_t made_table_mb = UINT32_MAX, made_fine_mb = UINT32_MAX;
	bool v5 = fmt_v5(t->fmt);
	/* Planning: the first RANGE or NOMEM is returned only once the whole
	 * range is known to be mapped (NOTMAPPED and BUSY, errors of the
	 * request itself, take precedence wherever they lie in the range). */
	int late = VMSA_OK;

	while (cur < o->end) {
		err = lookup(t, (uint32_t)cur, &g);
		if (err != VMSA_OK)
			return err;
		if (g.kind == VMSA_KIND_FAULT)
			return VMSA_ERR_NOTMAPPED;
		if (o->kind == OP_REMAP && w == NULL) {
			/* Past 4GB only whole supersections reach. The part
			 * of g inside the range: g may start before it. */
			uint32_t lo = g.va < o->va ? o->va : g.va;
			uint64_t gend = (uint64_t)g.va + g.size;
			uint64_t hi = gend < o->end ? gend : o->end;
			uint64_t npa = new_pa(o, lo);
			if (npa + (hi - lo) > FOUR_GB &&
			    (g.kind != VMSA_KIND_SUPERSECTION ||
			     needs_split(t, &g, o))) {
				if (late == VMSA_OK)
					late = VMSA_ERR_RANGE;
				cur = gend;
				continue;
			}
		}
		if (w != NULL) {
			if (needs_split(t, &g, o)) {
				split_granule(w, &g, o);
				continue;       /* look again at cur */
			}
			cur = (uint64_t)g.va + g.size;
			continue;
		}
		/* Planning: predict the structure after splitting g. */
		if (!needs_split(t, &g, o)) {
			cur = (uint64_t)g.va + g.size;
			continue;
		}
		/* A supersection becomes sections, which output PA[31:20]
		 * only: one above 4GB cannot be cut, unless a remap moves
		 * all of it below 4GB (checked above): its sections are
		 * then written at their new addresses (split_granule). */
		if (g.kind == VMSA_KIND_SUPERSECTION &&
		    g.pa + SZ_16M > FOUR_GB && !remap_whole(&g, o)) {
			if (late == VMSA_OK)
				late = VMSA_ERR_RANGE;
			cur = (uint64_t)g.va + g.size;
			continue;
		}
		switch (g.kind) {
		case VMSA_KIND_SUPERSECTION:
			/* becomes sections; then each section as below */
			/* fall through */
		case VMSA_KIND_SECTION: {
			uint32_t mb = (uint32_t)(cur >> 20);
			uint64_t mlo = (uint64_t)mb << 20, mhi = mlo + SZ_1M;
			bool need_pages = o->gmax < SZ_1M ||
			        (o->va > mlo && o->va < mhi) ||
			        (o->end > mlo && o->end < mhi);
			if (need_pages && made_table_mb != mb) {
				bool fine = op_needs_tiny(t, o, mb);
				if (pool_take(t, bm, fine) == UINT32_MAX &&
				    late == VMSA_OK)
					late = VMSA_ERR_NOMEM;
				made_table_mb = mb;
			}
			/* Sections the cut leaves whole need nothing. */
			cur = mhi;
			break;
		}
		default: {
			/* Pages: a coarse table that must hold 1KB cuts is
			 * upgraded once. */
			uint32_t mb = (uint32_t)(cur >> 20);
			if (v5 && !g.fine && made_fine_mb != mb &&
			    op_needs_tiny(t, o, mb)) {
				if (pool_take(t, bm, true) == UINT32_MAX &&
				    late == VMSA_OK)
					late = VMSA_ERR_NOMEM;
				made_fine_mb = mb;
			}
			cur = (uint64_t)g.va + g.size;
			break;
		}
		}
	}
	return late;
}

/*
 * Unmap (ARMv7) of the granules from g on whose entries follow each other
 * in one table: one write of fault entries for the whole run, one sync,
 * then one TLB invalidation of the run's range (TLBIALL past the
 * threshold) and its DSB, instead of a write, sync, TLBI and DSB for each
 * granule. valid -> fault needs nothing else (no break-before-make: there
 * is no new entry). ARMv5 keeps the per-granule path: its VIVT caches are
 * cleaned granule by granule after the break. Returns the run's end.
 */
static uint64_t unmap_run(struct wctx *w, const struct op *o,
                          const struct gran *g)
{
	struct vmsa_table *t = w->t;
	uint32_t *e = g->entry, n = g->nrep;
	uint64_t end = (uint64_t)g->va + g->size;
	struct gran h;

	if (!(g->attrs & VMSA_XN))
		w->exec_changed = true;
	/* Past 2GB the run's size would not fit tlbi_range's granule. */
	while (end < o->end && end - g->va < ((uint64_t)1 << 31)) {
		lookup(t, (uint32_t)end, &h);
		if (h.level != g->level || h.entry != e + n)
			break;
		if (!(h.attrs & VMSA_XN))
			w->exec_changed = true;
		n += h.nrep;
		end = (uint64_t)h.va + h.size;
	}
	fill(e, n, 0);
	sync(t, e, n);
	tlbi_range(t, g->va, (uint32_t)(end - g->va), 1);
	return end;
}

/* Rewrite every granule of the range (all fit it after the splits). */
static void rewrite_pass(struct wctx *w, const struct op *o)
{
	struct vmsa_table *t = w->t;
	uint64_t cur = o->va;
	struct gran g;

	while (cur < o->end) {
		uint32_t word = 0, tw;
		bool bbm = true, fine, uncache;
		struct tmpl tm;

		lookup(t, (uint32_t)cur, &g);
		if (o->kind == OP_UNMAP && !fmt_v5(t->fmt)) {
			cur = unmap_run(w, o, &g);
			continue;
		}
		if (gran_unchanged(t, &g, o)) {
			/* Nothing to write, nothing to invalidate. */
			cur = (uint64_t)g.va + g.size;
			continue;
		}
		if (!(g.attrs & VMSA_XN))
			w->exec_changed = true;
		if (o->kind == OP_PROTECT) {
			tm = o->tm;
			if (!(tm.attrs & VMSA_XN))
				w->exec_changed = true;
			/* Same type, shareability, security and nG: in
			 * place. A global and an ASID-tagged entry for one
			 * VA at once is a TLB conflict (B3.10.2). */
			bbm = VMSA_MT(g.attrs) != VMSA_MT(tm.attrs) ||
			      ((g.attrs ^ tm.attrs) &
			       (VMSA_SHARED | VMSA_NS | VMSA_NG));
		} else if (o->kind == OP_REMAP) {
			make_tmpl(t->fmt, g.attrs, &tm);
		} else {
			tm = (struct tmpl){ 0 };
		}
		if (o->kind != OP_UNMAP) {
			uint64_t pa = o->kind == OP_REMAP ? new_pa(o, g.va) :
			              g.pa;
			word = gran_word(&g, &tm, pa);
		}
		if (g.level == 2 && o->kind == OP_PROTECT) {
			/* The L1 table descriptor carries domain, NS, PXN:
			 * update it (break-before-make over the MB) when the
			 * range holds every valid entry of the table
			 * (planning refused the others). */
			uint32_t mb = g.va >> 20;
			fine = (t->l1[mb] & L1_TYPE_MASK) == V5_L1_TYPE_FINE &&
			       fmt_v5(t->fmt);
			tw = table_word(tm.table, fine,
			                t->l1[mb] & (fine ? V5_L1_FINE_ADDR_MASK :
			                             L1_TABLE_ADDR_MASK));
			if (tw != t->l1[mb])
				l1_replace(w, mb, 1, &tw, mb << 20, SZ_4K, 256);
		}
		/* Whether cached lines of the old view must go: a
		 * cacheable entry becomes non-cacheable (both formats), or
		 * on ARMv5 (VIVT) the VA stops translating to this PA. */
		uncache = is_live(t) && mt_cacheable(g.attrs) &&
		          ((o->kind == OP_PROTECT && !mt_cacheable(tm.attrs)) ||
		           (fmt_v5(t->fmt) && o->kind != OP_PROTECT));
		if (is_live(t) && (bbm || o->kind == OP_UNMAP)) {
			fill(g.entry, g.nrep, 0);
			sync(t, g.entry, g.nrep);
			tlbi_range(t, g.va, g.size, 1);
			/* ARMv5: by MVA, no translation needed; after the
			 * break, so no access can refill the lines. */
			if (uncache && fmt_v5(t->fmt))
				vmsa_arch_dcache_clean_inval(g.va, g.size,
				                             is_smp(t));
		}
		fill(g.entry, g.nrep, word);
		sync(t, g.entry, g.nrep);
		/* ARMv7: by MVA through the new (non-cacheable) entry; the
		 * old cacheable one is invalidated, so nothing refills. */
		if (uncache && !fmt_v5(t->fmt))
			vmsa_arch_dcache_clean_inval(g.va, g.size, is_smp(t));
		if (is_live(t) && !bbm && o->kind != OP_UNMAP)
			tlbi_range(t, g.va, g.size, 1);
		cur = (uint64_t)g.va + g.size;
	}
}

/* ---- merging ------------------------------------------------------------
 * Merging works on raw words: a run of granules folds when its words are
 * the first word plus the granule stride (same attribute bits, contiguous
 * output addresses) and the first output address is aligned for the
 * larger granule. Only the groups an operation touched are examined, so
 * the check costs a few compares where nothing folds.
 */
static bool l2_is(vmsa_fmt_t fmt, uint32_t w, enum vmsa_kind k)
{
	uint32_t ty = w & L2_TYPE_MASK;

	switch (k) {
	case VMSA_KIND_LARGE: return ty == L2_TYPE_LARGE;
	case VMSA_KIND_SMALL:
		return fmt_v5(fmt) ? ty == V5_L2_TYPE_SMALL : (ty & 2) != 0;
	default: return fmt_v5(fmt) && ty == V5_L2_TYPE_TINY;
	}
}

/* n granules of stride `step` bytes, each `per` descriptors, starting at p:
 * do they continue p[0]? */
static bool run_continues(const uint32_t *p, uint32_t n, uint32_t per,
                          uint32_t step)
{
	uint32_t k, j, w = p[0];

	for (k = 0; k < n; k++, w += step)
		for (j = 0; j < per; j++)
			if (*p++ != w)
				return false;
	return true;
}

/* Replace `n` L2 words at p (covering [va, va + n granules of gsz)) by
 * `word` with break-before-make: the granule size changes. */
static void l2_fold(struct wctx *w, uint32_t *p, uint32_t n, uint32_t word,
                    uint32_t va, uint32_t gsz, uint32_t ngran)
{
	struct vmsa_table *t = w->t;

	if (is_live(t)) {
		fill(p, n, 0);
		sync(t, p, n);
		tlbi_range(t, va, gsz, ngran);
	}
	fill(p, n, word);
	sync(t, p, n);
}

/* The template of the attributes an L2 word carries, merged with the
 * table's. */
static bool l2_tmpl(const struct vmsa_table *t, bool fine, uint32_t w2,
                    struct tmpl *tm, uint64_t *pa)
{
	struct vmsa_desc d;

	if (vmsa_l2_decode(t->fmt, fine, w2, &d) != VMSA_OK)
		return false;
	*pa = d.pa.p;
	return make_tmpl(t->fmt, d.attrs, tm) == VMSA_OK;
}

static void merge_groups(struct wctx *w, uint32_t *l2, bool fine,
                         uint64_t lo, uint64_t hi)
{
	struct vmsa_table *t = w->t;
	uint32_t per = fine ? 4 : 1;
	uint64_t g;
	struct tmpl tm;
	uint64_t pa;

	/* 4 tiny pages -> small page (ARMv5 fine tables). */
	for (g = lo & ~(SZ_4K - 1); fine && g < hi; g += SZ_4K) {
		uint32_t *p = &l2[l2_index((uint32_t)g, true)];
		if (!l2_is(t->fmt, p[0], VMSA_KIND_TINY) ||
		    (p[0] & (SZ_4K - 1) & ~(SZ_1K - 1)) ||
		    !run_continues(p, 4, 1, SZ_1K) ||
		    !l2_tmpl(t, true, p[0], &tm, &pa))
			continue;
		l2_fold(w, p, 4, tm.small | (uint32_t)pa, (uint32_t)g, SZ_1K,
		        4);
	}
	/* 16 small pages -> large page. */
	for (g = lo & ~(SZ_64K - 1); g < hi; g += SZ_64K) {
		uint32_t *p = &l2[l2_index((uint32_t)g, fine)];
		if (!l2_is(t->fmt, p[0], VMSA_KIND_SMALL) ||
		    (p[0] & (SZ_64K - 1) & ~(SZ_4K - 1)) ||
		    !run_continues(p, 16, per, SZ_4K) ||
		    !l2_tmpl(t, fine, p[0], &tm, &pa))
			continue;
		l2_fold(w, p, 16 * per, tm.large | (uint32_t)pa, (uint32_t)g,
		        SZ_4K, 16);
	}
}

/* A table of 16 matching large pages -> one section. */
static void merge_to_section(struct wctx *w, uint32_t mb, uint32_t *l2,
                             bool fine, uint32_t unit)
{
	struct vmsa_table *t = w->t;
	struct vmsa_desc td, d;
	struct tmpl tm;
	uint32_t sw;

	if (!l2_is(t->fmt, l2[0], VMSA_KIND_LARGE) ||
	    (l2[0] & (SZ_1M - 1) & ~(SZ_64K - 1)) ||
	    !run_continues(l2, 16, fine ? 64 : 16, SZ_64K))
		return;
	if (vmsa_l1_decode(t->fmt, t->l1[mb], &td) != VMSA_OK ||
	    vmsa_l2_decode(t->fmt, fine, l2[0], &d) != VMSA_OK ||
	    make_tmpl(t->fmt, d.attrs | td.attrs, &tm) != VMSA_OK)
		return;
	/* Break: every page of the MB may be in a TLB (256 > threshold:
	 * TLBIALL). */
	sw = tm.sect | (uint32_t)d.pa.p;
	l1_replace(w, mb, 1, &sw, mb << 20, SZ_4K, 256);
	defer_free(w, unit | (fine ? 0x80000000u : 0));
}

/* 16 matching sections -> one supersection. */
static void merge_super(struct wctx *w, uint32_t mb16)
{
	struct vmsa_table *t = w->t;
	uint32_t *p = &t->l1[mb16], words[16], k;
	struct vmsa_desc d;
	struct tmpl tm;

	/* Cheap refusals first, from the raw word: a supersection needs
	 * domain 0 and a 16MB-aligned output address. */
	if (fmt_v5(t->fmt) || (p[0] & L1_TYPE_MASK) < L1_TYPE_SECT ||
	    (p[0] & L1_SECT_SUPER) || L1_SECT_DOMAIN_OF(p[0]) != 0 ||
	    (p[0] & (SZ_16M - 1) & ~(SZ_1M - 1)) ||
	    !run_continues(p, 16, 1, SZ_1M))
		return;
	if (vmsa_l1_decode(t->fmt, p[0], &d) != VMSA_OK ||
	    (d.pa.p & (SZ_16M - 1)) || VMSA_ATTR_DOMAIN(d.attrs) != 0 ||
	    make_tmpl(t->fmt, d.attrs, &tm) != VMSA_OK || !tm.super_ok)
		return;
	for (k = 0; k < 16; k++)
		words[k] = super_word(tm.super, d.pa.p);
	l1_replace(w, mb16, 16, words, mb16 << 20, SZ_1M, 16);
}

/* After writing [va, end): release tables left empty (when entries were
 * removed: check_empty), and unless VMSA_TF_NO_MERGE fold what became
 * uniform. ends_only: only the first and last MB and 16MB group can
 * change (the caller knows the others hold no tables and cannot fold). */
static void merge_range(struct wctx *w, uint32_t va, uint64_t end,
                        bool check_empty, bool ends_only)
{
	struct vmsa_table *t = w->t;
	uint32_t mb, next, lo = va >> 20, hi = (uint32_t)((end - 1) >> 20);
	bool merge = !(t->flags & VMSA_TF_NO_MERGE);

	for (mb = lo; mb <= hi; mb = next) {
		next = ends_only && mb == lo && hi > lo + 1 ? hi : mb + 1;
		uint32_t *l2, unit, i, n;
		uint64_t mlo = (uint64_t)mb << 20, mhi = mlo + SZ_1M;
		bool fine, empty = true;

		if (!l1_is_table(t->fmt, t->l1[mb]))
			continue;
		l2 = table_of(t, t->l1[mb], &fine, &unit);
		if (l2 == NULL)
			continue;
		n = fine ? 1024 : 256;
		for (i = 0; i < n && empty; i++)
			empty = check_empty && l2[i] == 0;
		if (empty) {
			uint32_t z = 0;
			l1_replace(w, mb, 1, &z, mb << 20, SZ_1M, 1);
			defer_free(w, unit | (fine ? 0x80000000u : 0));
			continue;
		}
		if (!merge)
			continue;
		merge_groups(w, l2, fine, va > mlo ? va : mlo,
		             end < mhi ? end : mhi);
		merge_to_section(w, mb, l2, fine, unit);
	}
	if (!merge || fmt_v5(t->fmt))
		return;
	for (mb = lo & ~15u; mb <= hi; mb = next) {
		next = ends_only && mb == (lo & ~15u) && (hi & ~15u) > mb + 16 ?
		       (hi & ~15u) : mb + 16;
		merge_super(w, mb);
	}
}

/* Does the table of L1 word w1 (MB from lo) hold a valid entry outside
 * the range of o? Splitting has not happened yet: a large page that
 * straddles an end of the range has entries outside it, as the small
 * pages it will be cut into will. */
static bool table_used_outside(const struct vmsa_table *t, uint32_t w1,
                               const struct op *o, uint64_t lo)
{
	bool fine = false;
	uint32_t *l2 = table_of(t, w1, &fine, NULL);
	uint64_t a = o->va > lo ? o->va : lo;
	uint64_t b = o->end < lo + SZ_1M ? o->end : lo + SZ_1M;
	uint32_t sh = fine ? 10 : 12, n = SZ_1M >> sh;
	/* Entries holding any byte before a, or any from b on (an ARMv5
	 * coarse entry can straddle a 1KB-aligned end). */
	uint32_t i0 = (uint32_t)((a - lo + (1u << sh) - 1) >> sh);
	uint32_t i1 = (uint32_t)((b - lo) >> sh);

	return l2 == NULL || any_set(l2, i0) || any_set(&l2[i1], n - i1);
}

static int run_op(struct vmsa_table *t, struct op *o)
{
	uint32_t bm[VMSA_POOL_MAX_UNITS / 32];
	struct wctx w;
	uint32_t i;
	int err;

	o->gmax = op_gmax(t, o);
	for (i = 0; i < VMSA_POOL_MAX_UNITS / 32; i++)
		bm[i] = t->used[i];
	err = split_pass(t, o, NULL, bm);
	if (err != VMSA_OK)
		return err;
	if (o->kind == OP_PROTECT) {
		/* Pages whose table's MB is only partly in the range must
		 * keep the table's domain, NS and PXN, unless every valid
		 * entry of the table lies in the range: then the L1 table
		 * descriptor changes with them (rewrite_pass). */
		uint64_t cur = o->va;
		while (cur < o->end) {
			uint32_t mb = (uint32_t)(cur >> 20), w1 = t->l1[mb];
			uint64_t lo = (uint64_t)mb << 20, hi = lo + SZ_1M;
			bool partial = o->va > lo || o->end < hi;
			struct vmsa_desc td;
			if (partial && l1_is_table(t->fmt, w1) &&
			    vmsa_l1_decode(t->fmt, w1, &td) == VMSA_OK &&
			    td.attrs != o->tm.tattrs &&
			    table_used_outside(t, w1, o, lo))
				return VMSA_ERR_CONFLICT;
			/* A section cut into pages keeps its own table
			 * attributes: those must match too. */
			if (partial && !l1_is_table(t->fmt, w1) && w1 != 0) {
				struct vmsa_desc sd;
				if (vmsa_l1_decode(t->fmt, w1, &sd) == VMSA_OK &&
				    (sd.attrs & VMSA_TABLE_ATTRS) !=
				    o->tm.tattrs)
					return VMSA_ERR_CONFLICT;
			}
			cur = hi;
		}
	}
	wctx_init(&w, t);
	split_pass(t, o, &w, NULL);
	rewrite_pass(&w, o);
	merge_range(&w, o->va, o->end, true, false);
	free_pending(&w);
	finish(t, w.exec_changed);
	return VMSA_OK;
}

static int op_check(const struct vmsa_table *t, vmsa_va_t va, uint64_t size)
{
	uint32_t g;

	if (vmsa_table_ok(t, false) != VMSA_OK || size == 0)
		return VMSA_ERR_INVAL;
	g = min_granule(t->fmt);
	if ((va.v | size) & (g - 1))
		return VMSA_ERR_ALIGN;
	if (size > VMSA_VA_SPAN - va.v)         /* no overflow for any size */
		return VMSA_ERR_RANGE;
	return VMSA_OK;
}

/* Validate the range of an op and fill it in. */
static int op_range(const struct vmsa_table *t, vmsa_va_t va, uint64_t size,
                    struct op *o)
{
	int err = op_check(t, va, size);

	o->va = va.v;
	o->end = (uint64_t)va.v + size;
	return err;
}

static int run_locked(struct vmsa_table *t, struct op *o)
{
	uint32_t fl;
	int err = enter_checked(t, &fl);

	if (err != VMSA_OK)
		return err;
	err = vmsa_guard_exit(t, fl, run_op(t, o));
	if (err == VMSA_OK && (t->flags & VMSA_TF_CHECK_WX))
		wx_after(t, o->kind == OP_UNMAP ? VMSA_CALL_UNMAP :
		         o->kind == OP_PROTECT ? VMSA_CALL_PROTECT :
		         VMSA_CALL_REMAP, o->va, o->end - o->va,
		         o->kind == OP_REMAP ? o->pa : 0,
		         o->kind == OP_PROTECT ? o->tm.attrs : 0);
	return err;
}

int vmsa_unmap(struct vmsa_table *t, vmsa_va_t va, uint64_t size)
{
	struct op o = { .kind = OP_UNMAP };
	int err = op_range(t, va, size, &o);

	return err != VMSA_OK ? err : run_locked(t, &o);
}

int vmsa_protect(struct vmsa_table *t, vmsa_va_t va, uint64_t size,
                 vmsa_attr_t attrs)
{
	struct op o = { .kind = OP_PROTECT };
	int err = op_range(t, va, size, &o);

	if (err == VMSA_OK)
		err = make_tmpl(t->fmt, vmsa_smp_attrs(t, attrs), &o.tm);
	return err != VMSA_OK ? err : run_locked(t, &o);
}

int vmsa_remap(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa,
               uint64_t size)
{
	struct op o = { .kind = OP_REMAP };
	int err = op_range(t, va, size, &o);

	if (err != VMSA_OK)
		return err;
	if (pa.p & (min_granule(t->fmt) - 1))
		return VMSA_ERR_ALIGN;
	if (pa.p >= VMSA_PA_MAX || size > VMSA_PA_MAX - pa.p)
		return VMSA_ERR_RANGE;
	o.pa = pa.p;
	o.delta = (pa.p - va.v) & (VMSA_PA_MAX - 1);
	return run_locked(t, &o);
}
