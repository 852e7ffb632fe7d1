/*
 * vmsa.h - public API of vmsa, a freestanding library that builds and
 * maintains ARM short-descriptor translation tables (ARMv7-A VMSA, and the
 * ARMv5 MMU of the ARM926EJ-S).
 *
 * Covers: address types, abstract attributes, translation formats, error
 * codes, the table engine (map, region arrays, dry run, unmap, protect,
 * translate, walk, dump), table validation (vmsa_table_check), region
 * error reports. The descriptor encoders and decoders are in
 * <vmsa/desc.h>; the arch interface the engine calls is in <vmsa/arch.h>.
 *
 * Does not cover: LPAE long descriptors, TTBR1 / TTBCR.N != 0 (the engine
 * manages one full 4096-entry L1 table translated through TTBR0), Hyp mode.
 *
 * Needs only <stdint.h>, <stddef.h> and <stdbool.h>; no libc.
 */
#ifndef VMSA_H
#define VMSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMSA_VERSION_MAJOR 0
#define VMSA_VERSION_MINOR 1
#define VMSA_VERSION_PATCH 0
#define VMSA_VERSION_STRING "0.1.0"

/* Public structs hold no enum-typed fields: arm-none-eabi-gcc makes enums
 * as small as their values (-fshort-enums is the AAPCS bare-metal
 * default) and clang does not, so enum fields would change struct layout
 * between compilers. Fields are fixed-width integers holding enum values.
 */

/* ------------------------------------------------------------------------
 * Addresses.
 *
 * Virtual and physical addresses are distinct struct types, so passing a
 * PA where a VA is expected does not compile. A PA holds 40 bits because
 * supersections output PA[39:32] (ARM ARM B3.5.1, "Supersections").
 * ------------------------------------------------------------------------ */
typedef struct { uint32_t v; } vmsa_va_t;
typedef struct { uint64_t p; } vmsa_pa_t;

/* For static initializers: `.va = VMSA_VA_C(0xC0000000)`. */
#define VMSA_VA_C(x) { .v = (uint32_t)(x) }
#define VMSA_PA_C(x) { .p = (uint64_t)(x) }

static inline vmsa_va_t vmsa_va(uint32_t v) { vmsa_va_t r = { v }; return r; }
static inline vmsa_pa_t vmsa_pa(uint64_t p) { vmsa_pa_t r = { p }; return r; }
static inline uint32_t vmsa_va_bits(vmsa_va_t va) { return va.v; }
static inline uint64_t vmsa_pa_bits(vmsa_pa_t pa) { return pa.p; }

#define VMSA_PA_MAX  ((uint64_t)1 << 40)   /* exclusive */
#define VMSA_VA_SPAN ((uint64_t)1 << 32)   /* exclusive end of the VA space */

/* Granule sizes. */
#define VMSA_SZ_TINY         0x400u        /* 1KB, ARMv5 fine tables only */
#define VMSA_SZ_SMALL        0x1000u       /* 4KB */
#define VMSA_SZ_LARGE        0x10000u      /* 64KB */
#define VMSA_SZ_SECTION      0x100000u     /* 1MB */
#define VMSA_SZ_SUPERSECTION 0x1000000u    /* 16MB, ARMv7 only */
#define VMSA_SZ_BLOCK        0x200000u     /* 2MB, VMSA_FMT_LPAE only */

/* ------------------------------------------------------------------------
 * Error codes. Every function returns VMSA_OK (0) or one of these; on any
 * error the tables are byte-for-byte what they were before the call and no
 * maintenance was issued.
 * ------------------------------------------------------------------------ */
enum vmsa_err {
	VMSA_OK              = 0,
	VMSA_ERR_INVAL       = -1, /* NULL pointer, zero size, unknown or
	                              conflicting attribute bits, bad format,
	                              a table that vmsa_init did not set up
	                              or whose fields were corrupted
	                              (vmsa_table_check) */
	VMSA_ERR_ALIGN       = -2, /* VA, PA or size not a multiple of the
	                              format's smallest granule; table memory
	                              misaligned */
	VMSA_ERR_RANGE       = -3, /* VA range wraps past 4GB, or PA range
	                              past 2^40 (or past 4GB where only
	                              supersections could reach it) */
	VMSA_ERR_OVERLAP     = -4, /* overlaps a live mapping or another
	                              region of the same array */
	VMSA_ERR_NOMEM       = -5, /* the second-level table pool is
	                              exhausted */
	VMSA_ERR_UNSUPPORTED = -6, /* the format cannot express it (XN or
	                              PXN on ARMv5, a tiny page on ARMv7, a
	                              memory type the format lacks) */
	VMSA_ERR_CONFLICT    = -7, /* domain, NS or PXN differ from those of
	                              the L1 entry of the second-level table
	                              the pages must share */
	VMSA_ERR_NOTMAPPED   = -8, /* unmap, protect or translate of a VA
	                              that is not mapped */
	VMSA_ERR_BUSY        = -9, /* table built by someone else: an L1
	                              entry points outside this engine's pool */
	VMSA_ERR_LOCKED      = -10, /* re-entered: called (e.g. from an abort
	                              handler) while this CPU is inside a
	                              call that writes the same tables */
	VMSA_ERR_CORRUPT     = -11, /* vmsa_adopt: tables the engine cannot
	                              have written (a reserved or undecodable
	                              descriptor, replicated entries that
	                              differ, two L1 entries over one
	                              second-level table, a table partly in
	                              the pool) */
};

/* A short constant name for an error code ("VMSA_ERR_ALIGN"), for logs. */
const char *vmsa_strerror(int err);

/* ------------------------------------------------------------------------
 * Translation formats, chosen at run time (vmsa_init) and passed to the
 * descriptor functions.
 *
 *   VMSA_FMT_V7                ARMv7-A short descriptors, TEX/C/B direct
 *                              (SCTLR.TRE = 0), ARM ARM B3.5 and B3.8.2.
 *   VMSA_FMT_V7 | TEX_REMAP    the same with SCTLR.TRE = 1 and Linux's
 *                              PRRR/NMRR (VMSA_PRRR, VMSA_NMRR), B3.8.3.
 *   VMSA_FMT_V7 | PXN          the CPU implements PXN (Cortex-A7/A15 and
 *                              any CPU with LPAE); not Cortex-A8/A9.
 *   VMSA_FMT_V5                ARMv5 MMU (ARM926EJ-S): sections, coarse
 *                              and fine second-level tables, tiny pages,
 *                              no XN, no TEX, no S, no nG.
 *   VMSA_FMT_LPAE              ARMv7-A long descriptors (LPAE, B3.6) for
 *                              the PL1 regime, 4KB granule, TTBCR.T0SZ 0:
 *                              2MB blocks and 4KB pages, 40-bit output
 *                              addresses, MAIR0/MAIR1 as VMSA_LPAE_MAIR0/1
 *                              (docs/lpae.md). Table engine only; the
 *                              descriptor functions of vmsa/desc.h are
 *                              the short formats'. No option bits.
 * ------------------------------------------------------------------------ */
typedef uint32_t vmsa_fmt_t;
#define VMSA_FMT_V7         0x1u
#define VMSA_FMT_V5         0x2u
#define VMSA_FMT_LPAE       0x3u
#define VMSA_FMT_ARCH_MASK  0xffu
#define VMSA_FMT_TEX_REMAP  0x100u
#define VMSA_FMT_PXN        0x200u

