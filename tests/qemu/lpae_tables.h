/*
 * tests/qemu/lpae_tables.h - what the two long-descriptor tests share:
 * test_lpae.c (PL1, TTBR0, ATS1CPR/ATS1CPW) and test_hyp.c (the Hyp
 * regime, HTTBR, ATS1HR/ATS1HW). Both build their tables by hand from
 * src/fmt/fmt_lpae.c's encoders, lay out the same test slot, and judge
 * the MMU through the 64-bit PAR. test_lpae_engine.c (the engine's own
 * long-descriptor tables) uses the PAR checks and lt_same_memory, after
 * lt_begin for the PL1 regime.
 *
 * lpae_tables.c owns the tables (one level 1 table and a pool of 4KB
 * tables below it), the run's state (struct lt_run: the regime, the
 * scratch PA, the slots), the writes to live tables, the PAR checks, the
 * module's one-pass translation against the MMU, every memory type at
 * every granule, and the save of the tables for the runner's decoder
 * check. lpae_checks.c owns the checks both regimes run on the live
 * tables: faults at each level (PAR and taken for real), execute-never,
 * RAM and the UART through other VAs.
 *
 * Which regime the tables are for is set once, by lt_begin: the leaf
 * encoder and decoder (vmsa_lpae_leaf_encode or vmsa_lpae_hyp_leaf_encode
 * and their canonical forms), the ATS operations, the TLB invalidation
 * after a write to live tables (TLBIALL or TLBIALLH), the prefix of every
 * TAP line ("lpae: " or "hyp: "). In the comments S, TV, GV and GP are
 * lt.S, lt.TV, lt.GV and lt.GP.
 */
#ifndef VMSA_LPAE_TABLES_H
#define VMSA_LPAE_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include <vmsa.h>
#include <boot.h>      /* enum fault_type */

#define MB  0x100000u
#define BLK (2u * MB)
#define PG  0x1000u
#define GB  (1ull << 30)

/* Offsets in the test slot (TV); each test adds a few of its own. */
#define T_BLK   0x00200000u    /* 2MB block, every type -> S */
#define T_L3    0x00400000u    /* a level 3 table, with: */
#define P_PAGE  0x5000u        /*   4KB page, every type -> S + 0x3000 */
#define P_HOLE  0x6000u        /*   an unmapped entry */
#define P_AF    0x7000u        /*   a page with AF clear */
#define P_UART  0x8000u        /*   the UART, Device */
#define T_HOLE  0x00600000u    /* an unmapped level 2 entry */
#define T_RAM   0x00800000u    /* 2MB block WRITEALLOC -> S + 2MB */
#define T_AF    0x00a00000u    /* 2MB block with AF clear */
#define T_CODE  0x01000000u    /* 2MB block -> lpae_checks.c's code */

/* Long-descriptor fault status (PAR.FST, the long-format DFSR/IFSR's
 * STATUS, the HSR's DFSC/IFSC): 0b0001nn translation, 0b0010nn Access
 * flag, 0b0011nn permission, level nn. */
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

/* The run: set by lt_begin and lt_build, live by the test. */
struct lt_run {
	bool hyp;               /* the Hyp regime's tables */
	const char *name;       /* "lpae" or "hyp": the TAP lines' prefix,
	                           the saved tables' tag */
	bool secure;            /* Secure state: PAR.NS is checked */
	vmsa_attr_t shared;     /* on RAM mappings: VMSA_SHARED with SMP */
	bool live;              /* the MMU walks lt_l1 (the test sets it) */
	uint32_t S;             /* scratch PA: RAM base + 80MB */
	uint32_t TV, GV;        /* the test slot, the 1GB block's slot */
	uint64_t GP;            /* PA of the 1GB block */
	bool have_gb;           /* a second free 1GB slot exists */
};
extern struct lt_run lt;
extern uint64_t lt_l1[4];       /* the level 1 table TTBR0/HTTBR points at */

/* Empty tables for the regime (hyp), the run's state cleared. secure:
 * the CPU runs in Secure state; shared: added to the RAM mappings. */
void lt_begin(bool hyp, bool secure, vmsa_attr_t shared);
/* Map the firmware identity (RAM as 2MB blocks WRITEALLOC|RW|EXEC, the
 * UART page DEVICE), place the test slot in the last 1GB slot left
 * empty and the 1GB block in an earlier one, S at RAM base + 80MB; one
 * check. A vmsa error code. */
int lt_build(void);

/* Store one descriptor as the walker must see it (cleaned, DSB; on live
 * tables a valid entry broken first, then TLBIALL or TLBIALLH, DSB,
 * ISB). */
