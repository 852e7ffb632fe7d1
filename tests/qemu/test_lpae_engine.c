/*
 * tests/qemu/test_lpae_engine.c - the table engine writing long
 * descriptors (VMSA_FMT_LPAE, src/engine/lpae) on a live MMU, judged by the
 * emulated MMU at PL1: every word is the engine's (test_lpae.c judges the
 * format module's in tables built by hand), on tables the CPU walks with
 * VMSA_TF_LIVE (the engine's break-before-make and TLB maintenance). The
 * checks are named "lpae-engine: ...". On a CPU with LPAE:
 *  - the firmware's identity map (the boot stub's region array) built by
 *    boot_build_table in VMSA_FMT_LPAE with the boot table's VMSA_TF_SMP,
 *    the CPU switched to it (vmsa_arch_lpae_enter, vmsa_ttbr0_pa); on the
 *    first, middle and last page of every region ATS1CPR agrees;
 *  - a 2MB block and a 4KB page of every memory type, RW and RO|SHARED,
 *    by vmsa_map: the 64-bit PAR of ATS1CPR (PA, MAIR byte, SH, NS in
 *    Secure state) and ATS1CPW agree with vmsa_translate and with the
 *    format module's own walk of the words; unmapped, a translation fault;
 *  - live changes judged by ATS and by real accesses (through QEMU's TLB,
 *    so they see a missing invalidation): a page written and read, made
 *    read-only (a write aborts), unmapped (a read aborts, level 3),
 *    remapped (a read sees the new PA's data); a page of a 2MB block
 *    protected (the block cut, its other pages as they were) and back
 *    (folded again);
 *  - RAM past 4GB (lpae-4g: ram-end= on the command line): a 2MB block
 *    and 4KB pages of PA 0x140000000, one written, the other read, then
 *    cut, folded and remapped; all unmapped, the identity map's counts
 *    again; back to short descriptors (vmsa_arch_lpae_leave).
 * Without LPAE (Cortex-A8, A9): one check, the switch is refused.
 * PAs: RAM base + 88MB to + 94MB, 0x140000000. VAs from 0xD0000000.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>
#include "../../src/fmt/fmt_lpae.h"

#include <boot.h>
#include "lpae_tables.h"
#include "tap.h"
#include "test_lpae_engine.h"

#define TV      0xD0000000u
#define V_BLK   (TV + 0x000000u)   /* 2MB block, every type -> S */
#define V_PG    (TV + 0x205000u)   /* 4KB page, every type -> S + 0x3000 */
#define V_LIVE  (TV + 0x400000u)   /* 4KB pages -> S + 2MB */
#define V_FOLD  (TV + 0x600000u)   /* 2MB block -> S + 4MB, cut and folded */
#define V_HIB   (TV + 0x800000u)   /* 2MB block -> HI_PA */
#define V_HIP   (TV + 0xa00000u)   /* 4KB pages -> HI_PA */

#define HI_PA    0x140000000ull    /* RAM past 4GB with lpae-4g */
#define HI_BYTES 0x4000u
#define POOL_TABLES 16u            /* level 3 tables (the maps take 4-8) */

static uint32_t le_l1[VMSA_LPAE_L1_BYTES / 4]
	__attribute__((section(".vmsa_tables.l1"), aligned(0x4000)));
static uint8_t le_pool[POOL_TABLES * PG]
	__attribute__((section(".vmsa_tables.pool"), aligned(PG)));
static struct vmsa_table le;
static uint32_t S;              /* scratch PA: RAM base + 88MB */
static bool smp;                /* the table has VMSA_TF_SMP */

static const vmsa_attr_t RW = VMSA_MT_WRITEALLOC | VMSA_RW;
static const vmsa_attr_t RO = VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_XN;

/* ---- what the engine, the module and the MMU say ------------------------ */

static bool normal_mt(vmsa_attr_t a)
{
	return VMSA_MT(a) != VMSA_MT_UNCACHED && VMSA_MT(a) != VMSA_MT_DEVICE;
}

/* The attributes vmsa_translate reports for a mapping asked with a: the
 * canonical form, VMSA_SHARED on Normal memory under VMSA_TF_SMP. */