/*
 * Each format's code is an object of its own (src/fmt/fmt.h), which a
 * firmware links only where a call names it: vmsa_init, vmsa_plan and
 * vmsa_plan_ex below are inline and pass VMSA_FORMAT(fmt), so with a
 * constant fmt (and optimisation on) an ARMv7 firmware links no ARMv5
 * code, and the reverse. A format no call named is not linked:
 * vmsa_fmt_check answers VMSA_ERR_UNSUPPORTED for it, and so every call
 * refuses it (only hand-written calls of the *_fmt functions can get
 * there). The descriptor functions of vmsa/desc.h work for the formats
 * the firmware links.
 *
 * A library built for one architecture holds the formats its MMU walks:
 * the ARMv7-A builds (armv7-a, armv7-a-thumb) the ARMv7 format only
 * (ARMv7 has no ARMv5-compatible format), the ARMv5 build the ARMv5 format
 * only; the other is refused as a format not linked is, even if named.
 * The host build (offline tools, tests) holds both.
 */
struct vmsa_format;
extern const struct vmsa_format vmsa_format_v7;
extern const struct vmsa_format vmsa_format_v5;
extern const struct vmsa_format vmsa_format_lpae;
/* Long descriptors need ARMv7: a build for an older CPU names no object
 * for them (vmsa_init then answers VMSA_ERR_UNSUPPORTED). */
#if defined(__ARM_ARCH) && __ARM_ARCH < 7
#define VMSA_FORMAT_LPAE_ ((const struct vmsa_format *)0)
#else
#define VMSA_FORMAT_LPAE_ (&vmsa_format_lpae)
#endif
#define VMSA_FORMAT(fmt)                                                  \
	(((fmt) & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5 ? &vmsa_format_v5 :  \
	 (fmt) == VMSA_FMT_LPAE ? VMSA_FORMAT_LPAE_ : &vmsa_format_v7)

/* Linux's TEX remap registers (arch/arm/mm/proc-v7-2level.S). With them the
 * descriptor bits TEX[0]:C:B select one of eight memory types:
 *
 *   index TEX0 C B   PRRR.TRn   NMRR.IRn/ORn   vmsa type
 *   0     0    0 0   SO         -              VMSA_MT_UNCACHED
 *   1     0    0 1   Normal     NC / NC        VMSA_MT_BUFFERABLE
 *   2     0    1 0   Normal     WT / WT        VMSA_MT_WRITETHROUGH
 *   3     0    1 1   Normal     WB / WB        VMSA_MT_WRITEBACK
 *   4     1    0 0   Device     -              VMSA_MT_DEVICE (S=1),
 *                                              VMSA_MT_DEVICE_NS (S=0)
 *   5,6   1    0/1 x SO         -              (unused)
 *   7     1    1 1   Normal     WBWA / WBWA    VMSA_MT_WRITEALLOC
 *
 * PRRR.DS1 = 1, DS0 = 0: Device with S=1 is shareable, with S=0 not.
 * PRRR.NS1 = 1, NS0 = 0: Normal with S=1 is shareable. NOS = 0xff: Inner
 * Shareable (NOSn = 1 is "not Outer Shareable"), as LPAE's SH = 11.
 */
#define VMSA_PRRR 0xff0a81a8u
#define VMSA_NMRR 0x40e040e0u

/* ------------------------------------------------------------------------
 * Abstract attributes: one 32-bit word, mapped to descriptor bits by the
 * format layer only (src/fmt/fmt_attr.c, src/fmt/fmt_v7.c, src/fmt/fmt_v5.c). A
 * memory type and an access (RO or RW) are mandatory; everything else
 * defaults off.
 *
 *   bits 3:0   memory type (VMSA_MT_*)
 *   bit  4     VMSA_RO          privileged read-only
 *   bit  5     VMSA_RW          privileged read-write
 *   bit  6     VMSA_USER        user (PL0) gets the privileged access too
 *   bit  7     VMSA_USER_RO     user read-only, privileged read-write
 *   bit  8     VMSA_XN          execute-never
 *   bit  9     VMSA_EXEC        executable even if Device / SO memory or
 *                               writable (the policy below)
 *   bit 10     VMSA_PXN         privileged execute-never (FMT_PXN only)
 *   bit 11     VMSA_NG          not global (ASID-tagged TLB entries)
 *   bit 12     VMSA_SHARED      shareable (Normal memory only)
 *   bit 13     VMSA_NS          non-secure output address
 *   bits 19:16 domain (VMSA_DOMAIN(d)), 0 by default
 *
 * Access, ARMv7 AP[2]:AP[1:0] with SCTLR.AFE = 0 (ARM ARM B3.7.1,
 * table B3-8), and ARMv5 AP[1:0] with SCTLR.S = R = 0:
 *
 *   vmsa flags             privileged  user   v7 APX:AP   v5 AP
 *   VMSA_RW                RW          none   0:01        01
 *   VMSA_RW | VMSA_USER_RO RW          RO     0:10        10
 *   VMSA_RW | VMSA_USER    RW          RW     0:11        11
 *   VMSA_RO                RO          none   1:01        (unsupported)
 *   VMSA_RO | VMSA_USER    RO          RO     1:11        (unsupported)
 *
 * Memory types, ARMv7 direct (TRE = 0, ARM ARM B3.8.2 table B3-10):
 *
 *   type                    TEX C B  ARM ARM meaning            dump
 *   VMSA_MT_UNCACHED        000 0 0  Strongly-ordered           SO
 *   VMSA_MT_BUFFERABLE      000 0 1  Shareable Device (*)       DEV
 *   VMSA_MT_WRITETHROUGH    000 1 0  Normal WT, no W-alloc      WT
 *   VMSA_MT_WRITEBACK       000 1 1  Normal WB, no W-alloc      WB
 *   VMSA_MT_NORMAL_NC       001 0 0  Normal non-cacheable       NC
 *   VMSA_MT_WRITEALLOC      001 1 1  Normal WB, W-alloc         WBWA
 *   VMSA_MT_DEVICE          000 0 1  Shareable Device           DEV
 *   VMSA_MT_DEVICE_NS       010 0 0  Non-shareable Device       DEV-NS
 *
 *   (*) On ARMv7 without TEX remap, C=0 B=1 *is* Shareable Device, so
 *   BUFFERABLE and DEVICE are one type there and decode as VMSA_MT_DEVICE
 *   (see vmsa_attr_canonical). With TEX remap (table above) BUFFERABLE is
 *   Normal non-cacheable, as Linux uses it, and NORMAL_NC decodes as
 *   BUFFERABLE. ARMv5 has exactly the four C/B types:
 *
 *   type                    C B  ARMv5 meaning
 *   VMSA_MT_UNCACHED        0 0  uncached, unbuffered
 *   VMSA_MT_BUFFERABLE      0 1  uncached, buffered
 *   VMSA_MT_WRITETHROUGH    1 0  write-through
 *   VMSA_MT_WRITEBACK       1 1  write-back
 *
 * Policy (execute-never by default; applied in one place, src/fmt/fmt_attr.c):
 *   - Device and Strongly-ordered memory is never executable unless the
 *     caller sets VMSA_EXEC;
 *   - writable Normal memory (VMSA_RW, with or without USER / USER_RO) is
 *     never executable unless the caller sets VMSA_EXEC (Trusted
 *     Firmware-A's rule: RW memory is XN), so a mapping is W^X unless
 *     asked otherwise. Code that must run from RW memory (a loader, a
 *     JIT, a test writing instructions) says so with one flag:
 *         VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC
 *   - read-only Normal memory (VMSA_RO) is executable unless VMSA_XN:
 *     that is how code is mapped (VMSA_CODE).
 * ARMv5 has no XN and executes anything mapped: there the defaults cannot
 * be expressed. They are not the caller's request, so they do not fail
 * the call (VMSA_MT_WRITEBACK | VMSA_RW maps, executable); an explicit
 * VMSA_XN is VMSA_ERR_UNSUPPORTED. vmsa_check_policy reports every
 * writable ARMv5 mapping as W^X.
 * ------------------------------------------------------------------------ */
typedef uint32_t vmsa_attr_t;

#define VMSA_MT_MASK         0xfu
#define VMSA_MT_UNCACHED     0x1u   /* C=0 B=0: strongly-ordered */
#define VMSA_MT_BUFFERABLE   0x2u   /* C=0 B=1 */
#define VMSA_MT_WRITETHROUGH 0x3u   /* C=1 B=0 */
#define VMSA_MT_WRITEBACK    0x4u   /* C=1 B=1 */
#define VMSA_MT_WRITEALLOC   0x5u   /* write-back, write-allocate */
#define VMSA_MT_DEVICE       0x6u   /* shareable device */
#define VMSA_MT_DEVICE_NS    0x7u   /* non-shareable device */
#define VMSA_MT_NORMAL_NC    0x8u   /* normal, non-cacheable */
#define VMSA_MT(a)           ((a) & VMSA_MT_MASK)

#define VMSA_RO          (1u << 4)
#define VMSA_RW          (1u << 5)
#define VMSA_USER        (1u << 6)
#define VMSA_USER_RO     (1u << 7)
#define VMSA_XN          (1u << 8)
#define VMSA_EXEC        (1u << 9)
#define VMSA_PXN         (1u << 10)
#define VMSA_NG          (1u << 11)
#define VMSA_SHARED      (1u << 12)
#define VMSA_NS          (1u << 13)
#define VMSA_DOMAIN_SHIFT 16
#define VMSA_DOMAIN_MASK (0xfu << VMSA_DOMAIN_SHIFT)
#define VMSA_DOMAIN(d)   (((uint32_t)(d) & 0xfu) << VMSA_DOMAIN_SHIFT)
#define VMSA_ATTR_DOMAIN(a) (((a) >> VMSA_DOMAIN_SHIFT) & 0xfu)

/* Every bit that has a meaning; any other bit set is VMSA_ERR_INVAL. */
#define VMSA_ATTR_VALID_MASK (VMSA_MT_MASK | VMSA_RO | VMSA_RW | VMSA_USER | \
	VMSA_USER_RO | VMSA_XN | VMSA_EXEC | VMSA_PXN | VMSA_NG | VMSA_SHARED | \
	VMSA_NS | VMSA_DOMAIN_MASK)

