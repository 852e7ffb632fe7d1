/*
 * fuzz_ops.h - the differential fuzz target of fuzz_ops.c, shared by the
 * libFuzzer build and the plain replay driver (fuzz_main.c).
 */
#ifndef FUZZ_OPS_H
#define FUZZ_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmsa.h>

/* Operations run so far (all inputs), and of them those on
 * long-descriptor tables (VMSA_FMT_LPAE inputs). */
extern uint64_t fuzz_ops_total;
extern uint64_t fuzz_lpae_ops_total;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Hostile-caller calls run so far (fuzz_hostile.c). */
extern uint64_t fuzz_hostile_total;

/* One hostile call against table t (valid, set up by the target), its
 * arguments read from p[*off..n); calls fail(what) on a violation. */
void fuzz_hostile(struct vmsa_table *t, const uint8_t *p, size_t n,
                  size_t *off, void (*fail)(const char *what));

/* Input bytes p[*off..n) (past the end they read as 0). */
struct fuzz_in {
	const uint8_t *p;
	size_t n, *off;
};

/* A range a successful call mapped (the target's history). */
struct fuzz_hist {
	uint32_t va;
	uint64_t size, pa;
	vmsa_attr_t attrs;
};

struct ref_model;
struct vmsa_plan;
struct vmsa_stats;

/* fuzz_shape.c: a clustered array of up to 4 regions in rg, in the free
 * parts of the one or two MBs from va's on (model m), mostly with near's
 * VA-to-PA offset and attributes (near may be NULL), else attrs. Returns
 * the number of regions. */
size_t fuzz_cluster(struct fuzz_in *in, const struct ref_model *m,
                    uint32_t va, const struct fuzz_hist *near,
                    vmsa_attr_t attrs, struct vmsa_region *rg);

/* Does the free room of bitmap `used` (t's pool) take plan pl's peak
 * tables, allocated as the engine allocates? The room in why. */
bool fuzz_pool_fits(const struct vmsa_table *t, const uint32_t *used,
                    const struct vmsa_plan *pl, char *why, size_t len);

/* Filler mappings (fuzz_pool_fill): their VAs (1: unmapped again), and
 * whether each is an ARMv5 fine table's 1KB page or a 4KB page. */
#define FUZZ_FILL_MAX 128u
struct fuzz_fill {
	uint32_t va[FUZZ_FILL_MAX];
	bool fine[FUZZ_FILL_MAX];
	uint32_t n, next;
	uint32_t bad_va;        /* the filler fuzz_pool_unfill failed on */
};

/* Map and unmap fillers in MBs nothing maps and regions rg[0..n) do not
 * touch, until t's pool has exactly pl's peak free, laid out so that the
 * engine's allocation of pl's tables fits. False (fillers gone again) if
 * it cannot. */
bool fuzz_pool_fill(struct vmsa_table *t, const struct vmsa_plan *pl,
                    const struct vmsa_region *rg, size_t n,
                    struct fuzz_fill *f);
/* Unmap the fillers; the first failing code (its VA in f->bad_va). */
int fuzz_pool_unfill(struct vmsa_table *t, struct fuzz_fill *f);

/* After a successful vmsa_map_regions that L1 words `before` and the
 * stats st0 preceded: do pl's end counts match the new tables left in
 * use, and vmsa_stats? What differed in why. */
bool fuzz_plan_end(const struct vmsa_table *t, const uint32_t *before,
                   const struct vmsa_plan *pl, const struct vmsa_stats *st0,
                   char *why, size_t len);

#endif
