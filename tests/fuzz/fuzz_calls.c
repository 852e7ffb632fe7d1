/*
 * fuzz_calls.c - the differential fuzz target's operations (see
 * fuzz_ops.c for the whole target): vmsa_map, vmsa_plan then
 * vmsa_map_regions (with pools filled to the plan's peak in exact runs),
 * clustered arrays, vmsa_unmap, vmsa_protect, vmsa_remap and
 * vmsa_translate, each judged against the model and applied to it, and
 * the history of mapped ranges later arguments aim at. Long-descriptor
 * maps also have their greedy granules checked (fuzz_lpae.c).
 *
 * Does not cover: decoding the input (fuzz_ops.c), the model's verdict
 * and the checks after each call (fuzz_check.c).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/desc.h>
#include "fake_arch.h"
#include "strict_model.h"
#include "refmodel.h"

#include "fuzz_int.h"

static void remember(struct run *r, uint32_t va, uint64_t size,
                     uint64_t pa, vmsa_attr_t a)
{
	struct fuzz_hist *h = &r->h[r->nh < 16 ? r->nh++ : rd8(r) % 16];
	h->va = va;
	h->size = size;
	h->pa = pa;
	h->attrs = a;
}

/* ---- operations --------------------------------------------------------- */
/* Arrays of up to 4 regions, and now and then of 8 to 14: the engine
 * plans those through its VA-sorted region index (src/engine/regidx.c). */
#define FUZZ_MAX_REGIONS 16

size_t gen_nregions(struct run *r)
{
	uint8_t k = rd8(r);

	/* Below 0xf9, the counts the corpus was recorded with. */
	return k >= 0xf9u ? 8u + (size_t)(k - 0xf9u) : (size_t)(k % 5u);
}

/* After a successful vmsa_map_regions: what the plan's end counts said
 * against what the call left (map_planned), reported once the pages are
 * checked, so that a wrong translation is reported as such. */
void end_counts(struct run *r)
{
	if (!r->end_bad)
		return;
	DIVERGE(r, "the plan's end counts are not what the call left: %s",
	        r->end_why);
}

/* The call left the fillers' top entries (no region touches them) as the
 * snapshot taken before it has them: top word and table. */
static void check_fillers(struct run *r, const struct fuzz_fill *f)
{
	for (uint32_t k = 0; k < f->n; k++) {
		uint32_t mb = f->va[k] >> r->tshift, nw;
		if (f->va[k] == 1)
			continue;
		uint64_t w = top_word(r, G.l1, mb), w0 = top_word(r, G.snap_l1,
		                                                  mb);
		if (w != w0)
			DIVERGE(r, "top entry %u (a filler's, no region's) "
			        "changed: %#" PRIx64 " -> %#" PRIx64, mb, w0, w);
		const uint32_t *l2 = table_of(r, w, &nw), *was;
		if (!l2)
			continue;
		was = (const uint32_t *)(const void *)(G.snap_pool +
		                                       ((const uint8_t *)l2 -
		                                        G.pool));
		for (uint32_t i = 0; i < nw; i++)
			if (l2[i] != was[i])
				DIVERGE(r, "the table of top entry %#x (a "
				        "filler's, no region's) changed: word %u "
				        "(VA %#x) %#x -> %#x", mb, i,
				        (mb << r->tshift) + (i * ((1u << r->tshift)
				        / nw) & ~(page_sz(r) - 1)), was[i], l2[i]);
	}
}

/* vmsa_map_regions after vmsa_plan said OK. The pool must take the
 * tables whenever its free room fits the plan's peak; in exact runs it is
 * filled first (fuzz_pool_fill) to exactly that room. Returns the call's
 * code; the tables are left as the call left them, fillers gone. */