/* Common combinations (TF-A's MT_* style). */
#define VMSA_CODE      (VMSA_MT_WRITEALLOC | VMSA_RO)
#define VMSA_RODATA    (VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN)
#define VMSA_DATA      (VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_XN)
#define VMSA_DEVICE    (VMSA_MT_DEVICE | VMSA_RW | VMSA_XN)

/*
 * Check attributes against a format and return the canonical form, the one
 * the decoders return for a descriptor encoded from `attrs`:
 * the policy applied (XN added to Device/SO and to VMSA_RW Normal memory
 * without VMSA_EXEC), VMSA_EXEC dropped where it changes nothing
 * (read-only Normal memory, ARMv5), memory-type aliases folded (see the
 * table above). VMSA_EXEC stays in the canonical form of an executable
 * Device/SO or VMSA_RW mapping: it is what makes it executable.
 * Returns VMSA_OK, VMSA_ERR_INVAL (unknown bits, no type, not exactly one
 * of RO/RW, USER with USER_RO, USER_RO with RO, XN with EXEC, SHARED on a
 * non-Normal type) or VMSA_ERR_UNSUPPORTED (the format cannot express it).
 */
int vmsa_attr_canonical(vmsa_fmt_t fmt, vmsa_attr_t attrs, vmsa_attr_t *out);

/* ------------------------------------------------------------------------
 * The table engine.
 *
 * The caller provides the memory: a 16KB-aligned L1 table of 4096 entries
 * and a pool of second-level tables (a 1KB-aligned block, a multiple of
 * 1KB; ARMv5 fine tables take 4KB, 4KB-aligned, from the same pool). The
 * engine knows each block's physical address, so tables need not be
 * identity mapped.
 * ------------------------------------------------------------------------ */
#define VMSA_L1_ENTRIES     4096u
#define VMSA_L1_BYTES       0x4000u
#define VMSA_L2_BYTES       0x400u   /* coarse table: 256 entries */
#define VMSA_L2_FINE_BYTES  0x1000u  /* ARMv5 fine table: 1024 entries */
#define VMSA_POOL_MAX_UNITS 4096u    /* 1KB units: 4MB of tables at most
                                        (VMSA_FMT_LPAE: 4KB, 16MB) */
/*
 * VMSA_FMT_LPAE: `l1` is VMSA_LPAE_L1_BYTES, 16KB-aligned in VA and PA:
 * the four level-2 tables (2048 entries of 2MB, 64-bit), then the
 * level-1 table (four table descriptors, which vmsa_init writes and no
 * call changes): TTBR0 points there (vmsa_ttbr0_pa). The pool holds
 * level-3 tables (512 entries of 4KB pages, 4KB each): 4KB-aligned, a
 * multiple of 4KB, counted in 4KB units.
 */
#define VMSA_LPAE_L1_BYTES  (0x4000u + 32u)
#define VMSA_LPAE_L1_OFFSET 0x4000u   /* the level-1 table in l1 */
/* The MAIR0/MAIR1 values VMSA_FMT_LPAE's AttrIndx fields assume (byte n
 * of MAIR1:MAIR0 is index n): 0 Strongly-ordered, 1 Normal NC, 2 WT,
 * 3 WB, 4 Device, 7 WBWA (docs/lpae.md). vmsa_arch_lpae_enter takes them. */
#define VMSA_LPAE_MAIR0 0xeeaa4400u
#define VMSA_LPAE_MAIR1 0xff000004u
#define VMSA_TMPL_SLOTS 4u           /* struct vmsa_table's template cache */
#define VMSA_TMPL_SLOT_WORDS 11u

/* vmsa_table.flags */
#define VMSA_TF_LIVE     0x1u  /* MMU is on with these tables: every change
                                  gets break-before-make and TLB upkeep */
#define VMSA_TF_SMP      0x2u  /* other CPUs use the tables: broadcast TLB
                                  maintenance (inner-shareable forms) */
#define VMSA_TF_NO_MERGE 0x4u  /* never fold uniform tables back into
                                  sections, sections into supersections */
#define VMSA_TF_CHECK_WX 0x8u  /* debug: W^X check after every change;
                                  set and cleared by vmsa_set_wx_check */
