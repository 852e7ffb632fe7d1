/*
 * wxcheck.c - layer 2: the W^X debug option (VMSA_TF_CHECK_WX,
 * vmsa_set_wx_check). After each successful vmsa_map, vmsa_map_regions,
 * vmsa_unmap, vmsa_protect or vmsa_remap on a table with the option on,
 * the engine calls t->wx_check (check_after, below), which runs the
 * policy checker's W^X check (vmsa_check_policy, VMSA_POL_WX) and reports
 * each W^X mapping inside the range that call changed, naming the call.
 * So the first report names the first change that broke W^X; mappings
 * that were W^X before, elsewhere, are not blamed on it.
 *
 * Cost: one walk of the whole table per change (a debug option, for tests
 * and bring-up). With the option off the engine pays one flag test after
 * a successful call, and since it reaches this file only through the
 * pointer vmsa_set_wx_check stores, a firmware that never turns it on
 * links neither this file nor the policy checker.
 */
#include "vmsa.h"

struct wxctx {
	struct vmsa_table *t;
	const struct vmsa_call *call;
	uint64_t lo, hi;
	unsigned found;
};

static void on_finding(void *arg, const struct vmsa_finding *f)
{
	struct wxctx *c = arg;
	uint64_t lo = f->run.va.v, hi = lo + f->run.size;
	struct vmsa_finding g;

	if (lo < c->lo)
		lo = c->lo;
	if (hi > c->hi)
		hi = c->hi;
	if (lo >= hi)
		return;             /* W^X elsewhere: not this call's doing */
	/* Field by field: a whole-struct copy may become a memcpy call. */
	g.check = f->check;
	g.run = f->run;
	g.other = f->other;
	g.pa = f->pa;
	g.region = f->region;
	g.size = hi - lo;       /* the offending bytes the call touched */
	c->found++;
	if (c->t->wx_fn != NULL)
		c->t->wx_fn(c->t->wx_arg, c->call, &g);
}

static void check_after(struct vmsa_table *t, const struct vmsa_call *cl)
{
	struct wxctx c;

	c.t = t;
	c.call = cl;
	c.lo = cl->va.v;
	c.hi = (uint64_t)cl->va.v + cl->size;
	c.found = 0;
	/* c.found, not the result: a table outside the pool makes that
	 * VMSA_ERR_BUSY, yet the rest was checked and reported. */
	(void)vmsa_check_policy(t, VMSA_POL_WX, NULL, 0, on_finding, &c);
	if (c.found != 0 && t->wx_breaks < UINT32_MAX)
		t->wx_breaks++;
}

int vmsa_set_wx_check(struct vmsa_table *t, vmsa_wx_fn fn, void *arg)
{
	if (t == NULL)
		return VMSA_ERR_INVAL;
	t->wx_fn = fn;
	t->wx_arg = arg;
	t->wx_breaks = 0;
	if (fn != NULL) {
		t->wx_check = check_after;
		t->flags |= VMSA_TF_CHECK_WX;
	} else {
		t->wx_check = NULL;
		t->flags &= ~VMSA_TF_CHECK_WX;
	}
	return VMSA_OK;
}

const char *vmsa_call_name(uint32_t call)
{
	switch (call) {
	case VMSA_CALL_MAP:     return "vmsa_map";
	case VMSA_CALL_UNMAP:   return "vmsa_unmap";
	case VMSA_CALL_PROTECT: return "vmsa_protect";
	case VMSA_CALL_REMAP:   return "vmsa_remap";
	default:                return "?";
	}
}
