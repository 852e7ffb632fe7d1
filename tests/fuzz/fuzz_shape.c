/*
 * fuzz_shape.c - the region arrays and pools the differential fuzz target
 * (fuzz_ops.c) uses to reach the hard cases of planning:
 *  - clustered arrays: 2 to 4 regions inside one or two MBs, on 1KB
 *    boundaries (the page size on ARMv7), laid out in the gaps the model
 *    leaves around what is mapped, mostly with one VA-to-PA offset and
 *    one attribute set, so that ARMv5 MBs mix tiny, small and large pages
 *    against an existing coarse or fine table, and MBs fold;
 *  - the pool room a plan needs (fuzz_pool_fits) and a pool filled, by
 *    mappings elsewhere, down to exactly that room (fuzz_pool_fill);
 *  - the plan's end counts against what the call left (fuzz_plan_end).
 * On long descriptors (VMSA_FMT_LPAE) the same over 2MB top entries:
 * clusters in one or two of them on 4KB boundaries, a pool of 4KB units
 * (each a level-3 table; no blocks, no fringe), fillers one 4KB page per
 * free 2MB entry, end counts over the 64-bit level-2 words.
 *
 * Does not cover: judging calls against the model (fuzz_check.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "refmodel.h"

#include "fuzz_ops.h"

#define MB       0x100000u
#define FOUR_GB  ((uint64_t)1 << 32)

static uint8_t in8(struct fuzz_in *in)
{
	return *in->off < in->n ? in->p[(*in->off)++] : 0;
}

static uint16_t in16(struct fuzz_in *in)
{
	uint16_t v = in8(in);
	return (uint16_t)(v | (uint16_t)in8(in) << 8);
}

static bool mapped(const struct ref_model *m, uint64_t va)
{
	return m->pages[va >> m->shift].attrs != 0;
}

/* A region length: a run of tiny, small, large pages or whole MBs'
 * worth (clipped by the caller to the free run). */
static uint64_t gen_len(struct fuzz_in *in, unsigned sel)
{
	static const uint32_t unit[4] = { 0x400, 0x1000, 0x10000, MB / 4 };
	return (uint64_t)(1 + in8(in) % 16) * unit[sel & 3u];
}

size_t fuzz_cluster(struct fuzz_in *in, const struct ref_model *m,
                    uint32_t va, const struct fuzz_hist *near,
                    vmsa_attr_t attrs, struct vmsa_region *rg)
{
	uint32_t pg = 1u << m->shift;
	unsigned ts = ref_top_shift(m->fmt);    /* MB, LPAE 2MB */
	uint8_t k = in8(in);
	size_t want = 2 + k % 3u, n = 0;
	uint64_t lo = va & ~(((uint64_t)1 << ts) - 1);
	uint64_t hi = lo + ((k & 8u) ? 2u : 1u) * ((uint64_t)1 << ts);
	uint64_t cur = lo;
	int64_t d;
	vmsa_attr_t common = attrs;

	if (hi > FOUR_GB)
		hi = FOUR_GB;
	/* The offset of the mapping nearby (so the MB may fold with it),
	 * identity, or a section-aligned one from the input. */
	switch ((k >> 4) & 3u) {
	case 0: case 1:
		d = near ? (int64_t)near->pa - (int64_t)near->va : 0;
		break;
	case 2:
		d = 0;
		break;
	default:
		d = (int64_t)((uint64_t)in8(in) << ts) - (int64_t)lo;
		break;
	}
	if (near && !(k & 0x40u))
		common = near->attrs;
	if (k & 0x80u)          /* start anywhere in the span */
		cur = lo + (uint64_t)in16(in) % ((hi - lo) / pg) * pg;
	while (n < want && cur < hi) {
		uint8_t b = in8(in);
		uint64_t end;
		while (cur < hi && mapped(m, cur))
			cur += pg;
		if ((b & 3u) == 0)      /* leave a gap */
			cur += gen_len(in, b >> 5) & ~(uint64_t)(pg - 1);
		if (cur >= hi)
			break;
		for (end = cur; end < hi && !mapped(m, end); end += pg)
			;
		if (end == cur)
			continue;
		/* Else to the end of the free run: often for the last
		 * region, so that MBs fill up and fold. */
		if (((b >> 2) & 3u) && !(n + 1 == want && (b & 0x10u))) {
			uint64_t len = gen_len(in, (b >> 2) - 1u);
			len = (len + pg - 1) & ~(uint64_t)(pg - 1);
			if (cur + len < end)
				end = cur + len;
		}
		struct vmsa_region *q = &rg[n++];
		int64_t pa = (int64_t)cur + d;
		q->name = NULL;
		q->va = vmsa_va((uint32_t)cur);
		q->size = end - cur;
		q->attrs = common;
		if ((b & 0xf0u) == 0xf0u)       /* another offset */
			pa += (int64_t)pg * (1 + in8(in) % 4u);
		else if ((b & 0xf0u) == 0xe0u)  /* other attributes */
			q->attrs = attrs;
		q->pa = vmsa_pa(pa < 0 ? (uint64_t)pa & 0xffffffffu :
		                (uint64_t)pa);
		cur = end;
	}
	/* Arrays come in any order: the plan must not depend on it. */
	if (n > 1 && (in8(in) & 1u)) {
		for (size_t i = 0; i < n / 2; i++) {
			struct vmsa_region x = rg[i];
			rg[i] = rg[n - 1 - i];
			rg[n - 1 - i] = x;
		}
	}
	return n;
}