/*
 * Concurrency: with VMSA_TF_SMP every call that writes (map, map_regions,
 * unmap, protect, remap) holds vmsa_arch_lock for its whole duration, with
 * IRQ and FIQ masked on its CPU (the previous mask is restored after).
 * The decision to lock is taken from t->flags once per call; change
 * VMSA_TF_SMP only while no other CPU calls the engine. A call that
 * re-enters on the same CPU (from an abort handler taken inside a call
 * that writes) returns VMSA_ERR_LOCKED, with or without VMSA_TF_SMP.
 *
 * Readers. vmsa_translate and vmsa_translate_pa take no lock and are safe
 * against writers on other CPUs: every writing call makes t->seq odd for
 * its duration and moves it on when it wrote, and these readers read
 * again when it changed under them (a second-level table freed and reused
 * by a writer is never reported). They see a VA either before or after a
 * concurrent update, a break-before-make gap reading as unmapped. With
 * VMSA_TF_SMP they wait while a writer on another CPU is inside a call, so
 * they must not be called from an abort taken inside a writing call on the
 * same CPU (writers mask IRQ and FIQ). Without VMSA_TF_SMP no other CPU
 * uses the tables: a reader called from an exception taken inside a
 * writing call on the same CPU returns VMSA_ERR_LOCKED instead of waiting.
 * walk, stats, dump and plan take no lock and do not retry: callers that
 * need a consistent view while other CPUs write take vmsa_arch_lock (or
 * call them from the writing CPU).
 *
 * Memory attributes under VMSA_TF_SMP (ARMv7): every CPU must see Normal
 * memory with one shareability (B3.8.6, mismatched attributes; TTBR0
 * walks the tables as shareable), so map, map_regions and protect give
 * Normal memory VMSA_SHARED whether or not the caller asked for it; Device
 * and Strongly-ordered memory is left as asked.
 *
 * Caches (who cleans what). The engine keeps the caches coherent with the
 * changes it makes to a live table: for a protect from a cacheable type to
 * a non-cacheable one it cleans and invalidates the data cache lines of the
 * range (by MVA, to the point of coherency); on ARMv7 it does so for the
 * new PA of a non-cacheable mapping that remap moves (through the new
 * entry, once every entry of the call is written: a cacheable entry the
 * same call moves away later could refill them until then); on ARMv5 (VIVT) for the old mapping of unmap and remap; for
 * changes to executable mappings it invalidates the instruction cache and
 * branch predictor. The
 * caller cleans what the engine cannot know about: memory it gives a new
 * non-cacheable mapping with map while another (or an earlier, since
 * unmapped) mapping left lines of it in the data cache, memory it keeps
 * mapped non-cacheable after an unmap or remap took away a cacheable
 * alias of it (on ARMv7 the alias's lines stay: clean them, by MVA through
 * the non-cacheable mapping, before using it), memory it writes as code,
 * and memory other masters (DMA) read or write.
 */

struct vmsa_call;
struct vmsa_finding;
/* W^X debug report (vmsa_set_wx_check): `call` made the change, `f` is a
 * W^X mapping inside the range it changed. */
typedef void (*vmsa_wx_fn)(void *arg, const struct vmsa_call *call,
                           const struct vmsa_finding *f);

struct vmsa_table {
	uint32_t *l1;             /* VA of the L1 table */
	vmsa_pa_t l1_pa;
	uint8_t *pool;            /* VA of the second-level pool */
	vmsa_pa_t pool_pa;
	uint32_t pool_units;      /* pool size in 1KB units */
	uint32_t flags;           /* VMSA_TF_* */
	uint32_t seq;             /* odd while a call writes (readers retry) */
	vmsa_fmt_t fmt;
	uint32_t used_units;
	uint32_t used[VMSA_POOL_MAX_UNITS / 32]; /* 1 = unit allocated */
	/* The W^X debug option, set by vmsa_set_wx_check: the check the
	 * engine calls, who hears of W^X, and how many calls broke it. */
	void (*wx_check)(struct vmsa_table *t, const struct vmsa_call *call);
	vmsa_wx_fn wx_fn;
	void *wx_arg;
	uint32_t wx_breaks;       /* calls that left a W^X mapping in the
	                             range they changed */
	uint32_t seal;            /* set by vmsa_init over the fields it
	                             checked (vmsa_table_check) */
	/* The writers' working bitmap, under their lock: the allocations
	 * a call's dry run simulates (ARMv5 tables, splits), the MBs an
	 * ARMv7 array's dry run gives a new table (one bit each), the units
	 * of the tables a call frees, until its end. Here, not on the stack (512 bytes
	 * a call would otherwise take); all 0 between calls, so a failed
	 * call leaves the struct as it was. */
	uint32_t scratch[VMSA_POOL_MAX_UNITS / 32];
	/* The writers' descriptor templates of the last attribute words
	 * that a successful vmsa_map, vmsa_map_regions or vmsa_protect used
	 * (engine-private
	 * layout: the attribute word, the template, a check word that a
	 * zeroed or torn slot fails), so that a driver mapping with the
	 * same attributes again skips their validation and encoding. Read
	 * and written only under the writers' lock; vmsa_init empties it. */
	uint32_t tmpl_slot[VMSA_TMPL_SLOTS][VMSA_TMPL_SLOT_WORDS];
	uint32_t tmpl_next;       /* the slot the next new word takes */
};

/*
 * Is `t` a table vmsa_init set up, with consistent fields? Checked: t not
 * NULL, a known format, l1 not NULL and 16KB aligned in VA and PA with
 * the L1 table below 4GB in PA, pool_units at most VMSA_POOL_MAX_UNITS
 * (the bitmap's size), used_units at most pool_units, a non-empty pool
 * not NULL and 1KB aligned in VA and PA and below 4GB in PA (no check
 * wraps), the seal, and the bitmap words that cover the pool: exactly
 * used_units bits set, none past pool_units.
 * Every other call that takes a table checks it first in constant time,
 * without reading the L1 table or the pool, and returns VMSA_ERR_INVAL
 * when it fails: t not NULL, used_units at most pool_units, and the seal,
 * a word vmsa_init computes over the fields it checked (l1, l1_pa, pool,
 * pool_pa, pool_units, fmt; no call changes them after). A change to any
 * one of them, a zeroed struct, or one vmsa_init never set up fails the
 * seal; random damage to several fields passes it once in 2^32 (the
 * seal is not a defence against a caller who forges it: the struct is
 * the caller's memory, as its pointers are). The writers (map, map_regions, unmap,
 * protect, remap) check in constant time, once they hold vmsa_arch_lock
 * with VMSA_TF_SMP (another CPU's writer changes the bitmap under that
 * lock), that used_units is at most pool_units and no bit past pool_units
 * is set; the count itself (O(pool)) only vmsa_table_check checks: the
 * engine keeps it by construction, and a writer that takes tables counts
 * free units in the bitmap it takes them from, never trusting the count.
 * Readers do not read the bitmap; the engine never reads the words
 * further on.
 * Then, here only (it reads the whole L1 table, so no other call does it),
 * the bitmap against the tables the L1 table references in the pool:
 * every unit of each such table is set (all four of an ARMv5 fine table),
 * no unit belongs to two tables, no table lies partly in the pool, and no
 * bit is set for a unit no table uses (a leak). An L1 entry pointing to a
 * table wholly outside the pool is not the pool's concern (the calls
 * return VMSA_ERR_BUSY for its MB) and passes.
 * A caller checking a table other CPUs change holds vmsa_arch_lock. Not
 * checked, and not checkable: that the memory l1 and pool point to exists,
 * the content of second-level tables, and the W^X debug fields
 * (vmsa_set_wx_check sets them).
 * Returns VMSA_OK or VMSA_ERR_INVAL (the fields, or the bitmap against
 * the L1 table).
 */
int vmsa_table_check(const struct vmsa_table *t);

