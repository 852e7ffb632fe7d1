/*
 * fuzz_ops.c - differential fuzz target: the input decodes to a table
 * format, pool size and flags, then a sequence of operations (vmsa_map,
 * vmsa_map_regions (with vmsa_plan first), vmsa_unmap, vmsa_protect,
 * vmsa_remap, vmsa_translate) with arbitrary and hostile arguments, run
 * against the reference model of tests/host/refmodel.c.
 *
 * After every operation:
 *  - the verdict matches the model: an operation the model calls invalid
 *    fails with one of the codes its violations allow; a valid one succeeds
 *    (VMSA_ERR_NOMEM is accepted only when the pool really lacks room);
 *  - a rejected operation left the L1 table, the whole pool and the pool
 *    bookkeeping byte-identical;
 *  - every page of the checked MBs (two windows, W0 and W1, plus every MB
 *    a successful operation touched) translates exactly as the model says,
 *    by the independent walker ref_walk, with vmsa_translate cross-checked
 *    at each granule; every other L1 entry is a fault;
 *  - the pool never leaks: units marked used == units referenced by L1
 *    table descriptors, no unit referenced twice, no empty table kept;
 *  - vmsa_stats().mapped equals the model's mapped bytes;
 *  - vmsa_table_check accepts the table.
 * After vmsa_map_regions that vmsa_plan passed: no VMSA_ERR_NOMEM while
 * the free pool takes the plan's peak tables (fuzz_pool_fits), and on
 * success the plan's end counts equal the new tables the call left in
 * use, and the change in vmsa_stats (fuzz_plan_end).
 * Any divergence prints what differed and aborts.
 *
 * Inputs whose first byte has bit 7 set are shaped (fuzz_shape.c): some
 * region arrays are clustered, 2 to 4 regions with 1KB boundaries in one
 * or two MBs around what is mapped (mostly ARMv5, which mixes tiny, small
 * and large pages in one table), and in half of those inputs the pool is
 * first filled, by mappings elsewhere, to exactly the plan's peak. The
 * corpus recorded before had the bit clear and decodes as it did.
 *
 * One operation in sixteen is a hostile call instead (fuzz_hostile.c):
 * corrupted tables, extreme or NULL arguments; it must fail with a
 * documented code (or change nothing) and leave the tables as they were.
 *
 * Does not cover: VMSA_ERR_BUSY (tables built by someone else), TLB and
 * cache maintenance ordering (tests/host/test_* check that with the fake
 * arch log), the dump text.
 *
 * Entry points: LLVMFuzzerTestOneInput (libFuzzer, or the plain driver
 * fuzz_main.c); fuzz_ops_total counts operations run.
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

#include "fuzz_ops.h"

#define W0_BASE   0x40000000u
#define W0_SIZE   0x02000000u          /* 32MB: two supersections */
#define W1_BASE   0xff000000u
#define W1_SIZE   0x01000000u          /* top 16MB of the VA space */
#define POOL_PA   0x80100000u
#define L1_PA     0x80004000u
#define MAX_UNITS 128u
#define MAX_OPS   48u
#define FOUR_GB   ((uint64_t)1 << 32)

uint64_t fuzz_ops_total;

static const vmsa_fmt_t fmts[4] = {
	VMSA_FMT_V7,
	VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP,
	VMSA_FMT_V7 | VMSA_FMT_PXN,
	VMSA_FMT_V5,
};
static const uint32_t pool_sizes[16] = {
	0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 16, 24, 32, 64, 100, 128,
};
static const uint32_t grans[5] = { 0x400u, 0x1000u, 0x10000u, 0x100000u,
                                   0x1000000u };

/* ---- state ---------------------------------------------------------------- */
static struct {
	bool ready;
	struct ref_model model[4];
	uint32_t *l1;
	uint8_t *pool;
	uint32_t snap_l1[VMSA_L1_ENTRIES];
	/* Per MB: the L1 word and table content last verified page by page;
	 * an MB whose words are unchanged and which no call touched in the
	 * model translates as verified before. */
	uint32_t seen_l1[VMSA_L1_ENTRIES];
	uint32_t seen_l2[VMSA_L1_ENTRIES][1024];
	uint8_t snap_pool[MAX_UNITS * 1024u];
	struct vmsa_table snap_t;
} G;

