/*
 * dump.c - layer 2: text dumps of a table, for a serial port.
 *
 * Covers: the summary (one line per run, like Linux's ptdump) and the raw
 * dump (every non-fault descriptor with its decoded fields). Output goes
 * through a caller's function in small NUL-terminated pieces, so no libc
 * and no buffer larger than one line.
 *
 * Summary line (vmsa_format_run), fields separated by one space:
 *
 *   0x<VA start, 8 hex>-0x<VA end, exclusive, 8 hex (9 at 4GB)>
 *   -> 0x<PA, >= 8 hex>
 *   <size: "4K", "64K", "1M", "16M" or "<n>x<granule>">
 *   <kind: tiny small large section supersection>
 *   <privileged access>/<user access>, each RW, RO or --
 *   <X, NX or PXN (executable at PL0 only)>
 *   <memory type: SO DEV DEV-NS WT WB WBWA NC BUF>
 *   then " S", " nG", " NS" where set, and " D<domain>".
 *
 * e.g. "0x60000000-0x68000000 -> 0x60000000 8x16M supersection RW/-- NX
 *       WBWA D0" (one line).
 *
 * Does not cover: walking (src/engine/query.c), descriptor bits (the format modules, src/fmt).
 */
#include "strbuf.h"
#include "vmsa/desc.h"
#include "../engine/valid.h"
#include "../fmt/fmt_lpae.h"
#include "../engine/engine.h"

/* Long descriptors: linked where a firmware names VMSA_FMT_LPAE (its
 * engine refers to them), not by the dumps of the short formats. */
#pragma weak vmsa_lpae_attr_index





static const char *size_name(uint32_t sz)
{
	switch (sz) {
	case 0x400u: return "1K";
	case 0x1000u: return "4K";
	case 0x10000u: return "64K";
	case 0x100000u: return "1M";
	case 0x200000u: return "2M";
	default: return "16M";
	}
}

static const char *access_priv(vmsa_attr_t a)
{
	return (a & VMSA_RO) ? "RO" : "RW";
}

static const char *access_user(vmsa_attr_t a)
{
	if (a & VMSA_USER)
		return (a & VMSA_RO) ? "RO" : "RW";
	if (a & VMSA_USER_RO)
		return "RO";
	return "--";
}

/* The fields every format's summary line shares, from the VA range to
 * the memory type and S, nG, NS (vmsa_format_run, and the long-descriptor
 * dump, src/report/dump_lpae.c, which end the line differently). */
static inline __attribute__((always_inline))
void sb_run(struct sb *b, uint32_t va, uint64_t size, uint64_t pa,
            uint32_t count, const char *gran, const char *kind, vmsa_attr_t a)
{
	vmsa_sb_s(b, "0x");
	vmsa_sb_hex(b, va, 8);
	vmsa_sb_s(b, "-0x");
	/* A run ending at 4GB prints its end as 0x100000000, not 0x00000000,
	 * which would read as a wrap. */
	vmsa_sb_hex(b, (uint64_t)va + size, 8);
	vmsa_sb_s(b, " -> 0x");
	vmsa_sb_hex(b, pa, 8);
	vmsa_sb_c(b, ' ');
	if (count > 1) {
		vmsa_sb_dec(b, count);
		vmsa_sb_c(b, 'x');
	}
	vmsa_sb_s(b, gran);
	vmsa_sb_c(b, ' ');
	vmsa_sb_s(b, kind);
	vmsa_sb_c(b, ' ');
	vmsa_sb_s(b, access_priv(a));
	vmsa_sb_c(b, '/');
	vmsa_sb_s(b, access_user(a));
	vmsa_sb_c(b, ' ');
	vmsa_sb_s(b, (a & VMSA_XN) ? "NX" : (a & VMSA_PXN) ? "PXN" : "X");
	vmsa_sb_c(b, ' ');
	vmsa_sb_s(b, vmsa_mt_name(a));
	if (a & VMSA_SHARED)
		vmsa_sb_s(b, " S");
	if (a & VMSA_NG)
		vmsa_sb_s(b, " nG");
	if (a & VMSA_NS)
		vmsa_sb_s(b, " NS");
}

/* For the long-descriptor dump; vmsa_format_run has it inline (a call
 * and its frame more on the stack of a dump from a fault handler). */
void vmsa_sb_run(struct sb *b, uint32_t va, uint64_t size, uint64_t pa,
                 uint32_t count, const char *gran, const char *kind,
                 vmsa_attr_t a)
{
	sb_run(b, va, size, pa, count, gran, kind, a);
}

/* A run's line; lpae: of a long-descriptor table, which ends with the
 * MAIR index (" A<AttrIndx>", as vmsa_lpae_dump's lines) where the short
 * formats' end with the domain. */