/*
 * Initialise `t` over caller memory and fill the L1 table with fault
 * entries. Returns VMSA_OK, VMSA_ERR_INVAL (NULL table or L1, bad format,
 * pool larger than VMSA_POOL_MAX_UNITS), VMSA_ERR_ALIGN (L1 not 16KB
 * aligned in VA or PA, pool not 1KB aligned or not a multiple of 1KB),
 * VMSA_ERR_RANGE (table memory ending past 4GB in PA, for any 64-bit
 * l1_pa or pool_pa: the check does not wrap), VMSA_ERR_UNSUPPORTED (fmt's
 * object not linked: vmsa_init_fmt with format not VMSA_FORMAT(fmt)). On
 * error *t is unchanged. A pool of 0 bytes is allowed (sections only).
 * Inline: it names fmt's object (VMSA_FORMAT above), which links it.
 */
int vmsa_init_fmt(const struct vmsa_format *format, struct vmsa_table *t,
                  vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                  vmsa_pa_t pool_pa, size_t pool_bytes);
static inline int vmsa_init(struct vmsa_table *t, vmsa_fmt_t fmt,
                            uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                            vmsa_pa_t pool_pa, size_t pool_bytes)
{
	return vmsa_init_fmt(VMSA_FORMAT(fmt), t, fmt, l1, l1_pa, pool,
	                     pool_pa, pool_bytes);
}

/* The physical address TTBR0 (HTTBR) takes for t's tables: l1_pa for
 * the short formats; for VMSA_FMT_LPAE the level-1 table's, at
 * VMSA_LPAE_L1_OFFSET in l1. */
static inline uint64_t vmsa_ttbr0_pa(const struct vmsa_table *t)
{
	return t->l1_pa.p +
	       (t->fmt == VMSA_FMT_LPAE ? VMSA_LPAE_L1_OFFSET : 0u);
}

/*
 * Take over finished tables: an L1 table and a pool that the engine built
 * elsewhere (the prebuilt boot tables the host generator links into the
 * firmware, tests/qemu/prebuilt.c; or an earlier boot stage), with the same
 * arguments as vmsa_init, which they must have been built with (the same
 * physical addresses and pool size). Nothing is written to the tables.
 * The pool's bitmap is recovered from the tables the L1 table references
 * (the walk vmsa_table_check checks it with), and the tables are checked:
 * every descriptor of the L1 table and of those tables decodes in fmt, a
 * granule taking several entries (supersection, large page, ARMv5 small
 * page in a fine table) has them all identical and aligned. Then `t` is
 * what vmsa_init and the same calls would have left, flags 0: set
 * VMSA_TF_SMP (and VMSA_TF_LIVE if the MMU already uses the tables) with
 * vmsa_set_flags before the next change; map, unmap, protect and remap
 * work as on any table. Returns VMSA_OK, vmsa_init's codes for the
 * arguments, VMSA_ERR_BUSY (an L1 entry points to a table outside the
 * pool), VMSA_ERR_CORRUPT (the tables: see the code). On error *t and the
 * tables are unchanged. O(table): it reads the whole L1 table and every
 * table it references.
 */
int vmsa_adopt_fmt(const struct vmsa_format *format, struct vmsa_table *t,
                   vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                   vmsa_pa_t pool_pa, size_t pool_bytes);
static inline int vmsa_adopt(struct vmsa_table *t, vmsa_fmt_t fmt,
                             uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                             vmsa_pa_t pool_pa, size_t pool_bytes)
{
	return vmsa_adopt_fmt(VMSA_FORMAT(fmt), t, fmt, l1, l1_pa, pool,
	                      pool_pa, pool_bytes);
}

/* Set or clear VMSA_TF_* flags (e.g. VMSA_TF_LIVE once the MMU is on).
 * Does nothing to a table vmsa_table_check rejects. */
void vmsa_set_flags(struct vmsa_table *t, uint32_t set, uint32_t clear);

/*
 * Map [va, va+size) to [pa, pa+size) with `attrs`, using the largest
 * granule that VA and PA alignment and the remaining size allow at each
 * step (supersection > section > large > small > tiny), so the request uses
 * the fewest translation entries. Supersections need domain 0 (the
 * descriptor has no domain field, B3.5.1).
 * Returns VMSA_OK, VMSA_ERR_INVAL, VMSA_ERR_ALIGN, VMSA_ERR_RANGE,
 * VMSA_ERR_OVERLAP (any part already mapped), VMSA_ERR_NOMEM,
 * VMSA_ERR_UNSUPPORTED, VMSA_ERR_CONFLICT, VMSA_ERR_BUSY.
 */
int vmsa_map(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa, uint64_t size,
             vmsa_attr_t attrs);

/* A board's memory map entry. size is 64-bit so one region can span 4GB. */
struct vmsa_region {
	const char *name;
	vmsa_va_t va;
	vmsa_pa_t pa;
	uint64_t size;
	vmsa_attr_t attrs;
};

/*
 * What a region array costs (vmsa_plan). Second-level tables are counted
 * twice: at the peak (every table the writes take; the array's merges
 * free tables only once every region is written, so the pool must have
 * pool_units free units: the peak) and at the end (what stays in use
 * once the merges folded tables whose MB the array fills uniformly back
 * into sections; with VMSA_TF_NO_MERGE both counts are equal). Both are
 * what vmsa_map_regions then takes and leaves, also against a table
 * already mapped, where an MB folds when the array completes what the
 * table maps there into one uniform MB whose parts no region writes are
 * already the largest granules they can be (as merged writes leave them;
 * not so after writes under VMSA_TF_NO_MERGE). An ARMv5 MB that any region
 * of the array puts tiny pages into gets a fine table before the array's
 * first page there (a coarse one is upgraded once). Tables in use before
 * the call are in neither count, even when the array frees them (an
 * upgraded coarse table, a fold). Fine tables take 4KB-aligned blocks of
 * four units: a fragmented pool may need more than pool_units free.
 */
struct vmsa_plan {
	uint32_t l2_tables;    /* new second-level tables (coarse + fine),
	                          peak */
	uint32_t l2_fine;      /* of which ARMv5 fine tables */
	uint32_t pool_units;   /* 1KB pool units they take: what the pool
	                          must have free (peak) */
	uint32_t entries;      /* translation entries (TLB entries) */
	uint32_t descriptors;  /* 32-bit descriptors written */
	uint32_t l2_tables_final;  /* of l2_tables, still in use at the end */
	uint32_t pool_units_final; /* pool units of those */
};

/*
 * Dry run: validate `regions` (each region, overlaps among them and, if
 * t is not NULL, with what t already maps) and report what mapping them
 * costs (peak and final table counts: struct vmsa_plan). With t == NULL
 * the array is planned against an empty table of format fmt (fmt is
 * ignored when t is given). An empty array (n == 0; regions may then be
 * NULL) is VMSA_OK with a zeroed plan. On error *bad (if not NULL) is the
 * index of the first offending region; for VMSA_ERR_NOMEM, of the region
 * whose second-level table no longer fit; it is left alone for errors of
 * the arguments (INVAL: t rejected by vmsa_table_check, bad fmt, plan
 * NULL, regions NULL with n > 0). vmsa_plan_ex gives the full reason.
 * Returns the codes of vmsa_map except VMSA_ERR_NOMEM, which only
 * vmsa_map_regions returns. Inline, as vmsa_init: it names fmt's object
 * (format, which vmsa_plan_fmt does not read otherwise).
 */
int vmsa_plan_fmt(const struct vmsa_format *format, const struct vmsa_table *t,
                  vmsa_fmt_t fmt, const struct vmsa_region *regions,
                  size_t n, struct vmsa_plan *plan, size_t *bad);
