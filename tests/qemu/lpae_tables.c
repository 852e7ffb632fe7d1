/*
 * tests/qemu/lpae_tables.c - the long-descriptor tables of test_lpae.c
 * (PL1) and test_hyp.c (Hyp mode), and the checks of them both run the
 * same way (see lpae_tables.h): building the tables from the module's
 * encoders, writing live ones, the 64-bit PAR, the module's one-pass
 * translation against the MMU, every memory type at every granule, the
 * save for the host decoder. The regime decides the encoder, the
 * decoder, the ATS operations and the TLB invalidation.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef_lpae.h>
#include "../../src/fmt/fmt_lpae.h"
#include "../../src/report/dump_lpae.h"

#include <boot.h>
#include "dumpfile.h"
#include "lpae_tables.h"
#include "tap.h"

#define NTAB 8
uint64_t lt_l1[4] __attribute__((aligned(4096)));
static uint64_t tabs[NTAB][512] __attribute__((aligned(4096)));
static unsigned ntab;
struct lt_run lt;

void lt_begin(bool hyp, bool secure, vmsa_attr_t shared)
{
	memset(&lt, 0, sizeof lt);
	lt.hyp = hyp;
	lt.name = hyp ? "hyp" : "lpae";
	lt.secure = secure;
	lt.shared = shared;
	memset(lt_l1, 0, sizeof lt_l1);
	ntab = 0;
}

/* ---- the regime --------------------------------------------------------- */

int lt_canonical(vmsa_attr_t a, vmsa_attr_t *canon)
{
	return lt.hyp ? vmsa_lpae_hyp_canonical(a, canon)
	              : vmsa_lpae_canonical(a, canon);
}

int lt_leaf_attrs(int level, uint64_t w, vmsa_attr_t *a)
{
	return lt.hyp ? vmsa_lpae_hyp_leaf_attrs(level, w, a)
	              : vmsa_lpae_leaf_attrs(level, w, a);
}

uint64_t lt_ats_r(uint32_t va)
{
	return lt.hyp ? vmsa_arch_ats1hr64(va) : vmsa_arch_ats1cpr64(va);
}

uint64_t lt_ats_w(uint32_t va)
{
	return lt.hyp ? vmsa_arch_ats1hw64(va) : vmsa_arch_ats1cpw64(va);
}

/* ---- tables ------------------------------------------------------------ */

/* One descriptor as the walker must see it: one 64-bit store, cleaned
 * for the walker, DSB; on live tables TLBIALL (TLBIALLH for the Hyp
 * regime: TLBIALL would not reach its entries), DSB, ISB, and a valid
 * entry replaced by another broken first (break-before-make). */