static int map_planned(struct run *r, const struct vmsa_region *rg, size_t n,
                       const struct vmsa_plan *pl, size_t *bad)
{
	static struct fuzz_fill fill;
	struct vmsa_stats st0 = r->st;
	bool filled = false;
	char why[300];
	if (r->exact && n && fuzz_pool_fill(&r->t, pl, rg, n, &fill)) {
		filled = true;
		vmsa_stats(&r->t, &st0);
		snap(r);
	}
	r->opname = "map_regions";
	int rc = vmsa_map_regions(&r->t, n ? rg : NULL, n, bad);
	if (rc == VMSA_ERR_NOMEM &&
	    fuzz_pool_fits(&r->t, G.snap_t.used, pl, why, sizeof(why)))
		DIVERGE(r, "vmsa_map_regions NOMEM although the pool takes the "
		        "plan%s: %s", filled ? " (filled to the plan's peak)" :
		        "", why);
	r->end_bad = rc == VMSA_OK &&
	             !fuzz_plan_end(&r->t, G.snap_l1, pl, &st0, r->end_why,
	                            sizeof(r->end_why));
	if (filled) {
		check_fillers(r, &fill);
		if (rc != VMSA_OK)
			check_unchanged(r, rc);
		int urc = fuzz_pool_unfill(&r->t, &fill);
		if (urc != VMSA_OK)
			DIVERGE(r, "unmapping the filler page at %#x: %s",
			        fill.bad_va, vmsa_strerror(urc));
		snap(r);
	}
	return rc;
}

static void run_regions(struct run *r, const struct vmsa_region *rg,
                        size_t n, bool single);

void op_map_regions(struct run *r, size_t n, bool single)
{
	struct vmsa_region rg[FUZZ_MAX_REGIONS];
	for (size_t i = 0; i < n; i++) {
		rg[i].name = NULL;
		rg[i].va = vmsa_va(gen_va(r));
		rg[i].size = gen_size(r, rg[i].va.v);
		rg[i].pa = vmsa_pa(gen_pa(r, rg[i].va.v));
		rg[i].attrs = gen_attrs(r);
	}
	run_regions(r, rg, n, single);
}

/* A clustered array (fuzz_shape.c), mostly around a range mapped before:
 * its first or its last MB, its offset and attributes. */
void op_cluster(struct run *r)
{
	struct vmsa_region rg[FUZZ_MAX_REGIONS];
	const struct fuzz_hist *near = NULL;
	uint8_t m = rd8(r);
	uint32_t va;
	if (r->nh && (m & 3u)) {
		near = &r->h[rd8(r) % r->nh];
		va = (m & 4u) ? (uint32_t)(near->va + near->size - 1) :
		     near->va;
	} else {
		va = gen_va(r);
	}
	vmsa_attr_t a = gen_attrs(r);
	struct fuzz_in in = { r->p, r->n, &r->off };
	run_regions(r, rg, fuzz_cluster(&in, r->m, va, near, a, rg), false);
}

static void run_regions(struct run *r, const struct vmsa_region *rg,
                        size_t n, bool single)
{
	struct canon_region cr[FUZZ_MAX_REGIONS];
	struct expect e;
	expect_regions(r, rg, n, cr, &e);
	r->args[0] = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(r->args);
		snprintf(r->args + l, sizeof(r->args) - l, "%s{%#x, %#" PRIx64
		         ", %#" PRIx64 ", %#x}", i ? ", " : "", rg[i].va.v,
		         rg[i].pa.p, rg[i].size, rg[i].attrs);
	}
	snap(r);
	/* The caller's side of the cache contract (vmsa.h): memory it maps
	 * has no lines left from an earlier mapping. */
	for (size_t i = 0; r->strict && i < n; i++)
		strict_caller_clean_pa(rg[i].pa.p, rg[i].size);
	int rc;
	if (single) {
		r->opname = "map";
		rc = vmsa_map(&r->t, rg[0].va, rg[0].pa, rg[0].size,
		              rg[0].attrs);
	} else {
		struct vmsa_plan pl;
		size_t bad = SIZE_MAX;
		r->opname = "plan";
		int prc = vmsa_plan(&r->t, 0, n ? rg : NULL, n, &pl, &bad);
		check_unchanged(r, prc);
		if (prc == VMSA_ERR_NOMEM)
			DIVERGE(r, "vmsa_plan returned NOMEM");
		if (prc != VMSA_OK) {
			judge(r, prc, &e);
			if (n && bad > n)
				DIVERGE(r, "vmsa_plan: %s without *bad",
				        vmsa_strerror(prc));
		} else if (e.invalid) {
			DIVERGE(r, "vmsa_plan OK, model expects a failure "
			        "(mask %#x)", e.must);
		}
		if (prc == VMSA_OK) {
			rc = map_planned(r, rg, n, &pl, &bad);
		} else {
			r->opname = "map_regions";
			rc = vmsa_map_regions(&r->t, n ? rg : NULL, n, &bad);
		}
		/* vmsa_map_regions checks pool room region by region, so it
		 * may run out before reaching the region the plan rejects. */
		if (prc != VMSA_OK && rc == VMSA_ERR_NOMEM) {
			check_unchanged(r, rc);
			return;
		}
		if (prc != VMSA_OK && rc != prc)
			DIVERGE(r, "vmsa_plan said %s, vmsa_map_regions %s",
			        vmsa_strerror(prc), vmsa_strerror(rc));
		if (prc == VMSA_OK && rc != VMSA_OK && rc != VMSA_ERR_NOMEM)
			DIVERGE(r, "vmsa_plan OK, vmsa_map_regions %s",
			        vmsa_strerror(rc));
	}
	if (!judge(r, rc, &e))
		return;
	for (size_t i = 0; i < n; i++) {
		int mrc = ref_model_map(r->m, rg[i].va.v, rg[i].pa.p,
		                        rg[i].size, cr[i].c);
		if (mrc)
			DIVERGE(r, "model refused region %zu: %d", i, mrc);
		mark_checked(r, rg[i].va.v, rg[i].size);
		r->high |= rg[i].pa.p + rg[i].size > FOUR_GB;
		remember(r, rg[i].va.v, rg[i].size, rg[i].pa.p, rg[i].attrs);
	}
	/* Once the whole array is in (its merges come at the end). */
	for (size_t i = 0; r->lpae && i < n; i++)
		lpae_check_greedy(r, rg[i].va.v, rg[i].pa.p, rg[i].size);
}

