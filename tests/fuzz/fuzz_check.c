/*
 * fuzz_check.c - the differential fuzz target's judge (see fuzz_ops.c for
 * the whole target): what the reference model says a call must do (the
 * codes a violation allows, those allowed although it may succeed, the
 * MBs that may need tables), the verdict on a return code, and the checks
 * after each call: a rejected call left the tables byte-identical, every
 * checked page translates as the model says (ref_walk and vmsa_translate),
 * the pool neither leaks nor shares units, vmsa_stats and
 * vmsa_table_check agree. For long descriptors the same checks over 2MB
 * top entries and 4KB units (the pool scan is fuzz_lpae.c's).
 *
 * Does not cover: decoding the input (fuzz_ops.c), making the calls
 * (fuzz_calls.c).
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

/* ---- expectations ----------------------------------------------------------- */

void viol(struct expect *e, int code)
{
	e->must |= CODE(code);
	e->invalid = true;
}

uint32_t page_sz(const struct run *r) { return 1u << r->m->shift; }

static const struct ref_page *page(const struct run *r, uint64_t va)
{
	return &r->m->pages[va >> r->m->shift];
}

/* Top entries [va, va+size) touches. */
static uint32_t mbs_of(const struct run *r, uint32_t va, uint64_t size)
{
	uint64_t t = ((uint64_t)1 << r->tshift) - 1;
	return (uint32_t)((((uint64_t)va + size + t) >> r->tshift) -
	                  (va >> r->tshift));
}

/* Attributes: canonical form in *c; false if the call must fail. */
bool expect_attrs(struct run *r, vmsa_attr_t a, vmsa_attr_t *c,
                  struct expect *e)
{
	bool amb = false;
	unsigned v;

	/* Under VMSA_TF_SMP the engine makes Normal memory shareable. */
	if ((r->t.flags & VMSA_TF_SMP) &&
	    (r->fmt & VMSA_FMT_ARCH_MASK) != VMSA_FMT_V5 &&
	    ref_mt_is_normal(r->fmt, VMSA_MT(a)))
		a |= VMSA_SHARED;
	v = ref_canonical(r->fmt, a, c, &amb);
	if (amb)
		e->amb |= CODE(VMSA_ERR_INVAL) | CODE(VMSA_ERR_UNSUPPORTED);
	if (v & REF_VIOL_INVAL)
		viol(e, VMSA_ERR_INVAL);
	if (v & REF_VIOL_UNSUP)
		viol(e, VMSA_ERR_UNSUPPORTED);
	return v == 0;
}

/* Table attributes (domain, NS, PXN) of the mapped pages of MB mb other
 * than those in [skip_lo, skip_hi); UINT32_MAX if none. Diverges if they
 * are not uniform (the model state itself would be impossible). */
uint32_t mb_tattrs(struct run *r, uint32_t mb, uint64_t skip_lo,
                   uint64_t skip_hi)
{
	uint32_t ta = UINT32_MAX, pg = page_sz(r);
	for (uint64_t v = (uint64_t)mb << 20; v < ((uint64_t)mb + 1) << 20;
	     v += pg) {
		if (v >= skip_lo && v < skip_hi)
			continue;
		const struct ref_page *p = page(r, v);
		if (!p->attrs)
			continue;
		uint32_t x = p->attrs & VMSA_TABLE_ATTRS;
		if (ta != UINT32_MAX && ta != x)
			DIVERGE(r, "model MB %#x has mixed table attributes", mb);
		ta = x;
	}
	return ta;
}

static bool range_any_mapped(struct run *r, uint32_t va, uint64_t size)
{
	for (uint64_t o = 0; o < size; o += page_sz(r))
		if (page(r, va + o)->attrs)
			return true;
	return false;
}

static bool range_all_mapped(struct run *r, uint32_t va, uint64_t size)
{
	for (uint64_t o = 0; o < size; o += page_sz(r))
		if (!page(r, va + o)->attrs)
			return false;
	return true;
}

/* Any page of the 16MB blocks around [va, va+size) outputs above 4GB:
 * splitting there may be impossible (only supersections reach it). */
static bool near_high_pa(struct run *r, uint32_t va, uint64_t size)
{
	if (!r->high || r->lpae)        /* LPAE: no 4GB rule */
		return false;
	uint64_t lo = va & ~(uint64_t)0xffffff;
	uint64_t hi = ((uint64_t)va + size + 0xffffff) & ~(uint64_t)0xffffff;
	for (uint64_t v = lo; v < hi && v < FOUR_GB; v += 0x100000) {
		const struct ref_page *p = page(r, v);
		if (p->attrs && ((uint64_t)p->pa_1k << 10) >= FOUR_GB)
			return true;
	}
	return false;
}

