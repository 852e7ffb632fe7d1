/*
 * refmodel.h - an independent reference model of ARM short-descriptor
 * translation, written from the ARM ARM (DDI 0406C B3.5, B3.7, B3.8) and
 * the ARM926EJ-S TRM (3.2), not from the library:
 *
 *  - ref_canonical: the attribute rules of vmsa.h re-derived by hand;
 *  - a per-page map (4KB pages on ARMv7, 1KB on ARMv5) of VA -> (PA,
 *    canonical attributes, granule kind) that applies map/unmap requests;
 *  - the greedy minimal-entry split of a request (ref_granule);
 *  - ref_walk: a table walker that reads the L1 words and second-level
 *    tables of a struct vmsa_table directly and decodes them itself.
 *
 * VMSA_FMT_LPAE (long descriptors, ARM ARM B3.6) is a mode of the same
 * model, in refmodel_lpae.c: its attribute rules, its greedy split (2MB
 * blocks, 4KB pages) and a walker of the 64-bit tables from level 1. The
 * per-page map is the same (4KB pages). ref_fmts lists the short formats
 * only.
 *
 * It uses only the public types of <vmsa.h>, never a library function.
 */
#ifndef REFMODEL_H
#define REFMODEL_H

#include <stdbool.h>
#include <stdint.h>

#include <vmsa.h>

/* ---- Random numbers (xorshift64*), deterministic per seed ---------------- */
uint64_t ref_rand(uint64_t *state);
/* Uniform in [0, n) (n > 0). */
uint64_t ref_rand_below(uint64_t *state, uint64_t n);
/* A random descriptor word with type field ty (bits 1:0); every fourth
 * keeps only a few random bits, so that valid attribute encodings come
 * up too. */
uint32_t ref_rand_word(uint64_t *state, uint32_t ty);

/* Every short format: ARMv7 with and without TEX remap and PXN, ARMv5. */
#define REF_NFMTS 5
extern const vmsa_fmt_t ref_fmts[REF_NFMTS];

/* Long descriptors (refmodel_lpae.c)? */
static inline bool ref_is_lpae(vmsa_fmt_t fmt)
{
	return fmt == VMSA_FMT_LPAE;
}
/* log2 of what one top-level entry maps: 20 (1MB), 21 for LPAE (2MB,
 * a level-2 entry). */
static inline unsigned ref_top_shift(vmsa_fmt_t fmt)
{
	return ref_is_lpae(fmt) ? 21u : 20u;
}

/* ---- Attributes ------------------------------------------------------------ */
/* Error classes a request violates (bit set per class). */
#define REF_VIOL_INVAL 0x1u
#define REF_VIOL_UNSUP 0x2u
/* vmsa.h's rules for attributes. Returns a mask of REF_VIOL_*; 0 means OK
 * and *out is the canonical form. `*ambiguous` (if not NULL) is set when
 * vmsa.h leaves the outcome open (EXEC on ARMv5). */
unsigned ref_canonical(vmsa_fmt_t fmt, vmsa_attr_t a, vmsa_attr_t *out,
                       bool *ambiguous);
/* Memory type is Normal memory (can be shareable) in this format. */
bool ref_mt_is_normal(vmsa_fmt_t fmt, vmsa_attr_t mt);
/* Smallest granule of the format: 1KB (V5) or 4KB (V7). */
uint32_t ref_min_granule(vmsa_fmt_t fmt);

/* ---- Greedy split ------------------------------------------------------------ */
/* The largest granule usable at (va, pa) with `remaining` bytes left:
 * 16MB (V7, domain 0 only), 1MB, 64KB, 4KB, 1KB (V5); LPAE: 2MB, 4KB.
 * 0 if none fits (misaligned). */
uint32_t ref_granule(vmsa_fmt_t fmt, uint32_t domain, uint64_t va,
                     uint64_t pa, uint64_t remaining);
/* Kind (enum vmsa_kind) of a granule size. */
int ref_kind_of_size(uint32_t size);

struct ref_cost {
	uint32_t entries;       /* translation entries */
	uint32_t by_kind[7];    /* indexed by enum vmsa_kind */
	bool range_error;       /* a non-supersection granule above 4GB PA
	                           (short formats), or PA past 2^40 */
};
/* Minimal entries for one request; false if it cannot be split (align). */
bool ref_cost(vmsa_fmt_t fmt, uint32_t va, uint64_t pa, uint64_t size,
              vmsa_attr_t attrs, struct ref_cost *c);

/* ---- Page map ------------------------------------------------------------------ */
struct ref_page {
	uint32_t pa_1k;         /* PA >> 10 */
	uint32_t attrs;         /* canonical; 0 = unmapped */
	uint8_t kind;           /* granule kind the greedy split gave it */
};