/* ---- pool room ------------------------------------------------------------
 * The pool's 1KB units come in 4-unit blocks from the first 4KB-aligned
 * unit (an ARMv5 fine table takes a whole free block); units outside
 * whole blocks are the fringe. The engine puts a coarse table in a
 * partly used block first, then in the fringe, and only then breaks a
 * whole free block (src/engine/pool.c; allocation is deterministic, and
 * vmsa.h asks for the plan's peak free).
 */
static bool used_bit(const uint32_t *bm, uint32_t u)
{
	return (bm[u / 32] >> (u % 32)) & 1u;
}

static uint32_t origin(const struct vmsa_table *t)
{
	return (uint32_t)(((0x1000 - (t->pool_pa.p & 0xfff)) & 0xfff) / 0x400);
}

static bool lpae(const struct vmsa_table *t)
{
	return t->fmt == VMSA_FMT_LPAE;
}

/* Free units in whole free blocks (*whole, in blocks) and elsewhere.
 * LPAE: a unit is a table; every free unit counts in *other. */
static void room(const struct vmsa_table *t, const uint32_t *used,
                 uint32_t *whole, uint32_t *other)
{
	uint32_t n = t->pool_units, o = origin(t), u;

	*whole = *other = 0;
	for (u = 0; u < n && lpae(t); u++)
		*other += !used_bit(used, u);
	for (u = 0; u < n && !lpae(t); u++) {
		bool in_block = u >= o && u + 4 - (u - o) % 4 <= n;
		if (used_bit(used, u))
			continue;
		if (in_block && (u - o) % 4 == 0 && !used_bit(used, u + 1) &&
		    !used_bit(used, u + 2) && !used_bit(used, u + 3)) {
			(*whole)++;
			u += 3;
			continue;
		}
		(*other)++;
	}
}

bool fuzz_pool_fits(const struct vmsa_table *t, const uint32_t *used,
                    const struct vmsa_plan *pl, char *why, size_t len)
{
	uint32_t whole, other, coarse = pl->l2_tables - pl->l2_fine, over;
	bool ok;

	room(t, used, &whole, &other);
	if (t->fmt != VMSA_FMT_V5) {
		ok = whole * 4 + other >= pl->pool_units;
	} else {
		/* Coarse tables past the partly used blocks and the fringe
		 * break whole blocks, four to a block. */
		over = coarse > other ? coarse - other : 0;
		ok = whole >= pl->l2_fine + (over + 3) / 4;
	}
	snprintf(why, len, "plan peak %u tables (%u fine) %u units; pool has "
	         "%u whole free 4KB blocks + %u other free units", pl->l2_tables,
	         pl->l2_fine, pl->pool_units, whole, other);
	return ok;
}

/* ---- filling the pool to the plan's peak ---------------------------------
 * Filler mappings, each a page at the start of a top entry (MB; LPAE
 * 2MB) of its own that nothing maps and no region of the array touches,
 * take the units the array must not get: a 4KB page takes a coarse
 * table (LPAE: a level-3 table), an ARMv5 1KB page a fine one. Unmapping
 * a filler frees its table's units.
 */
