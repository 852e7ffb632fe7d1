/*
 * vmsa/hwdef.h - bit names of ARM short-descriptor translation table
 * entries, one name per bit or field, as the ARM ARM names them.
 *
 * ARMv7: ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), B3.5.1
 * "Short-descriptor translation table format descriptors", figures B3-4
 * (first level) and B3-5 (second level).
 * ARMv5: ARM ARM (DDI 0100I) B4.3 and the ARM926EJ-S TRM, 3.2.
 *
 * Covers only the encodings; what they mean and how vmsa chooses them is
 * in src/fmt/fmt_attr.c, where each format puts them in src/fmt/fmt_v7.c and
 * src/fmt/fmt_v5.c.
 */
#ifndef VMSA_HWDEF_H
#define VMSA_HWDEF_H

/* ---- First level, ARMv7 (B3.5.1, figure B3-4) ------------------------- */
#define L1_TYPE_MASK        0x3u
#define L1_TYPE_FAULT       0x0u
#define L1_TYPE_TABLE       0x1u      /* page table (coarse) */
#define L1_TYPE_SECT        0x2u      /* section or supersection */
#define L1_TYPE_SECT_PXN    0x3u      /* section with PXN=1 (PXN CPUs);
                                         reserved elsewhere */

/* L1 page-table descriptor */
#define L1_TABLE_PXN        (1u << 2)   /* v7 with PXN */
#define L1_TABLE_NS         (1u << 3)
#define L1_TABLE_DOMAIN(d)  (((uint32_t)(d) & 0xfu) << 5)
#define L1_TABLE_DOMAIN_OF(w) (((w) >> 5) & 0xfu)
#define L1_TABLE_ADDR_MASK  0xfffffc00u /* bits 31:10 */

/* L1 section and supersection descriptor */
#define L1_SECT_PXN         (1u << 0)
#define L1_SECT_B           (1u << 2)
#define L1_SECT_C           (1u << 3)
#define L1_SECT_XN          (1u << 4)
#define L1_SECT_DOMAIN(d)   (((uint32_t)(d) & 0xfu) << 5)
#define L1_SECT_DOMAIN_OF(w) (((w) >> 5) & 0xfu)
#define L1_SECT_AP0         (1u << 10)  /* AP[0], access flag with AFE */
#define L1_SECT_AP1         (1u << 11)  /* AP[1] */
#define L1_SECT_TEX(x)      (((uint32_t)(x) & 0x7u) << 12)
#define L1_SECT_TEX_OF(w)   (((w) >> 12) & 0x7u)
#define L1_SECT_APX         (1u << 15)  /* AP[2] */
#define L1_SECT_S           (1u << 16)
#define L1_SECT_nG          (1u << 17)
#define L1_SECT_SUPER       (1u << 18)  /* 1: supersection */
#define L1_SECT_NS          (1u << 19)
#define L1_SECT_ADDR_MASK   0xfff00000u /* PA[31:20] */

/* Supersection: PA[31:24] at 31:24, PA[35:32] at 23:20, PA[39:36] at 8:5
 * (in place of the domain: supersections are in domain 0). */
#define L1_SUPER_ADDR_MASK  0xff000000u
#define L1_SUPER_PA35_32(x) (((uint32_t)(x) & 0xfu) << 20)
#define L1_SUPER_PA35_32_OF(w) (((w) >> 20) & 0xfu)
#define L1_SUPER_PA39_36(x) (((uint32_t)(x) & 0xfu) << 5)
#define L1_SUPER_PA39_36_OF(w) (((w) >> 5) & 0xfu)

/* ---- Second level, ARMv7 (B3.5.1, figure B3-5) ------------------------ */
#define L2_TYPE_MASK        0x3u
#define L2_TYPE_FAULT       0x0u
#define L2_TYPE_LARGE       0x1u
#define L2_TYPE_SMALL       0x2u      /* bit 1 set; bit 0 is XN */