/*
 * The caller's side of the cache contract (vmsa.h) when a cacheable
 * mapping goes away (unmap) or moves (remap) on ARMv7: the lines it may
 * have left are the caller's to clean if the memory stays mapped
 * non-cacheable elsewhere (an alias the engine does not know of; ARMv5
 * is the engine's, VIVT). Before the call: the old PAs of the cacheable
 * pages in the strict model's windows; after it, clean_after cleans
 * them, as the caller would before it uses its non-cacheable alias.
 */
struct removed {
	unsigned n;
	uint64_t pa[1280];
};

static void note_removed(struct run *r, uint32_t va, uint64_t size,
                         struct removed *rm)
{
	uint32_t pg = page_sz(r);

	rm->n = 0;
	if (!r->strict || r->fmt == VMSA_FMT_V5)
		return;
	for (unsigned k = 0; k < STRICT_WINDOWS; k++)
		for (uint32_t o = 0; o < strict_windows[k][1]; o += pg) {
			uint32_t v = strict_windows[k][0] + o;
			uint64_t pa;
			vmsa_attr_t a, mt;

			if (v - va >= size || rm->n == 1280 ||
			    !ref_model_lookup(r->m, v, &pa, &a, NULL))
				continue;
			mt = VMSA_MT(a);
			if (mt == VMSA_MT_WRITETHROUGH || mt == VMSA_MT_WRITEBACK ||
			    mt == VMSA_MT_WRITEALLOC)
				rm->pa[rm->n++] = pa & ~(uint64_t)(pg - 1);
		}
}

static void clean_after(struct run *r, const struct removed *rm)
{
	for (unsigned i = 0; i < rm->n; i++)
		strict_caller_clean_pa(rm->pa[i], page_sz(r));
}

void op_unmap(struct run *r)
{
	static struct removed rm;
	struct expect e;
	uint32_t va = gen_va(r);
	uint64_t size = gen_size(r, va);
	r->opname = "unmap";
	snprintf(r->args, sizeof(r->args), "%#x, %#" PRIx64, va, size);
	expect_op(r, va, size, &e);
	note_removed(r, va, size, &rm);
	snap(r);
	int rc = vmsa_unmap(&r->t, vmsa_va(va), size);
	if (!judge(r, rc, &e))
		return;
	clean_after(r, &rm);
	if (ref_model_unmap(r->m, va, size))
		DIVERGE(r, "model refused unmap");
	mark_checked(r, va, size);
}

