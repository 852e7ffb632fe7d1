/*
 * fmt_lpae.h - internal: the ARMv7-A long-descriptor (LPAE) format, layer
 * 1: pure encoding and decoding of 64-bit descriptors (src/fmt/fmt_lpae.c),
 * with the memory-attribute registers the encodings assume. No table
 * memory, no CP15, no globals. The table engine walks this format through
 * src/fmt/fmt_lpae_eng.h; a firmware links these functions only if it
 * names VMSA_FMT_LPAE or calls them.
 *
 * Geometry (4KB granule, 32-bit input addresses, TTBCR.T0SZ = 0):
 *
 *   level  index    entries  a leaf maps       kind
 *   1      VA 31:30 4        1GB block         LPAE_KIND_BLOCK
 *   2      VA 29:21 512      2MB block         LPAE_KIND_BLOCK
 *   3      VA 20:12 512      4KB page          LPAE_KIND_PAGE
 *
 * Output addresses are 40 bits (PA < 2^40).
 */
#ifndef VMSA_FMT_LPAE_H
#define VMSA_FMT_LPAE_H

#include <stdbool.h>
#include <stdint.h>
#include "vmsa.h"
#include "vmsa/hwdef_lpae.h"

/*
 * Memory types through AttrIndx (B3.6.2, MAIR0/MAIR1 B4.1.104): the
 * Linux LPAE values (arch/arm's MAIR for the 3-level tables), so the four
 * C/B types of the short format keep the meaning they have there with
 * TEX remap (vmsa.h's PRRR/NMRR table):
 *
 *   AttrIndx  MAIR byte  ARM ARM meaning                  vmsa type
 *   0         0x00       Strongly-ordered                 VMSA_MT_UNCACHED
 *   1         0x44       Normal, inner/outer NC           VMSA_MT_BUFFERABLE,
 *                                                         VMSA_MT_NORMAL_NC
 *   2         0xaa       Normal, WT, read-allocate        VMSA_MT_WRITETHROUGH
 *   3         0xee       Normal, WB, read-allocate        VMSA_MT_WRITEBACK
 *   4         0x04       Device                           VMSA_MT_DEVICE
 *   5, 6      0x00       (unused: Strongly-ordered)       -
 *   7         0xff       Normal, WB, read/write-allocate  VMSA_MT_WRITEALLOC
 *
 * MAIR0 holds indexes 0-3 (byte n = index n), MAIR1 indexes 4-7.
 * VMSA_MT_NORMAL_NC decodes as VMSA_MT_BUFFERABLE (one type, as with TEX
 * remap). VMSA_MT_DEVICE_NS cannot be expressed: with long descriptors
 * Device and Strongly-ordered memory is always Outer Shareable
 * (VMSA_ERR_UNSUPPORTED).
 */
/* VMSA_LPAE_MAIR0 and VMSA_LPAE_MAIR1: vmsa.h (firmware loads them). */

/* What a descriptor word is at its level. */
enum vmsa_lpae_kind {
	LPAE_KIND_FAULT = 0,    /* bit 0 clear */
	LPAE_KIND_TABLE,        /* levels 1 and 2: the next level's table */
	LPAE_KIND_BLOCK,        /* levels 1 (1GB) and 2 (2MB) */
	LPAE_KIND_PAGE,         /* level 3 (4KB) */
	LPAE_KIND_RESERVED,     /* 0b01 at level 3: faults */
};

/* Templates: descriptors with output address 0, one per kind; a
 * descriptor is its template ORed with its (aligned) output address. */
struct vmsa_lpae_tmpl {
	uint64_t block;         /* levels 1 and 2 */
	uint64_t page;          /* level 3 */
	vmsa_attr_t attrs;      /* canonical */
};

/* Size of what one entry at `level` maps: 1GB, 2MB, 4KB (0 for a level
 * outside 1..3). */
uint64_t vmsa_lpae_level_size(int level);
/* Index of va in its table at `level` (0 for a level outside 1..3). */
uint32_t vmsa_lpae_index(int level, uint32_t va);

/*
 * Check attributes against the long-descriptor format and return their
 * canonical form (vmsa_attr_canonical's checks and policy, the same
 * codes). What the format cannot express is VMSA_ERR_UNSUPPORTED:
 * VMSA_MT_DEVICE_NS, VMSA_USER_RO (AP[2:1] has no "privileged RW, user
 * RO"), a domain other than 0 (there are no domains). PXN is always
 * available.
 */
int vmsa_lpae_canonical(vmsa_attr_t attrs, vmsa_attr_t *out);
/* The canonical form and the templates of attrs; the codes above. */
int vmsa_lpae_tmpl(vmsa_attr_t attrs, struct vmsa_lpae_tmpl *tm);

/*
 * Encode a block (level 1 or 2) or page (level 3) mapping pa with attrs
 * into *w. Returns VMSA_OK, VMSA_ERR_INVAL (level, attributes, w NULL),
 * VMSA_ERR_ALIGN (pa not aligned to the level's size), VMSA_ERR_RANGE
 * (pa at or past 2^40) or VMSA_ERR_UNSUPPORTED. *w is written only on
 * VMSA_OK.
 */