#define L2_SMALL_XN         (1u << 0)
#define L2_SMALL_B          (1u << 2)
#define L2_SMALL_C          (1u << 3)
#define L2_SMALL_AP0        (1u << 4)
#define L2_SMALL_AP1        (1u << 5)
#define L2_SMALL_TEX(x)     (((uint32_t)(x) & 0x7u) << 6)
#define L2_SMALL_TEX_OF(w)  (((w) >> 6) & 0x7u)
#define L2_SMALL_APX        (1u << 9)
#define L2_SMALL_S          (1u << 10)
#define L2_SMALL_nG         (1u << 11)
#define L2_SMALL_ADDR_MASK  0xfffff000u

#define L2_LARGE_B          (1u << 2)
#define L2_LARGE_C          (1u << 3)
#define L2_LARGE_AP0        (1u << 4)
#define L2_LARGE_AP1        (1u << 5)
#define L2_LARGE_APX        (1u << 9)
#define L2_LARGE_S          (1u << 10)
#define L2_LARGE_nG         (1u << 11)
#define L2_LARGE_TEX(x)     (((uint32_t)(x) & 0x7u) << 12)
#define L2_LARGE_TEX_OF(w)  (((w) >> 12) & 0x7u)
#define L2_LARGE_XN         (1u << 15)
#define L2_LARGE_ADDR_MASK  0xffff0000u

/* ---- ARMv5 (ARM926EJ-S TRM 3.2; DDI 0100I B4.3) ------------------------ */
#define V5_L1_TYPE_COARSE   0x1u
#define V5_L1_TYPE_SECT     0x2u
#define V5_L1_TYPE_FINE     0x3u
#define V5_L1_BIT4          (1u << 4)   /* should be one on ARMv5 */
#define V5_L1_COARSE_ADDR_MASK 0xfffffc00u
#define V5_L1_FINE_ADDR_MASK   0xfffff000u
#define V5_L1_SECT_AP(x)    (((uint32_t)(x) & 0x3u) << 10)
#define V5_L1_SECT_AP_OF(w) (((w) >> 10) & 0x3u)

#define V5_L2_TYPE_LARGE    0x1u
#define V5_L2_TYPE_SMALL    0x2u
#define V5_L2_TYPE_TINY     0x3u      /* fine tables only */
#define V5_L2_B             (1u << 2)
#define V5_L2_C             (1u << 3)
/* Large and small pages: four AP fields, one per quarter (subpage). vmsa
 * writes the same AP to all four. */
#define V5_L2_AP0(x)        (((uint32_t)(x) & 0x3u) << 4)
#define V5_L2_AP1(x)        (((uint32_t)(x) & 0x3u) << 6)
#define V5_L2_AP2(x)        (((uint32_t)(x) & 0x3u) << 8)
#define V5_L2_AP3(x)        (((uint32_t)(x) & 0x3u) << 10)
#define V5_L2_AP_ALL        0xff0u    /* the four AP fields, bits 11:4 */
#define V5_L2_TINY_AP(x)    (((uint32_t)(x) & 0x3u) << 4)
#define V5_L2_AP_OF(w)      (((w) >> 4) & 0x3u)
#define V5_L2_TINY_ADDR_MASK 0xfffffc00u

/* ---- Register fields the arch layer programs ----------------------------- */
#define SCTLR_M    (1u << 0)
#define SCTLR_A    (1u << 1)
#define SCTLR_C    (1u << 2)
#define SCTLR_Z    (1u << 11)
#define SCTLR_I    (1u << 12)
#define SCTLR_V    (1u << 13)  /* high vectors */
#define SCTLR_TRE  (1u << 28)
#define SCTLR_AFE  (1u << 29)  /* AP[0] is an Access flag */
#define SCTLR_HA   (1u << 17)  /* hardware Access flag management */
#define SCTLR_EE   (1u << 25)  /* big-endian exceptions and table walks */

/* TTBR0 walk attributes with the Multiprocessing Extensions (B4.1.154):
 * IRGN = 01 (WBWA) is encoded as IRGN[0] = bit 6, IRGN[1] = bit 0. */
#define TTBR_IRGN_WBWA (1u << 6)
#define TTBR_S         (1u << 1)
#define TTBR_RGN_WBWA  (1u << 3)

#define DACR_CLIENT(d)  (1u << (2 * (d)))
#define DACR_MANAGER(d) (3u << (2 * (d)))

#endif /* VMSA_HWDEF_H */
