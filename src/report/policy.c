/*
 * policy.c - layer 2: the policy checker (vmsa_check_policy) and its
 * one-line formatter. Pure over the table: it reads mappings through
 * vmsa_walk only, calls nothing in the arch layer and writes nothing.
 *
 * Covers four checks on live tables (see VMSA_POL_* in vmsa.h): W^X,
 * executable Device/Strongly-ordered memory, PL0 access inside
 * privileged-only VA ranges, and one PA mapped with mismatched memory
 * attributes (ARM ARM DDI 0406C B3.8.6).
 *
 * Does not cover: anything beyond one table (TTBR1, other address
 * spaces, stage 2), domains (a Manager domain ignores AP: vmsa's boot code
 * programs clients only), TEX remap registers other than vmsa's own
 * (VMSA_PRRR / VMSA_NMRR), and cache aliasing of ARMv5 virtually indexed
 * caches (which bites even with identical attributes).
 */
#include "strbuf.h"
#include "vmsa/desc.h"
#include "../engine/valid.h"




/* ---- classification ------------------------------------------------------ */
static bool fmt_v5(vmsa_fmt_t fmt)
{
	return (fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
}

/* Device or Strongly-ordered in this format (canonical attributes). */
static bool is_device(vmsa_fmt_t fmt, vmsa_attr_t a)
{
	vmsa_attr_t mt = VMSA_MT(a);

	if (fmt_v5(fmt))   /* C = 0: uncached, what ARMv5 maps devices with */
		return mt == VMSA_MT_UNCACHED || mt == VMSA_MT_BUFFERABLE;
	return mt == VMSA_MT_UNCACHED || mt == VMSA_MT_DEVICE ||
	       mt == VMSA_MT_DEVICE_NS;
}

static bool is_wx(vmsa_fmt_t fmt, vmsa_attr_t a)
{
	if (!(a & VMSA_RW))
		return false;
	if (fmt_v5(fmt))
		return true;        /* no XN: everything mapped executes */
	if (a & VMSA_XN)
		return false;
	return !(a & VMSA_PXN) || (a & VMSA_USER);
}

/* Memory type and shareability as B3.8.6 compares them: a small code,
 * equal for attribute sets that may alias each other. */
static unsigned mem_class(vmsa_fmt_t fmt, vmsa_attr_t a)
{
	vmsa_attr_t mt = VMSA_MT(a);
	unsigned sh = (a & VMSA_SHARED) ? 0x10u : 0u;

	if (fmt_v5(fmt))
		return mt;
	switch (mt) {
	case VMSA_MT_UNCACHED:   return 1u;         /* SO, always shareable */
	case VMSA_MT_DEVICE:     return 2u;         /* shareable Device */
	case VMSA_MT_DEVICE_NS:  return 3u;         /* non-shareable Device */
	case VMSA_MT_WRITETHROUGH: return 4u | sh;
	case VMSA_MT_WRITEBACK:
	case VMSA_MT_WRITEALLOC: return 5u | sh;    /* allocation hint only */
	default:                 return 6u | sh;    /* Normal non-cacheable */
	}
}

/* ---- the checks ------------------------------------------------------------ */
struct pctx {
	const struct vmsa_table *t;
	unsigned checks;
	const struct vmsa_region *priv;
	size_t npriv;
	vmsa_policy_fn report;
	void *arg;
	int found;
	const struct vmsa_run *outer;   /* VMSA_POL_ALIAS: the run compared */
};

static void emit(struct pctx *c, const struct vmsa_finding *f)
{
	if (c->found < 0x7fffffff)
		c->found++;
	if (c->report != NULL)
		c->report(c->arg, f);
}

/* Field by field: copying a whole zero finding is a memcpy call at -O0,
 * and the library may call no libc function but memset. */
static void zero_finding(struct vmsa_finding *f)
{
	const struct vmsa_run z = { 0 };

	f->check = 0;
	f->run = z;
	f->other = z;
	f->pa.p = 0;
	f->size = 0;
	f->region = NULL;
}

static void per_run(void *arg, const struct vmsa_run *run)
{
	struct pctx *c = arg;
	vmsa_fmt_t fmt = c->t->fmt;
	struct vmsa_finding f;
	size_t i;

	if (run->kind == VMSA_KIND_FAULT)
		return;             /* a table outside the pool: unreadable */
	zero_finding(&f);
	f.run = *run;
	f.size = run->size;
	if ((c->checks & VMSA_POL_WX) && is_wx(fmt, run->attrs)) {
		f.check = VMSA_POL_WX;
		emit(c, &f);
	}
	if ((c->checks & VMSA_POL_DEVICE_EXEC) && is_device(fmt, run->attrs) &&
	    (fmt_v5(fmt) || !(run->attrs & VMSA_XN))) {
		f.check = VMSA_POL_DEVICE_EXEC;
		emit(c, &f);
	}
	if ((c->checks & VMSA_POL_USER_PRIV) &&
	    (run->attrs & (VMSA_USER | VMSA_USER_RO))) {
		uint64_t lo = run->va.v, hi = lo + run->size;
		for (i = 0; i < c->npriv; i++) {
			uint64_t plo = c->priv[i].va.v;
			uint64_t phi = plo + c->priv[i].size;
			uint64_t a = lo > plo ? lo : plo;
			uint64_t b = hi < phi ? hi : phi;
			if (a >= b)
				continue;
			f.check = VMSA_POL_USER_PRIV;
			f.size = b - a;
			f.region = &c->priv[i];
			emit(c, &f);
		}
	}
}

/* Inner walk of the alias check: compare every later run with c->outer. */
static void alias_inner(void *arg, const struct vmsa_run *run)
{
	struct pctx *c = arg;
	const struct vmsa_run *o = c->outer;
	vmsa_fmt_t fmt = c->t->fmt;
	uint64_t a, b;
	struct vmsa_finding f;

	if (run->kind == VMSA_KIND_FAULT)
		return;             /* a table outside the pool */
	if ((o->attrs & VMSA_NS) != (run->attrs & VMSA_NS))
		return;             /* secure and non-secure PA spaces differ */
	a = o->pa.p > run->pa.p ? o->pa.p : run->pa.p;
	b = o->pa.p + o->size < run->pa.p + run->size ?
	    o->pa.p + o->size : run->pa.p + run->size;
	if (a >= b || mem_class(fmt, o->attrs) == mem_class(fmt, run->attrs))
		return;
	zero_finding(&f);
	f.check = VMSA_POL_ALIAS;
	f.run = *o;
	f.other = *run;
	f.pa.p = a;
	f.size = b - a;
	emit(c, &f);
}

static void alias_outer(void *arg, const struct vmsa_run *run)
{
	struct pctx *c = arg;
	uint64_t end = (uint64_t)run->va.v + run->size;

	if (end >= VMSA_VA_SPAN || run->kind == VMSA_KIND_FAULT)
		return;             /* nothing mapped after it, or unreadable */
	c->outer = run;
	(void)vmsa_walk(c->t, vmsa_va((uint32_t)end), VMSA_VA_SPAN - end,
	                alias_inner, c);
	c->outer = NULL;
}

int vmsa_check_policy(const struct vmsa_table *t, unsigned checks,
                      const struct vmsa_region *priv, size_t npriv,
                      vmsa_policy_fn report, void *arg)
{
	struct pctx c;
	size_t i;
	int err, busy = VMSA_OK;

	if (vmsa_table_ok(t, false) != VMSA_OK ||
	    (checks & ~VMSA_POL_ALL) != 0 || (priv == NULL && npriv != 0))
		return VMSA_ERR_INVAL;
	for (i = 0; i < npriv; i++)
		if (priv[i].size == 0 ||
		    priv[i].size > VMSA_VA_SPAN - priv[i].va.v)
			return VMSA_ERR_INVAL;
	c.t = t;
	c.checks = checks;
	c.priv = priv;
	c.npriv = npriv;
	c.report = report;
	c.arg = arg;
	c.found = 0;
	c.outer = NULL;
	/* A table outside the pool (VMSA_ERR_BUSY): the rest is checked,
	 * its findings reported, and the result says the check was not
	 * whole. */
	if (checks & (VMSA_POL_WX | VMSA_POL_DEVICE_EXEC | VMSA_POL_USER_PRIV)) {
		err = vmsa_walk(t, vmsa_va(0), 0, per_run, &c);
		if (err == VMSA_ERR_BUSY)
			busy = err;
		else if (err != VMSA_OK)
			return err;
	}
	if (checks & VMSA_POL_ALIAS) {
		err = vmsa_walk(t, vmsa_va(0), 0, alias_outer, &c);
		if (err == VMSA_ERR_BUSY)
			busy = err;
		else if (err != VMSA_OK)
			return err;
	}
	return busy != VMSA_OK ? busy : c.found;
}

const char *vmsa_policy_name(unsigned check)
{
	switch (check) {
	case VMSA_POL_WX:          return "W^X";
	case VMSA_POL_DEVICE_EXEC: return "DEVICE-EXEC";
	case VMSA_POL_USER_PRIV:   return "USER-PRIV";
	case VMSA_POL_ALIAS:       return "ALIAS";
	default:                   return "?";
	}
}

size_t vmsa_format_finding(const struct vmsa_finding *f, char *buf,
                           size_t len)
{
	struct sb b = { buf, 0, len };
	char line[128];

	if (buf == NULL || len == 0)
		return 0;
	buf[0] = '\0';
	if (f == NULL)
		return 0;
	vmsa_sb_s(&b, vmsa_policy_name(f->check));
	vmsa_sb_c(&b, ' ');
	if (f->check == VMSA_POL_ALIAS) {
		vmsa_sb_s(&b, "PA ");
		vmsa_sb_addr(&b, f->pa.p);
		vmsa_sb_c(&b, '+');
		vmsa_sb_addr(&b, f->size);
		vmsa_sb_s(&b, ": ");
		vmsa_sb_addr(&b, f->run.va.v);
		vmsa_sb_c(&b, ' ');
		vmsa_sb_s(&b, vmsa_mt_name(VMSA_MT(f->run.attrs)));
		if (f->run.attrs & VMSA_SHARED)
			vmsa_sb_s(&b, " S");
		vmsa_sb_s(&b, " vs ");
		vmsa_sb_addr(&b, f->other.va.v);
		vmsa_sb_c(&b, ' ');
		vmsa_sb_s(&b, vmsa_mt_name(VMSA_MT(f->other.attrs)));
		if (f->other.attrs & VMSA_SHARED)
			vmsa_sb_s(&b, " S");
		return b.len;
	}
	(void)vmsa_format_run(&f->run, line, sizeof(line));
	vmsa_sb_s(&b, line);
	if (f->check == VMSA_POL_USER_PRIV && f->region != NULL) {
		vmsa_sb_s(&b, " in ");
		vmsa_sb_s(&b, f->region->name != NULL ? f->region->name :
		         "(privileged range)");
	}
	return b.len;
}