static size_t format_run(const struct vmsa_run *r, char *buf, size_t len,
                         bool lpae)
{
	struct sb b = { buf, 0, len };

	if (r == NULL || buf == NULL || len == 0)
		return 0;
	buf[0] = '\0';
	if (r->kind == VMSA_KIND_FAULT) {
		/* vmsa_walk's report of an L1 entry it could not follow. */
		vmsa_sb_s(&b, "0x");
		vmsa_sb_hex(&b, r->va.v, 8);
		vmsa_sb_s(&b, "-0x");
		vmsa_sb_hex(&b, (uint64_t)r->va.v + r->size, 8);
		vmsa_sb_s(&b, " -> 0x");
		vmsa_sb_hex(&b, r->pa.p, 8);
		vmsa_sb_s(&b, " table outside the pool");
		return b.len;
	}
	sb_run(&b, r->va.v, r->size, r->pa.p, r->count,
	            size_name(vmsa_kind_size(r->kind)),
	            lpae && r->kind == VMSA_KIND_SMALL ? "page" :
	            vmsa_kind_name(r->kind), r->attrs);
	if (lpae) {
		vmsa_sb_s(&b, " A");
		vmsa_sb_dec(&b, (uint32_t)vmsa_lpae_attr_index(VMSA_MT(r->attrs)));
	} else {
		vmsa_sb_s(&b, " D");
		vmsa_sb_dec(&b, VMSA_ATTR_DOMAIN(r->attrs));
	}
	return b.len;
}

size_t vmsa_format_run(const struct vmsa_run *r, char *buf, size_t len)
{
	return format_run(r, buf, len, false);
}

/* ---- summary ------------------------------------------------------------ */

struct dump_ctx {
	const struct vmsa_table *t;
	vmsa_out_fn out;
	void *arg;
	const char *header;     /* printed before the first run, then NULL */
};

static void dump_run(void *arg, const struct vmsa_run *run)
{
	struct dump_ctx *d = arg;
	char line[160];

	if (d->header) {
		d->out(d->arg, "---[ ");
		d->out(d->arg, d->header);
		d->out(d->arg, " ]---\n");
		d->header = NULL;
	}
	format_run(run, line, sizeof(line), d->t->fmt == VMSA_FMT_LPAE);
	d->out(d->arg, line);
	d->out(d->arg, "\n");
}

/* The region containing va (NULL if none); *next: the first region
 * boundary above va (4GB if none). */
static const struct vmsa_region *region_at(const struct vmsa_region *r,
                                           size_t n, uint64_t va,
                                           uint64_t *next)
{
	const struct vmsa_region *hit = NULL;
	size_t i;

	*next = VMSA_VA_SPAN;
	for (i = 0; i < n; i++) {
		uint64_t lo = r[i].va.v, hi = lo + r[i].size;
		if (lo <= va && va < hi && hit == NULL)
			hit = &r[i];
		if (lo > va && lo < *next)
			*next = lo;
		if (hi > va && hi < *next)
			*next = hi;
	}
	return hit;
}

int vmsa_dump(const struct vmsa_table *t, const struct vmsa_region *regions,
              size_t n, vmsa_out_fn out, void *arg)
{
	struct dump_ctx d = { t, out, arg, NULL };
	uint64_t cur = 0, next;
	int ret = VMSA_OK;

	if (vmsa_table_ok(t, false) != VMSA_OK || out == NULL ||
	    (regions == NULL && n != 0))
		return VMSA_ERR_INVAL;
	/* Walk between consecutive region boundaries so that each run sits
	 * under the header of the region it belongs to. */
	while (cur < VMSA_VA_SPAN) {
		const struct vmsa_region *r = region_at(regions, n, cur, &next);
		d.header = r ? (r->name ? r->name : "(unnamed)") :
		           "(outside the regions)";
		if (n == 0)
			d.header = NULL;
		/* A table outside the pool is a line of the dump, and the
		 * dump goes on: the caller learns of it at the end. */
		if (vmsa_walk(t, vmsa_va((uint32_t)cur), next - cur, dump_run,
		              &d) == VMSA_ERR_BUSY)
			ret = VMSA_ERR_BUSY;
		cur = next;
	}
	return ret;
}

/* ---- raw ---------------------------------------------------------------- */