void expect_regions(struct run *r, const struct vmsa_region *rg,
                    size_t n, struct canon_region *cr,
                    struct expect *e)
{
	uint32_t g = page_sz(r);
	memset(e, 0, sizeof(*e));
	if (n == 0)             /* an empty array: a no-op, VMSA_OK */
		return;
	for (size_t i = 0; i < n; i++) {
		const struct vmsa_region *q = &rg[i];
		bool ok = expect_attrs(r, q->attrs, &cr[i].c, e);
		cr[i].ok = false;
		cr[i].shaped = false;
		if (q->size == 0) {
			viol(e, VMSA_ERR_INVAL);
			continue;
		}
		if ((q->va.v | q->pa.p | q->size) & (g - 1)) {
			viol(e, VMSA_ERR_ALIGN);
			continue;
		}
		if (q->size > VMSA_VA_SPAN - q->va.v ||
		    q->pa.p >= VMSA_PA_MAX || q->size > VMSA_PA_MAX - q->pa.p) {
			viol(e, VMSA_ERR_RANGE);
			continue;
		}
		struct ref_cost cost;
		vmsa_attr_t dom_attrs = ok ? cr[i].c : q->attrs;
		/* Below 4GB an aligned request always splits: ref_cost only
		 * where the 4GB limit may bite (it walks granule by granule).
		 * LPAE: blocks and pages reach 2^40 alike. */
		if (q->pa.p + q->size > FOUR_GB && !r->lpae &&
		    (!ref_cost(r->fmt, q->va.v, q->pa.p, q->size, dom_attrs,
		               &cost) || cost.range_error)) {
			/* Past 4GB only whole supersections reach: RANGE,
			 * or UNSUPPORTED when the domain forbids them. */
			viol(e, VMSA_ERR_RANGE);
			e->must |= CODE(VMSA_ERR_UNSUPPORTED);
			continue;
		}
		/* The engine wants the whole request in supersections once
		 * it passes 4GB, though a section head below 4GB would do. */
		if (q->pa.p + q->size > FOUR_GB && !r->lpae &&
		    ((q->va.v | q->pa.p | q->size) & 0xffffffu))
			e->amb |= CODE(VMSA_ERR_RANGE);
		cr[i].shaped = ok;
		e->mbs += mbs_of(r, q->va.v, q->size);
		if (range_any_mapped(r, q->va.v, q->size)) {
			viol(e, VMSA_ERR_OVERLAP);
			continue;
		}
		bool ov = false;
		for (size_t j = 0; j < i; j++) {
			const struct vmsa_region *o = &rg[j];
			if (o->size && q->va.v < (uint64_t)o->va.v + o->size &&
			    o->va.v < (uint64_t)q->va.v + q->size)
				ov = true;
		}
		if (ov) {
			viol(e, VMSA_ERR_OVERLAP);
			continue;
		}
		cr[i].ok = ok;
	}
	/* Conflict: all pages that will share an MB's table must agree on
	 * domain, NS and PXN. Checked over the regions that are valid so far
	 * (the engine stops at the first bad region, in either order), and
	 * over regions that overlap (the engine may see the conflict in an
	 * MB before the overlap in a later one). LPAE: table descriptors
	 * hold no attributes, so there is no conflict. */
	for (size_t i = 0; i < n && !r->lpae; i++) {
		if (!cr[i].shaped)
			continue;
		const struct vmsa_region *q = &rg[i];
		uint32_t ta = cr[i].c & VMSA_TABLE_ATTRS;
		for (uint32_t mb = q->va.v >> 20;
		     (uint64_t)mb << 20 < (uint64_t)q->va.v + q->size; mb++) {
			uint32_t other = mb_tattrs(r, mb, 0, 0);
			if (other != UINT32_MAX && other != ta)
				viol(e, VMSA_ERR_CONFLICT);
			for (size_t j = 0; j < n; j++) {
				const struct vmsa_region *o = &rg[j];
				if (j == i || !cr[j].shaped)
					continue;
				if (o->va.v >> 20 <= mb &&
				    ((uint64_t)o->va.v + o->size - 1) >> 20 >= mb &&
				    (cr[j].c & VMSA_TABLE_ATTRS) != ta)
					viol(e, VMSA_ERR_CONFLICT);
			}
		}
	}
}

