/*
 * query.c - layer 2: the read-only calls: vmsa_translate,
 * vmsa_translate_pa (lock-free, retried against a concurrent writer),
 * vmsa_walk and vmsa_stats.
 *
 * Does not cover: changes (map.c, op.c), descriptor bits (the format
 * modules).
 */
#include "engine.h"

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
	err = vmsa_lookup(t, va.v, &g);
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

		if (vmsa_lookup(t, (uint32_t)cur, &g) != VMSA_OK ||
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
		l2 = vmsa_table_of(t, w, &fine, NULL);
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