static vmsa_attr_t expect(vmsa_attr_t a)
{
	vmsa_attr_t c = 0;

	if (smp && normal_mt(a))
		a |= VMSA_SHARED;
	return vmsa_lpae_canonical(a, &c) == VMSA_OK ? c : ~0u;
}

static const uint64_t *level1(void)
{
	return (const uint64_t *)(const void *)
	       ((const uint8_t *)le_l1 + VMSA_LPAE_L1_OFFSET);
}

/* vmsa_lpae_translate's window: the four level 2 tables, the pool. */
static const uint64_t *le_table_at(void *arg, uint64_t pa)
{
	uint32_t top = pa_of(le_l1), pool = pa_of(le_pool);

	(void)arg;
	if ((pa >= top && pa < top + VMSA_LPAE_L1_OFFSET) ||
	    (pa >= pool && pa < pool + sizeof le_pool))
		return (const uint64_t *)(uintptr_t)pa;
	return NULL;
}

/* What vmsa_translate said of va (x) is what the format module's walk of
 * the words finds (PA, attributes, level, the word) and what ATS1CPR's
 * 64-bit PAR reports (PA, MAIR byte, SH, NS). *par (if not NULL) gets
 * the PAR. */
static bool agree(uint32_t va, const struct vmsa_xlat *x, uint64_t *par)
{
	struct vmsa_lpae_xlat m;
	int rm = vmsa_lpae_translate(level1(), le_table_at, NULL, va, &m);
	uint64_t p = vmsa_arch_ats1cpr64(va);
	uint64_t w = (uint64_t)x->desc_hi << 32 | x->desc;
	bool ok = rm == VMSA_OK && m.pa == x->pa.p && m.attrs == x->attrs &&
	          m.level == x->level && m.desc == w &&
	          lt_par_says(p, x->pa.p & ~(uint64_t)(PG - 1), x->attrs);

	if (par != NULL)
		*par = p;
	if (!ok)
		tap_diag("  0x%08lx: vmsa_translate pa " PA40 " attrs 0x%lx "
		         "level %u word " W64 "; module %d pa " PA40 " attrs "
		         "0x%lx level %u word " W64 "; PAR " W64,
		         (unsigned long)va, HL(x->pa.p), (unsigned long)x->attrs,
		         x->level, HL(w), rm, HL(m.pa), (unsigned long)m.attrs,
		         m.level, HL(m.desc), HL(p));
	return ok;
}

/* va maps pa (its own byte) with canonical attributes a at `level` (2: a
 * block, 3: a page, 0: either), say vmsa_translate, the module's walk
 * and ATS1CPR. */
static bool maps(uint32_t va, uint64_t pa, vmsa_attr_t a, int level,
                 uint64_t *par)
{
	struct vmsa_xlat x = { 0 };
	int rc = vmsa_translate(&le, vmsa_va(va), &x);
	bool ok = rc == VMSA_OK && x.pa.p == pa && x.attrs == a &&
	          (level == 0 || x.level == level) &&
	          x.kind == (x.level == 2 ? VMSA_KIND_BLOCK : VMSA_KIND_SMALL);

	if (!ok)
		tap_diag("  0x%08lx: vmsa_translate %d, pa " PA40 " (want "
		         PA40 "), attrs 0x%lx (want 0x%lx), level %u (want %d), "
		         "kind %u", (unsigned long)va, rc, HL(x.pa.p), HL(pa),
		         (unsigned long)x.attrs, (unsigned long)a, x.level,
		         level, x.kind);
	return ok && agree(va, &x, par);
}

/* va is not mapped: vmsa_translate and the module's walk stop at
 * `level`, ATS1CPR reports a translation fault there. */
static bool unmapped(uint32_t va, int level)
{
	struct vmsa_xlat x = { 0 };
	struct vmsa_lpae_xlat m = { 0 };
	int rc = vmsa_translate(&le, vmsa_va(va), &x);
	int rm = vmsa_lpae_translate(level1(), le_table_at, NULL, va, &m);
	uint64_t p = vmsa_arch_ats1cpr64(va);
	bool ok = rc == VMSA_ERR_NOTMAPPED && x.level == level &&
	          rm == VMSA_ERR_NOTMAPPED && m.level == level &&
	          lt_par_fault(p, FST_TRANSLATION(level));

	if (!ok)
		tap_diag("  0x%08lx: vmsa_translate %d level %u, module %d "
		         "level %u, PAR " W64 " (want a translation fault, "
		         "level %d)", (unsigned long)va, rc, x.level, rm,
		         m.level, HL(p), level);
	return ok;
}

