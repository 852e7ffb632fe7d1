/*
 * vmsa/hwdef_lpae.h - bit names of ARMv7-A long-descriptor (LPAE)
 * translation table entries, one name per bit or field, as the ARM ARM
 * names them. Descriptors are 64-bit words.
 *
 * ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), B3.6.1
 * "Long-descriptor translation table format descriptors" (figures B3-15,
 * table descriptors, and B3-16/B3-17, block and page descriptors) and
 * B3.6.2 "Memory attributes in the Long-descriptor translation table
 * format descriptors" (figure B3-18); AP[2:1] in B3.7.1 (table B3-9);
 * MAIR0/MAIR1 in B4.1.104.
 *
 * The stage 1 tables of the 4KB granule, 32-bit input addresses:
 *
 *   level  entries  VA bits  a block or page maps  table size
 *   1      4        31:30    1GB block              32 bytes (T0SZ = 0)
 *   2      512      29:21    2MB block              4KB
 *   3      512      20:12    4KB page               4KB
 *
 * Covers only the encodings; what they mean and how vmsa chooses them is
 * src/fmt/fmt_lpae.c's.
 */
#ifndef VMSA_HWDEF_LPAE_H
#define VMSA_HWDEF_LPAE_H

/* ---- Descriptor type, bits 1:0 (B3.6.1) -------------------------------
 *
 *   bits 1:0  level 1, 2         level 3
 *   x0        invalid (fault)    invalid (fault)
 *   01        block              reserved (faults)
 *   11        table              page
 */
#define LPAE_TYPE_MASK         0x3ull
#define LPAE_TYPE_VALID        0x1ull     /* bit 0: 0 is a fault */
#define LPAE_TYPE_BLOCK        0x1ull     /* levels 1 and 2 */
#define LPAE_TYPE_TABLE        0x3ull     /* levels 1 and 2 */
#define LPAE_TYPE_PAGE         0x3ull     /* level 3 */

/* ---- Table descriptor, levels 1 and 2 (figure B3-15) ------------------
 *
 *   63       62:61      60       59        39:12            1:0
 *   NSTable  APTable    XNTable  PXNTable  next-level table 11
 */
#define LPAE_TABLE_ADDR_MASK   0x000000fffffff000ull   /* bits 39:12 */
#define LPAE_TABLE_PXN         (1ull << 59)    /* PXNTable */
#define LPAE_TABLE_XN          (1ull << 60)    /* XNTable */
#define LPAE_TABLE_AP(x)       ((uint64_t)((x) & 3u) << 61)  /* APTable */
#define LPAE_TABLE_AP_OF(w)    ((uint32_t)((w) >> 61) & 3u)
#define LPAE_TABLE_NS          (1ull << 63)    /* NSTable */

/* ---- Block and page descriptors (figures B3-16, B3-17, B3-18) ---------
 *
 *   63:55     54  53   52    39:n     11  10  9:8  7:6      5   4:2
 *   ignored   XN  PXN  Cont  OA       nG  AF  SH   AP[2:1]  NS  AttrIndx
 *
 *   Output address: bits 39:30 (level 1 block), 39:21 (level 2 block),
 *   39:12 (level 3 page); the bits between n and 11 are zero (SBZ).
 */
#define LPAE_L1_BLOCK_ADDR_MASK 0x000000ffc0000000ull  /* bits 39:30 */
#define LPAE_L2_BLOCK_ADDR_MASK 0x000000ffffe00000ull  /* bits 39:21 */
#define LPAE_L3_PAGE_ADDR_MASK  0x000000fffffff000ull  /* bits 39:12 */

/* Lower attributes: the same places in blocks and pages. */
#define LPAE_LEAF_ATTRINDX(i)  ((uint64_t)((i) & 7u) << 2)  /* MAIRn byte */
#define LPAE_LEAF_ATTRINDX_OF(w) ((uint32_t)((w) >> 2) & 7u)
#define LPAE_LEAF_NS           (1ull << 5)
#define LPAE_LEAF_AP1          (1ull << 6)     /* AP[1]: PL0 access too */
#define LPAE_LEAF_AP2          (1ull << 7)     /* AP[2]: read-only */
#define LPAE_LEAF_SH(x)        ((uint64_t)((x) & 3u) << 8)
#define LPAE_LEAF_SH_OF(w)     ((uint32_t)((w) >> 8) & 3u)
#define LPAE_LEAF_AF           (1ull << 10)    /* access flag */
#define LPAE_LEAF_nG           (1ull << 11)
/* Upper attributes. */
#define LPAE_LEAF_CONT         (1ull << 52)    /* contiguous hint */
#define LPAE_LEAF_PXN          (1ull << 53)
#define LPAE_LEAF_XN           (1ull << 54)

