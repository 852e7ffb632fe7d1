/*
 * fmt.h - internal: what the table engine asks of a descriptor format.
 *
 * The engine knows levels, granules, tables and runs; every descriptor bit
 * it reads or writes goes through these functions (or through a template,
 * src/fmt/tmpl.h); the engine built for long descriptors gets the same
 * questions answered over 64-bit words by src/fmt/fmt_lpae_eng.h. Each
 * short-descriptor format answers them in its own module:
 * src/fmt/fmt_v7.c (ARMv7-A short descriptors) and src/fmt/fmt_v5.c (ARMv5 coarse
 * and fine tables); these dispatch on the format, to a format linked
 * only where a call names it (the format objects below). Pure functions: no table
 * memory, no CP15; but for the one-pass translation at the end, which
 * reads the L1 word and the L2 word it translates through (the L1 table
 * and the pool, through the engine's window on it). Not part of the
 * public API.
 */
#ifndef VMSA_FMT_H
#define VMSA_FMT_H

#include "tmpl.h"

/* ---- the formats, linked where named --------------------------------------
 *
 * Each format's code is one archive member (src/fmt/fmt_v7.c, src/fmt/fmt_v5.c),
 * which defines its object (vmsa_format_v7, vmsa_format_v5). vmsa.h's
 * vmsa_init, vmsa_plan and vmsa_plan_ex name the object of the format
 * they are given, and that reference is what loads the member. Nothing
 * else in the library refers to a format strongly: the dispatchers
 * (src/fmt/fmt.c, and the translation below) call each format's functions
 * through weak references, which load no member. So a firmware links
 * the formats its calls name and, with --gc-sections, of those only the
 * functions its dispatchers reach; a format nobody named is absent
 * (its object's address is 0): vmsa_fmt_check answers
 * VMSA_ERR_UNSUPPORTED for it, and every call checks the table's (or
 * the given) format before any dispatch, so none reaches a hole.
 * The calls stay direct branches (no function table): none is added.
 */
struct vmsa_engine;
struct vmsa_format {
	vmsa_fmt_t arch;        /* VMSA_FMT_V7, VMSA_FMT_V5, VMSA_FMT_LPAE */
	/* NULL: the engine's calls walk this format themselves (the short
	 * formats). VMSA_FMT_LPAE: the engine built for it
	 * (src/engine/lpae_ops.c), to which those calls hand its tables. */
	const struct vmsa_engine *eng;
};

/*
 * The formats the CPU this library is compiled for can walk. An ARMv7-A
 * MMU walks the ARMv7 format only (ARMv7 dropped the ARMv5-compatible
 * one: SCTLR.XP reads as one); an ARMv5 MMU the ARMv5 format only (no XN,
 * no TEX remap, no supersections). A build for ARMv6, or for the host
 * (the offline tools and the tests), keeps both. In a build for one, the
 * other's branches of the engine and of the dispatchers fold away at
 * compile time (about 1,200 bytes of a Thumb boot firmware, and the
 * format test on every walk), and the other format is refused as one not
 * linked: VMSA_ERR_UNSUPPORTED.
 */
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
#define VMSA_BUILD_V7 1
#define VMSA_BUILD_V5 0
#elif defined(__ARM_ARCH) && __ARM_ARCH <= 5
#define VMSA_BUILD_V7 0
#define VMSA_BUILD_V5 1
#else
#define VMSA_BUILD_V7 1
#define VMSA_BUILD_V5 1
#endif

#pragma weak vmsa_format_v7
#pragma weak vmsa_format_v5
#pragma weak vmsa_format_lpae

/* Long descriptors exist where ARMv7 does (the CPU needs LPAE, which the
 * calls do not check: vmsa_arch_has_lpae does). */
#define VMSA_BUILD_LPAE VMSA_BUILD_V7

/* The object of fmt's architecture if this firmware links it, else NULL
 * (an unknown architecture reads as ARMv7: vmsa_fmt_check refuses it). */