struct run {
	const uint8_t *p;
	size_t n, off;
	vmsa_fmt_t fmt;
	unsigned fi;
	struct vmsa_table t;
	struct ref_model *m;
	uint32_t pool_bytes;
	uint8_t checked[VMSA_L1_ENTRIES]; /* MBs to check page by page */
	uint8_t dirty[VMSA_L1_ENTRIES];   /* the last call changed the model */
	struct fuzz_hist h[16];
	unsigned nh;
	unsigned opno;
	const char *opname;
	char args[200];         /* the call's arguments, for messages */
	bool high;              /* something was mapped above 4GB in PA */
	bool strict;            /* the strict TLB and cache model judges */
	bool shaped;            /* clustered arrays (fuzz_shape.c) */
	bool exact;             /* pools filled to the plan's peak */
	struct vmsa_stats st;   /* vmsa_stats after the last call */
	bool end_bad;           /* the plan's end counts were wrong: */
	char end_why[300];      /* how (end_counts reports it) */
};

/* On a divergence, the input goes to $FUZZ_SAVE (if set), for the corpus. */
static void dump_input(const struct run *r)
{
	const char *save = getenv("FUZZ_SAVE");
	FILE *f = save ? fopen(save, "wb") : NULL;
	if (f) {
		fwrite(r->p, 1, r->n, f);
		fclose(f);
		fprintf(stderr, "fuzz: input saved to %s\n", save);
	}
	fprintf(stderr, "fuzz: fmt %#x pool %u bytes at PA %#" PRIx64
	        " flags %#x, op %u: %s(%s)\n", r->fmt, r->pool_bytes,
	        r->t.pool_pa.p, r->t.flags, r->opno, r->opname, r->args);
	fprintf(stderr, "fuzz: %" PRIu64 " operations ran before this one\n",
	        fuzz_ops_total);
}