int vmsa_lpae_leaf_encode(int level, uint64_t pa, vmsa_attr_t attrs,
                          uint64_t *w);
/* A table descriptor (level 1 or 2) pointing to the 4KB-aligned table at
 * table_pa, without hierarchical controls (every attribute lives in the
 * leaves). VMSA_ERR_INVAL, VMSA_ERR_ALIGN, VMSA_ERR_RANGE as above. */
int vmsa_lpae_table_encode(int level, uint64_t table_pa, uint64_t *w);

/*
 * The Non-secure PL2 (Hyp mode) stage 1 regime (HTTBR, HTCR, HMAIR0/1):
 * the same descriptors, with no PL0 access (AP[1] is SBO: its words
 * have AP[1] = 1), no ASIDs, no PXN and no Secure state. VMSA_USER,
 * VMSA_NG, VMSA_PXN and VMSA_NS are VMSA_ERR_UNSUPPORTED there; otherwise
 * as vmsa_lpae_canonical, vmsa_lpae_leaf_encode, vmsa_lpae_leaf_attrs
 * (which refuses a word with AP[1] clear, nG, PXN or NS set).
 */
int vmsa_lpae_hyp_canonical(vmsa_attr_t attrs, vmsa_attr_t *out);
int vmsa_lpae_hyp_leaf_encode(int level, uint64_t pa, vmsa_attr_t attrs,
                              uint64_t *w);
int vmsa_lpae_hyp_leaf_attrs(int level, uint64_t w, vmsa_attr_t *attrs);

/* The kind of word w at `level` (LPAE_KIND_RESERVED for a level outside
 * 1..3). */
enum vmsa_lpae_kind vmsa_lpae_kind(int level, uint64_t w);
/* The output address of a block or page, the next table's address of a
 * table descriptor; 0 for a fault. */
uint64_t vmsa_lpae_addr(int level, uint64_t w);
/*
 * Canonical attributes of block or page w at `level` (decode(encode(a))
 * == the canonical form of a). VMSA_ERR_INVAL if w is not a block or
 * page there; VMSA_ERR_UNSUPPORTED for a valid encoding vmsa never
 * writes and has no abstract form for: the access flag clear, AttrIndx
 * 5 or 6, SH = 01 or Outer Shareable Normal memory, the contiguous hint,
 * a non-zero bit in the output address's SBZ bits or in bits 51:40.
 * Bits 63:55 (ignored by the MMU, software's) are ignored.
 */
int vmsa_lpae_leaf_attrs(int level, uint64_t w, vmsa_attr_t *attrs);
/* What a walk of long-descriptor tables found for one VA: on success
 * the output address, the canonical attributes and the block or page
 * (its first VA, its level and kind); whatever the outcome the level
 * where the walk stopped and the word it read there. */
struct vmsa_lpae_xlat {
	uint64_t pa;
	uint64_t desc;
	vmsa_attr_t attrs;
	uint32_t base;
	uint8_t level;
	uint8_t kind;           /* enum vmsa_lpae_kind */
};

/* The caller's view of the tables below level 1: the table at physical
 * address pa (4KB-aligned), or NULL if the caller does not hold one
 * there. Firmware running its tables identity mapped returns pa as a
 * pointer; a host tool, its copy of the memory. */
typedef const uint64_t *(*vmsa_lpae_table_fn)(void *arg, uint64_t pa);

/*
 * Translate va through the tables from l1 (the 4-entry level 1 table),
 * one pass, the way the MMU walks them (B3.6.1): each table descriptor
 * followed through `at`, the leaf decoded by vmsa_lpae_leaf_attrs.
 * Returns VMSA_OK, VMSA_ERR_INVAL (l1, at or x NULL), VMSA_ERR_NOTMAPPED
 * (a fault entry; x->level says where), VMSA_ERR_BUSY (a table
 * descriptor pointing at memory `at` does not hold), VMSA_ERR_UNSUPPORTED
 * (0b01 at level 3, or a leaf vmsa has no abstract form for). On an error
 * x holds level and desc only.
 */
int vmsa_lpae_translate(const uint64_t *l1, vmsa_lpae_table_fn at, void *arg,
                        uint32_t va, struct vmsa_lpae_xlat *x);

/* The AttrIndx the format gives memory type mt (a VMSA_MT_* value), or
 * VMSA_ERR_UNSUPPORTED as below. */
int vmsa_lpae_attr_index(vmsa_attr_t mt);

/* The MAIR byte the format gives memory type mt (a VMSA_MT_* value),
 * from VMSA_LPAE_MAIR0/1; VMSA_ERR_UNSUPPORTED for a type it cannot
 * express or a value that is no type. */
int vmsa_lpae_mair_byte(vmsa_attr_t mt);

#endif /* VMSA_FMT_LPAE_H */