/* unmap, protect, remap: the checks they share. */
bool expect_op(struct run *r, uint32_t va, uint64_t size,
               struct expect *e)
{
	uint32_t g = page_sz(r);
	memset(e, 0, sizeof(*e));
	if (size == 0) {
		viol(e, VMSA_ERR_INVAL);
		return false;
	}
	if ((va | size) & (g - 1)) {
		viol(e, VMSA_ERR_ALIGN);
		return false;
	}
	if (size > VMSA_VA_SPAN - va) {
		viol(e, VMSA_ERR_RANGE);
		return false;
	}
	e->mbs = mbs_of(r, va, size);
	if (!range_all_mapped(r, va, size)) {
		viol(e, VMSA_ERR_NOTMAPPED);
		return false;
	}
	if (near_high_pa(r, va, size))
		e->amb |= CODE(VMSA_ERR_RANGE) | CODE(VMSA_ERR_UNSUPPORTED) |
		          CODE(VMSA_ERR_CONFLICT);
	e->mbs = mbs_of(r, va, size);
	return true;
}

/* ---- snapshots and checks ------------------------------------------------ */
void snap(struct run *r)
{
	memcpy(G.snap_l1, G.l1, r->l1_bytes);
	memcpy(G.snap_pool, G.pool, r->pool_bytes);
	G.snap_t = r->t;
}

void check_unchanged(struct run *r, int rc)
{
	for (unsigned i = 0; i < r->l1_bytes / 4u; i++)
		if (G.l1[i] != G.snap_l1[i])
			DIVERGE(r, "rejected call (%s) changed L1 word %u (32-bit):"
			        " %#x -> %#x", vmsa_strerror(rc), i, G.snap_l1[i],
			        G.l1[i]);
	if (memcmp(G.pool, G.snap_pool, r->pool_bytes) != 0)
		DIVERGE(r, "rejected call (%s) changed the pool",
		        vmsa_strerror(rc));
	if (r->t.used_units != G.snap_t.used_units ||
	    memcmp(r->t.used, G.snap_t.used, sizeof(r->t.used)) != 0 ||
	    r->t.flags != G.snap_t.flags)
		DIVERGE(r, "rejected call (%s) changed the pool bookkeeping",
		        vmsa_strerror(rc));
}

static bool bit(const uint32_t *bm, uint32_t u)
{
	return (bm[u / 32] >> (u % 32)) & 1u;
}

/* Free units (V7) or free whole 4KB blocks (V5) of the snapshot. */
static uint32_t free_room(const struct run *r)
{
	uint32_t n = r->t.pool_units, k = 0;
	if (r->fmt != VMSA_FMT_V5) {
		for (uint32_t u = 0; u < n; u++)
			k += !bit(G.snap_t.used, u);
		return k;
	}
	uint32_t o = (uint32_t)(((0x1000 - (r->t.pool_pa.p & 0xfff)) & 0xfff) /
	                        0x400);
	for (uint32_t u = o; u + 4 <= n; u += 4)
		k += !bit(G.snap_t.used, u) && !bit(G.snap_t.used, u + 1) &&
		     !bit(G.snap_t.used, u + 2) && !bit(G.snap_t.used, u + 3);
	return k;
}

/* Judge a return code; true if the model must apply the call. */
bool judge(struct run *r, int rc, const struct expect *e)
{
	if (rc == VMSA_OK) {
		if (e->invalid)
			DIVERGE(r, "call succeeded, model expected a failure "
			        "(allowed codes mask %#x)", e->must);
		return true;
	}
	check_unchanged(r, rc);
	if (rc < VMSA_ERR_BUSY || rc > 0)
		DIVERGE(r, "unknown return code %d", rc);
	if ((e->must | e->amb) & CODE(rc))
		return false;
	/* NOMEM only if the pool lacks room; the engine may find that
	 * before another violation of the same call (either is true). */
	if (rc == VMSA_ERR_NOMEM && free_room(r) < e->mbs)
		return false;
	DIVERGE(r, "call failed with %s; model: %s (allowed mask %#x, "
	        "ambiguous %#x, room %u for %u MBs)", vmsa_strerror(rc),
	        e->invalid ? "invalid" : "valid", e->must, e->amb,
	        free_room(r), e->mbs);
	return false;
}

void mark_checked(struct run *r, uint32_t va, uint64_t size)
{
	uint64_t ts = (uint64_t)1 << r->tshift;
	for (uint64_t v = va & ~(ts - 1); v < (uint64_t)va + size; v += ts) {
		r->checked[v >> r->tshift] = 1;
		r->dirty[v >> r->tshift] = 1;
	}
}