/* ---- the identity map --------------------------------------------------- */

/* The first, middle and last page of every boot region: vmsa_translate
 * gives the region's PA and attributes, the module and ATS1CPR agree. */
static bool regions_agree(size_t *count)
{
	const struct vmsa_region *r;
	size_t n = 0;
	bool ok = boot_regions(VMSA_FMT_LPAE, &r, &n) == VMSA_OK;

	*count = n;
	for (size_t i = 0; ok && i < n; i++) {
		uint32_t size = (uint32_t)r[i].size;
		uint32_t off[3] = { 0, (size / 2) & ~(PG - 1), size - PG };

		for (unsigned k = 0; k < 3; k++)
			ok &= maps(r[i].va.v + off[k], r[i].pa.p + off[k],
			           expect(r[i].attrs), 0, NULL);
	}
	return ok;
}

static uint64_t read_ttbr0_64(void)
{
	uint32_t lo, hi;
	__asm__ volatile("mrrc p15, 0, %0, %1, c2" : "=r"(lo), "=r"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* ---- every memory type at both granules --------------------------------- */

#define T(x) { VMSA_MT_##x, #x }
static const struct lt_variant types[] = {
	T(UNCACHED), T(BUFFERABLE), T(WRITETHROUGH), T(WRITEBACK),
	T(WRITEALLOC), T(DEVICE), T(NORMAL_NC),
};
#undef T

struct granule {
	const char *name;
	int level;
	uint32_t va, pa, size, off;     /* off: where in it ATS looks */
};

/* One type and variant at one granule: vmsa_map, the three views agree,
 * ATS1CPW translates (a permission fault if read-only); vmsa_unmap, a
 * translation fault at level 2 (the page's table returns to the pool). */
static void type_check(const struct granule *g, const struct lt_variant *t,
                       const struct lt_variant *v)
{
	vmsa_attr_t a = t->a | v->a, c;
	uint32_t va = g->va + g->off;
	uint64_t pa = g->pa + g->off, par = 0, parw;
	bool ok, named = normal_mt(a) || !(v->a & VMSA_SHARED);
	int rc, ru;

	if (!normal_mt(a))
		a &= ~VMSA_SHARED;      /* Normal memory only */
	c = expect(a);
	rc = vmsa_map(&le, vmsa_va(g->va), vmsa_pa(g->pa), g->size, a);
	ok = rc == VMSA_OK && maps(va, pa, c, g->level, &par);
	parw = vmsa_arch_ats1cpw64(va);
	ok &= (c & VMSA_RO) ? lt_par_fault(parw, FST_PERMISSION(g->level))
	                    : lt_par_says(parw, pa & ~(uint64_t)(PG - 1), c);
	ru = vmsa_unmap(&le, vmsa_va(g->va), g->size);
	ok &= ru == VMSA_OK && unmapped(va, 2);
	tap_ok(ok, "lpae-engine: %s %s %s by vmsa_map at 0x%08lx: ATS1CPR PAR "
	       "pa " PA40 " %s agrees with vmsa_translate and the module's "
	       "walk (level %d); ATS1CPW %s; vmsa_unmap: translation fault, "
	       "level 2", g->name, t->name, named ? v->name : "RO",
	       (unsigned long)g->va, HL(par & LPAE_PAR_PA_MASK),
	       lt_par_attr_sh(par, c), g->level,
	       (c & VMSA_RO) ? "permission fault" : "translates");
	if (!ok)
		tap_diag("  vmsa_map %d, vmsa_unmap %d, canonical 0x%lx, PAR W "
		         W64, rc, ru, (unsigned long)c, HL(parw));
}

static void type_checks(void)
{
	static const struct lt_variant variants[] = {
		{ VMSA_RW, "RW" }, { VMSA_RO | VMSA_SHARED, "RO|SHARED" },
	};
	const struct granule g[] = {
		{ "2MB block", 2, V_BLK, S, BLK, 0x123456u },
		{ "4KB page", 3, V_PG, S + 0x3000u, PG, 0x9abu },
	};

	for (unsigned gi = 0; gi < 2; gi++)
		for (unsigned ti = 0; ti < sizeof types / sizeof types[0]; ti++)
			for (unsigned vi = 0; vi < 2; vi++)
				type_check(&g[gi], &types[ti], &variants[vi]);
}

/* ---- live changes ------------------------------------------------------- */

/* A page mapped RW, protected RO, unmapped; its neighbour remapped. The
 * identity map reaches the same PAs (RAM, RW): the other mapping. */
static void live_checks(void)
{
	const uint32_t a = V_LIVE + 0x1000u, b = V_LIVE + 0x2000u;
	const uint32_t pa_a = S + BLK + 0x1000u, pa_b = pa_a + PG;
	const uint32_t pa_c = pa_b + 3 * PG;
	uint32_t got;
	bool ok, before;
	int rc;

	rc = vmsa_map(&le, vmsa_va(a), vmsa_pa(pa_a), 2 * PG, RW);
	if (rc == VMSA_OK) {
		*ptr(a + 0x10) = 0xa11ce001u;
		*ptr(pa_a + 0x20) = 0xa11ce002u;
		vmsa_arch_dsb();
	}
	ok = rc == VMSA_OK && maps(a + 0x10, pa_a + 0x10, expect(RW), 3, NULL) &&
	     lt_par_says(vmsa_arch_ats1cpw64(a), pa_a, expect(RW)) &&
	     *ptr(pa_a + 0x10) == 0xa11ce001u && *ptr(a + 0x20) == 0xa11ce002u;
	tap_ok(ok, "lpae-engine: 4KB page RW by vmsa_map at 0x%08lx -> 0x%08lx "
	       "(vmsa_map %s): written through it, read at its PA through the "
	       "identity map, and the other way round; ATS1CPW translates",
	       (unsigned long)a, (unsigned long)pa_a, vmsa_strerror(rc));

	/* The write above left a writable TLB entry: the protect must
	 * invalidate it for the write below to fault. */
	rc = vmsa_protect(&le, vmsa_va(a), PG, RO);
	ok = rc == VMSA_OK && maps(a + 0x10, pa_a + 0x10, expect(RO), 3, NULL) &&
	     lt_par_fault(vmsa_arch_ats1cpw64(a + 0x10), FST_PERMISSION(3)) &&
	     lt_abort_is(a + 0x10, true, FT_PERMISSION, 3) &&
	     *ptr(a + 0x10) == 0xa11ce001u;
	tap_ok(ok, "lpae-engine: vmsa_protect of it to RO (%s): vmsa_translate "
	       "says RO, ATS1CPW a permission fault, level 3, and a real write "
	       "aborts with it (long-format DFSR); the data is unchanged",
	       vmsa_strerror(rc));

	rc = vmsa_unmap(&le, vmsa_va(a), PG);
	ok = rc == VMSA_OK && unmapped(a + 0x10, 3) &&
	     lt_abort_is(a + 0x10, false, FT_TRANSLATION, 3) &&
	     maps(b, pa_b, expect(RW), 3, NULL);
	tap_ok(ok, "lpae-engine: vmsa_unmap of it (%s): vmsa_translate and the "
	       "module's walk stop at level 3, ATS1CPR a translation fault, "
	       "level 3, and a real read aborts with it; its neighbour at "
	       "0x%08lx (the same level 3 table) still translates",
	       vmsa_strerror(rc), (unsigned long)b);

	*ptr(pa_b) = 0xb0b0b0b0u;
	*ptr(pa_b + 4) = 0;
	*ptr(pa_c) = 0xc0c0c0c0u;
	vmsa_arch_dsb();
	before = *ptr(b) == 0xb0b0b0b0u;        /* a TLB entry for pa_b */
	rc = vmsa_remap(&le, vmsa_va(b), vmsa_pa(pa_c), PG);
	got = *ptr(b);
	if (rc == VMSA_OK)
		*ptr(b + 4) = 0xc1c1c1c1u;
	vmsa_arch_dsb();
	ok = before && rc == VMSA_OK && got == 0xc0c0c0c0u &&
	     maps(b, pa_c, expect(RW), 3, NULL) &&
	     *ptr(pa_c + 4) == 0xc1c1c1c1u && *ptr(pa_b) == 0xb0b0b0b0u &&
	     *ptr(pa_b + 4) == 0;
	tap_ok(ok, "lpae-engine: vmsa_remap of the page at 0x%08lx from 0x%08lx "
	       "to 0x%08lx (%s): a read through it gives 0x%08lx, what the "
	       "identity map wrote at the new PA; a write through it lands "
	       "there, not at the old PA", (unsigned long)b, (unsigned long)pa_b,
	       (unsigned long)pa_c, vmsa_strerror(rc), (unsigned long)got);
	vmsa_unmap(&le, vmsa_va(b), PG);        /* the final counts judge it */
}

/* A page of a 2MB block protected (the engine cuts the block into a
 * level 3 table), then protected back (the table folds into the block). */
static void fold_checks(void)
{
	const uint32_t pf = S + 2 * BLK, cut = V_FOLD + 0x7000u;
	static const uint32_t nb[4] = { 0x0u, 0x6000u, 0x8000u, 0x1ff000u };
	struct vmsa_stats s0, s1, s2;
	bool ok, mapped;
	int rc;

	vmsa_stats(&le, &s0);
	rc = vmsa_map(&le, vmsa_va(V_FOLD), vmsa_pa(pf), BLK, RW);
	mapped = rc == VMSA_OK && maps(cut, pf + 0x7000u, expect(RW), 2, NULL);
	if (mapped) {
		for (unsigned i = 0; i < 4; i++)
			*ptr(V_FOLD + nb[i] + 0x40) = 0xf01d0000u | i;
		*ptr(cut + 0x40) = 0xf01d00ffu;   /* a writable TLB entry */
	}
	rc = vmsa_protect(&le, vmsa_va(cut), PG, RO);
	vmsa_stats(&le, &s1);
	ok = mapped && rc == VMSA_OK && s1.l2_tables == s0.l2_tables + 1 &&
	     maps(cut + 0x40, pf + 0x7040u, expect(RO), 3, NULL) &&
	     lt_par_fault(vmsa_arch_ats1cpw64(cut), FST_PERMISSION(3)) &&
	     lt_abort_is(cut + 0x40, true, FT_PERMISSION, 3) &&
	     *ptr(cut + 0x40) == 0xf01d00ffu;
	tap_ok(ok, "lpae-engine: vmsa_protect to RO of the page at 0x%08lx in a "
	       "2MB block mapped by vmsa_map (%s): the block cut into a level 3 "
	       "table (level 3 tables %lu -> %lu), ATS1CPW a permission fault, "
	       "level 3, and a real write aborts with it", (unsigned long)cut,
	       vmsa_strerror(rc), (unsigned long)s0.l2_tables,
	       (unsigned long)s1.l2_tables);

	ok = mapped;
	for (unsigned i = 0; i < 4 && ok; i++) {
		uint32_t va = V_FOLD + nb[i] + 0x40;

		ok = maps(va, pf + nb[i] + 0x40, expect(RW), 3, NULL) &&
		     lt_par_says(vmsa_arch_ats1cpw64(va), pf + nb[i],
		                 expect(RW)) &&
		     *ptr(va) == (0xf01d0000u | i);
	}
	tap_ok(ok, "lpae-engine: the block's other pages after the cut (+0x0, "
	       "+0x6000, +0x8000, +0x1ff000): 4KB pages RW at the PAs they had "
	       "(vmsa_translate, the module's walk, ATS1CPR and ATS1CPW agree), "
	       "what was written through the block reads back");

	rc = vmsa_protect(&le, vmsa_va(cut), PG, RW);
	vmsa_stats(&le, &s2);
	if (rc == VMSA_OK)
		*ptr(cut + 0x44) = 0x0f01d0edu;
	vmsa_arch_dsb();
	ok = mapped && rc == VMSA_OK && s2.l2_tables == s0.l2_tables &&
	     s2.entries == s0.entries + 1 &&
	     maps(cut + 0x40, pf + 0x7040u, expect(RW), 2, NULL) &&
	     maps(V_FOLD + 0x1ff040u, pf + 0x1ff040u, expect(RW), 2, NULL) &&
	     lt_par_says(vmsa_arch_ats1cpw64(cut), pf + 0x7000u, expect(RW)) &&
	     *ptr(pf + 0x7044u) == 0x0f01d0edu;
	tap_ok(ok, "lpae-engine: vmsa_protect back to RW (%s) folds the table "
	       "into a 2MB block again: vmsa_translate and the module's walk "
	       "say level 2, level 3 tables back to %lu, ATS1CPW translates and "
	       "a write lands at the PA", vmsa_strerror(rc),
	       (unsigned long)s2.l2_tables);
}

/* ---- RAM past 4GB ------------------------------------------------------- */

/* The top of RAM the QEMU configuration announces on its command line
 * (-append ram-end=0x...; boards/<board>/board.mk), 0 if none. */
static uint64_t ram_end_announced(void)
{
	static char buf[512];
	const char *p;

	if (sh_get_cmdline(buf, sizeof buf) != 0)
		return 0;
	p = strstr(buf, "ram-end=");
	return p ? strtoull(p + 8, NULL, 0) : 0;
}

static void high_checks(uint64_t ram_end)
{
	struct vmsa_xlat x = { 0 };
	uint64_t pb = 0, pp = 0;
	int rc;
	bool ok;

	if (ram_end < HI_PA + BLK) {
		tap_skip("lpae-engine: RAM above 4GB through a 2MB block and 4KB "
		         "pages by vmsa_map", "no RAM past 4GB in this QEMU "
		         "configuration (its command line has no ram-end=; the "
		         "lpae-4g configuration has)");
		return;
	}
	rc = vmsa_map(&le, vmsa_va(V_HIB), vmsa_pa(HI_PA), BLK, RW);
	if (rc == VMSA_OK)
		rc = vmsa_map(&le, vmsa_va(V_HIP), vmsa_pa(HI_PA), HI_BYTES, RW);
	vmsa_translate(&le, vmsa_va(V_HIB), &x);
	ok = rc == VMSA_OK &&
	     maps(V_HIB + 0x1234u, HI_PA + 0x1234u, expect(RW), 2, &pb) &&
	     maps(V_HIP + 0x2345u, HI_PA + 0x2345u, expect(RW), 3, &pp) &&
	     ((pb >> 32) & 0xffu) == (HI_PA >> 32) &&
	     ((pp >> 32) & 0xffu) == (HI_PA >> 32) &&
	     (x.desc_hi & 0xffu) == (HI_PA >> 32);
	tap_ok(ok, "lpae-engine: PA " PA40 " (RAM to " PA40 ") by vmsa_map (%s) "
	       "as a 2MB block at 0x%08lx and as 4KB pages at 0x%08lx: "
	       "vmsa_translate, the module's walk and ATS1CPR agree (PAR PA "
	       PA40 " and " PA40 "; desc_hi 0x%08lx, PA[39:32] 0x%02lx)",
	       HL(HI_PA), HL(ram_end), vmsa_strerror(rc), (unsigned long)V_HIB,
	       (unsigned long)V_HIP, HL(pb & LPAE_PAR_PA_MASK),
	       HL(pp & LPAE_PAR_PA_MASK), (unsigned long)x.desc_hi,
	       (unsigned long)(x.desc_hi & 0xffu));
	/* test_lpae.c left its second pattern at HI_PA: the first pass
	 * writes the other one. */
	tap_ok(rc == VMSA_OK && lt_same_memory(V_HIB, V_HIP, HI_BYTES),
	       "lpae-engine: RAM above 4GB: a pattern written through the 2MB "
	       "block reads back through the 4KB pages, and the other way round");
	/* Live changes there too (the short format reaches past 4GB with
	 * supersections only): a page of the block cut out and folded back,
	 * the block remapped below 4GB and back; real reads judge the TLB. */
	*ptr(S + 0x100u) = 0x4c0a1e55u;
	ok = rc == VMSA_OK &&
	     vmsa_protect(&le, vmsa_va(V_HIB + 0x3000u), PG, RO) == VMSA_OK &&
	     maps(V_HIB + 0x3000u, HI_PA + 0x3000u, expect(RO), 3, NULL) &&
	     maps(V_HIB + 0x4000u, HI_PA + 0x4000u, expect(RW), 3, NULL) &&
	     vmsa_protect(&le, vmsa_va(V_HIB + 0x3000u), PG, RW) == VMSA_OK &&
	     maps(V_HIB + 0x3000u, HI_PA + 0x3000u, expect(RW), 2, NULL) &&
	     vmsa_remap(&le, vmsa_va(V_HIB), vmsa_pa(S), BLK) == VMSA_OK &&
	     maps(V_HIB + 0x100u, S + 0x100u, expect(RW), 2, NULL) &&
	     *ptr(V_HIB + 0x100u) == 0x4c0a1e55u &&
	     vmsa_remap(&le, vmsa_va(V_HIB), vmsa_pa(HI_PA), BLK) == VMSA_OK &&
	     maps(V_HIB + 0x100u, HI_PA + 0x100u, expect(RW), 2, NULL) &&
	     lt_same_memory(V_HIB, V_HIP, HI_BYTES);
	tap_ok(ok, "lpae-engine: RAM above 4GB, live: vmsa_protect of a page "
	       "of the block cuts it into a level 3 table (PA[39:32] kept) and "
	       "back folds it; vmsa_remap of the block below 4GB (a read sees "
	       "0x%08lx's data) and back (the pages read what it writes)",
	       (unsigned long)S);
	vmsa_unmap(&le, vmsa_va(V_HIB), BLK);   /* the final counts judge it */
	vmsa_unmap(&le, vmsa_va(V_HIP), HI_BYTES);
}

/* ---- the run ------------------------------------------------------------ */

/* Back on the short-descriptor tables: the registers as saved, and
 * ATS1CPR (32-bit PAR) agrees with vmsa_translate on code, stack, UART. */
static void back_check(struct vmsa_table *t,
                       const struct vmsa_arch_mmu_regs *sv)
{
	uint32_t here = 0;
	uint32_t vas[3] = { pa_of(back_check), pa_of(&here), board.uart_base };
	bool ok = read_ttbcr() == sv->ttbcr && read_sctlr() == sv->sctlr &&
	          read_prrr() == sv->mair0 && read_nmrr() == sv->mair1 &&
	          read_ttbr0() == (uint32_t)sv->ttbr0 &&
	          (t->flags & VMSA_TF_LIVE);

	for (unsigned i = 0; i < 3; i++) {
		struct vmsa_xlat x;
		uint32_t par = ats1cpr(vas[i]);

		ok &= vmsa_translate(t, vmsa_va(vas[i]), &x) == VMSA_OK &&
		      !(par & 1u) && !(par & (1u << 11)) &&
		      (par & 0xfffff000u) == ((uint32_t)x.pa.p & 0xfffff000u);
	}
	tap_ok(ok, "lpae-engine: back on short descriptors "
	       "(vmsa_arch_lpae_leave): TTBCR 0x%lx, TTBR0 0x%08lx, SCTLR, "
	       "PRRR/NMRR as saved; ATS1CPR agrees with vmsa_translate on "
	       "code, stack and UART",
	       (unsigned long)read_ttbcr(), (unsigned long)read_ttbr0());
}

void lpae_engine_tests(struct vmsa_table *t, bool secure)
{
	struct vmsa_arch_mmu_regs saved;
	struct vmsa_stats built, end;
	struct vmsa_table *fault_table;
	uint32_t vmsa = read_id_mmfr0() & 0xfu;
	uint64_t ram_end = ram_end_announced();
	size_t nreg = 0;
	bool ok;
	int rc;

	smp = (t->flags & VMSA_TF_SMP) != 0;
	S = board.ram_base + 88u * MB;
	if (!vmsa_arch_has_lpae()) {
		rc = vmsa_init(&le, VMSA_FMT_LPAE, le_l1, vmsa_pa(pa_of(le_l1)),
		               le_pool, vmsa_pa(pa_of(le_pool)), sizeof le_pool);
		tap_ok(rc == VMSA_OK && vmsa < 5 &&
		       vmsa_arch_lpae_enter(vmsa_ttbr0_pa(&le), VMSA_LPAE_MAIR0,
		                            VMSA_LPAE_MAIR1, &saved) ==
		       VMSA_ERR_UNSUPPORTED,
		       "lpae-engine: refused on this CPU (ID_MMFR0.VMSA = "
		       "%lu): vmsa_init of VMSA_FMT_LPAE tables %s (memory "
		       "only), vmsa_arch_lpae_enter of them returns "
		       "VMSA_ERR_UNSUPPORTED",
		       (unsigned long)vmsa, vmsa_strerror(rc));
		return;
	}
	/* lpae_tables.c's PAR checks: the PL1 regime, PAR.NS if Secure. */
	lt_begin(false, secure, smp ? VMSA_SHARED : 0);

	rc = boot_build_table(&le, VMSA_FMT_LPAE, smp ? VMSA_TF_SMP : 0, le_l1,
	                      le_pool, sizeof le_pool);
	vmsa_stats(&le, &built);
	tap_ok(rc == VMSA_OK && vmsa_table_check(&le) == VMSA_OK,
	       "lpae-engine: the firmware's identity map built by the engine "
	       "(boot_build_table: vmsa_init with VMSA_FMT_LPAE, "
	       "vmsa_map_regions of the boot regions%s): %s, %lu entries, %lu "
	       "level 3 tables; vmsa_table_check OK", smp ? ", VMSA_TF_SMP" : "",
	       vmsa_strerror(rc), (unsigned long)built.entries,
	       (unsigned long)built.l2_tables);
	if (rc != VMSA_OK)
		return;

	/* The boot stub retries a translation fault that its table maps
	 * (another CPU's break-before-make): not while these tables run. */
	fault_table = boot_fault_table;
	boot_fault_table = NULL;
	rc = vmsa_arch_lpae_enter(vmsa_ttbr0_pa(&le), VMSA_LPAE_MAIR0,
	                          VMSA_LPAE_MAIR1, &saved);
	if (rc == VMSA_OK)
		vmsa_set_flags(&le, VMSA_TF_LIVE, 0);
	ok = rc == VMSA_OK && read_ttbr0_64() == vmsa_ttbr0_pa(&le) &&
	     (read_ttbcr() & LPAE_TTBCR_EAE) && (read_sctlr() & 1u) &&
	     read_prrr() == VMSA_LPAE_MAIR0 && read_nmrr() == VMSA_LPAE_MAIR1 &&
	     regions_agree(&nreg);
	tap_ok(ok, "lpae-engine: MMU on with the engine's tables (TTBR0 = "
	       "vmsa_ttbr0_pa = 0x%08lx, TTBCR 0x%08lx, MAIR0/1 0x%08lx/"
	       "0x%08lx), VMSA_TF_LIVE: on the first, middle and last page of "
	       "each of the %lu boot regions ATS1CPR's PAR and the module's "
	       "walk agree with vmsa_translate (PA, attributes)",
	       (unsigned long)vmsa_ttbr0_pa(&le), (unsigned long)read_ttbcr(),
	       (unsigned long)read_prrr(), (unsigned long)read_nmrr(),
	       (unsigned long)nreg);
	if (rc != VMSA_OK) {
		boot_fault_table = fault_table;
		return;
	}

	type_checks();
	live_checks();
	fold_checks();
	high_checks(ram_end);

	rc = vmsa_unmap(&le, vmsa_va(V_FOLD), BLK);
	vmsa_stats(&le, &end);
	tap_ok(rc == VMSA_OK && !memcmp(&built, &end, sizeof end) &&
	       vmsa_table_check(&le) == VMSA_OK && unmapped(V_LIVE, 2) &&
	       unmapped(V_FOLD, 2) && unmapped(V_HIB, 2) && unmapped(V_HIP, 2),
	       "lpae-engine: every test mapping unmapped: %lu entries, %lu "
	       "descriptors, %lu level 3 tables, 0x%08lx%08lx bytes mapped, as "
	       "the identity map alone; vmsa_table_check OK",
	       (unsigned long)end.entries, (unsigned long)end.descriptors,
	       (unsigned long)end.l2_tables, HL(end.mapped));

	vmsa_set_flags(&le, 0, VMSA_TF_LIVE);
	vmsa_arch_lpae_leave(&saved);
	boot_fault_table = fault_table;
	back_check(t, &saved);
}