static inline int vmsa_plan(const struct vmsa_table *t, vmsa_fmt_t fmt,
                            const struct vmsa_region *regions, size_t n,
                            struct vmsa_plan *plan, size_t *bad)
{
	return vmsa_plan_fmt(VMSA_FORMAT(fmt), t, fmt, regions, n, plan,
	                     bad);
}

/*
 * Validate the whole array (as vmsa_plan, plus pool capacity: the pool
 * must have vmsa_plan's pool_units free, the peak) and only then map
 * every region. Nothing is written unless everything fits. An empty
 * array (n == 0, regions may be NULL) maps nothing and returns VMSA_OK
 * (for any table vmsa_table_check accepts short of its pool bitmap,
 * which an empty array does not use).
 * Returns the codes of vmsa_map; *bad as for vmsa_plan.
 */
int vmsa_map_regions(struct vmsa_table *t, const struct vmsa_region *regions,
                     size_t n, size_t *bad);

/*
 * Why a region array was refused, in full (vmsa_plan_ex,
 * vmsa_map_regions_ex; src/report/explain.c). `why` says which check failed:
 */
#define VMSA_WHY_NONE            0u  /* VMSA_OK */
#define VMSA_WHY_ARGS            1u  /* the table (vmsa_table_check), the
                                        format, the array or the plan
                                        pointer: no region at fault */
#define VMSA_WHY_ATTRS           2u  /* attrs invalid (INVAL) or not
                                        expressible in the format
                                        (UNSUPPORTED) */
#define VMSA_WHY_SIZE_ZERO       3u
#define VMSA_WHY_ALIGN_VA        4u  /* addr is not a multiple of granule */
#define VMSA_WHY_ALIGN_PA        5u
#define VMSA_WHY_ALIGN_SIZE      6u
#define VMSA_WHY_VA_WRAP         7u  /* va + size passes 4GB */
#define VMSA_WHY_PA_MAX          8u  /* pa + size passes 2^40 */
#define VMSA_WHY_PA_4GB          9u  /* pa + size passes 4GB: ARMv5 cannot
                                        output it (granule 0); ARMv7 only
                                        with supersections, VA, PA and
                                        size multiples of granule (16MB) */
#define VMSA_WHY_PA_4GB_DOMAIN  10u  /* past 4GB, where only supersections
                                        reach, which have no domain field:
                                        the attrs' domain is not 0 */
#define VMSA_WHY_OVERLAP_REGION 11u  /* overlaps region `other` from addr */
#define VMSA_WHY_OVERLAP_TABLE  12u  /* overlaps what the table maps at
                                        addr */
#define VMSA_WHY_CONFLICT_REGION 13u /* pages in the MB at addr share one
                                        second-level table with region
                                        `other`, whose domain/NS/PXN
                                        (other_attrs) differ */
#define VMSA_WHY_CONFLICT_TABLE 14u  /* the MB at addr has a table whose
                                        domain/NS/PXN (other_attrs)
                                        differ */
#define VMSA_WHY_NOMEM          15u  /* need bytes of tables at the peak,
                                        have bytes free; index: the first
                                        region whose table did not fit */
#define VMSA_WHY_BUSY           16u  /* the L1 entry of the MB at addr
                                        points outside the pool */
#define VMSA_WHY_OTHER          17u  /* code known, no finer reason */

struct vmsa_region_error {
	int32_t code;             /* what the call returned */
	uint32_t why;             /* VMSA_WHY_* */
	size_t index;             /* region at fault, SIZE_MAX if none */
	size_t other;             /* the other region, SIZE_MAX if none */
	const char *name;         /* regions[index].name (may be NULL) */
	const char *other_name;
	vmsa_va_t va;             /* regions[index] */
	vmsa_pa_t pa;
	uint64_t size;
	vmsa_attr_t attrs;
	vmsa_va_t other_va;       /* regions[other] */
	uint64_t other_size;
	vmsa_attr_t other_attrs;  /* CONFLICT: the other side's domain, NS,
	                             PXN */
	uint64_t addr;            /* see VMSA_WHY_* */
	uint32_t granule;         /* ALIGN: the multiple required (bytes) */
	vmsa_fmt_t fmt;           /* the format the array was checked for */
	uint64_t need, have;      /* NOMEM: pool bytes needed (peak), free */
};

/*
 * vmsa_plan and vmsa_map_regions with the full reason of a failure in
 * *err (if not NULL; err->code is the return value, err->why is
 * VMSA_WHY_NONE on success). Same return codes and *bad index
 * (err->index) as the plain calls; the reason is worked out only once
 * the call failed, so success costs nothing more. vmsa_plan_ex is
 * inline, as vmsa_plan.
 */
int vmsa_plan_ex_fmt(const struct vmsa_format *format,
                     const struct vmsa_table *t, vmsa_fmt_t fmt,
                     const struct vmsa_region *regions, size_t n,
                     struct vmsa_plan *plan, struct vmsa_region_error *err);
static inline int vmsa_plan_ex(const struct vmsa_table *t, vmsa_fmt_t fmt,
                               const struct vmsa_region *regions, size_t n,
                               struct vmsa_plan *plan,
                               struct vmsa_region_error *err)
{
	return vmsa_plan_ex_fmt(VMSA_FORMAT(fmt), t, fmt, regions, n, plan,
	                        err);
}
int vmsa_map_regions_ex(struct vmsa_table *t,
                        const struct vmsa_region *regions, size_t n,
                        struct vmsa_region_error *err);

/*
 * Format a region error as one line (no newline) into buf, e.g.
 *   region 4 "ram-high" VA 0xc0000000-0xc8000000 overlaps region 3 "ram"
 *   VA 0xc0000000-0xc4000000 from VA 0xc0000000: VMSA_ERR_OVERLAP
 *   region 2 "uart" PA 0x10009800 is not a multiple of 4KB: VMSA_ERR_ALIGN
 *   regions need 136KB of second-level tables (peak), the pool has 128KB
 *   free (region 5 "gic" is the first that does not fit): VMSA_ERR_NOMEM
 * No libc. 320 bytes suffice for names up to 32 characters. Returns the
 * length (truncated to len - 1).
 */
size_t vmsa_format_region_error(const struct vmsa_region_error *err,
                                char *buf, size_t len);

/*
 * Unmap [va, va+size). Every page in the range must be mapped. A range that
 * cuts a supersection, section or large page splits it (which may need a
 * second-level table: VMSA_ERR_NOMEM). Second-level tables left empty
 * return to the pool. Returns VMSA_OK, VMSA_ERR_INVAL, VMSA_ERR_ALIGN,
 * VMSA_ERR_RANGE, VMSA_ERR_NOTMAPPED, VMSA_ERR_NOMEM, VMSA_ERR_BUSY.
 *
 * When unmap, protect and remap take a second-level table: only for a
 * section (or a supersection cut into sections) of which the call changes
 * part and leaves part, so that the end state has pages in its MB (and on
 * ARMv5 for a coarse table that must hold 1KB pages: a fine one). A
 * granule the call leaves exactly as it is (protect with the attributes it
 * has, remap to the address it has) is neither cut nor rewritten, so e.g.
 * a protect of part of a section with its own attributes needs no table
 * and no maintenance. Tables a call frees are released at its end, so the
 * pool must hold every table the call takes at once.
 */
int vmsa_unmap(struct vmsa_table *t, vmsa_va_t va, uint64_t size);

