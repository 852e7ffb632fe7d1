/*
 * fuzz_int.h - what the files of the differential fuzz target share,
 * private to them: the windows and pool layout, the target's state G and
 * one input's run, DIVERGE, and what each file offers the others
 * (fuzz_ops.c: input decoding and the entry point; fuzz_check.c: the
 * model's expectations and the checks after each call; fuzz_calls.c: the
 * operations; fuzz_lpae.c: what long-descriptor tables need of their
 * own). The drivers see fuzz_ops.h only.
 *
 * "Top entry" below is an entry of the table the engine's walks start
 * from: an L1 entry of 1MB (short formats, 4096 of them), or a level-2
 * entry of 2MB (VMSA_FMT_LPAE, 2048 64-bit words in t->l1); a
 * second-level table is what one top entry points to (an L2 table, or a
 * level-3 table).
 */
#ifndef FUZZ_INT_H
#define FUZZ_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include "refmodel.h"
#include "fuzz_ops.h"

#define W0_BASE   0x40000000u
#define W0_SIZE   0x02000000u          /* 32MB: two supersections */
#define W1_BASE   0xff000000u
#define W1_SIZE   0x01000000u          /* top 16MB of the VA space */
/* The VA ranges the strict model watches in a strict run (fuzz_ops.c):
 * the first 2MB of W0, 2MB around its supersection boundary, the first
 * MB of W1. */
#define STRICT_WINDOWS 3
extern const uint32_t strict_windows[STRICT_WINDOWS][2];
#define POOL_PA   0x80100000u
#define L1_PA     0x80004000u
#define MAX_UNITS 128u                 /* 1KB units: 128KB of pool */
#define MAX_OPS   48u
/* The L1 buffer: 16KB, or VMSA_LPAE_L1_BYTES (the top table and level 1). */
#define L1_BUF_BYTES 0x8000u
#define FOUR_GB   ((uint64_t)1 << 32)

/* ---- state ---------------------------------------------------------------- */
struct fuzz_state {
	bool ready;
	struct ref_model model[5];      /* fmts[0..3], then LPAE */
	uint32_t *l1;
	uint8_t *pool;
	uint32_t snap_l1[L1_BUF_BYTES / 4];
	/* Per top entry: its word and table content last verified page by
	 * page; an entry whose words are unchanged and which no call touched
	 * in the model translates as verified before. */
	uint64_t seen_l1[VMSA_L1_ENTRIES];
	uint32_t seen_l2[VMSA_L1_ENTRIES][1024];
	uint8_t snap_pool[MAX_UNITS * 1024u];
	struct vmsa_table snap_t;
};
extern struct fuzz_state G;

struct run {
	const uint8_t *p;
	size_t n, off;
	vmsa_fmt_t fmt;
	unsigned fi;
	bool lpae;              /* VMSA_FMT_LPAE (fi 4) */
	unsigned tshift;        /* a top entry maps 1 << tshift: 20, LPAE 21 */
	uint32_t tents;         /* top entries: 4096, LPAE 2048 */
	uint32_t l1_bytes;      /* VMSA_L1_BYTES, VMSA_LPAE_L1_BYTES */
	uint32_t unit;          /* pool unit: 1KB, LPAE 4KB (a table) */
	struct vmsa_table t;
	struct ref_model *m;
	uint32_t pool_bytes;
	uint8_t checked[VMSA_L1_ENTRIES]; /* top entries to check page by page */
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

/* Top entry i's word (64-bit for LPAE) in the L1 buffer l1 (the tables,
 * or a snapshot of them: read through memcpy, whatever type holds it). */
static inline uint64_t top_word(const struct run *r, const uint32_t *l1,
                                uint32_t i)
{
	uint64_t w;
	if (!r->lpae)
		return l1[i];
	memcpy(&w, (const uint8_t *)l1 + 8u * i, sizeof(w));
	return w;
}

/* fuzz_ops.c: the failing input, saved and described. */
void dump_input(const struct run *r);

#define DIVERGE(r, ...) do { \
	dump_input(r); \
	fprintf(stderr, "fuzz: DIVERGENCE: " __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)

/* fuzz_ops.c: input bytes and generated arguments. */
uint8_t rd8(struct run *r);
uint32_t rd32(struct run *r);
uint32_t gen_va(struct run *r);
uint64_t gen_size(struct run *r, uint32_t va);
uint64_t gen_pa(struct run *r, uint32_t va);
vmsa_attr_t gen_attrs(struct run *r);

/* fuzz_check.c: what the model says of one call, and each region of an
 * array canonicalised. */
struct expect {
	unsigned must;      /* codes (bit -code) a definite violation allows */
	unsigned amb;       /* codes allowed although the call may succeed */
	bool invalid;       /* the model says the call must fail */
	uint32_t mbs;       /* top entries the call may need new tables for */
};
#define CODE(e) (1u << (unsigned)-(e))

struct canon_region {
	vmsa_attr_t c;
	bool ok;        /* attrs valid, aligned, in range, not overlapping */
	bool shaped;    /* attrs valid, aligned, in range */
};

/* fuzz_check.c: the model's verdict on a call, and the checks. */
void viol(struct expect *e, int code);
uint32_t page_sz(const struct run *r);
bool expect_attrs(struct run *r, vmsa_attr_t a, vmsa_attr_t *c,
                  struct expect *e);
uint32_t mb_tattrs(struct run *r, uint32_t mb, uint64_t skip_lo,
                   uint64_t skip_hi);
void expect_regions(struct run *r, const struct vmsa_region *rg,
                    size_t n, struct canon_region *cr,
                    struct expect *e);
bool expect_op(struct run *r, uint32_t va, uint64_t size,
               struct expect *e);
void snap(struct run *r);
void check_unchanged(struct run *r, int rc);
bool judge(struct run *r, int rc, const struct expect *e);
void mark_checked(struct run *r, uint32_t va, uint64_t size);
const uint32_t *table_of(const struct run *r, uint64_t w, uint32_t *n);
void check_all(struct run *r, bool full);

/* fuzz_lpae.c: long descriptors. The level-3 table of top word w (NULL
 * if none), in 32-bit words (*n = 1024); the pool scan of check_all
 * (bits of the units tables use in ref, their number in *nref); after
 * a successful map of [va, va+size) to pa, the greedy granules. */
const uint32_t *lpae_table_of(const struct run *r, uint64_t w, uint32_t *n);
void lpae_scan(struct run *r, uint32_t *ref, uint32_t *nref);
void lpae_check_greedy(struct run *r, uint32_t va, uint64_t pa,
                       uint64_t size);

/* fuzz_calls.c: one operation each, judged and checked. */
size_t gen_nregions(struct run *r);
void end_counts(struct run *r);
void op_map_regions(struct run *r, size_t n, bool single);
void op_cluster(struct run *r);
void op_unmap(struct run *r);
void op_protect(struct run *r);
void op_remap(struct run *r);
void op_translate(struct run *r);

#endif