struct ref_model {
	vmsa_fmt_t fmt;
	unsigned shift;         /* 12 (V7) or 10 (V5) */
	struct ref_page *pages; /* 2^(32 - shift) entries */
	/* Per MB: pages mapped by second-level entries, and by tiny pages. */
	uint32_t mb_l2[4096];
	uint32_t mb_tiny[4096];
	uint32_t mb_sect[4096]; /* pages mapped by (super)sections */
	uint64_t mapped;        /* bytes */
	uint32_t entries;
	/* Intervals touched since the last clear, to clear cheaply. */
	uint32_t *touched_va;
	uint64_t *touched_size;
	uint32_t ntouched, touched_cap;
	bool touched_overflow;
};

int ref_model_init(struct ref_model *m, vmsa_fmt_t fmt);
void ref_model_free(struct ref_model *m);
void ref_model_clear(struct ref_model *m);
/* Apply a map request with already-canonical attrs (no validation besides
 * overlap and alignment). Returns 0, or VMSA_ERR_OVERLAP / VMSA_ERR_ALIGN
 * with the model unchanged. */
int ref_model_map(struct ref_model *m, uint32_t va, uint64_t pa,
                  uint64_t size, vmsa_attr_t canon);
/* Unmap; every page must be mapped (else VMSA_ERR_NOTMAPPED, unchanged).
 * Kind bookkeeping is not kept across unmap (kind set to 0 for the rest is
 * not attempted): only use kinds in map-only tests. */
int ref_model_unmap(struct ref_model *m, uint32_t va, uint64_t size);
/* Look one VA up. Returns true if mapped. */
bool ref_model_lookup(const struct ref_model *m, uint32_t va, uint64_t *pa,
                      vmsa_attr_t *attrs, int *kind);
/* Second-level tables the mapping needs: MBs with any page entries; fine:
 * MBs with a tiny page (ARMv5). LPAE: 2MB entries with any 4KB page. */
void ref_model_tables(const struct ref_model *m, uint32_t *l2, uint32_t *fine);

/* ---- Independent walker ----------------------------------------------------- */
struct ref_xlat {
	uint64_t pa;
	vmsa_attr_t attrs;      /* canonical, from the descriptor bits */
	int kind;               /* enum vmsa_kind */
	int level;              /* 1 or 2; LPAE: the format's level, 2 or 3 */
	uint32_t l1_word, l2_word;      /* LPAE: bits 31:0 of lw2, lw3 */
	uint64_t lw2, lw3;      /* LPAE: the level-2 and level-3 words read */
};

#define REF_WALK_OK        0
#define REF_WALK_FAULT     1   /* fault entry (level says which) */
#define REF_WALK_BAD      -1   /* table outside the pool or misaligned */
#define REF_WALK_RESERVED -2   /* encoding vmsa never writes */

int ref_walk(const struct vmsa_table *t, uint32_t va, struct ref_xlat *x);

/* ---- Long descriptors (refmodel_lpae.c; ref_canonical, ref_granule,
 * ref_mt_is_normal and ref_walk call these for VMSA_FMT_LPAE) ---------- */
unsigned ref_lpae_canonical(vmsa_attr_t a, vmsa_attr_t *out);
bool ref_lpae_mt_is_normal(vmsa_attr_t mt);
uint32_t ref_lpae_granule(uint64_t va, uint64_t pa, uint64_t remaining);
/* The walk from the level-1 table at t->l1 + VMSA_LPAE_L1_OFFSET: level
 * 1 (must be vmsa_init's four table descriptors), level 2 in t->l1's
 * 16KB, level 3 in the pool (4KB units). x->level 2 or 3. */
int ref_lpae_walk(const struct vmsa_table *t, uint32_t va, struct ref_xlat *x);

/* ---- Attribute and address changes (refmodel_change.c, for tests/fuzz) ----- */
/* Set the canonical attributes of every page of [va, va+size); every page
 * must be mapped (else VMSA_ERR_NOTMAPPED, unchanged). No validation of
 * canon and no conflict rule: callers decide legality. */
int ref_model_protect(struct ref_model *m, uint32_t va, uint64_t size,
                      vmsa_attr_t canon);
/* Point [va, va+size) at [pa, pa+size); every page must be mapped (else
 * VMSA_ERR_NOTMAPPED, unchanged). pa must be page aligned (else
 * VMSA_ERR_ALIGN). */
int ref_model_remap(struct ref_model *m, uint32_t va, uint64_t pa,
                    uint64_t size);

#endif