/* The second-level table of top word w (NULL if none), its 32-bit words
 * in *n. */
const uint32_t *table_of(const struct run *r, uint64_t w, uint32_t *n)
{
	if (r->lpae)
		return lpae_table_of(r, w, n);
	bool coarse = (w & 3u) == 1u;
	bool fine = r->fmt == VMSA_FMT_V5 && (w & 3u) == 3u;
	uint64_t pa = coarse ? (w & 0xfffffc00u) : (w & 0xfffff000u);
	*n = fine ? 1024 : 256;
	if ((!coarse && !fine) || pa < r->t.pool_pa.p ||
	    pa + *n * 4u > r->t.pool_pa.p + r->pool_bytes)
		return NULL;
	return (const uint32_t *)(G.pool + (pa - r->t.pool_pa.p));
}

/* Did top entry mb's words change since it was last verified? */
static bool mb_changed(const struct run *r, uint32_t mb)
{
	uint64_t w = top_word(r, G.l1, mb);
	uint32_t n;
	if (w != G.seen_l1[mb])
		return true;
	const uint32_t *l2 = table_of(r, w, &n);
	return l2 && memcmp(l2, G.seen_l2[mb], n * 4u) != 0;
}

static void mb_seen(const struct run *r, uint32_t mb)
{
	uint64_t w = top_word(r, G.l1, mb);
	uint32_t n;
	G.seen_l1[mb] = w;
	const uint32_t *l2 = table_of(r, w, &n);
	if (l2)
		memcpy(G.seen_l2[mb], l2, n * 4u);
}

static void check_mb(struct run *r, uint32_t mb)
{
	uint32_t pg = page_sz(r);
	uint64_t v = (uint64_t)mb << r->tshift, end = v + (1u << r->tshift);
	int top_level = r->lpae ? 2 : 1;        /* the format's levels */
	while (v < end) {
		struct ref_xlat x;
		int rc = ref_walk(&r->t, (uint32_t)v, &x);
		struct vmsa_xlat y;
		int rc2 = vmsa_translate(&r->t, vmsa_va((uint32_t)v), &y);
		if (rc == REF_WALK_FAULT) {
			if (rc2 != VMSA_ERR_NOTMAPPED)
				DIVERGE(r, "VA %#" PRIx64 ": walker faults, "
				        "vmsa_translate says %s", v,
				        vmsa_strerror(rc2));
			uint64_t step = x.level == top_level ? end - v : pg;
			for (uint64_t o = 0; o < step; o += pg)
				if (page(r, v + o)->attrs)
					DIVERGE(r, "VA %#" PRIx64 " unmapped, "
					        "model maps it", v + o);
			v += step;
			continue;
		}
		if (rc != REF_WALK_OK)
			DIVERGE(r, "VA %#" PRIx64 ": walker error %d (L1 %#x "
			        "L2 %#x; LPAE level %d, words %#" PRIx64 " %#"
			        PRIx64 ")", v, rc, x.l1_word, x.l2_word, x.level,
			        x.lw2, x.lw3);
		/* LPAE: the level and the word translate reports, too. */
		if (r->lpae && rc2 == VMSA_OK &&
		    (y.level != x.level || y.desc != (uint32_t)(x.level == 2 ?
		     x.lw2 : x.lw3) || y.desc_hi != (uint32_t)((x.level == 2 ?
		     x.lw2 : x.lw3) >> 32)))
			DIVERGE(r, "VA %#" PRIx64 ": vmsa_translate level %u word "
			        "%#x%08x, walker level %d words %#" PRIx64 " %#"
			        PRIx64, v, y.level, y.desc_hi, y.desc, x.level,
			        x.lw2, x.lw3);
		if (rc2 != VMSA_OK || y.pa.p != x.pa || y.attrs != x.attrs ||
		    (int)y.kind != x.kind)
			DIVERGE(r, "VA %#" PRIx64 ": vmsa_translate %s pa %#"
			        PRIx64 " attrs %#x kind %d, walker pa %#" PRIx64
			        " attrs %#x kind %d", v, vmsa_strerror(rc2),
			        y.pa.p, y.attrs, y.kind, x.pa, x.attrs, x.kind);
		uint32_t ks = vmsa_kind_size((enum vmsa_kind)x.kind);
		uint64_t base = v & ~(uint64_t)(ks - 1);
		uint64_t gend = base + ks < end ? base + ks : end;
		uint64_t pbase = x.pa - (v - base);
		for (uint64_t p = v; p < gend; p += pg) {
			const struct ref_page *e = page(r, p);
			uint64_t mpa = (uint64_t)e->pa_1k << 10;
			if (!e->attrs)
				DIVERGE(r, "VA %#" PRIx64 ": tables map it to "
				        "pa %#" PRIx64 " attrs %#x (%s), model: "
				        "unmapped", p, pbase + (p - base),
				        x.attrs, vmsa_kind_name(
				                (enum vmsa_kind)x.kind));
			if (e->attrs != x.attrs || mpa != pbase + (p - base))
				DIVERGE(r, "VA %#" PRIx64 ": tables pa %#" PRIx64
				        " attrs %#x (%s), model pa %#" PRIx64
				        " attrs %#x", p, pbase + (p - base),
				        x.attrs, vmsa_kind_name(
				                (enum vmsa_kind)x.kind),
				        mpa, e->attrs);
		}
		v = gend;
	}
}

