/*
 * tests/qemu/test_hyp_int.h - what the Hyp mode tests share, private to
 * test_hyp.c (the tables, the PAR, every type at every granule, the
 * refusals, the run) and test_hyp_access.c (faults taken for real,
 * accesses through other VAs): the test slot's layout, the state the run
 * sets up, the table and PAR helpers. In the comments S, TV, GV and GP
 * are hyp_S, hyp_TV, hyp_GV and hyp_GP.
 */
#ifndef VMSA_TEST_HYP_INT_H
#define VMSA_TEST_HYP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <vmsa.h>

#define MB  0x100000u
#define BLK (2u * MB)
#define PG  0x1000u
#define GB  (1ull << 30)

/* Offsets in the test slot (TV). */
#define T_BLK   0x00200000u    /* 2MB block, every type -> S */
#define T_L3    0x00400000u    /* a level 3 table, with: */
#define P_PAGE  0x5000u        /*   4KB page, every type -> S + 0x3000 */
#define P_HOLE  0x6000u        /*   an unmapped entry */
#define P_AF    0x7000u        /*   a page with AF clear */
#define P_UART  0x8000u        /*   the UART, Device */
#define P_MOVE  0x9000u        /*   a page moved between two PAs */
#define T_HOLE  0x00600000u    /* an unmapped level 2 entry */
#define T_RAM   0x00800000u    /* 2MB block WRITEALLOC -> S + 2MB */
#define T_AF    0x00a00000u    /* 2MB block with AF clear */
#define T_CODE  0x01000000u    /* 2MB block -> test_hyp_access.c's code */

/* The moved page's two PAs (S + 4MB up). */
#define MOVE_A  0x00400000u
#define MOVE_B  0x00401000u

/* Long-descriptor fault status (PAR.FST, the HSR's DFSC/IFSC): 0b0001nn
 * translation, 0b0010nn Access flag, 0b0011nn permission, level nn. */
#define FST_TRANSLATION(l) (0x04u | (unsigned)(l))
#define FST_ACCESS(l)      (0x08u | (unsigned)(l))
#define FST_PERMISSION(l)  (0x0cu | (unsigned)(l))

/* newlib-nano's printf has no %ll: 64-bit values as two halves. */
#define PA40 "0x%02lx%08lx"
#define W64  "0x%08lx%08lx"
#define HL(v) (unsigned long)((uint64_t)(v) >> 32), (unsigned long)(uint32_t)(v)

#define ptr(va) ((volatile uint32_t *)(uintptr_t)(va))
/* The firmware runs identity mapped: its objects' PAs are their VAs. */
#define pa_of(p) ((uint32_t)(uintptr_t)(p))

/* Set up by test_hyp.c's run. */
extern uint64_t hyp_l1[4];      /* the level 1 table HTTBR points at */
extern bool hyp_live;           /* the Hyp MMU walks hyp_l1 */
extern uint32_t hyp_S;          /* scratch PA: RAM base + 80MB */
extern uint32_t hyp_TV, hyp_GV; /* the test slot, the 1GB block's slot */
extern uint64_t hyp_GP;         /* PA of the 1GB block */
extern bool hyp_have_gb;        /* a second free 1GB slot exists */

/* Store one descriptor as the walker must see it (cleaned; on live
 * tables break-before-make and TLBIALLH). */
void hyp_put(uint64_t *e, uint64_t w);
/* The entry of va at `level`, the tables above it made as needed (NULL
 * if a block is in the way or no table is left). */
uint64_t *hyp_entry(int level, uint32_t va);
/* Map one block or page with vmsa_lpae_hyp_leaf_encode; *w (if not
 * NULL) gets the word. A vmsa error code. */
int hyp_map_leaf(int level, uint32_t va, uint64_t pa, vmsa_attr_t a,
                 uint64_t *w);
/* vmsa_lpae_translate's window on the tables (identity). */
const uint64_t *hyp_table_at(void *arg, uint64_t pa);
/* The 64-bit PAR of a translation to pa with canonical attributes
 * canon (F clear, LPAE, PA, HMAIR byte, SH); of a fault with status
 * fst. */
bool hyp_par_says(uint64_t par, uint64_t pa, vmsa_attr_t canon);
bool hyp_par_fault(uint64_t par, unsigned fst);

/* test_hyp_access.c, on the live tables: faults at each level taken for
 * real, execute-never; RAM and the UART through other VAs, a page moved
 * with TLBIMVAH. */
void hyp_fault_checks(void);
void hyp_access_checks(void);

#endif