/*
 * Change the attributes of the mapped range [va, va+size) keeping its
 * output addresses, splitting and (unless VMSA_TF_NO_MERGE) merging as
 * needed. Domain, NS and PXN of pages belong to their second-level
 * table's L1 descriptor: when every valid entry of the table lies in the
 * range, that descriptor changes with them (break-before-make over its
 * MB); when pages outside the range remain in the table, new domain, NS
 * or PXN are VMSA_ERR_CONFLICT. Returns the codes of vmsa_unmap plus
 * VMSA_ERR_UNSUPPORTED and VMSA_ERR_CONFLICT.
 */
int vmsa_protect(struct vmsa_table *t, vmsa_va_t va, uint64_t size,
                 vmsa_attr_t attrs);

/*
 * Point the mapped range [va, va+size) at [pa, pa+size) keeping its
 * attributes. Past 4GB in PA only supersections reach, so there each 16MB
 * group of the range becomes one supersection, whatever granules earlier
 * calls left in it (sections, pages; their tables return to the pool),
 * which is the table vmsa_map of the same range to pa builds: with
 * break-before-make on a live table, as the granule size changes. That
 * needs the group wholly in the range, VA and new PA 16MB-aligned, and
 * one set of attributes over the whole group that a supersection can
 * hold (domain 0); else VMSA_ERR_RANGE, and nothing is written. Groups
 * whose new addresses stay below 4GB are remapped as they are (and
 * merged unless VMSA_TF_NO_MERGE). A supersection above 4GB can be cut
 * only by a remap that moves all of it below 4GB to a 1MB-aligned address
 * (it becomes sections at their new addresses); any other cut of it is
 * VMSA_ERR_RANGE. Returns the codes of vmsa_protect.
 */
int vmsa_remap(struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t pa,
               uint64_t size);

/* Granule kinds, as translate, walk and the dump report them. */
enum vmsa_kind {
	VMSA_KIND_FAULT = 0,
	VMSA_KIND_TINY,
	VMSA_KIND_SMALL,
	VMSA_KIND_LARGE,
	VMSA_KIND_SECTION,
	VMSA_KIND_SUPERSECTION,
	VMSA_KIND_BLOCK,        /* VMSA_FMT_LPAE: a 2MB block (level 2) */
};

/* Name of a kind: "tiny", "small", "large", "section", "supersection",
 * "block" (VMSA_FMT_LPAE's 4KB pages are VMSA_KIND_SMALL). */
const char *vmsa_kind_name(enum vmsa_kind k);
/* Size in bytes of a granule kind (0 for VMSA_KIND_FAULT). */
uint32_t vmsa_kind_size(enum vmsa_kind k);

struct vmsa_xlat {
	vmsa_pa_t pa;          /* the output address of va */
	vmsa_attr_t attrs;     /* canonical attributes, L1 table bits merged */
	uint8_t kind;          /* enum vmsa_kind */
	uint8_t level;         /* 1 or 2 (VMSA_FMT_LPAE: 2 or 3) */
	uint32_t desc;         /* the descriptor word that translated va
	                          (VMSA_FMT_LPAE: its bits 31:0) */
	vmsa_va_t base;        /* first VA of the granule */
	uint32_t desc_hi;      /* VMSA_FMT_LPAE: bits 63:32 of the word;
	                          else 0 */
};

/*
 * Walk the tables in software as the MMU does and translate one VA.
 * (Every call taking a table returns VMSA_ERR_INVAL for a table
 * vmsa_table_check rejects, before reading anything of it.)
 * Returns VMSA_OK, VMSA_ERR_INVAL, VMSA_ERR_NOTMAPPED (a fault entry at
 * either level: out->level says which), VMSA_ERR_BUSY (the L1 entry points
 * outside the pool), VMSA_ERR_UNSUPPORTED (a reserved encoding),
 * VMSA_ERR_LOCKED (called, without VMSA_TF_SMP, from an exception taken
 * inside a writing call on this CPU: see Readers above).
 */
int vmsa_translate(const struct vmsa_table *t, vmsa_va_t va,
                   struct vmsa_xlat *out);

/*
 * The output address of va, nothing else: the fast path of vmsa_translate
 * (the same walk, no attribute decoding). Returns VMSA_OK,
 * VMSA_ERR_INVAL, VMSA_ERR_NOTMAPPED, VMSA_ERR_BUSY, VMSA_ERR_UNSUPPORTED
 * (as vmsa_translate: an ARMv7 L1 entry of type 0b11 on a format without
 * VMSA_FMT_PXN, which is reserved and faults on the CPU; an ARMv5 tiny page
 * in a coarse table), VMSA_ERR_LOCKED (as vmsa_translate). On a table whose L1
 * entry is not a pool table, nothing is read from outside the pool.
 */
int vmsa_translate_pa(const struct vmsa_table *t, vmsa_va_t va,
                      vmsa_pa_t *pa);

/* One run of a walk: consecutive granules of one kind, one attribute set
 * and contiguous output addresses. */
struct vmsa_run {
	vmsa_va_t va;
	uint64_t size;
	vmsa_pa_t pa;
	uint8_t kind;          /* enum vmsa_kind */
	vmsa_attr_t attrs;
	uint32_t count;        /* granules in the run */
};

typedef void (*vmsa_run_fn)(void *arg, const struct vmsa_run *run);

/*
 * Call fn once per run of mapped VAs in [va, va+size), in address order.
 * size 0 means to the end of the 4GB space. An L1 entry pointing to a
 * second-level table outside the pool (a table built by someone else, or
 * a corrupted entry) cannot be read: it is reported to fn as a run of its
 * own of kind VMSA_KIND_FAULT, va and size its MB (clipped to the range),
 * pa the table's address, attrs the entry's domain, NS and PXN, count 1;
 * the walk goes on at the next MB. Returns VMSA_OK, VMSA_ERR_INVAL,
 * VMSA_ERR_RANGE, or VMSA_ERR_BUSY once the whole range was walked when
 * such an entry was reported.
 */
int vmsa_walk(const struct vmsa_table *t, vmsa_va_t va, uint64_t size,
              vmsa_run_fn fn, void *arg);

/* Counts over the whole table. */
struct vmsa_stats {
	uint32_t entries;      /* translation (TLB) entries: a supersection,
	                          section, large, small or tiny page is one */
	uint32_t descriptors;  /* non-fault descriptors, L1 and L2 */
	uint32_t l2_tables;    /* second-level tables in use */
	uint32_t l2_bytes;     /* bytes of second-level tables in use */
	uint64_t mapped;       /* bytes of VA mapped */
};
/* Returns VMSA_OK, or VMSA_ERR_INVAL (st NULL, or t rejected by
 * vmsa_table_check) with *st zeroed when st is not NULL. */
int vmsa_stats(const struct vmsa_table *t, struct vmsa_stats *st);

/* Text output for the dump: called with NUL-terminated pieces. */
typedef void (*vmsa_out_fn)(void *arg, const char *s);

