/*
 * op.h - internal: what the files of unmap, protect and remap share: the
 * op (one call's request), and the functions each file gives the others.
 *
 *   op.c        the walk of the range (prepare and commit, op_walk), the
 *               checks, the public calls
 *   op_run.c    the runs: which granules after one are rewritten with it,
 *               and the rewrite of a run (one vmsa_replace)
 *   op_split.c  the cuts of granules that do not fit, and the remap past
 *               4GB (whole 16MB groups as supersections)
 * Not part of the public API.
 */
#ifndef VMSA_OP_H
#define VMSA_OP_H

#include "engine.h"

enum op_kind { OP_UNMAP, OP_PROTECT, OP_REMAP };

/* A run of granules (op_run.c): g, where the walk found it, and those
 * after it in its table rewritten with it. */
struct op_run {
	uint64_t end;           /* the VA after the run */
	uint32_t n;             /* ARMv7 unmap: the entries it takes; else
	                           its granules */
	bool exec;              /* ARMv7 unmap: one of them is executable */
};

struct op {
	enum op_kind kind;
	uint32_t va;
	uint64_t end;
	struct tmpl tm;         /* OP_PROTECT: the new attributes' template */
	vmsa_attr_t key;        /* OP_PROTECT: their word (the template
	                           cache's key), as vmsa_smp_attrs gave it */
	uint64_t pa;            /* OP_REMAP: the new PA of va */
	uint64_t delta;         /* OP_REMAP: pa - va (mod 2^40) */
	uint32_t gmax;          /* largest granule the result may keep */
	/* The granule at va as prepare found it, and its run if it needs
	 * no cut: commit starts from them (nothing is written in between)
	 * instead of reading them again. */
	bool first_ok, first_run_ok, first_same;
	struct gran first;
	struct op_run first_run;
	bool l2_cleared;        /* unmap: entries of a second-level table went */
};

/* OP_REMAP: the new output address of VA v. */
static inline uint64_t op_new_pa(const struct op *o, uint32_t v)
{
	return o->pa + (v - o->va);
}

/* ---- op_run.c ------------------------------------------------------------ */

/* Does op o leave granule g exactly as it is? */
bool vmsa_op_unchanged(const struct vmsa_table *t, const struct gran *g,
                       const struct op *o);
/* The run of g (which needs no cut): g and the granules after it in its
 * table that op o rewrites with it. same: o leaves g unchanged (then the
 * whole run too). */
void vmsa_op_run(const struct vmsa_table *t, const struct op *o,
                 const struct gran *g, bool same, struct op_run *r);
/* Commit: rewrite run r of g. */
void vmsa_op_rewrite(struct wctx *w, const struct op *o, const struct gran *g,
                     bool same, const struct op_run *r);

/* ---- op_split.c ---------------------------------------------------------- */

/* ARMv5: will MB mb hold 1KB granules after op o (a fine table)? */
bool vmsa_op_needs_tiny(const struct vmsa_table *t, const struct op *o,
                        uint32_t mb);
/* Does remap o move all of g to 1MB-aligned addresses? */
bool vmsa_op_remap_whole(const struct gran *g, const struct op *o);
/* Cut g one level down (break-before-make). */
void vmsa_op_split(struct wctx *w, const struct gran *g, const struct op *o);
/* OP_REMAP: does the part of g inside the range go past 4GB? */
bool vmsa_op_past_4gb(const struct op *o, const struct gran *g);
/* OP_REMAP past 4GB: g's 16MB group as one supersection; prepare (w
 * NULL) checks, commit writes; *cur moves past what was handled. */
int vmsa_op_remap_super(const struct vmsa_table *t, struct wctx *w,
                        const struct op *o, const struct gran *g,
                        uint64_t *cur);

/* ARMv7 remap, after its rewrites: the new PAs of its non-cacheable
 * granules cleaned and invalidated (op_run.c). */
void vmsa_op_uncache_remapped(struct wctx *w, const struct op *o);

#endif /* VMSA_OP_H */