/* One raw line for entries [index, index + count) that all hold w. */
static void raw_line(const struct vmsa_table *t, vmsa_out_fn out, void *arg,
                     int level, bool fine, uint32_t index, uint32_t count,
                     uint32_t va, uint32_t w)
{
	char line[200];
	struct sb b = { line, 0, sizeof(line) };
	struct vmsa_desc d;
	struct vmsa_bits bits;
	const char *ty = "?";
	int err;

	err = level == 1 ? vmsa_l1_decode(t->fmt, w, &d) :
	                   vmsa_l2_decode(t->fmt, fine, w, &d);
	if (err == VMSA_OK) {
		switch (d.type) {
		case VMSA_DESC_TABLE: ty = "table"; break;
		case VMSA_DESC_FINE_TABLE: ty = "fine-table"; break;
		case VMSA_DESC_SECTION: ty = "section"; break;
		case VMSA_DESC_SUPERSECTION: ty = "supersection"; break;
		case VMSA_DESC_LARGE: ty = "large"; break;
		case VMSA_DESC_SMALL: ty = "small"; break;
		case VMSA_DESC_TINY: ty = "tiny"; break;
		default: ty = "fault"; break;
		}
	} else {
		ty = "reserved";
	}
	vmsa_desc_bits(t->fmt, level, fine, w, &bits);
	line[0] = '\0';
	vmsa_sb_s(&b, level == 1 ? "L1[0x" : "  L2[0x");
	vmsa_sb_hex(&b, index, 3);
	if (count > 1) {
		vmsa_sb_s(&b, "-0x");
		vmsa_sb_hex(&b, index + count - 1, 3);
	}
	vmsa_sb_s(&b, "] va=0x");
	vmsa_sb_hex(&b, va, 8);
	vmsa_sb_s(&b, " 0x");
	vmsa_sb_hex(&b, w, 8);
	vmsa_sb_c(&b, ' ');
	vmsa_sb_s(&b, ty);
	if (err == VMSA_OK) {
		vmsa_sb_s(&b, " pa=0x");
		vmsa_sb_hex(&b, d.pa.p, 8);
	}
	if (err == VMSA_OK && (d.type == VMSA_DESC_TABLE ||
	                       d.type == VMSA_DESC_FINE_TABLE)) {
		vmsa_sb_s(&b, " dom=");
		vmsa_sb_dec(&b, bits.domain);
		vmsa_sb_s(&b, " NS=");
		vmsa_sb_dec(&b, bits.ns);
		vmsa_sb_s(&b, " PXN=");
		vmsa_sb_dec(&b, bits.pxn);
	} else {
		vmsa_sb_s(&b, " TEX=");
		vmsa_sb_dec(&b, bits.tex);
		vmsa_sb_s(&b, " C=");
		vmsa_sb_dec(&b, bits.c);
		vmsa_sb_s(&b, " B=");
		vmsa_sb_dec(&b, bits.b);
		vmsa_sb_s(&b, " AP=");
		vmsa_sb_dec(&b, bits.ap);
		vmsa_sb_s(&b, " S=");
		vmsa_sb_dec(&b, bits.s);
		vmsa_sb_s(&b, " nG=");
		vmsa_sb_dec(&b, bits.ng);
		vmsa_sb_s(&b, " XN=");
		vmsa_sb_dec(&b, bits.xn);
		if (level == 1) {
			vmsa_sb_s(&b, " PXN=");
			vmsa_sb_dec(&b, bits.pxn);
			vmsa_sb_s(&b, " NS=");
			vmsa_sb_dec(&b, bits.ns);
			vmsa_sb_s(&b, " dom=");
			vmsa_sb_dec(&b, bits.domain);
		}
	}
	vmsa_sb_c(&b, '\n');
	out(arg, line);
}

/* Identical consecutive words from p[i] on (at most n - i). */
static uint32_t same_run(const uint32_t *p, uint32_t i, uint32_t n)
{
	uint32_t j = i + 1;

	while (j < n && p[j] == p[i])
		j++;
	return j - i;
}

/*
 * Consecutive identical words (the 16 copies of a supersection or of a
 * large page, the copies of a page in an ARMv5 fine table) share one line
 * with an index range; a copy that differs breaks the range and shows.
 */
int vmsa_dump_raw(const struct vmsa_table *t, vmsa_out_fn out, void *arg)
{
	uint32_t i, j, c, c2;

	if (vmsa_table_ok(t, false) != VMSA_OK || out == NULL)
		return VMSA_ERR_INVAL;
	/* Long descriptors: their engine's object holds their raw dump. */
	if (t->fmt == VMSA_FMT_LPAE)
		return &vmsa_format_lpae != NULL ?
		       vmsa_format_lpae.eng->dump_raw(t, out, arg) :
		       VMSA_ERR_INVAL;
	for (i = 0; i < VMSA_L1_ENTRIES; i += c) {
		uint32_t w = t->l1[i];
		struct vmsa_desc d;
		uint64_t off;
		const uint32_t *l2;
		uint32_t n, shift;

		c = same_run(t->l1, i, VMSA_L1_ENTRIES);
		if (w == 0)
			continue;
		raw_line(t, out, arg, 1, false, i, c, i << 20, w);
		if (vmsa_l1_decode(t->fmt, w, &d) != VMSA_OK ||
		    (d.type != VMSA_DESC_TABLE &&
		     d.type != VMSA_DESC_FINE_TABLE))
			continue;
		if (d.pa.p < t->pool_pa.p)
			continue;
		off = d.pa.p - t->pool_pa.p;
		if (off >= (uint64_t)t->pool_units * 0x400u)
			continue;       /* not ours: cannot read it */
		l2 = (const uint32_t *)(const void *)(t->pool + off);
		n = d.type == VMSA_DESC_FINE_TABLE ? 1024 : 256;
		shift = d.type == VMSA_DESC_FINE_TABLE ? 10 : 12;
		for (j = 0; j < n; j += c2) {
			c2 = same_run(l2, j, n);
			if (l2[j] != 0)
				raw_line(t, out, arg, 2,
				         d.type == VMSA_DESC_FINE_TABLE, j, c2,
				         (i << 20) | (j << shift), l2[j]);
		}
	}
	return VMSA_OK;
}