/*
 * Summary dump, one line per run, under `---[ name ]---` headers taken
 * from `regions` (may be NULL with n == 0: no headers). A run that lies
 * outside every region comes under `---[ (outside the regions) ]---`.
 * Each line is vmsa_format_run's, fields separated by one space:
 *
 *   0x<VA start, 8 hex>-0x<VA end, exclusive, 8 hex; 0x100000000 for 4GB>
 *   -> 0x<PA, at least 8 hex>
 *   <size: 1K 4K 64K 1M 16M, or <count>x<size> for a run of granules>
 *   <kind: tiny small large section supersection>
 *   <privileged>/<user> access, each RW, RO or --
 *   <X, NX, or PXN (executable at PL0 only)>
 *   <memory type: SO DEV DEV-NS WT WB WBWA NC BUF>
 *   then " S", " nG", " NS" where set, and " D<domain>".
 *
 *   0x60000000-0x68000000 -> 0x60000000 8x16M supersection RW/-- NX WBWA D0
 *
 * An L1 entry pointing to a table outside the pool gets the line
 *
 *   0x12300000-0x12400000 -> 0x90000000 table outside the pool
 *
 * (its MB and the table's address) and the dump goes on.
 * Returns VMSA_OK, VMSA_ERR_INVAL, or VMSA_ERR_BUSY (the whole dump was
 * written, with at least one such line).
 */
int vmsa_dump(const struct vmsa_table *t, const struct vmsa_region *regions,
              size_t n, vmsa_out_fn out, void *arg);

/* Raw dump: every non-fault L1 entry and every non-fault entry of each
 * second-level table, with index, VA, word and decoded fields. */
int vmsa_dump_raw(const struct vmsa_table *t, vmsa_out_fn out, void *arg);

/* Format one run as a summary line (no newline) into buf; 96 bytes always
 * suffice. A run of kind VMSA_KIND_FAULT (vmsa_walk's table outside the
 * pool) reads "0x12300000-0x12400000 -> 0x90000000 table outside the
 * pool". Returns the length (truncated to len - 1). */
size_t vmsa_format_run(const struct vmsa_run *run, char *buf, size_t len);

/* ========================================================================
 * Policy checker (src/report/policy.c). Pure over the table: reads the
 * L1 table and pool through vmsa_walk, calls nothing in the arch layer,
 * writes nothing.
 * ======================================================================== */

/* Checks, for `checks` (VMSA_POL_ALL: all of them). */
#define VMSA_POL_WX          0x1u /* writable and executable at the same
                                     privilege level: PL1 (RW, no XN, no
                                     PXN) or PL0 (USER RW, no XN). ARMv5
                                     has no XN: every writable mapping is
                                     a finding there. */
#define VMSA_POL_DEVICE_EXEC 0x2u /* Device or Strongly-ordered memory
                                     without XN (VMSA_EXEC was asked);
                                     ARMv5: uncached (C=0) mappings, which
                                     it cannot make execute-never */
#define VMSA_POL_USER_PRIV   0x4u /* a PL0-accessible (USER or USER_RO)
                                     mapping inside a privileged-only VA
                                     range given by the caller */
#define VMSA_POL_ALIAS       0x8u /* one physical page mapped twice with
                                     mismatched memory attributes (ARM ARM
                                     DDI 0406C A3.5.7 and B3.8.6
                                     "Mismatched memory attributes"):
                                     different type or cacheability, or
                                     different shareability. Write-back
                                     with and without write-allocate agree
                                     (allocation hints only); mappings with
                                     different NS are different memory. */
#define VMSA_POL_ALL         0xfu

/* One finding. */
struct vmsa_finding {
	unsigned check;           /* one VMSA_POL_* */
	struct vmsa_run run;      /* the offending mapping (VA run) */
	struct vmsa_run other;    /* VMSA_POL_ALIAS: the other mapping of the
	                             same PA; zero otherwise */
	vmsa_pa_t pa;             /* VMSA_POL_ALIAS: first shared PA */
	uint64_t size;            /* VMSA_POL_ALIAS: bytes shared; otherwise
	                             the offending bytes of run */
	const struct vmsa_region *region; /* VMSA_POL_USER_PRIV: the
	                             privileged range hit; NULL otherwise */
};

typedef void (*vmsa_policy_fn)(void *arg, const struct vmsa_finding *f);

/*
 * Scan the whole table and call `report` (may be NULL: count only) once
 * per finding, in VA order per check. `priv` lists privileged-only VA
 * ranges (va, size; name for messages), may be NULL with npriv == 0.
 * Cost: one walk per check plus, for VMSA_POL_ALIAS, one walk per run
 * (quadratic in runs: meant for boot-time and test use).
 * Returns the number of findings (>= 0), or VMSA_ERR_INVAL (NULL table,
 * unknown bits in checks, priv NULL with npriv != 0, a privileged range
 * of size 0 or past 4GB), or VMSA_ERR_BUSY: an L1 entry points to a table
 * outside the pool, whose MB cannot be read; every other mapping was
 * checked and its findings reported, so the check is not whole.
 */
int vmsa_check_policy(const struct vmsa_table *t, unsigned checks,
                      const struct vmsa_region *priv, size_t npriv,
                      vmsa_policy_fn report, void *arg);

/* Name of a check: "W^X", "DEVICE-EXEC", "USER-PRIV", "ALIAS". */
const char *vmsa_policy_name(unsigned check);

/*
 * Debug option: the W^X check after every change (src/report/wxcheck.c).
 *
 * vmsa_set_wx_check(t, fn, arg) sets VMSA_TF_CHECK_WX and clears
 * t->wx_breaks; from then on, after each successful vmsa_map,
 * vmsa_map_regions (once per region), vmsa_unmap, vmsa_protect and
 * vmsa_remap on t, the engine runs vmsa_check_policy(VMSA_POL_WX) and
 * calls fn(arg, call, finding) for every W^X mapping inside the range the
 * call changed (finding->size: the bytes of it inside that range), then
 * counts the call in t->wx_breaks (a table outside the pool is skipped,
 * the rest checked). So the first report names the first
 * change that broke W^X, with its arguments; W^X mappings elsewhere are
 * not blamed on it. fn == NULL turns the option off. fn runs after the
 * change is complete, outside the engine's lock, on the calling CPU; it
 * may read the table but must not change it. Cost when on: one walk of
 * the table per change; when off: one flag test after a successful call,
 * and a firmware that never calls vmsa_set_wx_check links none of it.
 * Returns VMSA_OK or VMSA_ERR_INVAL (t NULL).
 */
#define VMSA_CALL_MAP     1u  /* vmsa_map, or a region of vmsa_map_regions */
#define VMSA_CALL_UNMAP   2u
#define VMSA_CALL_PROTECT 3u
#define VMSA_CALL_REMAP   4u

/* The call a W^X report names, with its arguments. */
struct vmsa_call {
	uint32_t call;            /* VMSA_CALL_* */
	vmsa_va_t va;
	uint64_t size;
	vmsa_pa_t pa;             /* MAP, REMAP: the output address; else 0 */
	vmsa_attr_t attrs;        /* MAP: as passed; PROTECT: canonical;
	                             else 0 */
};

int vmsa_set_wx_check(struct vmsa_table *t, vmsa_wx_fn fn, void *arg);

/* Name of a VMSA_CALL_*: "vmsa_map", "vmsa_unmap", "vmsa_protect",
 * "vmsa_remap" ("?" otherwise). */
const char *vmsa_call_name(uint32_t call);

/*
 * Format a finding as one line (no newline) into buf, e.g.
 *   "W^X 0x40000000-0x40100000 -> 0x80000000 1M section RW/-- X WB D0"
 *   "ALIAS PA 0x80000000+0x1000: 0x40000000 WB vs 0x50000000 SO"
 * 224 bytes always suffice. Returns the length (truncated to len - 1).
 */
size_t vmsa_format_finding(const struct vmsa_finding *f, char *buf,
                           size_t len);

#ifdef __cplusplus
}
#endif

#endif /* VMSA_H */