#define FILL_VA0 0x10000000u    /* fillers from VA 0x10000000 up */

/* Is top entry i a fault? LPAE: bit 0 of the 64-bit level-2 word
 * (B3.6.1), else the short formats' decoder. */
static bool top_fault(const struct vmsa_table *t, uint32_t i)
{
	struct vmsa_desc d;
	if (lpae(t))
		return !(((const uint64_t *)(const void *)t->l1)[i] & 1u);
	return vmsa_l1_decode(t->fmt, t->l1[i], &d) == VMSA_OK &&
	       d.type == VMSA_DESC_FAULT;
}

static bool fill_one(struct vmsa_table *t, const struct vmsa_region *rg,
                     size_t n, struct fuzz_fill *f, bool fine)
{
	unsigned ts = ref_top_shift(t->fmt);
	for (; f->next < (uint32_t)(VMSA_VA_SPAN >> ts) &&
	     f->n < FUZZ_FILL_MAX; f->next++) {
		uint32_t mb = f->next, va = mb << ts;
		bool touched = false;
		if (!top_fault(t, mb))
			continue;
		for (size_t i = 0; i < n && !touched; i++)
			touched = rg[i].size && rg[i].va.v >> ts <= mb &&
			          (rg[i].va.v + rg[i].size - 1) >> ts >= mb;
		if (touched)
			continue;
		f->next++;
		/* Write-back, read-write: valid in every format, and no
		 * uncached alias for the strict cache model. */
		if (vmsa_map(t, vmsa_va(va), vmsa_pa(va), fine ? 0x400 : 0x1000,
		             VMSA_MT_WRITEBACK | VMSA_RW) != VMSA_OK)
			return false;
		f->va[f->n++] = va;
		return true;
	}
	return false;
}

/* Unmap filler k (its slot then reads 1: not a filler any more). */
static int unfill_one(struct vmsa_table *t, struct fuzz_fill *f, uint32_t k)
{
	int rc = vmsa_unmap(t, vmsa_va(f->va[k]), f->fine[k] ? 0x400 : 0x1000);
	f->va[k] = 1;
	return rc;
}

int fuzz_pool_unfill(struct vmsa_table *t, struct fuzz_fill *f)
{
	int first = VMSA_OK;
	for (uint32_t k = 0; k < f->n; k++) {
		uint32_t va = f->va[k];
		if (va == 1)
			continue;
		int rc = unfill_one(t, f, k);
		if (rc != VMSA_OK && first == VMSA_OK) {
			first = rc;
			f->bad_va = va;
		}
	}
	f->n = 0;
	return first;
}

bool fuzz_pool_fill(struct vmsa_table *t, const struct vmsa_plan *pl,
                    const struct vmsa_region *rg, size_t n,
                    struct fuzz_fill *f)
{
	uint32_t whole, other, k, i, nc = pl->l2_tables - pl->l2_fine;
	uint32_t nf = pl->l2_fine, free_units;
	bool ok = true;

	memset(f, 0, sizeof(*f));
	f->next = FILL_VA0 >> ref_top_shift(t->fmt);
	room(t, t->used, &whole, &other);
	free_units = whole * 4 + other;
	if (free_units < pl->pool_units || free_units - pl->pool_units >
	    FUZZ_FILL_MAX)
		return false;
	if (t->fmt != VMSA_FMT_V5) {
		/* Any free unit takes a coarse (LPAE: level-3) table. */
		for (i = pl->pool_units; ok && i < free_units; i++) {
			f->fine[f->n] = false;
			ok = fill_one(t, rg, n, f, false);
		}
	} else {
		/* Coarse fillers eat the free units outside whole blocks
		 * (A), then break and fill the lowest k whole blocks, four
		 * to a block (B); fine fillers take the whole blocks past
		 * the nf highest (C). Then A's and, three to a block, B's
		 * fillers go again until nc such units are free. */
		uint32_t a, b;
		k = nc > other ? (nc - other + 2) / 3 : 0;
		if (whole < k + nf)
			return false;
		for (a = 0; ok && a < other; a++) {
			f->fine[f->n] = false;
			ok = fill_one(t, rg, n, f, false);
		}
		for (b = 0; ok && b < 4 * k; b++) {
			f->fine[f->n] = false;
			ok = fill_one(t, rg, n, f, false);
		}
		for (i = 0; ok && i < whole - k - nf; i++) {
			f->fine[f->n] = true;
			ok = fill_one(t, rg, n, f, true);
		}
		for (i = 0; ok && i < nc && i < other; i++)
			ok = unfill_one(t, f, i) == VMSA_OK;
		for (b = 0; ok && i < nc; b++) {
			if (b % 4 == 0)
				continue;       /* keeps its block partly used */
			ok = unfill_one(t, f, other + b) == VMSA_OK;
			i++;
		}
	}
	room(t, t->used, &whole, &other);
	if (!ok || whole != nf || whole * 4 + other != pl->pool_units) {
		fuzz_pool_unfill(t, f);
		return false;
	}
	return true;
}