void lt_put(uint64_t *e, uint64_t w);
/* The entry of va at `level`, the tables above it made as needed (NULL
 * if a block is in the way or no table is left). */
uint64_t *lt_entry(int level, uint32_t va);
/* Map one block or page with the regime's encoder; *w (if not NULL)
 * gets the word. A vmsa error code. */
int lt_map_leaf(int level, uint32_t va, uint64_t pa, vmsa_attr_t a,
                uint64_t *w);
/* vmsa_lpae_translate's window on the tables (identity). */
const uint64_t *lt_table_at(void *arg, uint64_t pa);

/* The regime's canonical attributes, leaf decoder, ATS read and write. */
int lt_canonical(vmsa_attr_t a, vmsa_attr_t *canon);
int lt_leaf_attrs(int level, uint64_t w, vmsa_attr_t *a);
uint64_t lt_ats_r(uint32_t va);
uint64_t lt_ats_w(uint32_t va);

/* The 64-bit PAR of a translation to pa with canonical attributes
 * canon (F clear, LPAE, PA, the (H)MAIR byte, SH, NS in Secure state);
 * of a fault with status fst. */
bool lt_par_says(uint64_t par, uint64_t pa, vmsa_attr_t canon);
bool lt_par_fault(uint64_t par, unsigned fst);

/* A real access at va (a read, or a write of 0x600dcafe): the data abort
 * it takes is a fault of `type` at `level` on va, in the long format; at
 * PL1 with no domain, in Hyp mode taken from Hyp mode (HSR EC 0x25). */
bool lt_abort_is(uint32_t va, bool write, enum fault_type type, int level);
/* Code, stack and UART translate identity (ATS read) with the
 * firmware's attributes; par[] gets their PARs. */
bool lt_identity(uint64_t par[3]);

/* ---- every memory type at every granule ---- */

struct lt_variant {
	vmsa_attr_t a;
	const char *name;
};
/* A block or page mapped with one type and variant, as the MMU and the
 * module's decoders see it. ok: the word was written, decodes to the
 * canonical attributes, the ATS read translates to pa, the ATS write
 * too (a permission fault if read-only), and vmsa_lpae_translate
 * agrees (at Hyp: on PA and level). */
struct lt_leaf {
	const char *granule, *type, *variant;
	int level;
	uint32_t va;            /* where ATS looks */
	uint64_t pa;            /* of va's page */
	vmsa_attr_t canon, back;
	uint64_t w, par, parw;
	int rc, rcb;
	bool ok;
};
/* A 1GB block (if have_gb), a 2MB block and a 4KB page, each with every
 * memory type and every variant v[0..nv) (not VMSA_SHARED on Device
 * and Strongly-ordered memory): check(leaf) judges each, one TAP line,
 * and returns whether it passed (if not, the leaf is printed). */
void lt_granule_checks(const struct lt_variant *v, unsigned nv,
                       bool (*check)(const struct lt_leaf *l));
/* For a TAP line: "attr 0x<PAR.ATTR> sh <PAR.SH>", followed by " (ARM
 * ARM: 2)" where SH is not what the ARM ARM's PAREncodeShareability
 * gives for canonical attributes canon (QEMU's one deviation, accepted
 * by lt_par_says). In a static buffer, until the next call. */
const char *lt_par_attr_sh(uint64_t par, vmsa_attr_t canon);

/* Write words through wva, read them through rva (every 16th word of
 * `bytes`), then the other way round. */
bool lt_same_memory(uint32_t wva, uint32_t rva, uint32_t bytes);

/* For the runner (scripts/run-qemu-tests.sh): the header line "# vmsa-
 * tables TAG fmt=F ...", TAG-l1.bin and TAG-pool.bin saved through
 * semihosting, vmsa_lpae_dump's lines prefixed "# TAG| "; TAG is
 * lt.name, F lpae or lpae-hyp. 0, or -1 if something was not saved. */
int lt_save(void);

/* lpae_checks.c, on the live tables, in this order: every memory type
 * at every granule (lt_granule_checks with v, nv and leaf_check);
 * translation, Access flag and permission faults at each level (PAR,
 * and taken for real), execute-never; RAM through a 2MB and a 1GB block
 * at other VAs; more() if not NULL; a TAP line through the UART mapped
 * at a second VA. */
void lt_live_checks(const struct lt_variant *v, unsigned nv,
                    bool (*leaf_check)(const struct lt_leaf *l),
                    void (*more)(void));

#endif