void lt_put(uint64_t *e, uint64_t w)
{
	if (lt.live && (*e & LPAE_TYPE_VALID) && w != 0)
		lt_put(e, 0);
	vmsa_arch_store64(e, w);
	vmsa_arch_sync_table(e, sizeof *e);
	if (!lt.live)
		return;
	if (lt.hyp)
		vmsa_arch_hyp_tlbi_all(false);
	else
		vmsa_arch_tlbi_all(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
}

/* The table below entry e at `level`, made (and e pointed at it) if e is
 * a fault; NULL if e is a block or no table is left. */
static uint64_t *sub(int level, uint64_t *e)
{
	uint64_t w, *t;

	if (vmsa_lpae_kind(level, *e) == LPAE_KIND_TABLE)
		return (uint64_t *)(uintptr_t)vmsa_lpae_addr(level, *e);
	if ((*e & LPAE_TYPE_VALID) || ntab == NTAB)
		return NULL;
	t = tabs[ntab++];
	memset(t, 0, sizeof tabs[0]);
	vmsa_arch_sync_table(t, sizeof tabs[0]);
	if (vmsa_lpae_table_encode(level, pa_of(t), &w) != VMSA_OK)
		return NULL;
	lt_put(e, w);
	return t;
}

uint64_t *lt_entry(int level, uint32_t va)
{
	uint64_t *t = lt_l1;

	for (int l = 1; l < level && t != NULL; l++)
		t = sub(l, &t[vmsa_lpae_index(l, va)]);
	return t ? &t[vmsa_lpae_index(level, va)] : NULL;
}

int lt_map_leaf(int level, uint32_t va, uint64_t pa, vmsa_attr_t a,
                uint64_t *w)
{
	uint64_t word = 0, *e = lt_entry(level, va);
	int rc = lt.hyp ? vmsa_lpae_hyp_leaf_encode(level, pa, a, &word)
	                : vmsa_lpae_leaf_encode(level, pa, a, &word);

	if (e == NULL)
		rc = VMSA_ERR_NOMEM;
	if (rc == VMSA_OK)
		lt_put(e, word);
	if (w != NULL)
		*w = word;
	return rc;
}

/* What the firmware needs to keep running: its RAM as 2MB blocks
 * (WRITEALLOC RW EXEC) and the UART's page (DEVICE), identity. */
static int map_firmware(void)
{
	uint64_t a = board.ram_base & ~(uint64_t)(BLK - 1);
	uint64_t end = (uint64_t)board.ram_base + board.ram_size;
	uint32_t u = (uint32_t)board.uart_base & ~(PG - 1);
	int rc = VMSA_OK;

	for (; a < end && rc == VMSA_OK; a += BLK)
		rc = lt_map_leaf(2, (uint32_t)a, a, VMSA_MT_WRITEALLOC | VMSA_RW |
		                 VMSA_EXEC | lt.shared, NULL);
	if (rc == VMSA_OK)
		rc = lt_map_leaf(3, u, u, VMSA_MT_DEVICE | VMSA_RW, NULL);
	return rc;
}

int lt_build(void)
{
	int rc, slot;

	lt.S = board.ram_base + 80 * MB;
	rc = map_firmware();
	/* The tests in the last 1GB slot the identity map left empty, the
	 * 1GB block in an earlier one (at the RAM's own 1GB PA). */
	for (slot = 3; slot >= 0 && lt_l1[slot] != 0; slot--)
		continue;
	lt.TV = slot < 0 ? 0 : (uint32_t)slot << 30;
	if (slot < 0)
		rc = VMSA_ERR_NOMEM;
	for (slot--; slot >= 0 && lt_l1[slot] != 0; slot--)
		continue;
	lt.have_gb = slot >= 0;
	lt.GV = lt.have_gb ? (uint32_t)slot << 30 : 0;
	lt.GP = board.ram_base & ~(GB - 1);
	tap_ok(rc == VMSA_OK, "%s: tables built with %s: RAM 0x%08lx-0x%08lx "
	       "as 2MB blocks WRITEALLOC|RW|EXEC, UART page 0x%08lx DEVICE; "
	       "tests at VA 0x%08lx, 1GB block at 0x%08lx", lt.name,
	       lt.hyp ? "vmsa_lpae_hyp_leaf_encode" : "vmsa_lpae_*",
	       (unsigned long)board.ram_base,
	       (unsigned long)(board.ram_base + board.ram_size - 1),
	       (unsigned long)board.uart_base, (unsigned long)lt.TV,
	       (unsigned long)lt.GV);
	return rc;
}

/* Identity, the pool's tables only. */
const uint64_t *lt_table_at(void *arg, uint64_t pa)
{
	(void)arg;
	for (unsigned i = 0; i < ntab; i++)
		if (pa == pa_of(tabs[i]))
			return tabs[i];
	return NULL;
}

/* The module's one-pass translation of va agrees with the MMU: pa,
 * canonical attributes, the level of the leaf. It decodes with the PL1
 * decoder, so on Hyp tables the attributes are the Hyp canonical ones
 * with VMSA_USER (AP[1] = 1, should-be-one in that regime). */
static bool sw_walk_says(uint32_t va, uint64_t pa, vmsa_attr_t canon,
                         int level)
{
	struct vmsa_lpae_xlat x;
	int rc = vmsa_lpae_translate(lt_l1, lt_table_at, NULL, va, &x);
	bool ok = rc == VMSA_OK && x.pa == pa && x.level == level &&
	          x.attrs == (lt.hyp ? canon | VMSA_USER : canon);

	if (!ok)
		tap_diag("  vmsa_lpae_translate(0x%08lx): %d, pa " PA40 ", attrs "
		         "0x%lx, level %u", (unsigned long)va, rc, HL(x.pa),
		         (unsigned long)x.attrs, x.level);
	return ok;
}

/* ---- the 64-bit PAR ---------------------------------------------------- */

/* SH as the ARM ARM's PAREncodeShareability reports it: Outer Shareable
 * (10) for Device and Strongly-ordered memory (MAIR byte 0000xxxx) and
 * Normal inner and outer Non-cacheable memory (0x44); otherwise the
 * descriptor's SH (11 for VMSA_SHARED, 00 without). */
static unsigned sh_expected(int attr, vmsa_attr_t canon)
{
	if ((attr & 0xf0) == 0 || attr == 0x44)
		return LPAE_SH_OUTER;
	return (canon & VMSA_SHARED) ? LPAE_SH_INNER : LPAE_SH_NON;
}

const char *lt_par_attr_sh(uint64_t par, vmsa_attr_t canon)
{
	static char s[40];
	unsigned arm = sh_expected(vmsa_lpae_mair_byte(VMSA_MT(canon)), canon);

	snprintf(s, sizeof s, "attr 0x%02lx sh %lu%s",
	         (unsigned long)LPAE_PAR_ATTR_OF(par),
	         (unsigned long)LPAE_PAR_SH_OF(par),
	         LPAE_PAR_SH_OF(par) == arm ? "" : " (ARM ARM: 2)");
	return s;
}

/* PAR.SH against the ARM ARM, with the one deviation accepted (and said
 * once): QEMU 7.2 reports the descriptor's SH for Normal Non-cacheable
 * memory, in both regimes. (Device and SO cannot show it: the module
 * writes SH = 10.) */
static bool sh_ok(uint64_t par, int attr, vmsa_attr_t canon)
{
	static bool said;
	unsigned got = LPAE_PAR_SH_OF(par);

	if (got == sh_expected(attr, canon))
		return true;
	if (attr != 0x44 || got != ((canon & VMSA_SHARED) ? LPAE_SH_INNER : LPAE_SH_NON))
		return false;
	if (!said)
		tap_diag("%s: QEMU reports PAR.SH = the descriptor's SH for "
		         "Normal Non-cacheable memory (%sMAIR 0x44), where the "
		         "ARM ARM's PAREncodeShareability gives 0b10; accepted as "
		         "QEMU's deviation", lt.name, lt.hyp ? "H" : "");
	said = true;
	return true;
}

/* F = 0, LPAE, PA[39:12], the module's attribute byte for the type, SH,
 * and NS in Secure state (UNKNOWN in Non-secure state, which the Hyp
 * regime always is). */
bool lt_par_says(uint64_t par, uint64_t pa, vmsa_attr_t canon)
{
	int attr = vmsa_lpae_mair_byte(VMSA_MT(canon));
	bool ok = !(par & LPAE_PAR_F) && (par & LPAE_PAR_LPAE) &&
	          (par & LPAE_PAR_PA_MASK) == (pa & LPAE_PAR_PA_MASK) &&
	          attr >= 0 && LPAE_PAR_ATTR_OF(par) == (uint32_t)attr &&
	          sh_ok(par, attr, canon);

	if (lt.secure)
		ok &= !(par & LPAE_PAR_NS) == !(canon & VMSA_NS);
	return ok;
}

bool lt_par_fault(uint64_t par, unsigned fst)
{
	return (par & LPAE_PAR_F) && (par & LPAE_PAR_LPAE) &&
	       LPAE_PAR_FST_OF(par) == fst;
}

bool lt_identity(uint64_t par[3])
{
	vmsa_attr_t c_ram = 0, c_dev = 0;
	uint32_t code = pa_of(lt_identity), stack = pa_of(&c_ram);

	lt_canonical(VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC | lt.shared, &c_ram);
	lt_canonical(VMSA_MT_DEVICE | VMSA_RW, &c_dev);
	par[0] = lt_ats_r(code);
	par[1] = lt_ats_r(stack);
	par[2] = lt_ats_r((uint32_t)board.uart_base);
	return lt_par_says(par[0], code, c_ram) &&
	       lt_par_says(par[1], stack, c_ram) &&
	       lt_par_says(par[2], board.uart_base, c_dev);
}

/* ---- every memory type at every granule --------------------------------- */

#define T(x) { VMSA_MT_##x, #x }
static const struct lt_variant types[] = {
	T(UNCACHED), T(BUFFERABLE), T(WRITETHROUGH), T(WRITEBACK),
	T(WRITEALLOC), T(DEVICE), T(NORMAL_NC),
};
#undef T

struct granule {
	const char *name;
	int level;
	uint32_t va;            /* of the block or page */
	uint64_t pa;
	uint32_t off;           /* where in it ATS looks */
};

/* Map g with mt | a and read it back through the decoder, ATS and
 * vmsa_lpae_translate; false if the attributes are refused as they must
 * be (S applies to Normal memory only: not for Device and SO). */
static bool leaf_map(const struct granule *g, vmsa_attr_t mt, vmsa_attr_t a,
                     struct lt_leaf *l)
{
	uint64_t *e;
	bool ro;

	l->level = g->level;
	l->va = g->va + g->off;
	l->pa = g->pa + (g->off & ~(PG - 1));
	l->rc = lt_canonical(mt | a, &l->canon);
	if (l->rc == VMSA_ERR_INVAL && (a & VMSA_SHARED) &&
	    (mt == VMSA_MT_UNCACHED || mt == VMSA_MT_DEVICE))
		return false;
	if (l->rc == VMSA_OK)
		l->rc = lt_map_leaf(g->level, g->va, g->pa, mt | a, &l->w);
	e = lt_entry(g->level, g->va);
	if (e != NULL)
		l->rcb = lt_leaf_attrs(g->level, *e, &l->back);
	l->par = lt_ats_r(l->va);
	l->parw = lt_ats_w(l->va);
	ro = l->canon & VMSA_RO;
	l->ok = l->rc == VMSA_OK && e != NULL && *e == l->w &&
	        l->rcb == VMSA_OK && l->back == l->canon &&
	        lt_par_says(l->par, l->pa, l->canon) &&
	        sw_walk_says(l->va, l->pa + (l->va & (PG - 1)), l->canon,
	                     g->level) &&
	        (ro ? lt_par_fault(l->parw, FST_PERMISSION(g->level))
	            : lt_par_says(l->parw, l->pa, l->canon));
	return true;
}

void lt_granule_checks(const struct lt_variant *v, unsigned nv,
                       bool (*check)(const struct lt_leaf *l))
{
	const struct granule g[] = {
		{ "1GB block", 1, lt.GV, lt.GP, lt.S - (uint32_t)lt.GP + 0x2468u },
		{ "2MB block", 2, lt.TV + T_BLK, lt.S, 0x123456u },
		{ "4KB page", 3, lt.TV + T_L3 + P_PAGE, lt.S + 0x3000u, 0x9abu },
	};

	for (unsigned i = lt.have_gb ? 0 : 1; i < 3; i++)
		for (unsigned ti = 0; ti < sizeof types / sizeof types[0]; ti++)
			for (unsigned vi = 0; vi < nv; vi++) {
				struct lt_leaf l = {
					.granule = g[i].name, .type = types[ti].name,
					.variant = v[vi].name, .rcb = VMSA_ERR_INVAL,
				};

				if (!leaf_map(&g[i], types[ti].a, v[vi].a, &l) ||
				    check(&l))
					continue;
				tap_diag("  va 0x%08lx: rc %d, word " W64 ", canonical "
				         "0x%lx, decoded 0x%lx (%d); PAR R " W64 " W "
				         W64, (unsigned long)l.va, l.rc, HL(l.w),
				         (unsigned long)l.canon, (unsigned long)l.back,
				         l.rcb, HL(l.par), HL(l.parw));
			}
	if (!lt.have_gb)
		tap_skip(lt.hyp ? "hyp: 1GB blocks" : "lpae: 1GB blocks",
		         "no second 1GB slot free of the board");
}

/* ---- memory, the saved tables ------------------------------------------- */

bool lt_same_memory(uint32_t wva, uint32_t rva, uint32_t bytes)
{
	for (unsigned pass = 0; pass < 2; pass++) {
		volatile uint32_t *w = ptr(pass ? rva : wva);
		volatile uint32_t *r = ptr(pass ? wva : rva);
		uint32_t seed = pass ? 0x5a5a0000u : 0x1bae0000u;

		for (uint32_t i = 0; i < bytes / 4; i += 16)
			w[i] = seed ^ (i * 0x9e3779b9u);
		vmsa_arch_dsb();
		for (uint32_t i = 0; i < bytes / 4; i += 16)
			if (r[i] != (seed ^ (i * 0x9e3779b9u)))
				return false;
	}
	return true;
}

/* The level 1 table (TAG-l1.bin) and the memory of every table below it
 * (TAG-pool.bin: the pool); scripts/vmsa-decode.py --fmt lpae or
 * lpae-hyp must print vmsa_lpae_dump's lines from the two images. */
int lt_save(void)
{
	char path[32], prefix[16];
	struct dump_line_buf lb = { .prefix = prefix, .len = 0 };
	int rc;

	printf("# vmsa-tables %s fmt=%s l1_pa=0x%08lx pool_pa=0x%08lx "
	       "pool_bytes=%lu\n", lt.name, lt.hyp ? "lpae-hyp" : "lpae",
	       (unsigned long)pa_of(lt_l1), (unsigned long)pa_of(tabs),
	       (unsigned long)sizeof tabs);
	snprintf(path, sizeof path, "%s-l1.bin", lt.name);
	rc = sh_write_file(path, lt_l1, sizeof lt_l1);
	snprintf(path, sizeof path, "%s-pool.bin", lt.name);
	rc |= sh_write_file(path, tabs, sizeof tabs);
	snprintf(prefix, sizeof prefix, "# %s| ", lt.name);
	if (vmsa_lpae_dump(lt_l1, lt_table_at, NULL, lt.hyp, dump_line_out,
	                   &lb) != VMSA_OK)
		rc = -1;
	if (lb.len)
		dump_line_out(&lb, "\n");
	return rc ? -1 : 0;
}