void op_protect(struct run *r)
{
	struct expect e;
	vmsa_attr_t c = 0;
	uint32_t va = gen_va(r);
	uint64_t size = gen_size(r, va);
	vmsa_attr_t a = gen_attrs(r);
	r->opname = "protect";
	snprintf(r->args, sizeof(r->args), "%#x, %#" PRIx64 ", %#x", va, size,
	         a);
	bool ok = expect_op(r, va, size, &e);
	ok &= expect_attrs(r, a, &c, &e);
	if (ok && !r->lpae) {
		/* Pages keep sharing their MB's table: an MB only partly in
		 * the range keeps its table attributes if pages outside the
		 * range remain mapped in it (when none does, the table's
		 * L1 descriptor changes with the pages). */
		uint32_t ta = c & VMSA_TABLE_ATTRS;
		for (uint32_t mb = va >> 20; (uint64_t)mb << 20 <
		     (uint64_t)va + size; mb++) {
			uint64_t lo = (uint64_t)mb << 20, hi = lo + 0x100000;
			if (va <= lo && (uint64_t)va + size >= hi)
				continue;
			uint32_t cur = mb_tattrs(r, mb, va, (uint64_t)va + size);
			if (cur != UINT32_MAX && cur != ta)
				viol(&e, VMSA_ERR_CONFLICT);
		}
	}
	snap(r);
	int rc = vmsa_protect(&r->t, vmsa_va(va), size, a);
	if (!judge(r, rc, &e))
		return;
	if (ref_model_protect(r->m, va, size, c))
		DIVERGE(r, "model refused protect");
	mark_checked(r, va, size);
}

void op_remap(struct run *r)
{
	static struct removed rm;
	struct expect e;
	uint32_t va = gen_va(r);
	uint64_t size = gen_size(r, va);
	uint64_t pa = gen_pa(r, va);
	r->opname = "remap";
	snprintf(r->args, sizeof(r->args), "%#x, %#" PRIx64 ", %#" PRIx64, va,
	         size, pa);
	bool ok = expect_op(r, va, size, &e);
	if (pa & (page_sz(r) - 1)) {
		viol(&e, VMSA_ERR_ALIGN);
	} else if (pa >= VMSA_PA_MAX || size > VMSA_PA_MAX - pa) {
		viol(&e, VMSA_ERR_RANGE);
	} else if (pa + size > FOUR_GB && !r->lpae) {
		/* LPAE: blocks and pages reach 2^40 alike. */
		if (r->fmt == VMSA_FMT_V5 && ok)
			viol(&e, VMSA_ERR_RANGE);
		else if (r->fmt == VMSA_FMT_V5)
			e.must |= CODE(VMSA_ERR_RANGE);
		else
			e.amb |= CODE(VMSA_ERR_RANGE) |
			         CODE(VMSA_ERR_UNSUPPORTED);
	}
	note_removed(r, va, size, &rm);
	snap(r);
	int rc = vmsa_remap(&r->t, vmsa_va(va), vmsa_pa(pa), size);
	if (!judge(r, rc, &e))
		return;
	clean_after(r, &rm);
	if (ref_model_remap(r->m, va, pa, size))
		DIVERGE(r, "model refused remap");
	r->high |= pa + size > FOUR_GB;
	mark_checked(r, va, size);
}

void op_translate(struct run *r)
{
	uint32_t va = rd8(r) & 1 ? gen_va(r) : rd32(r);
	struct vmsa_xlat y;
	vmsa_pa_t p2 = { 0 };
	uint64_t pa;
	vmsa_attr_t a;
	r->opname = "translate";
	snprintf(r->args, sizeof(r->args), "%#x", va);
	snap(r);
	int rc = vmsa_translate(&r->t, vmsa_va(va), &y);
	check_unchanged(r, rc);
	/* The fast path walks the same: the same code, the same PA. */
	int rc2 = vmsa_translate_pa(&r->t, vmsa_va(va), &p2);
	check_unchanged(r, rc2);
	if (rc2 != rc || (rc == VMSA_OK && p2.p != y.pa.p))
		DIVERGE(r, "translate %#x: %s pa %#" PRIx64 ", translate_pa %s "
		        "pa %#" PRIx64, va, vmsa_strerror(rc), y.pa.p,
		        vmsa_strerror(rc2), p2.p);
	if (!ref_model_lookup(r->m, va, &pa, &a, NULL)) {
		if (rc != VMSA_ERR_NOTMAPPED)
			DIVERGE(r, "translate %#x: %s, model: unmapped", va,
			        vmsa_strerror(rc));
		return;
	}
	if (rc != VMSA_OK || y.pa.p != pa || y.attrs != a)
		DIVERGE(r, "translate %#x: %s pa %#" PRIx64 " attrs %#x, model "
		        "pa %#" PRIx64 " attrs %#x", va, vmsa_strerror(rc),
		        y.pa.p, y.attrs, pa, a);
	uint32_t ks = vmsa_kind_size(y.kind);
	if (!ks || y.base.v != (va & ~(ks - 1)))
		DIVERGE(r, "translate %#x: base %#x for a %s", va, y.base.v,
		        vmsa_kind_name(y.kind));
}
