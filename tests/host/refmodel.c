/*
 * refmodel.c - independent reference model (see refmodel.h). Written from
 * the ARM ARM DDI 0406C B3.5.1 (figures B3-4, B3-5), B3.7.1 (table B3-8),
 * B3.8.2 (table B3-10), B3.8.3 (TEX remap), and the ARM926EJ-S TRM 3.2,
 * plus the attribute policy stated in vmsa.h. No library function is used.
 * Long descriptors: refmodel_lpae.c, reached from the dispatches here;
 * the page map's protect and remap: refmodel_change.c.
 */
#include "refmodel.h"

#include <stdlib.h>
#include <string.h>

/* ---- Random ------------------------------------------------------------- */
uint64_t ref_rand(uint64_t *s)
{
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15ull;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

uint64_t ref_rand_below(uint64_t *s, uint64_t n)
{
	return n ? ref_rand(s) % n : 0;
}

uint32_t ref_rand_word(uint64_t *s, uint32_t ty)
{
	uint32_t w = (uint32_t)ref_rand(s);

	if (ref_rand_below(s, 4) == 0)
		w &= (uint32_t)ref_rand(s) & (uint32_t)ref_rand(s);
	return (w & ~3u) | ty;
}

const vmsa_fmt_t ref_fmts[REF_NFMTS] = {
	VMSA_FMT_V7,
	VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP,
	VMSA_FMT_V7 | VMSA_FMT_PXN,
	VMSA_FMT_V7 | VMSA_FMT_PXN | VMSA_FMT_TEX_REMAP,
	VMSA_FMT_V5,
};

/* ---- Attributes ----------------------------------------------------------- */
static bool is_v5(vmsa_fmt_t f) { return (f & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5; }
static bool is_remap(vmsa_fmt_t f) { return (f & VMSA_FMT_TEX_REMAP) != 0; }

uint32_t ref_min_granule(vmsa_fmt_t fmt)
{
	return is_v5(fmt) ? 0x400u : 0x1000u;
}

bool ref_mt_is_normal(vmsa_fmt_t fmt, vmsa_attr_t mt)
{
	if (ref_is_lpae(fmt))
		return ref_lpae_mt_is_normal(mt);
	switch (mt) {
	case VMSA_MT_WRITETHROUGH:
	case VMSA_MT_WRITEBACK:
		return true;
	case VMSA_MT_WRITEALLOC:
	case VMSA_MT_NORMAL_NC:
		return !is_v5(fmt);
	case VMSA_MT_BUFFERABLE:
		/* B3.8.2: TEX=000 C=0 B=1 is Shareable Device; with Linux's
		 * PRRR index 1 is Normal non-cacheable. */
		return !is_v5(fmt) && is_remap(fmt);
	default:
		return false;
	}
}

unsigned ref_canonical(vmsa_fmt_t fmt, vmsa_attr_t a, vmsa_attr_t *out,
                       bool *ambiguous)
{
	unsigned v = 0;
	bool amb = false;
	vmsa_attr_t mt = VMSA_MT(a);

	if (ref_is_lpae(fmt)) {
		if (ambiguous)
			*ambiguous = false;
		return ref_lpae_canonical(a, out);
	}
	if (a & ~VMSA_ATTR_VALID_MASK)
		v |= REF_VIOL_INVAL;
	if (mt == 0 || mt > VMSA_MT_NORMAL_NC)
		v |= REF_VIOL_INVAL;
	if (!(a & VMSA_RO) == !(a & VMSA_RW))
		v |= REF_VIOL_INVAL;
	if ((a & VMSA_USER) && (a & VMSA_USER_RO))
		v |= REF_VIOL_INVAL;
	if ((a & VMSA_USER_RO) && (a & VMSA_RO))
		v |= REF_VIOL_INVAL;
	if ((a & VMSA_XN) && (a & VMSA_EXEC))
		v |= REF_VIOL_INVAL;

	if (is_v5(fmt)) {
		/* ARM926: no XN, no PXN, no nG, no S, no NS, no read-only
		 * privileged access with S = R = 0, four C/B types. */
		if (a & (VMSA_XN | VMSA_PXN | VMSA_NG | VMSA_NS | VMSA_RO))
			v |= REF_VIOL_UNSUP;
		if (mt > VMSA_MT_WRITEBACK)
			v |= REF_VIOL_UNSUP;
		if (a & VMSA_SHARED) {
			v |= REF_VIOL_UNSUP;
			amb = true; /* INVAL or UNSUPPORTED: vmsa.h does not say */
		}
		if (a & VMSA_EXEC)
			amb = true; /* dropped or refused: vmsa.h does not say */
	} else {
		if ((a & VMSA_SHARED) && mt >= 1 && mt <= 8 &&
		    !ref_mt_is_normal(fmt, mt))
			v |= REF_VIOL_INVAL;
		if ((a & VMSA_PXN) && !(fmt & VMSA_FMT_PXN))
			v |= REF_VIOL_UNSUP;
	}
	if (ambiguous)
		*ambiguous = amb;
	if (v)
		return v;

	vmsa_attr_t c = a;
	if (!is_v5(fmt)) {
		if (!is_remap(fmt) && mt == VMSA_MT_BUFFERABLE)
			mt = VMSA_MT_DEVICE;
		if (is_remap(fmt) && mt == VMSA_MT_NORMAL_NC)
			mt = VMSA_MT_BUFFERABLE;
		c = (c & ~VMSA_MT_MASK) | mt;
		/* vmsa.h: execute-never unless VMSA_EXEC for Device/SO memory
		 * and for privileged-writable Normal memory; read-only Normal
		 * memory is executable unless VMSA_XN, and EXEC is redundant
		 * there. */
		bool writable = (a & VMSA_RW) != 0;
		bool exec_needs_asking = !ref_mt_is_normal(fmt, mt) || writable;
		if (!exec_needs_asking)
			c &= ~VMSA_EXEC;
		else if (!(c & VMSA_EXEC))
			c |= VMSA_XN;
	} else {
		c &= ~VMSA_EXEC;
	}
	if (out)
		*out = c;
	return 0;
}

/* ---- Greedy split ------------------------------------------------------------ */
uint32_t ref_granule(vmsa_fmt_t fmt, uint32_t domain, uint64_t va,
                     uint64_t pa, uint64_t remaining)
{
	static const uint32_t v7[] = { 0x1000000u, 0x100000u, 0x10000u, 0x1000u };
	static const uint32_t v5[] = { 0x100000u, 0x10000u, 0x1000u, 0x400u };
	const uint32_t *g = is_v5(fmt) ? v5 : v7;
	if (ref_is_lpae(fmt))
		return ref_lpae_granule(va, pa, remaining);
	for (int i = 0; i < 4; i++) {
		if (g[i] == 0x1000000u && domain != 0)
			continue;
		if (va % g[i] == 0 && pa % g[i] == 0 && remaining >= g[i])
			return g[i];
	}
	return 0;
}

int ref_kind_of_size(uint32_t size)
{
	switch (size) {
	case 0x400u: return VMSA_KIND_TINY;
	case 0x1000u: return VMSA_KIND_SMALL;
	case 0x10000u: return VMSA_KIND_LARGE;
	case 0x100000u: return VMSA_KIND_SECTION;
	case 0x1000000u: return VMSA_KIND_SUPERSECTION;
	case 0x200000u: return VMSA_KIND_BLOCK;         /* LPAE */
	}
	return VMSA_KIND_FAULT;
}

bool ref_cost(vmsa_fmt_t fmt, uint32_t va, uint64_t pa, uint64_t size,
              vmsa_attr_t attrs, struct ref_cost *c)
{
	memset(c, 0, sizeof(*c));
	uint64_t v = va, p = pa, rem = size;
	uint32_t dom = VMSA_ATTR_DOMAIN(attrs);
	if (pa + size > VMSA_PA_MAX || pa + size < pa)
		c->range_error = true;
	while (rem) {
		uint32_t g = ref_granule(fmt, dom, v, p, rem);
		if (!g)
			return false;
		if (g != 0x1000000u && p + g > ((uint64_t)1 << 32) &&
		    !ref_is_lpae(fmt))
			c->range_error = true;
		c->entries++;
		c->by_kind[ref_kind_of_size(g)]++;
		v += g;
		p += g;
		rem -= g;
	}
	return true;
}

/* ---- Page map ------------------------------------------------------------------ */
int ref_model_init(struct ref_model *m, vmsa_fmt_t fmt)
{
	memset(m, 0, sizeof(*m));
	m->fmt = fmt;
	m->shift = is_v5(fmt) ? 10 : 12;
	m->pages = calloc((size_t)1 << (32 - m->shift), sizeof(*m->pages));
	m->touched_cap = 1024;
	m->touched_va = malloc(m->touched_cap * sizeof(*m->touched_va));
	m->touched_size = malloc(m->touched_cap * sizeof(*m->touched_size));
	return m->pages && m->touched_va && m->touched_size ? 0 : -1;
}

void ref_model_free(struct ref_model *m)
{
	free(m->pages);
	free(m->touched_va);
	free(m->touched_size);
	memset(m, 0, sizeof(*m));
}

void ref_model_clear(struct ref_model *m)
{
	if (m->touched_overflow) {
		memset(m->pages, 0, ((size_t)1 << (32 - m->shift)) * sizeof(*m->pages));
	} else {
		for (uint32_t i = 0; i < m->ntouched; i++) {
			uint64_t first = m->touched_va[i] >> m->shift;
			uint64_t n = m->touched_size[i] >> m->shift;
			memset(&m->pages[first], 0, n * sizeof(*m->pages));
		}
	}
	m->ntouched = 0;
	m->touched_overflow = false;
	memset(m->mb_l2, 0, sizeof(m->mb_l2));
	memset(m->mb_tiny, 0, sizeof(m->mb_tiny));
	memset(m->mb_sect, 0, sizeof(m->mb_sect));
	m->mapped = 0;
	m->entries = 0;
}

static void touch(struct ref_model *m, uint32_t va, uint64_t size)
{
	if (m->ntouched == m->touched_cap) {
		m->touched_overflow = true;
		return;
	}
	m->touched_va[m->ntouched] = va;
	m->touched_size[m->ntouched] = size;
	m->ntouched++;
}

int ref_model_map(struct ref_model *m, uint32_t va, uint64_t pa,
                  uint64_t size, vmsa_attr_t canon)
{
	uint64_t pg = (uint64_t)1 << m->shift;
	if (va % pg || pa % pg || size % pg || size == 0)
		return VMSA_ERR_ALIGN;
	if ((uint64_t)va + size > VMSA_VA_SPAN)
		return VMSA_ERR_RANGE;
	for (uint64_t o = 0; o < size; o += pg)
		if (m->pages[(va + o) >> m->shift].attrs)
			return VMSA_ERR_OVERLAP;
	touch(m, va, size);
	uint64_t v = va, p = pa, rem = size;
	while (rem) {
		uint32_t g = ref_granule(m->fmt, VMSA_ATTR_DOMAIN(canon), v, p, rem);
		int kind = ref_kind_of_size(g);
		for (uint64_t o = 0; o < g; o += pg) {
			struct ref_page *e = &m->pages[(v + o) >> m->shift];
			e->pa_1k = (uint32_t)((p + o) >> 10);
			e->attrs = canon;
			e->kind = (uint8_t)kind;
			uint32_t mb = (uint32_t)((v + o) >> 20);
			if (kind >= VMSA_KIND_SECTION)
				m->mb_sect[mb]++;
			else
				m->mb_l2[mb]++;
			if (kind == VMSA_KIND_TINY)
				m->mb_tiny[mb]++;
		}
		m->entries++;
		v += g;
		p += g;
		rem -= g;
	}
	m->mapped += size;
	return 0;
}

int ref_model_unmap(struct ref_model *m, uint32_t va, uint64_t size)
{
	uint64_t pg = (uint64_t)1 << m->shift;
	if (va % pg || size % pg || size == 0)
		return VMSA_ERR_ALIGN;
	if ((uint64_t)va + size > VMSA_VA_SPAN)
		return VMSA_ERR_RANGE;
	for (uint64_t o = 0; o < size; o += pg)
		if (!m->pages[(va + o) >> m->shift].attrs)
			return VMSA_ERR_NOTMAPPED;
	for (uint64_t o = 0; o < size; o += pg) {
		struct ref_page *e = &m->pages[(va + o) >> m->shift];
		e->attrs = 0;
		e->pa_1k = 0;
		e->kind = 0;
	}
	m->mapped -= size;
	return 0;
}

bool ref_model_lookup(const struct ref_model *m, uint32_t va, uint64_t *pa,
                      vmsa_attr_t *attrs, int *kind)
{
	const struct ref_page *e = &m->pages[va >> m->shift];
	if (!e->attrs)
		return false;
	uint64_t off = va & (((uint32_t)1 << m->shift) - 1);
	if (pa)
		*pa = ((uint64_t)e->pa_1k << 10) + off;
	if (attrs)
		*attrs = e->attrs;
	if (kind)
		*kind = e->kind;
	return true;
}

void ref_model_tables(const struct ref_model *m, uint32_t *l2, uint32_t *fine)
{
	uint32_t a = 0, b = 0;
	int step = ref_is_lpae(m->fmt) ? 2 : 1;   /* LPAE: per 2MB */
	for (int i = 0; i < 4096; i += step) {
		a += (m->mb_l2[i] | m->mb_l2[i + step - 1]) != 0;
		b += m->mb_tiny[i] != 0;
	}
	*l2 = a;
	*fine = b;
}

/* ---- Independent walker ----------------------------------------------------- */

/* ARMv7 memory type from TEX/C/B (and S for remap index 4), B3.8.2 table
 * B3-10 or Linux's PRRR/NMRR. Returns 0 for encodings vmsa does not use. */
static vmsa_attr_t v7_mt(vmsa_fmt_t fmt, unsigned tex, unsigned c,
                         unsigned b, unsigned s)
{
	if (is_remap(fmt)) {
		switch (((tex & 1) << 2) | (c << 1) | b) {
		case 0: return VMSA_MT_UNCACHED;
		case 1: return VMSA_MT_BUFFERABLE;
		case 2: return VMSA_MT_WRITETHROUGH;
		case 3: return VMSA_MT_WRITEBACK;
		case 4: return s ? VMSA_MT_DEVICE : VMSA_MT_DEVICE_NS;
		case 7: return VMSA_MT_WRITEALLOC;
		default: return 0;
		}
	}
	switch ((tex << 2) | (c << 1) | b) {
	case 0x0: return VMSA_MT_UNCACHED;
	case 0x1: return VMSA_MT_DEVICE;
	case 0x2: return VMSA_MT_WRITETHROUGH;
	case 0x3: return VMSA_MT_WRITEBACK;
	case 0x4: return VMSA_MT_NORMAL_NC;
	case 0x7: return VMSA_MT_WRITEALLOC;
	case 0x8: return VMSA_MT_DEVICE_NS;
	default: return 0;
	}
}

/* B3.7.1 table B3-8 (AFE = 0). */
static vmsa_attr_t v7_access(unsigned ap)
{
	switch (ap) {
	case 1: return VMSA_RW;
	case 2: return VMSA_RW | VMSA_USER_RO;
	case 3: return VMSA_RW | VMSA_USER;
	case 5: return VMSA_RO;
	case 7: return VMSA_RO | VMSA_USER;
	default: return 0;
	}
}

/* ARM926 TRM table 3-3 with S = R = 0. */
static vmsa_attr_t v5_access(unsigned ap)
{
	switch (ap) {
	case 1: return VMSA_RW;
	case 2: return VMSA_RW | VMSA_USER_RO;
	case 3: return VMSA_RW | VMSA_USER;
	default: return 0;
	}
}

static int v7_attrs(vmsa_fmt_t fmt, unsigned tex, unsigned c, unsigned b,
                    unsigned ap, unsigned s, unsigned ng, unsigned xn,
                    vmsa_attr_t *out)
{
	vmsa_attr_t mt = v7_mt(fmt, tex, c, b, s);
	vmsa_attr_t acc = v7_access(ap);
	if (!mt || !acc)
		return REF_WALK_RESERVED;
	vmsa_attr_t a = mt | acc;
	bool normal = ref_mt_is_normal(fmt, mt);
	if (xn)
		a |= VMSA_XN;
	else if (!normal || (acc & VMSA_RW))
		a |= VMSA_EXEC;   /* executable only because the caller asked */
	if (ng)
		a |= VMSA_NG;
	if (s && normal)
		a |= VMSA_SHARED;
	*out = a;
	return REF_WALK_OK;
}

static const void *pool_ptr(const struct vmsa_table *t, uint64_t pa,
                            uint32_t bytes)
{
	if (!t->pool || pa < t->pool_pa.p ||
	    pa + bytes > t->pool_pa.p + (uint64_t)t->pool_units * 1024u)
		return NULL;
	return t->pool + (pa - t->pool_pa.p);
}

static int walk_v7(const struct vmsa_table *t, uint32_t va, struct ref_xlat *x)
{
	vmsa_fmt_t fmt = t->fmt;
	uint32_t w = t->l1[va >> 20];
	x->l1_word = w;
	x->level = 1;
	switch (w & 3u) {
	case 0:
		return REF_WALK_FAULT;
	case 1: {
		if ((w & (1u << 2)) && !(fmt & VMSA_FMT_PXN))
			return REF_WALK_RESERVED;
		const uint32_t *l2 = pool_ptr(t, w & 0xfffffc00u, 1024);
		if (!l2)
			return REF_WALK_BAD;
		uint32_t d = l2[(va >> 12) & 0xffu];
		x->l2_word = d;
		x->level = 2;
		vmsa_attr_t tb = (((w >> 5) & 0xfu) << VMSA_DOMAIN_SHIFT) |
		                 ((w & (1u << 3)) ? VMSA_NS : 0) |
		                 ((w & (1u << 2)) ? VMSA_PXN : 0);
		vmsa_attr_t a;
		int rc;
		if ((d & 3u) == 0)
			return REF_WALK_FAULT;
		if ((d & 3u) == 1) { /* large page, B3-5 */
			rc = v7_attrs(fmt, (d >> 12) & 7u, (d >> 3) & 1u,
			              (d >> 2) & 1u,
			              ((d >> 9) & 1u) << 2 | ((d >> 4) & 3u),
			              (d >> 10) & 1u, (d >> 11) & 1u,
			              (d >> 15) & 1u, &a);
			x->kind = VMSA_KIND_LARGE;
			x->pa = (d & 0xffff0000u) | (va & 0xffffu);
		} else {             /* small page */
			rc = v7_attrs(fmt, (d >> 6) & 7u, (d >> 3) & 1u,
			              (d >> 2) & 1u,
			              ((d >> 9) & 1u) << 2 | ((d >> 4) & 3u),
			              (d >> 10) & 1u, (d >> 11) & 1u, d & 1u, &a);
			x->kind = VMSA_KIND_SMALL;
			x->pa = (d & 0xfffff000u) | (va & 0xfffu);
		}
		if (rc)
			return rc;
		x->attrs = a | tb;
		return REF_WALK_OK;
	}
	default: { /* 2, or 3 = section with PXN */
		bool pxn = (w & 3u) == 3u;
		if (pxn && !(fmt & VMSA_FMT_PXN))
			return REF_WALK_RESERVED;
		vmsa_attr_t a;
		int rc = v7_attrs(fmt, (w >> 12) & 7u, (w >> 3) & 1u,
		                  (w >> 2) & 1u,
		                  ((w >> 15) & 1u) << 2 | ((w >> 10) & 3u),
		                  (w >> 16) & 1u, (w >> 17) & 1u,
		                  (w >> 4) & 1u, &a);
		if (rc)
			return rc;
		if (pxn)
			a |= VMSA_PXN;
		if (w & (1u << 19))
			a |= VMSA_NS;
		if (w & (1u << 18)) {
			x->kind = VMSA_KIND_SUPERSECTION;
			x->pa = (uint64_t)(w & 0xff000000u) |
			        ((uint64_t)((w >> 20) & 0xfu) << 32) |
			        ((uint64_t)((w >> 5) & 0xfu) << 36) |
			        (va & 0xffffffu);
		} else {
			x->kind = VMSA_KIND_SECTION;
			x->pa = (w & 0xfff00000u) | (va & 0xfffffu);
			a |= ((w >> 5) & 0xfu) << VMSA_DOMAIN_SHIFT;
		}
		x->attrs = a;
		return REF_WALK_OK;
	}
	}
}

static int walk_v5(const struct vmsa_table *t, uint32_t va, struct ref_xlat *x)
{
	uint32_t w = t->l1[va >> 20];
	vmsa_attr_t dom = ((w >> 5) & 0xfu) << VMSA_DOMAIN_SHIFT;
	x->l1_word = w;
	x->level = 1;
	uint32_t d;
	switch (w & 3u) {
	case 0:
		return REF_WALK_FAULT;
	case 2: {
		vmsa_attr_t acc = v5_access((w >> 10) & 3u);
		if (!acc)
			return REF_WALK_RESERVED;
		x->kind = VMSA_KIND_SECTION;
		x->pa = (w & 0xfff00000u) | (va & 0xfffffu);
		x->attrs = (((w >> 2) & 3u) + 1) | acc | dom;
		return REF_WALK_OK;
	}
	case 1: {
		const uint32_t *l2 = pool_ptr(t, w & 0xfffffc00u, 1024);
		if (!l2)
			return REF_WALK_BAD;
		d = l2[(va >> 12) & 0xffu];
		if ((d & 3u) == 3u)
			return REF_WALK_RESERVED; /* no tiny pages in coarse */
		break;
	}
	default: {
		const uint32_t *l2 = pool_ptr(t, w & 0xfffff000u, 4096);
		if (!l2)
			return REF_WALK_BAD;
		d = l2[(va >> 10) & 0x3ffu];
		break;
	}
	}
	x->level = 2;
	x->l2_word = d;
	unsigned ap;
	switch (d & 3u) {
	case 0:
		return REF_WALK_FAULT;
	case 1:
	case 2:
		ap = (d >> 4) & 3u;
		/* vmsa writes the same AP to all four subpages */
		if (((d >> 6) & 3u) != ap || ((d >> 8) & 3u) != ap ||
		    ((d >> 10) & 3u) != ap)
			return REF_WALK_RESERVED;
		if ((d & 3u) == 1) {
			x->kind = VMSA_KIND_LARGE;
			x->pa = (d & 0xffff0000u) | (va & 0xffffu);
		} else {
			x->kind = VMSA_KIND_SMALL;
			x->pa = (d & 0xfffff000u) | (va & 0xfffu);
		}
		break;
	default:
		ap = (d >> 4) & 3u;
		x->kind = VMSA_KIND_TINY;
		x->pa = (d & 0xfffffc00u) | (va & 0x3ffu);
		break;
	}
	vmsa_attr_t acc = v5_access(ap);
	if (!acc)
		return REF_WALK_RESERVED;
	/* C/B: 00 uncached, 01 buffered, 10 WT, 11 WB = MT 1..4 */
	x->attrs = (((d >> 2) & 3u) + 1) | acc | dom;
	return REF_WALK_OK;
}

int ref_walk(const struct vmsa_table *t, uint32_t va, struct ref_xlat *x)
{
	memset(x, 0, sizeof(*x));
	if (ref_is_lpae(t->fmt))
		return ref_lpae_walk(t, va, x);
	if ((t->fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5)
		return walk_v5(t, va, x);
	return walk_v7(t, va, x);
}
