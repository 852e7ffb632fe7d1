/*
 * explain.c - layer 2: the full reason a region array was refused, and
 * its one-line message.
 *
 * Covers: vmsa_plan_ex and vmsa_map_regions_ex (the plain calls, then,
 * only on failure, a targeted search for the detail of the code and the
 * region they reported: which field is misaligned and to what granule,
 * both regions of an overlap and where it starts, the table or region a
 * conflict is with, the pool bytes a NOMEM lacks) and
 * vmsa_format_region_error (no libc; the style of src/report/dump.c).
 *
 * Does not cover: the checks themselves (the engine decides; this file
 * only describes what it decided, so the engine stays the one judge).
 */
#include "strbuf.h"
#include "vmsa/desc.h"
#include "vmsa/hwdef.h"
#include "../engine/valid.h"

#define SZ_1M   0x100000u
#define FOUR_GB ((uint64_t)1 << 32)
#define NONE    ((size_t)-1)

static bool fmt_v5(vmsa_fmt_t fmt)
{
	return (fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
}

static uint64_t end_of(const struct vmsa_region *r)
{
	return (uint64_t)r->va.v + r->size;
}

static bool touches_mb(const struct vmsa_region *r, uint32_t mb)
{
	uint64_t lo = (uint64_t)mb << 20;

	return r->size != 0 && r->va.v < lo + SZ_1M && end_of(r) > lo;
}

/* Domain, NS and PXN of a region's attributes, canonical where they are
 * valid. */
static vmsa_attr_t table_attrs(vmsa_fmt_t fmt, vmsa_attr_t a)
{
	vmsa_attr_t c;

	if (vmsa_attr_canonical(fmt, a, &c) == VMSA_OK)
		a = c;
	return a & VMSA_TABLE_ATTRS;
}

static void set_other(struct vmsa_region_error *e,
                      const struct vmsa_region *r, size_t j)
{
	e->other = j;
	e->other_name = r[j].name;
	e->other_va = r[j].va;
	e->other_size = r[j].size;
	e->other_attrs = r[j].attrs;
}

/* First VA of [va, end) the table maps, or `end`. Skips unmapped MBs
 * whole. */
static uint64_t first_mapped(const struct vmsa_table *t, uint64_t va,
                             uint64_t end)
{
	uint32_t pg = fmt_v5(t->fmt) ? 0x400u : 0x1000u;

	while (va < end) {
		struct vmsa_xlat x;
		int rc = vmsa_translate(t, vmsa_va((uint32_t)va), &x);

		if (rc != VMSA_ERR_NOTMAPPED)
			return va;
		va = x.level == 1 ? (va | (SZ_1M - 1)) + 1 : va + pg;
	}
	return end;
}

static void why_overlap(const struct vmsa_table *t,
                        const struct vmsa_region *r, size_t i,
                        struct vmsa_region_error *e)
{
	size_t j;

	for (j = 0; j < i; j++) {
		if (r[j].size != 0 && r[i].va.v < end_of(&r[j]) &&
		    r[j].va.v < end_of(&r[i])) {
			e->why = VMSA_WHY_OVERLAP_REGION;
			set_other(e, r, j);
			e->addr = r[i].va.v > r[j].va.v ? r[i].va.v : r[j].va.v;
			return;
		}
	}
	if (t != NULL) {
		e->addr = first_mapped(t, r[i].va.v, end_of(&r[i]));
		if (e->addr < end_of(&r[i])) {
			e->why = VMSA_WHY_OVERLAP_TABLE;
			return;
		}
	}
	e->why = VMSA_WHY_OTHER;
}

static void why_conflict(const struct vmsa_table *t, vmsa_fmt_t fmt,
                         const struct vmsa_region *r, size_t n, size_t i,
                         struct vmsa_region_error *e)
{
	vmsa_attr_t ta = table_attrs(fmt, r[i].attrs);
	uint32_t mb = r[i].va.v >> 20, last = (uint32_t)((end_of(&r[i]) - 1) >> 20);
	size_t j;

	for (; mb <= last; mb++) {
		uint32_t w = t != NULL ? t->l1[mb] : 0;
		struct vmsa_desc d;

		e->addr = (uint64_t)mb << 20;
		if (w != 0 && vmsa_l1_decode(fmt, w, &d) == VMSA_OK &&
		    (d.type == VMSA_DESC_TABLE || d.type == VMSA_DESC_FINE_TABLE) &&
		    (d.attrs & VMSA_TABLE_ATTRS) != ta) {
			e->why = VMSA_WHY_CONFLICT_TABLE;
			e->other_attrs = d.attrs & VMSA_TABLE_ATTRS;
			return;
		}
		for (j = 0; j < n; j++) {
			if (j != i && touches_mb(&r[j], mb) &&
			    table_attrs(fmt, r[j].attrs) != ta) {
				e->why = VMSA_WHY_CONFLICT_REGION;
				set_other(e, r, j);
				e->other_attrs = table_attrs(fmt, r[j].attrs);
				return;
			}
		}
	}
	e->addr = 0;
	e->why = VMSA_WHY_OTHER;
}

static void why_busy(const struct vmsa_table *t, const struct vmsa_region *ri,
                     struct vmsa_region_error *e)
{
	uint64_t va;

	e->why = VMSA_WHY_OTHER;
	if (t == NULL)
		return;
	for (va = ri->va.v & ~(uint64_t)(SZ_1M - 1); va < end_of(ri);
	     va += SZ_1M) {
		struct vmsa_xlat x;

		if (vmsa_translate(t, vmsa_va((uint32_t)va), &x) ==
		    VMSA_ERR_BUSY) {
			e->why = VMSA_WHY_BUSY;
			e->addr = va;
			return;
		}
	}
}

static void why_range(vmsa_fmt_t fmt, const struct vmsa_region *ri,
                      struct vmsa_region_error *e)
{
	if (ri->size > VMSA_VA_SPAN - ri->va.v) {
		e->why = VMSA_WHY_VA_WRAP;
	} else if (ri->pa.p >= VMSA_PA_MAX ||
	           ri->size > VMSA_PA_MAX - ri->pa.p) {
		e->why = VMSA_WHY_PA_MAX;
	} else if (ri->pa.p + ri->size > FOUR_GB) {
		e->why = VMSA_WHY_PA_4GB;
		e->granule = fmt_v5(fmt) ? 0 : VMSA_SZ_SUPERSECTION;
	} else {
		e->why = VMSA_WHY_OTHER;
	}
}

/* Fill *e for a call that returned `code` with *bad = i. */
static void explain(const struct vmsa_table *t, vmsa_fmt_t fmt,
                    const struct vmsa_region *r, size_t n, size_t i,
                    int code, struct vmsa_region_error *e)
{
	const struct vmsa_region *ri;
	uint32_t g = fmt_v5(fmt) ? VMSA_SZ_TINY : VMSA_SZ_SMALL;
	vmsa_attr_t c;
	int ac;

	if (i >= n || r == NULL) {
		e->why = code == VMSA_ERR_INVAL ? VMSA_WHY_ARGS : VMSA_WHY_OTHER;
		return;
	}
	ri = &r[i];
	e->index = i;
	e->name = ri->name;
	e->va = ri->va;
	e->pa = ri->pa;
	e->size = ri->size;
	e->attrs = ri->attrs;
	ac = vmsa_attr_canonical(fmt, ri->attrs, &c);
	switch (code) {
	case VMSA_ERR_INVAL:
		e->why = ac != VMSA_OK ? VMSA_WHY_ATTRS :
		         ri->size == 0 ? VMSA_WHY_SIZE_ZERO : VMSA_WHY_OTHER;
		break;
	case VMSA_ERR_UNSUPPORTED:
		e->why = ac != VMSA_OK ? VMSA_WHY_ATTRS : VMSA_WHY_PA_4GB_DOMAIN;
		break;
	case VMSA_ERR_ALIGN:
		e->granule = g;
		if (ri->va.v & (g - 1)) {
			e->why = VMSA_WHY_ALIGN_VA;
			e->addr = ri->va.v;
		} else if (ri->pa.p & (g - 1)) {
			e->why = VMSA_WHY_ALIGN_PA;
			e->addr = ri->pa.p;
		} else {
			e->why = VMSA_WHY_ALIGN_SIZE;
			e->addr = ri->size;
		}
		break;
	case VMSA_ERR_RANGE:
		why_range(fmt, ri, e);
		break;
	case VMSA_ERR_OVERLAP:
		why_overlap(t, r, i, e);
		break;
	case VMSA_ERR_CONFLICT:
		why_conflict(t, fmt, r, n, i, e);
		break;
	case VMSA_ERR_BUSY:
		why_busy(t, ri, e);
		break;
	case VMSA_ERR_NOMEM: {
		struct vmsa_plan p;
		size_t bad;

		e->why = VMSA_WHY_NOMEM;
		if (vmsa_plan_fmt(NULL, t, fmt, r, n, &p, &bad) == VMSA_OK)
			e->need = (uint64_t)p.pool_units * VMSA_L2_BYTES;
		if (t != NULL)
			e->have = (uint64_t)(t->pool_units - t->used_units) *
			          VMSA_L2_BYTES;
		break;
	}
	default:
		e->why = VMSA_WHY_OTHER;
		break;
	}
}

static void err_init(struct vmsa_region_error *e, int code, vmsa_fmt_t fmt)
{
	*e = (struct vmsa_region_error){ .code = code, .index = NONE,
	                                 .other = NONE, .fmt = fmt };
}

int vmsa_plan_ex_fmt(const struct vmsa_format *format,
                     const struct vmsa_table *t, vmsa_fmt_t fmt,
                     const struct vmsa_region *regions, size_t n,
                     struct vmsa_plan *plan, struct vmsa_region_error *err)
{
	size_t bad = NONE;
	int rc = vmsa_plan_fmt(format, t, fmt, regions, n, plan, &bad);

	if (err == NULL)
		return rc;
	if (t != NULL && vmsa_table_ok(t, false) == VMSA_OK)
		fmt = t->fmt;
	err_init(err, rc, fmt);
	if (rc != VMSA_OK)
		explain(t, fmt, regions, n, bad, rc, err);
	return rc;
}

int vmsa_map_regions_ex(struct vmsa_table *t,
                        const struct vmsa_region *regions, size_t n,
                        struct vmsa_region_error *err)
{
	size_t bad = NONE;
	int rc = vmsa_map_regions(t, regions, n, &bad);
	bool ok_table = vmsa_table_ok(t, false) == VMSA_OK;

	if (err == NULL)
		return rc;
	err_init(err, rc, ok_table ? t->fmt : 0);
	if (rc != VMSA_OK)
		explain(ok_table ? t : NULL, err->fmt, regions, n,
		        ok_table ? bad : NONE, rc, err);
	return rc;
}

/* ---- the message ---------------------------------------------------------- */





/* A byte count: "4KB", "1MB", "16MB", "136KB", or hex when odd. */
static void sb_bytes(struct sb *b, uint64_t v)
{
	if (v != 0 && (v & (SZ_1M - 1)) == 0 && v < ((uint64_t)1 << 52)) {
		vmsa_sb_dec(b, (uint32_t)(v >> 20));
		vmsa_sb_s(b, "MB");
	} else if ((v & 0x3ffu) == 0 && v < ((uint64_t)1 << 42)) {
		vmsa_sb_dec(b, (uint32_t)(v >> 10));
		vmsa_sb_s(b, "KB");
	} else {
		vmsa_sb_addr(b, v);
	}
}

static void sb_region(struct sb *b, size_t i, const char *name,
                      vmsa_va_t va, uint64_t size)
{
	vmsa_sb_s(b, "region ");
	vmsa_sb_dec(b, (uint32_t)i);
	vmsa_sb_s(b, " \"");
	vmsa_sb_s(b, name ? name : "?");
	vmsa_sb_s(b, "\" VA ");
	vmsa_sb_addr(b, va.v);
	vmsa_sb_c(b, '-');
	vmsa_sb_addr(b, (uint64_t)va.v + size);   /* 0x100000000 at 4GB, as the dump */
}

/* Domain, NS, PXN as the dump writes them: "D1 NS PXN". */
static void sb_tattrs(struct sb *b, vmsa_attr_t a)
{
	vmsa_sb_c(b, 'D');
	vmsa_sb_dec(b, VMSA_ATTR_DOMAIN(a));
	if (a & VMSA_NS)
		vmsa_sb_s(b, " NS");
	if (a & VMSA_PXN)
		vmsa_sb_s(b, " PXN");
}

static void sb_pa_range(struct sb *b, const struct vmsa_region_error *e)
{
	vmsa_sb_s(b, "PA ");
	vmsa_sb_addr(b, e->pa.p);
	vmsa_sb_c(b, '-');
	vmsa_sb_addr(b, e->pa.p + e->size);
}

static void reason(struct sb *b, const struct vmsa_region_error *e)
{
	switch (e->why) {
	case VMSA_WHY_ATTRS:
		vmsa_sb_s(b, " attributes ");
		vmsa_sb_addr(b, e->attrs);
		vmsa_sb_s(b, e->code == VMSA_ERR_UNSUPPORTED ?
		     " cannot be expressed in format " : " are invalid for format ");
		vmsa_sb_addr(b, e->fmt);
		break;
	case VMSA_WHY_SIZE_ZERO:
		vmsa_sb_s(b, " has size 0");
		break;
	case VMSA_WHY_ALIGN_VA:
	case VMSA_WHY_ALIGN_PA:
	case VMSA_WHY_ALIGN_SIZE:
		vmsa_sb_s(b, e->why == VMSA_WHY_ALIGN_VA ? " VA " :
		     e->why == VMSA_WHY_ALIGN_PA ? " PA " : " size ");
		vmsa_sb_addr(b, e->addr);
		vmsa_sb_s(b, " is not a multiple of ");
		sb_bytes(b, e->granule);
		break;
	case VMSA_WHY_VA_WRAP:
		vmsa_sb_s(b, " size ");
		vmsa_sb_addr(b, e->size);
		vmsa_sb_s(b, " runs past the 4GB VA space");
		break;
	case VMSA_WHY_PA_MAX:
		vmsa_sb_c(b, ' ');
		sb_pa_range(b, e);
		vmsa_sb_s(b, " passes 2^40 (40-bit PA)");
		break;
	case VMSA_WHY_PA_4GB:
		vmsa_sb_c(b, ' ');
		sb_pa_range(b, e);
		if (e->granule == 0) {
			vmsa_sb_s(b, " passes 4GB, which ARMv5 cannot output");
		} else {
			vmsa_sb_s(b, " passes 4GB, which only supersections "
			        "reach: VA, PA and size must be multiples of ");
			sb_bytes(b, e->granule);
		}
		break;
	case VMSA_WHY_PA_4GB_DOMAIN:
		vmsa_sb_c(b, ' ');
		sb_pa_range(b, e);
		vmsa_sb_s(b, " passes 4GB, which only supersections reach, and "
		        "they have no domain: ");
		sb_tattrs(b, e->attrs & VMSA_DOMAIN_MASK);
		vmsa_sb_s(b, " is not D0");
		break;
	case VMSA_WHY_OVERLAP_REGION:
		vmsa_sb_s(b, " overlaps ");
		sb_region(b, e->other, e->other_name, e->other_va,
		          e->other_size);
		vmsa_sb_s(b, " from VA ");
		vmsa_sb_addr(b, e->addr);
		break;
	case VMSA_WHY_OVERLAP_TABLE:
		vmsa_sb_s(b, " overlaps what the table already maps at VA ");
		vmsa_sb_addr(b, e->addr);
		break;
	case VMSA_WHY_CONFLICT_REGION:
	case VMSA_WHY_CONFLICT_TABLE:
		vmsa_sb_s(b, " has ");
		sb_tattrs(b, e->attrs & VMSA_TABLE_ATTRS);
		vmsa_sb_s(b, ", but its pages in the MB at VA ");
		vmsa_sb_addr(b, e->addr);
		vmsa_sb_s(b, " share one second-level table with ");
		if (e->why == VMSA_WHY_CONFLICT_REGION) {
			sb_region(b, e->other, e->other_name, e->other_va,
			          e->other_size);
			vmsa_sb_s(b, " (");
		} else {
			vmsa_sb_s(b, "pages already mapped (");
		}
		sb_tattrs(b, e->other_attrs);
		vmsa_sb_s(b, "): domain, NS and PXN are per table");
		break;
	case VMSA_WHY_BUSY:
		vmsa_sb_s(b, " needs the MB at VA ");
		vmsa_sb_addr(b, e->addr);
		vmsa_sb_s(b, ", whose L1 entry points to a table outside the pool");
		break;
	default:
		break;
	}
}

size_t vmsa_format_region_error(const struct vmsa_region_error *e,
                                char *buf, size_t len)
{
	struct sb b = { buf, 0, len };

	if (buf == NULL || len == 0)
		return 0;
	buf[0] = '\0';
	if (e == NULL)
		return 0;
	if (e->why == VMSA_WHY_NOMEM) {
		vmsa_sb_s(&b, "regions need ");
		sb_bytes(&b, e->need);
		vmsa_sb_s(&b, " of second-level tables (peak), the pool has ");
		sb_bytes(&b, e->have);
		vmsa_sb_s(&b, " free");
		if (e->index != NONE) {
			vmsa_sb_s(&b, " (");
			sb_region(&b, e->index, e->name, e->va, e->size);
			vmsa_sb_s(&b, " is the first that does not fit)");
		}
	} else if (e->why == VMSA_WHY_ARGS) {
		vmsa_sb_s(&b, "bad arguments: table (vmsa_table_check), format, "
		         "region array or result pointer");
	} else if (e->why == VMSA_WHY_ALIGN_PA ||
	           e->why == VMSA_WHY_ALIGN_SIZE) {
		/* The VA range says nothing here: name, then the field. */
		vmsa_sb_s(&b, "region ");
		vmsa_sb_dec(&b, (uint32_t)e->index);
		vmsa_sb_s(&b, " \"");
		vmsa_sb_s(&b, e->name ? e->name : "?");
		vmsa_sb_c(&b, '"');
		reason(&b, e);
	} else if (e->index != NONE) {
		sb_region(&b, e->index, e->name, e->va, e->size);
		reason(&b, e);
	} else if (e->code == VMSA_OK) {
		vmsa_sb_s(&b, "regions fit");
	} else {
		vmsa_sb_s(&b, "regions refused");
	}
	vmsa_sb_s(&b, ": ");
	vmsa_sb_s(&b, vmsa_strerror(e->code));
	return b.len;
}