#define DIVERGE(r, ...) do { \
	dump_input(r); \
	fprintf(stderr, "fuzz: DIVERGENCE: " __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

/* ---- input bytes ---------------------------------------------------------- */
static uint8_t rd8(struct run *r)
{
	return r->off < r->n ? r->p[r->off++] : 0;
}
static uint16_t rd16(struct run *r)
{
	uint16_t v = rd8(r);
	return (uint16_t)(v | (uint16_t)rd8(r) << 8);
}
static uint32_t rd32(struct run *r)
{
	uint32_t v = rd16(r);
	return v | (uint32_t)rd16(r) << 16;
}
static uint64_t rd64(struct run *r)
{
	uint64_t v = rd32(r);
	return v | (uint64_t)rd32(r) << 32;
}

static uint32_t gran_of(uint8_t sel) { return grans[sel % 5]; }

static uint32_t gen_va(struct run *r)
{
	static const uint32_t edges[] = {
		0, 0xfffff000u, 0xfff00000u, 0xffff0000u, W0_BASE - 0x1000u,
		W0_BASE + W0_SIZE - 0x1000u, W1_BASE, 0xfffffc00u,
	};
	uint8_t m = rd8(r);
	uint32_t g = gran_of((uint8_t)(m >> 3));
	switch (m & 7u) {
	case 0: case 1: case 2:
		return W0_BASE + (uint32_t)(((uint64_t)rd16(r) * g) % W0_SIZE);
	case 3:
		return W1_BASE + (uint32_t)(((uint64_t)rd16(r) * g) % W1_SIZE);
	case 4: case 5:
		if (r->nh) {
			const struct fuzz_hist *h = &r->h[rd8(r) % r->nh];
			return h->va + (uint32_t)(((uint64_t)rd16(r) * g) % h->size);
		}
		return W0_BASE;
	case 6:
		return rd32(r);
	default:
		return edges[rd8(r) % (sizeof(edges) / sizeof(edges[0]))];
	}
}

static uint64_t gen_size(struct run *r, uint32_t va)
{
	static const uint64_t odd[] = {
		0, 1, 0x400, FOUR_GB, (uint64_t)1 << 40, UINT64_MAX,
		UINT64_MAX - 0xfff, FOUR_GB - 0x1000, 0x1000000,
	};
	uint8_t m = rd8(r);
	uint32_t g = gran_of((uint8_t)(m >> 3));
	switch (m & 7u) {
	case 0: case 1: case 2: case 3:
		return (uint64_t)(1 + rd8(r) % 24) * g;
	case 4:
		if (r->nh) {
			const struct fuzz_hist *h = &r->h[rd8(r) % r->nh];
			uint64_t e = h->va + h->size;
			if (e > va)
				return e - va;
		}
		return 0x1000;
	case 5:
		return odd[rd8(r) % (sizeof(odd) / sizeof(odd[0]))];
	case 6:
		return rd32(r);
	default:
		return (uint64_t)0x100000 * (1 + rd8(r) % 40);
	}
}

static uint64_t gen_pa(struct run *r, uint32_t va)
{
	static const uint64_t edges[] = {
		0xfff00000u, 0xfffff000u, ((uint64_t)1 << 40) - 0x1000000,
		((uint64_t)1 << 40) - 0x1000, (uint64_t)1 << 40, FOUR_GB,
		FOUR_GB - 0x1000000, 0,
	};
	uint8_t m = rd8(r);
	uint32_t g = gran_of((uint8_t)(m >> 3));
	switch (m & 7u) {
	case 0: case 1:
		return ((uint64_t)va + (uint64_t)rd16(r) * g) & 0xffffffffu;
	case 2: case 3:
		return va;
	case 4:
		return FOUR_GB * (1 + rd8(r) % 255) +
		       (uint64_t)(rd8(r) % 16) * 0x1000000u;
	case 5:
		return rd64(r) & (((uint64_t)1 << 41) - 1);
	case 6:
		return edges[rd8(r) % (sizeof(edges) / sizeof(edges[0]))];
	default:
		return rd32(r) & ~(uint64_t)0x3ff;
	}
}

static vmsa_attr_t gen_attrs(struct run *r)
{
	static const vmsa_attr_t acc[] = {
		VMSA_RW, VMSA_RW | VMSA_USER, VMSA_RW | VMSA_USER_RO, VMSA_RO,
		VMSA_RO | VMSA_USER, VMSA_RW, VMSA_RW | VMSA_USER, VMSA_RW,
	};
	uint8_t m = rd8(r);
	switch (m & 7u) {
	case 6:
		return rd32(r);
	case 7:
		if (r->nh)
			return r->h[rd8(r) % r->nh].attrs;
		/* fall through */
	default: {
		uint8_t a = rd8(r), f = rd8(r), d = rd8(r);
		vmsa_attr_t x = (vmsa_attr_t)(1 + a % 8) | acc[(a >> 3) & 7u];
		/* Flags rarely, so most requests are valid. */
		if ((f & 0x3u) == 0x3u) x |= VMSA_XN;
		if ((f & 0xcu) == 0xcu) x |= VMSA_EXEC;
		if ((f & 0x30u) == 0x30u) x |= VMSA_PXN;
		if (f & 0x40u) x |= VMSA_NG;
		if ((f & 0x81u) == 0x80u) x |= VMSA_SHARED;
		if ((d & 0x30u) == 0x30u) x |= VMSA_NS;
		if ((d & 0xc0u) == 0xc0u) x |= VMSA_DOMAIN(d);
		if (r->fmt == VMSA_FMT_V5 && !(m & 0x80u)) {
			/* Mostly what ARMv5 can express. */
			x = (vmsa_attr_t)(1 + a % 4) |
			    acc[(a >> 3) % 3] | (x & VMSA_DOMAIN_MASK);
		}
		return x;
	}
	}
}

/* ---- expectations ----------------------------------------------------------- */
struct expect {
	unsigned must;      /* codes (bit -code) a definite violation allows */
	unsigned amb;       /* codes allowed although the call may succeed */
	bool invalid;       /* the model says the call must fail */
	uint32_t mbs;       /* MBs the call may need new tables for */
};
#define CODE(e) (1u << (unsigned)-(e))

static void viol(struct expect *e, int code)
{
	e->must |= CODE(code);
	e->invalid = true;
}

static uint32_t page_sz(const struct run *r) { return 1u << r->m->shift; }

static const struct ref_page *page(const struct run *r, uint64_t va)
{
	return &r->m->pages[va >> r->m->shift];
}

static uint32_t mbs_of(uint32_t va, uint64_t size)
{
	return (uint32_t)((((uint64_t)va + size + 0xfffff) >> 20) - (va >> 20));
}

/* Attributes: canonical form in *c; false if the call must fail. */
static bool expect_attrs(struct run *r, vmsa_attr_t a, vmsa_attr_t *c,
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
static uint32_t mb_tattrs(struct run *r, uint32_t mb, uint64_t skip_lo,
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
	if (!r->high)
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

struct canon_region {
	vmsa_attr_t c;
	bool ok;        /* attrs valid, aligned, in range, not overlapping */
	bool shaped;    /* attrs valid, aligned, in range */
};

static void expect_regions(struct run *r, const struct vmsa_region *rg,
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
		 * where the 4GB limit may bite (it walks granule by granule). */
		if (q->pa.p + q->size > FOUR_GB &&
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
		if (q->pa.p + q->size > FOUR_GB &&
		    ((q->va.v | q->pa.p | q->size) & 0xffffffu))
			e->amb |= CODE(VMSA_ERR_RANGE);
		cr[i].shaped = ok;
		e->mbs += mbs_of(q->va.v, q->size);
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
	 * MB before the overlap in a later one). */
	for (size_t i = 0; i < n; i++) {
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
static bool expect_op(struct run *r, uint32_t va, uint64_t size,
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
	e->mbs = mbs_of(va, size);
	if (!range_all_mapped(r, va, size)) {
		viol(e, VMSA_ERR_NOTMAPPED);
		return false;
	}
	if (near_high_pa(r, va, size))
		e->amb |= CODE(VMSA_ERR_RANGE) | CODE(VMSA_ERR_UNSUPPORTED) |
		          CODE(VMSA_ERR_CONFLICT);
	e->mbs = mbs_of(va, size);
	return true;
}

/* ---- snapshots and checks ------------------------------------------------ */
static void snap(struct run *r)
{
	memcpy(G.snap_l1, G.l1, VMSA_L1_BYTES);
	memcpy(G.snap_pool, G.pool, r->pool_bytes);
	G.snap_t = r->t;
}

static void check_unchanged(struct run *r, int rc)
{
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		if (G.l1[i] != G.snap_l1[i])
			DIVERGE(r, "rejected call (%s) changed L1[%u]: %#x -> %#x",
			        vmsa_strerror(rc), i, G.snap_l1[i], G.l1[i]);
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
static bool judge(struct run *r, int rc, const struct expect *e)
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

static void mark_checked(struct run *r, uint32_t va, uint64_t size)
{
	for (uint64_t v = va & ~(uint64_t)0xfffff; v < (uint64_t)va + size;
	     v += 0x100000) {
		r->checked[v >> 20] = 1;
		r->dirty[v >> 20] = 1;
	}
}

/* The second-level table of L1 word w (NULL if none), its words in *n. */
static const uint32_t *table_of(const struct run *r, uint32_t w, uint32_t *n)
{
	bool coarse = (w & 3u) == 1u;
	bool fine = r->fmt == VMSA_FMT_V5 && (w & 3u) == 3u;
	uint64_t pa = coarse ? (w & 0xfffffc00u) : (w & 0xfffff000u);
	*n = fine ? 1024 : 256;
	if ((!coarse && !fine) || pa < r->t.pool_pa.p ||
	    pa + *n * 4u > r->t.pool_pa.p + r->pool_bytes)
		return NULL;
	return (const uint32_t *)(G.pool + (pa - r->t.pool_pa.p));
}

/* Did MB mb's words change since it was last verified? */
static bool mb_changed(const struct run *r, uint32_t mb)
{
	uint32_t w = G.l1[mb], n;
	if (w != G.seen_l1[mb])
		return true;
	const uint32_t *l2 = table_of(r, w, &n);
	return l2 && memcmp(l2, G.seen_l2[mb], n * 4u) != 0;
}

static void mb_seen(const struct run *r, uint32_t mb)
{
	uint32_t w = G.l1[mb], n;
	G.seen_l1[mb] = w;
	const uint32_t *l2 = table_of(r, w, &n);
	if (l2)
		memcpy(G.seen_l2[mb], l2, n * 4u);
}

static void check_mb(struct run *r, uint32_t mb)
{
	uint32_t pg = page_sz(r);
	uint64_t v = (uint64_t)mb << 20, end = v + 0x100000;
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
			uint64_t step = x.level == 1 ? end - v : pg;
			for (uint64_t o = 0; o < step; o += pg)
				if (page(r, v + o)->attrs)
					DIVERGE(r, "VA %#" PRIx64 " unmapped, "
					        "model maps it", v + o);
			v += step;
			continue;
		}
		if (rc != REF_WALK_OK)
			DIVERGE(r, "VA %#" PRIx64 ": walker error %d (L1 %#x "
			        "L2 %#x)", v, rc, x.l1_word, x.l2_word);
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

static void check_all(struct run *r, bool full)
{
	uint32_t ref[MAX_UNITS / 32 + 1] = { 0 };
	uint32_t nref = 0;
	bool v5 = r->fmt == VMSA_FMT_V5;
	if (vmsa_table_check(&r->t) != VMSA_OK)
		DIVERGE(r, "vmsa_table_check rejects the table (used_units %u "
		        "of %u)", r->t.used_units, r->t.pool_units);
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
	if (nref != r->t.used_units)
		DIVERGE(r, "pool leak: %u units used, %u referenced",
		        r->t.used_units, nref);
	for (uint32_t u = 0; u < r->t.pool_units; u++)
		if (bit(r->t.used, u) && !bit(ref, u))
			DIVERGE(r, "pool leak: unit %u used, unreferenced", u);
	for (uint32_t i = 0; i < VMSA_L1_ENTRIES; i++) {
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
	if (st.l2_bytes != nref * 1024u)
		DIVERGE(r, "vmsa_stats: %u table bytes, %u units referenced",
		        st.l2_bytes, nref);
}

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
 * plans those through its VA-sorted region index (src/regidx.c). */
#define FUZZ_MAX_REGIONS 16

static size_t gen_nregions(struct run *r)
{
	uint8_t k = rd8(r);

	/* Below 0xf9, the counts the corpus was recorded with. */
	return k >= 0xf9u ? 8u + (size_t)(k - 0xf9u) : (size_t)(k % 5u);
}

/* After a successful vmsa_map_regions: what the plan's end counts said
 * against what the call left (map_planned), reported once the pages are
 * checked, so that a wrong translation is reported as such. */
static void end_counts(struct run *r)
{
	if (!r->end_bad)
		return;
	DIVERGE(r, "the plan's end counts are not what the call left: %s",
	        r->end_why);
}

/* The call left the fillers' MBs (no region touches them) as the
 * snapshot taken before it has them: L1 word and table. */
static void check_fillers(struct run *r, const struct fuzz_fill *f)
{
	for (uint32_t k = 0; k < f->n; k++) {
		uint32_t mb = f->va[k] >> 20, nw;
		if (f->va[k] == 1)
			continue;
		if (G.l1[mb] != G.snap_l1[mb])
			DIVERGE(r, "L1[%u] (a filler's MB, no region's) changed: "
			        "%#x -> %#x", mb, G.snap_l1[mb], G.l1[mb]);
		const uint32_t *l2 = table_of(r, G.l1[mb], &nw), *was;
		if (!l2)
			continue;
		was = (const uint32_t *)(const void *)(G.snap_pool +
		                                       ((const uint8_t *)l2 -
		                                        G.pool));
		for (uint32_t i = 0; i < nw; i++)
			if (l2[i] != was[i])
				DIVERGE(r, "the table of MB %#x (a filler's, no "
				        "region's) changed: entry %u (VA %#x) %#x "
				        "-> %#x", mb, i, (mb << 20) +
				        i * (0x100000u / nw), was[i], l2[i]);
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

static void op_map_regions(struct run *r, size_t n, bool single)
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
static void op_cluster(struct run *r)
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
}

static void op_unmap(struct run *r)
{
	struct expect e;
	uint32_t va = gen_va(r);
	uint64_t size = gen_size(r, va);
	r->opname = "unmap";
	snprintf(r->args, sizeof(r->args), "%#x, %#" PRIx64, va, size);
	expect_op(r, va, size, &e);
	snap(r);
	int rc = vmsa_unmap(&r->t, vmsa_va(va), size);
	if (!judge(r, rc, &e))
		return;
	if (ref_model_unmap(r->m, va, size))
		DIVERGE(r, "model refused unmap");
	mark_checked(r, va, size);
}

static void op_protect(struct run *r)
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
	if (ok) {
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

static void op_remap(struct run *r)
{
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
	} else if (pa + size > FOUR_GB) {
		if (r->fmt == VMSA_FMT_V5 && ok)
			viol(&e, VMSA_ERR_RANGE);
		else if (r->fmt == VMSA_FMT_V5)
			e.must |= CODE(VMSA_ERR_RANGE);
		else
			e.amb |= CODE(VMSA_ERR_RANGE) |
			         CODE(VMSA_ERR_UNSUPPORTED);
	}
	snap(r);
	int rc = vmsa_remap(&r->t, vmsa_va(va), vmsa_pa(pa), size);
	if (!judge(r, rc, &e))
		return;
	if (ref_model_remap(r->m, va, pa, size))
		DIVERGE(r, "model refused remap");
	r->high |= pa + size > FOUR_GB;
	mark_checked(r, va, size);
}

static void op_translate(struct run *r)
{
	uint32_t va = rd8(r) & 1 ? gen_va(r) : rd32(r);
	struct vmsa_xlat y;
	uint64_t pa;
	vmsa_attr_t a;
	r->opname = "translate";
	snprintf(r->args, sizeof(r->args), "%#x", va);
	snap(r);
	int rc = vmsa_translate(&r->t, vmsa_va(va), &y);
	check_unchanged(r, rc);
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

static void setup(void)
{
	if (G.ready)
		return;
	for (unsigned i = 0; i < 4; i++)
		if (ref_model_init(&G.model[i], fmts[i]))
			abort();
		else    /* fault the pages in once, not on every lookup */
			memset(G.model[i].pages, 0, ((size_t)1 << (32 -
			       G.model[i].shift)) * sizeof(struct ref_page));
	G.l1 = aligned_alloc(VMSA_L1_BYTES, VMSA_L1_BYTES);
	G.pool = aligned_alloc(0x1000, MAX_UNITS * 1024u + 0x1000);
	if (!G.l1 || !G.pool)
		abort();
	G.ready = true;
}

static struct run R;

static void hostile_fail(const char *what)
{
	DIVERGE(&R, "%s", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run *r = &R;
	setup();
	memset(r, 0, sizeof(*r));
	r->p = data;
	r->n = size;
	uint8_t h0 = rd8(r), h1 = rd8(r), h2 = rd8(r);
	r->fi = h0 & 3u;
	/* Bit 7 of h0 (clear in the corpus recorded before it meant
	 * anything): clustered arrays, mostly on ARMv5, half of them with
	 * pools filled to the plan's peak. */
	r->shaped = (h0 & 0x80u) != 0;
	if (r->shaped && (h1 & 0x10u))
		r->fi = 3;
	r->exact = r->shaped && (h1 & 0x20u);
	r->fmt = fmts[r->fi];
	r->m = &G.model[r->fi];
	ref_model_clear(r->m);
	r->pool_bytes = pool_sizes[h1 & 15u] * 1024u;
	/* Pool PA 1KB aligned but not always 4KB aligned (ARMv5 fine tables
	 * must then skip the fringe); VA offset alike. */
	uint32_t off = (h2 & 3u) * 1024u;
	memset(G.l1, 0xa5, VMSA_L1_BYTES);
	memset(G.pool, 0x5a, r->pool_bytes + off);
	int rc = vmsa_init(&r->t, r->fmt, G.l1, vmsa_pa(L1_PA),
	                   r->pool_bytes ? G.pool + off : NULL,
	                   vmsa_pa(POOL_PA + off), r->pool_bytes);
	if (rc != VMSA_OK) {
		fprintf(stderr, "fuzz: vmsa_init: %s\n", vmsa_strerror(rc));
		abort();
	}
	/* From here G.pool means the pool's first byte. */
	uint8_t *pool_base = G.pool;
	G.pool = G.pool + off;
	uint32_t set = 0;
	if (h0 & 4u) set |= VMSA_TF_NO_MERGE;
	if (h0 & 8u) set |= VMSA_TF_LIVE;
	if (h0 & 16u) set |= VMSA_TF_SMP;
	vmsa_set_flags(&r->t, set, 0);
	/* Strict mode: the adversarial TLB and cache model watches the
	 * first 2MB of W0, 2MB around its supersection boundary and the
	 * first MB of W1 (all of W0 would cost too much per arch call). */
	r->strict = (h0 & 0x60u) == 0x60u && (set & VMSA_TF_LIVE);
	if (r->strict) {
		strict_attach(&r->t, (set & VMSA_TF_SMP) ? 2 : 1);
		strict_window(W0_BASE, 0x200000u);
		strict_window(W0_BASE + 0xf00000u, 0x200000u);
		strict_window(W1_BASE, 0x100000u);
	}
	for (uint32_t mb = W0_BASE >> 20; mb < (W0_BASE + W0_SIZE) >> 20; mb++)
		r->checked[mb] = 1;
	for (uint32_t mb = W1_BASE >> 20; mb < 4096; mb++)
		r->checked[mb] = 1;
	check_all(r, true);

	for (r->opno = 0; r->opno < MAX_OPS && r->off < r->n; r->opno++) {
		fake_arch_reset();
		uint8_t op = rd8(r);
		if ((op & 0xf0u) == 0xf0u) {
			/* One in sixteen: a hostile call (fuzz_hostile.c). */
			r->opname = "hostile";
			r->args[0] = 0;
			fuzz_hostile(&r->t, r->p, r->n, &r->off, hostile_fail);
		} else switch (op % 8u) {
		case 0:
			op_map_regions(r, 1, true);
			break;
		case 1:
			if (r->shaped)
				op_cluster(r);
			else
				op_map_regions(r, 1, true);
			break;
		case 2:
			if (r->shaped && (op & 0x40u))
				op_cluster(r);
			else
				op_map_regions(r, gen_nregions(r), false);
			break;
		case 3:
			op_unmap(r);
			break;
		case 4: case 5:
			op_protect(r);
			break;
		case 6:
			op_remap(r);
			break;
		default:
			op_translate(r);
			break;
		}
		fuzz_ops_total++;
		if (r->strict && strict_end() != 0)
			DIVERGE(r, "strict model: %s", strict_first());
		check_all(r, false);
		end_counts(r);
	}
	check_all(r, true);
	if (r->strict)
		strict_detach();
	G.pool = pool_base;
	return 0;
}