static inline const struct vmsa_format *vmsa_format_of(vmsa_fmt_t fmt)
{
	if (!VMSA_BUILD_V5)
		return &vmsa_format_v7;
	if (!VMSA_BUILD_V7)
		return &vmsa_format_v5;
	return (fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5 ? &vmsa_format_v5 :
	                                                   &vmsa_format_v7;
}

/* vmsa_fmt_check, inline for the check every call runs on its table
 * (src/engine/valid.c): an ARMv7 word may add the TEX remap and PXN options,
 * an ARMv5 word none; then the format must be linked. */
static inline int vmsa_fmt_status(vmsa_fmt_t fmt)
{
	if ((fmt & ~(VMSA_FMT_TEX_REMAP | VMSA_FMT_PXN)) == VMSA_FMT_V7)
		return VMSA_BUILD_V7 && &vmsa_format_v7 != NULL ?
		       VMSA_OK : VMSA_ERR_UNSUPPORTED;
	if (fmt == VMSA_FMT_V5)
		return VMSA_BUILD_V5 && &vmsa_format_v5 != NULL ?
		       VMSA_OK : VMSA_ERR_UNSUPPORTED;
	return VMSA_ERR_INVAL;
}

/* ---- geometry --------------------------------------------------------- */

/* Inline: every walk and every TLB invalidation asks these, and the
 * answer is one compare on the format word (ARMv5 or not; the engine's
 * fmt_v5 and the format modules' fmt_is_v5 are this). */
static inline bool vmsa_fmt_is_v5(vmsa_fmt_t fmt)
{
	if (!VMSA_BUILD_V5 || !VMSA_BUILD_V7)
		return VMSA_BUILD_V5;   /* the build's one format */
	return (fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
}

/* Smallest granule: 4KB (ARMv7), 1KB (ARMv5 tiny pages). */
static inline uint32_t vmsa_fmt_min_granule(vmsa_fmt_t fmt)
{
	return vmsa_fmt_is_v5(fmt) ? VMSA_SZ_TINY : VMSA_SZ_SMALL;
}

/* log2 of the smallest granule (VMSA_SZ_TINY, VMSA_SZ_SMALL). */
#define VMSA_SHIFT_TINY  10u
#define VMSA_SHIFT_SMALL 12u
_Static_assert((1u << VMSA_SHIFT_TINY) == VMSA_SZ_TINY, "tiny page shift");
_Static_assert((1u << VMSA_SHIFT_SMALL) == VMSA_SZ_SMALL, "small page shift");

static inline uint32_t vmsa_fmt_min_shift(vmsa_fmt_t fmt)
{
	return vmsa_fmt_is_v5(fmt) ? VMSA_SHIFT_TINY : VMSA_SHIFT_SMALL;
}

/* Does the format have supersections (ARMv7) / fine tables (ARMv5)? */
static inline bool vmsa_fmt_has_super(vmsa_fmt_t fmt)
{
	return !vmsa_fmt_is_v5(fmt);
}

static inline bool vmsa_fmt_has_fine(vmsa_fmt_t fmt)
{
	return vmsa_fmt_is_v5(fmt);
}

/* A fine table exists only where the ARMv5 format is built: an ARMv7
 * build's walks take the coarse branch without testing (its L1 decoder
 * never says fine, but the compiler cannot see that through the call). */
static inline bool vmsa_fmt_fine(bool fine)
{
	return VMSA_BUILD_V5 && fine;
}

/* Entries of a second-level table: 256 (coarse), 1024 (ARMv5 fine). */
static inline uint32_t vmsa_fmt_l2_entries(bool fine)
{
	return vmsa_fmt_fine(fine) ? 1024u : 256u;
}

/* Index in a second-level table of VA va. */
static inline uint32_t vmsa_fmt_l2_index(uint32_t va, bool fine)
{
	return vmsa_fmt_fine(fine) ? (va >> 10) & 0x3ffu : (va >> 12) & 0xffu;
}

/* Entries a granule of kind k takes in a second-level table (large pages
 * 16 in a coarse table and 64 in a fine one, small pages 4 in a fine
 * one), and in L1 (supersections 16). */
/* Inline: the map walker asks for each run. */
static inline uint32_t vmsa_fmt_reps(enum vmsa_kind k, bool fine)
{
	/* A granule's size over the span of one entry of its table. */
	switch (k) {
	case VMSA_KIND_SUPERSECTION:
		return VMSA_SZ_SUPERSECTION / VMSA_SZ_SECTION;
	case VMSA_KIND_LARGE:
		return vmsa_fmt_fine(fine) ? VMSA_SZ_LARGE / VMSA_SZ_TINY :
		              VMSA_SZ_LARGE / VMSA_SZ_SMALL;
	case VMSA_KIND_SMALL:
		return vmsa_fmt_fine(fine) ? VMSA_SZ_SMALL / VMSA_SZ_TINY : 1;
	default:
		return 1;
	}
}

/* ---- first level ------------------------------------------------------ */

/* Is L1 word w a page-table descriptor? If so, *fine says it points to an
 * ARMv5 fine table and *table_pa is the table's physical address (both
 * left alone otherwise). Inline, both formats' (a handful of instructions
 * against a call's dozen): each build keeps the one its format test
 * leaves. */
static inline bool vmsa_v7_l1_table(uint32_t w, bool *fine,
                                    uint32_t *table_pa)
{
	if ((w & L1_TYPE_MASK) != L1_TYPE_TABLE)
		return false;
	*fine = false;
	*table_pa = w & L1_TABLE_ADDR_MASK;
	return true;
}

static inline bool vmsa_v5_l1_table(uint32_t w, bool *fine,
                                    uint32_t *table_pa)
{
	switch (w & L1_TYPE_MASK) {
	case V5_L1_TYPE_COARSE:
		*fine = false;
		*table_pa = w & V5_L1_COARSE_ADDR_MASK;
		return true;
	case V5_L1_TYPE_FINE:
		*fine = true;
		*table_pa = w & V5_L1_FINE_ADDR_MASK;
		return true;
	default:
		return false;
	}
}

/* Inline (every walk asks it of each L1 word it passes): the format's
 * answer is one call, not two. */
static inline bool vmsa_fmt_l1_table(vmsa_fmt_t fmt, uint32_t w, bool *fine,
                                     uint32_t *table_pa)
{
	return vmsa_fmt_is_v5(fmt) ? vmsa_v5_l1_table(w, fine, table_pa) :
	                             vmsa_v7_l1_table(w, fine, table_pa);
}

/* The same page-table descriptor (domain, NS, PXN kept) pointing to
 * another table, of the given kind (ARMv5: fine or coarse). */
uint32_t vmsa_fmt_l1_table_move(vmsa_fmt_t fmt, uint32_t w, bool fine,
                                uint32_t table_pa);

/* Is w the very page-table descriptor template tm gives for the table w
 * points to (the table attributes domain, NS and PXN of tm, no other bit
 * set)? False for a word that is no page-table descriptor. */
bool vmsa_fmt_l1_table_same(vmsa_fmt_t fmt, uint32_t w,
                            const struct vmsa_tmpl *tm);

/* The table attributes (VMSA_TABLE_ATTRS) of page-table descriptor w. */
vmsa_attr_t vmsa_fmt_l1_table_attrs(vmsa_fmt_t fmt, uint32_t w);

/* ---- leaves ------------------------------------------------------------- */

/* The granule kind of a word (VMSA_KIND_FAULT for a fault, and at level 1
 * for a page-table descriptor). *reserved is set for an encoding the format
 * reserves (the MMU faults on it; the decoders say VMSA_ERR_UNSUPPORTED). */
enum vmsa_kind vmsa_fmt_kind(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                             bool *reserved);

/* A leaf at a glance: what the engine's walks need of a word, in one
 * call (the answers of vmsa_fmt_kind, vmsa_kind_size, vmsa_fmt_reps and
 * vmsa_fmt_leaf_pa together). */
struct vmsa_leaf {
	enum vmsa_kind kind;    /* VMSA_KIND_FAULT: nothing mapped */
	uint32_t size;          /* granule bytes (0 for a fault) */
	uint32_t reps;          /* entries the granule takes in its table */
	uint64_t pa;            /* output address of its first byte */
};

/* Read word w of `level` (fine: of an ARMv5 fine table). VMSA_OK, with
 * kind VMSA_KIND_FAULT for a fault or an L1 page-table descriptor, or
 * VMSA_ERR_UNSUPPORTED for an encoding the format reserves. */
int vmsa_fmt_leaf(vmsa_fmt_t fmt, int level, bool fine, uint32_t w,
                  struct vmsa_leaf *lf);

/* The run of leaves at p[0..n) of `level` (fine: of an ARMv5 fine
 * table), from p[0] on, that are mapped (not reserved) and end within
 * `limit` bytes of the first: returns the entries they take, *bytes their
 * size; *exec is set if one is executable (never cleared). What an unmap
 * reads of the granules it removes, in one call. */
uint32_t vmsa_fmt_mapped_run(vmsa_fmt_t fmt, int level, bool fine,
                             const uint32_t *p, uint32_t n, uint64_t limit,
                             uint64_t *bytes, bool *exec);

/* Output address of the granule (its first byte) of leaf word w of kind k. */
uint64_t vmsa_fmt_leaf_pa(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w);

/* Is leaf w of kind k execute-never? (ARMv5: never.) */
bool vmsa_fmt_leaf_xn(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w);

/* The domain of a section (0 for other kinds). */
uint32_t vmsa_fmt_leaf_domain(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w);

/* Canonical attributes of leaf w of kind k (a kind vmsa_fmt_kind gave,
 * not reserved); at level 2 `tattrs` are the attributes of its page-table
 * descriptor (vmsa_fmt_l1_table_attrs), merged in; level-1 kinds ignore
 * it. The same result and codes as vmsa_l1_decode and vmsa_l2_decode give
 * (attributes | tattrs); VMSA_ERR_INVAL for VMSA_KIND_FAULT. Fast: it
 * replaces full decodes on the engine's paths. */
int vmsa_fmt_leaf_attrs(vmsa_fmt_t fmt, enum vmsa_kind k, bool fine,
                        uint32_t w, vmsa_attr_t tattrs, vmsa_attr_t *attrs);

/* The attributes of leaf word w (kind k) in the word of the granule that
 * 16 (ARMv5 tiny pages: 4) of them fold into, its address bits clear: a
 * tiny page's in a small page's, a small page's in a large page's, a large
 * page's in a section's (l1w: its page table's L1 descriptor, which holds
 * domain, NS and PXN for it), a section's in a supersection's (a section
 * of domain 0, ARMv7). What the template of w's attributes gives for that
 * kind, by moving bits: the merges' word, with no decode. 0 for other
 * kinds. */
uint32_t vmsa_fmt_fold(vmsa_fmt_t fmt, enum vmsa_kind k, uint32_t w,
                       uint32_t l1w);

/* The word of a granule of kind k with template tm and output address pa
 * (aligned to the granule; a supersection needs tm->super_ok); what
 * vmsa_l1_encode / vmsa_l2_encode give for tm's attributes. */
uint32_t vmsa_fmt_leaf_word(const struct vmsa_tmpl *tm, enum vmsa_kind k,
                            uint64_t pa);

/* ---- one-pass translation ---------------------------------------------- */

/*
 * The engine's window on its second-level pool, which it lends the
 * one-pass translation: is the table at physical address pa inside the
 * pool (*table: where), or outside it (the translation then answers
 * VMSA_ERR_BUSY, reading nothing there)? One subtraction and one compare:
 * a table vmsa_table_ok accepted has its pool below 4GB (pool_pa plus
 * its bytes at most 4GB), so an address below the pool wraps to an
 * offset past its end. A table address is 1KB aligned (coarse) or 4KB
 * aligned (fine), as the pool is, so the offset is a table's first unit;
 * the whole table must lie in the pool (an ARMv5 fine table starting in
 * its last 3KB is outside it: nothing past the pool is ever read).
 */
static inline bool vmsa_pool_window(const struct vmsa_table *t, uint32_t pa,
                                    bool fine, const uint32_t **table)
{
	uint32_t off = pa - (uint32_t)t->pool_pa.p;
	uint32_t bytes = t->pool_units * (uint32_t)VMSA_L2_BYTES;

	*table = (const uint32_t *)(const void *)(t->pool + off);
	return off < bytes &&
	       bytes - off >= (fine ? 4u * VMSA_L2_BYTES : VMSA_L2_BYTES);
}

/*
 * Translate va through table t (vmsa_table_ok accepted it) in one pass
 * over the raw words: the L1 word, the pool window, the L2 word. The
 * answers of the generic lookup (vmsa_lookup, src/engine/engine.c) as
 * vmsa_translate reports them: VMSA_OK; VMSA_ERR_NOTMAPPED (a fault at
 * x->level); VMSA_ERR_BUSY (the L1 entry points outside the pool: level
 * 1, nothing read there); VMSA_ERR_UNSUPPORTED (an encoding the format
 * reserves, or attributes without an abstract form). *x is written in
 * full every time: on an error kind VMSA_KIND_FAULT, level and desc the
 * word that failed, pa, attrs and base 0.
 */
int vmsa_v7_xlat(const struct vmsa_table *t, uint32_t va,
                 struct vmsa_xlat *x);
int vmsa_v5_xlat(const struct vmsa_table *t, uint32_t va,
                 struct vmsa_xlat *x);
/* The output address alone, no attribute decoded: *pa is written on
 * VMSA_OK only; the same codes, but that attribute encodings are not
 * looked at (vmsa_translate_pa's contract). */
int vmsa_v7_xlat_pa(const struct vmsa_table *t, uint32_t va, uint64_t *pa);
int vmsa_v5_xlat_pa(const struct vmsa_table *t, uint32_t va, uint64_t *pa);
/* Weak: the translation names neither format (see above). */
#pragma weak vmsa_v7_xlat
#pragma weak vmsa_v5_xlat
#pragma weak vmsa_v7_xlat_pa
#pragma weak vmsa_v5_xlat_pa

/* Inline, so the engine's readers call the format's function directly. */
static inline int vmsa_fmt_xlat(const struct vmsa_table *t, uint32_t va,
                                struct vmsa_xlat *x)
{
	return vmsa_fmt_is_v5(t->fmt) ?
	       vmsa_v5_xlat(t, va, x) : vmsa_v7_xlat(t, va, x);
}

static inline int vmsa_fmt_xlat_pa(const struct vmsa_table *t, uint32_t va,
                                   uint64_t *pa)
{
	return vmsa_fmt_is_v5(t->fmt) ?
	       vmsa_v5_xlat_pa(t, va, pa) : vmsa_v7_xlat_pa(t, va, pa);
}

#endif /* VMSA_FMT_H */