/* The short formats' pool scan: the tables L1 references (bits in ref,
 * units in *nref), each in the pool, not empty, not shared, marked used;
 * no L1 entry outside the checked MBs. */
static void short_scan(struct run *r, uint32_t *ref, uint32_t *nref_out)
{
	uint32_t nref = 0;
	bool v5 = r->fmt == VMSA_FMT_V5;
	for (uint32_t i = 0; i < VMSA_L1_ENTRIES; i++) {
		uint32_t w = G.l1[i];
		if (!r->checked[i] && (w & 3u))
			DIVERGE(r, "L1[%u] = %#x outside every mapped range", i,
			        w);
		bool coarse = (w & 3u) == 1u, fine = v5 && (w & 3u) == 3u;
		if (!coarse && !fine)
			continue;
		uint64_t pa = coarse ? (w & 0xfffffc00u) : (w & 0xfffff000u);
		uint32_t units = fine ? 4 : 1;
		if (pa < r->t.pool_pa.p ||
		    pa + units * 1024u > r->t.pool_pa.p + r->pool_bytes)
			DIVERGE(r, "L1[%u] = %#x points outside the pool", i, w);
		uint32_t u = (uint32_t)((pa - r->t.pool_pa.p) / 1024u);
		const uint32_t *l2 = (const uint32_t *)(G.pool + u * 1024u);
		bool any = false;
		for (uint32_t k = 0; k < units * 256u; k++)
			any |= (l2[k] & 3u) != 0;
		if (!any)
			DIVERGE(r, "L1[%u]: empty second-level table kept", i);
		for (uint32_t k = 0; k < units; k++) {
			if (bit(ref, u + k))
				DIVERGE(r, "pool unit %u referenced twice", u + k);
			ref[(u + k) / 32] |= 1u << ((u + k) % 32);
			nref++;
			if (!bit(r->t.used, u + k))
				DIVERGE(r, "L1[%u] uses free pool unit %u", i,
				        u + k);
		}
	}
	*nref_out = nref;
}

void check_all(struct run *r, bool full)
{
	uint32_t ref[MAX_UNITS / 32 + 1] = { 0 };
	uint32_t nref = 0;
	if (vmsa_table_check(&r->t) != VMSA_OK)
		DIVERGE(r, "vmsa_table_check rejects the table (used_units %u "
		        "of %u)", r->t.used_units, r->t.pool_units);
	if (r->lpae)
		lpae_scan(r, ref, &nref);
	else
		short_scan(r, ref, &nref);
	if (nref != r->t.used_units)
		DIVERGE(r, "pool leak: %u units used, %u referenced",
		        r->t.used_units, nref);
	for (uint32_t u = 0; u < r->t.pool_units; u++)
		if (bit(r->t.used, u) && !bit(ref, u))
			DIVERGE(r, "pool leak: unit %u used, unreferenced", u);
	for (uint32_t i = 0; i < r->tents; i++) {
		if (!r->checked[i])
			continue;
		if (full || r->dirty[i] || mb_changed(r, i)) {
			check_mb(r, i);
			mb_seen(r, i);
		}
		r->dirty[i] = 0;
	}
	struct vmsa_stats st;
	vmsa_stats(&r->t, &st);
	r->st = st;
	if (st.mapped != r->m->mapped)
		DIVERGE(r, "vmsa_stats mapped %#" PRIx64 ", model %#" PRIx64,
		        st.mapped, r->m->mapped);
	if (st.l2_bytes != nref * r->unit)
		DIVERGE(r, "vmsa_stats: %u table bytes, %u units referenced",
		        st.l2_bytes, nref);
}