/* ---- the plan's end counts ----------------------------------------------- */
/* The table top word w points to: its PA, fine in *fine; 0 if none.
 * LPAE: a level-2 table descriptor (type 11, address 39:12). */
static uint64_t table_pa(vmsa_fmt_t fmt, uint64_t w, bool *fine)
{
	struct vmsa_desc d;
	if (fmt == VMSA_FMT_LPAE)
		return (w & 3u) == 3u ? (w & 0x000000fffffff000ull) | 1u : 0;
	if (vmsa_l1_decode(fmt, (uint32_t)w, &d) != VMSA_OK ||
	    (d.type != VMSA_DESC_TABLE && d.type != VMSA_DESC_FINE_TABLE))
		return 0;
	*fine = d.type == VMSA_DESC_FINE_TABLE;
	return d.pa.p | 1u;     /* never 0, even for a table at PA 0 */
}

bool fuzz_plan_end(const struct vmsa_table *t, const uint32_t *before,
                   const struct vmsa_plan *pl, const struct vmsa_stats *st0,
                   char *why, size_t len)
{
	uint32_t nnew = 0, unew = 0, ngone = 0, ugone = 0;
	struct vmsa_stats st1;
	unsigned ts = ref_top_shift(t->fmt);
	uint32_t ubytes = lpae(t) ? 0x1000u : 0x400u;  /* a pool unit */

	for (uint32_t i = 0; i < (uint32_t)(VMSA_VA_SPAN >> ts); i++) {
		/* LPAE: 64-bit words (read through memcpy: `before` is a
		 * snapshot in a 32-bit array). */
		uint64_t w0 = before[i], w1 = t->l1[i];
		if (lpae(t)) {
			memcpy(&w0, (const uint8_t *)before + 8u * i, 8);
			memcpy(&w1, (const uint8_t *)t->l1 + 8u * i, 8);
		}
		if (w0 == w1)
			continue;
		bool f0 = false, f1 = false;
		uint64_t a0 = table_pa(t->fmt, w0, &f0);
		uint64_t a1 = table_pa(t->fmt, w1, &f1);
		if (a0 == a1 && f0 == f1)
			continue;       /* the same table, new attributes */
		if (a1) {
			nnew++;
			unew += f1 ? 4 : 1;
		}
		if (a0) {
			ngone++;
			ugone += f0 ? 4 : 1;
		}
	}
	vmsa_stats(t, &st1);
	snprintf(why, len, "plan: %u tables %u units at the end (peak %u, "
	         "%u units); the call left %u new tables (%u units) in use "
	         "and released %u old (%u units); vmsa_stats l2_tables %u -> "
	         "%u, l2_bytes %u -> %u", pl->l2_tables_final,
	         pl->pool_units_final, pl->l2_tables, pl->pool_units, nnew,
	         unew, ngone, ugone, st0->l2_tables, st1.l2_tables,
	         st0->l2_bytes, st1.l2_bytes);
	return nnew == pl->l2_tables_final && unew == pl->pool_units_final &&
	       st1.l2_tables + ngone == st0->l2_tables + pl->l2_tables_final &&
	       st1.l2_bytes / ubytes + ugone ==
	       st0->l2_bytes / ubytes + pl->pool_units_final;
}