/* SH[1:0] (B3.6.2, table B3-11): 01 is UNPREDICTABLE. Device and
 * Strongly-ordered memory is Outer Shareable whatever the field says. */
#define LPAE_SH_NON            0u
#define LPAE_SH_OUTER          2u
#define LPAE_SH_INNER          3u

/* The bits a block or page defines; the rest (55:63 software-ignored,
 * 40:51 and the SBZ bits of the address) must be zero in what vmsa
 * writes. */
#define LPAE_LEAF_ATTR_MASK    (LPAE_LEAF_XN | LPAE_LEAF_PXN | \
                                LPAE_LEAF_CONT | 0xffcull)

/* ---- Translation Table Base Control Register, EAE = 1 (B4.1.153) ------ */
#define LPAE_TTBCR_EAE         (1u << 31)
#define LPAE_TTBCR_T0SZ(x)     ((uint32_t)(x) & 7u)
#define LPAE_TTBCR_EPD1        (1u << 23)      /* no walks from TTBR1 */
/* Walks from TTBR0: inner (IRGN0, bits 9:8) and outer (ORGN0, bits
 * 11:10) cacheability and SH0 (bits 13:12). 01: write-back,
 * write-allocate. */
#define LPAE_TTBCR_IRGN0(x)    (((uint32_t)(x) & 3u) << 8)
#define LPAE_TTBCR_ORGN0(x)    (((uint32_t)(x) & 3u) << 10)
#define LPAE_TTBCR_SH0(x)      (((uint32_t)(x) & 3u) << 12)

/* ---- 64-bit PAR after an ATS1C** with TTBCR.EAE = 1 (B4.1.113) -------- */
#define LPAE_PAR_LPAE          (1ull << 11)    /* the 64-bit format */
#define LPAE_PAR_F             (1ull << 0)     /* the translation faulted */
#define LPAE_PAR_FST_OF(p)     ((uint32_t)((p) >> 1) & 0x3fu)
#define LPAE_PAR_SH_OF(p)      ((uint32_t)((p) >> 7) & 3u)
#define LPAE_PAR_NS            (1ull << 9)
#define LPAE_PAR_PA_MASK       0x000000fffffff000ull   /* bits 39:12 */
#define LPAE_PAR_ATTR_OF(p)    ((uint32_t)((p) >> 56) & 0xffu)

/* ---- Hyp mode registers (Non-secure PL2 stage 1; B4.1: HTCR, HSCTLR,
 * HSR) -----------------------------------------------------------------
 *
 * HTCR holds T0SZ, IRGN0, ORGN0 and SH0 where TTBCR (EAE = 1) holds them
 * (the LPAE_TTBCR_T0SZ, _IRGN0, _ORGN0 and _SH0 macros above); bit 31 is
 * should-be-one. HTTBR is a 64-bit register (MCRR p15, 4, c2). */
#define LPAE_HTCR_SBO          (1u << 31)

/* HSCTLR: the bits vmsa sets or clears; the others are kept. */
#define HSCTLR_M               (1u << 0)       /* Hyp stage 1 MMU */
#define HSCTLR_A               (1u << 1)       /* alignment checks */
#define HSCTLR_C               (1u << 2)       /* data caches */
#define HSCTLR_I               (1u << 12)      /* instruction caches */
#define HSCTLR_WXN             (1u << 19)      /* writable means XN */
#define HSCTLR_EE              (1u << 25)      /* big-endian walks */
#define HSCTLR_TE              (1u << 30)      /* exceptions in Thumb */

/* HSR, the syndrome of an exception taken to Hyp mode: EC (31:26), IL
 * (25: a 32-bit instruction), ISS (24:0). For aborts the ISS holds the
 * long-descriptor fault status (DFSC/IFSC, bits 5:0, the FSR STATUS
 * encodings) and, for data aborts, WnR (bit 6). */
#define HSR_EC_OF(h)           ((uint32_t)(h) >> 26)
#define HSR_IL                 (1u << 25)
#define HSR_ISS_OF(h)          ((uint32_t)(h) & 0x1ffffffu)
#define HSR_ISS_WNR            (1u << 6)
#define HSR_ISS_FSC_OF(h)      ((uint32_t)(h) & 0x3fu)
#define HSR_EC_UNKNOWN         0x00u   /* e.g. UNDEFINED in Hyp mode */
#define HSR_EC_SVC             0x11u   /* SVC routed to Hyp mode */
#define HSR_EC_HVC             0x12u
#define HSR_EC_PABT_LOWER      0x20u   /* prefetch abort from PL1/PL0 */
#define HSR_EC_PABT_HYP        0x21u   /* prefetch abort taken in Hyp mode */
#define HSR_EC_DABT_LOWER      0x24u
#define HSR_EC_DABT_HYP        0x25u

#endif /* VMSA_HWDEF_LPAE_H */
