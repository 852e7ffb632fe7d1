/*
 * geom.h - internal: the shape of the tables the engine walks, and the
 * type of their descriptor words. Not part of the public API.
 *
 * The engine's walks see two levels: a top table of TOP_ENTRIES entries,
 * each mapping TOP_SIZE bytes (a block, or a second-level table of
 * pages), over the 4GB of VA. The short-descriptor formats (ARMv7, ARMv5)
 * have 32-bit words and 4096 entries of 1MB (sections; supersections are
 * 16 equal entries):
 *
 *   format  word     top entries  top entry  second level
 *   short   32 bits  4096         1MB        256 x 4KB (coarse),
 *                                            1024 x 1KB (ARMv5 fine)
 *
 * Every engine file writes descriptor words as dw_t and top-level
 * positions through TOP_SHIFT, never as literal 32-bit words or 1MB
 * steps, so that a format with another word and another top entry is the
 * same source with other values here.
 */
#ifndef VMSA_GEOM_H
#define VMSA_GEOM_H

#include <stdint.h>
#include <vmsa.h>

#ifndef VMSA_ENG_LPAE
#define VMSA_ENG_LPAE 0
#endif

#if VMSA_ENG_LPAE
/* Long descriptors (src/fmt/fmt_lpae_eng.h): the engine's top table is
 * the four level-2 tables, contiguous (level 1 above them is four table
 * descriptors vmsa_init writes); its second level the level-3 tables. */
typedef uint64_t dw_t;          /* a descriptor word */
typedef uint64_t opa_t;         /* output address: 40 bits everywhere */
typedef uint64_t tpa_t;         /* a next-level table's address */
#define TOP_SHIFT 21u           /* a top entry maps 2MB */
#define TOP_ENTRIES 2048u
#define KIND_TOP VMSA_KIND_BLOCK
#define L2_WORDS(fine) ((void)(fine), 512u)
#define L2_BYTES(fine) ((void)(fine), 0x1000u)
#define FOLD_KIND VMSA_KIND_SMALL
#define FOLD_N 512u
#define FOLD_STEP 0x1000u
#define FOLD_TMPL(tm) ((tm).small)
#define ABOVE_SMALL TOP_SIZE
#define TABLE_ATTRS 0u          /* a table descriptor carries none */
#define UNIT_SHIFT 12u          /* the pool in 4KB units: a table each */
/* The caller's top buffer: the four level-2 tables (16KB), then the
 * level-1 table (four words; TTBR0 points to it). */
#define TOP_BYTES (0x4000u + 32u)
#else
/* A descriptor word. */
typedef uint32_t dw_t;

/* An output address as a descriptor holds it: a short-format section or
 * page outputs PA[31:0] (only supersections reach past 4GB). */
typedef uint32_t opa_t;

/* A second-level table's physical address, as a descriptor holds it. */
typedef uint32_t tpa_t;

/* log2 of what one top-level entry maps, and its leaf. */
#define TOP_SHIFT 20u
#define TOP_ENTRIES VMSA_L1_ENTRIES
#define KIND_TOP VMSA_KIND_SECTION

/* Words of a second-level table (fine: an ARMv5 fine table). */
#define L2_WORDS(fine) ((fine) ? 1024u : 256u)
#define L2_BYTES(fine) ((fine) ? 0x1000u : 0x400u)

/* The granules a full second-level table folds from into one top-level
 * block (merge.c): 16 large pages of 64KB. */
#define FOLD_KIND VMSA_KIND_LARGE
#define FOLD_N 16u
#define FOLD_STEP 0x10000u
#define FOLD_TMPL(tm) ((tm).large)

/* The granule above a 4KB page: a run shorter than this is all pages. */
#define ABOVE_SMALL 0x10000u

/* The attributes a page table's descriptor holds for its pages. */
#define TABLE_ATTRS VMSA_TABLE_ATTRS

/* The pool's unit (a coarse table; an ARMv5 fine table takes four), and
 * the caller's L1 buffer. */
#define UNIT_SHIFT 10u
#define TOP_BYTES VMSA_L1_BYTES
#endif

#define TOP_SIZE (1u << TOP_SHIFT)
#define UNIT_SIZE (1u << UNIT_SHIFT)
/* The top table's alignment, VA and PA (both formats: 16KB). */
#define TOP_ALIGN 0x4000u

/* Store one descriptor. A long descriptor is one 64-bit store, which the
 * table walker sees whole (with LPAE, LDRD/STRD of an 8-byte aligned
 * doubleword is single-copy atomic, ARM ARM A3.5.3): volatile keeps the
 * compiler from splitting it, or merging it with its neighbours into a
 * store multiple, which is not. */
static inline void dw_store(dw_t *p, dw_t w)
{
	if (VMSA_ENG_LPAE)
		*(volatile dw_t *)p = w;
	else
		*p = w;
}

/* The top-level table of t, as descriptor words. */
static inline dw_t *vmsa_top(const struct vmsa_table *t)
{
	return (dw_t *)(void *)t->l1;
}

/* The top-level entry of va. */
static inline uint32_t top_index(uint32_t va)
{
	return va >> TOP_SHIFT;
}

#endif /* VMSA_GEOM_H */
