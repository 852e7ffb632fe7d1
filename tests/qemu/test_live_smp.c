/*
 * tests/qemu/test_live_smp.c - live tables on several CPUs (part of
 * live_tests, test_live.c; run when ncpu > 1): CPU 0 remaps and unmaps a
 * page while the others read it, and every CPU sees the new translation
 * or the fault right after the call returns (the TLB broadcast; a control
 * run without VMSA_TF_SMP shows the stale entry), their lock-free
 * vmsa_translate sees the old or the new page or the break meanwhile;
 * every CPU maps, splits, merges, protects, remaps and unmaps in its own
 * ranges for >= 1,000 rounds, and the result equals a serial replay.
 *
 * Does not cover: the secondaries joining and the Shareable check
 * (test_live.c), one-CPU live tests (test_live.c, test_live_hooks.c).
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include <boot.h>
#include "tap.h"
#include "test_live_int.h"

/* ---- SMP: the TLB broadcast ---------------------------------------------- */

static volatile uint32_t bc_go, bc_ready[BOOT_MAX_CPUS];
static volatile uint32_t bc_bad[BOOT_MAX_CPUS], bc_stale[BOOT_MAX_CPUS];
static volatile uint32_t bc_nofault[BOOT_MAX_CPUS], bc_faults[BOOT_MAX_CPUS];
static volatile uint32_t bc_reads[BOOT_MAX_CPUS];

static uint32_t bc_pa(uint32_t r, bool b) { return PL + 10 * MB + (r % 8) * 0x2000 + (b ? 0x1000 : 0); }
static uint32_t bc_val(uint32_t r, bool b) { return (b ? 0xb0000000u : 0xa0000000u) | r; }

/* vmsa_translate as readers call it, without the lock (every other
 * translation of these tests holds it), while CPU 0 remaps VA_BC: the
 * old PA, the new one or, in the break of break-before-make, unmapped;
 * only the new PA once `after` (the call returned). */
static volatile uint32_t bc_xreads[BOOT_MAX_CPUS], bc_xbad[BOOT_MAX_CPUS];
static volatile uint32_t bc_xold[BOOT_MAX_CPUS], bc_xbreak[BOOT_MAX_CPUS];

static void bc_xlate(unsigned cpu, uint32_t r, bool after)
{
	struct vmsa_xlat x;
	int rc = vmsa_translate(&boot_table, vmsa_va(VA_BC), &x);

	bc_xreads[cpu]++;
	if (rc == VMSA_OK && x.pa.p == bc_pa(r, true))
		return;
	if (!after && rc == VMSA_OK && x.pa.p == bc_pa(r, false))
		bc_xold[cpu]++;
	else if (!after && rc == VMSA_ERR_NOTMAPPED)
		bc_xbreak[cpu]++;
	else
		bc_xbad[cpu]++;
}

static void wait_go(uint32_t g)
{
	while (bc_go < g)
		;
	dmb();
}

static void bc_reader(unsigned cpu)
{
	struct fault_info f;
	uint32_t v;

	for (uint32_t r = 0; r < BC_ROUNDS; r++) {
		uint32_t va = bc_val(r, false), vb = bc_val(r, true);
		wait_go(3 * r + 1);
		if (*ptr(VA_BC) != va)
			bc_bad[cpu]++;
		bc_ready[cpu] = 3 * r + 1;
		/* Reading while CPU 0 remaps. */
		while (bc_go < 3 * r + 2) {
			v = *ptr(VA_BC);
			bc_reads[cpu]++;
			if (v != va && v != vb)
				bc_bad[cpu]++;
			bc_xlate(cpu, r, false);
		}
		dmb();
		v = *ptr(VA_BC);
		if (v == va)
			bc_stale[cpu]++;
		else if (v != vb)
			bc_bad[cpu]++;
		bc_xlate(cpu, r, true);
		bc_ready[cpu] = 3 * r + 2;
		/* Reading while CPU 0 unmaps: the value or the fault. */
		while (bc_go < 3 * r + 3) {
			if (try_read(VA_BC, &v, &f)) {
				if (v != vb)
					bc_bad[cpu]++;
			} else if (f.type != FT_TRANSLATION || f.far != VA_BC) {
				bc_bad[cpu]++;
			}
		}
		dmb();
		if (try_read(VA_BC + 4, &v, &f))
			bc_nofault[cpu]++;
		else if (f.type == FT_TRANSLATION && f.far == VA_BC + 4)
			bc_faults[cpu]++;
		else
			bc_bad[cpu]++;
		bc_ready[cpu] = 3 * r + 3;
	}
}

static void wait_ready(uint32_t g)
{
	for (unsigned c = 1; c < ncpu; c++)
		while (bc_ready[c] < g)
			;
	dmb();
}

static void bc_cpu0(unsigned cpu)
{
	struct vmsa_table *t = &boot_table;
	struct fault_info f;
	uint32_t v;
	int rc = VMSA_OK;

	(void)cpu;
	for (uint32_t r = 0; r < BC_ROUNDS; r++) {
		*ptr(bc_pa(r, false)) = bc_val(r, false);
		*ptr(bc_pa(r, true)) = bc_val(r, true);
		rc |= vmsa_map(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(r, false)),
		               0x1000, VMSA_DATA);
		dmb();
		bc_go = 3 * r + 1;
		wait_ready(3 * r + 1);
		rc |= vmsa_remap(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(r, true)), 0x1000);
		if (*ptr(VA_BC) != bc_val(r, true))
			bc_stale[0]++;
		bc_go = 3 * r + 2;
		wait_ready(3 * r + 2);
		rc |= vmsa_unmap(t, vmsa_va(VA_BC), 0x1000);
		if (try_read(VA_BC, &v, &f))
			bc_nofault[0]++;
		else
			bc_faults[0]++;
		bc_go = 3 * r + 3;
		wait_ready(3 * r + 3);
	}
	bc_bad[0] = rc != VMSA_OK;
}

/* Control: the same remap with VMSA_TF_SMP cleared (local TLBIMVAA). */
static volatile uint32_t ctl_go, ctl_ready[BOOT_MAX_CPUS], ctl_old[BOOT_MAX_CPUS];

static void ctl_reader(unsigned cpu)
{
	while (ctl_go < 1)
		;
	dmb();
	(void)*ptr(VA_BC);
	ctl_ready[cpu] = 1;
	while (ctl_go < 2)
		;
	dmb();
	ctl_old[cpu] = *ptr(VA_BC) == bc_val(999, false);
	ctl_ready[cpu] = 2;
}

static void ctl_cpu0(unsigned cpu)
{
	struct vmsa_table *t = &boot_table;
	(void)cpu;
	*ptr(bc_pa(999, false)) = bc_val(999, false);
	*ptr(bc_pa(999, true)) = bc_val(999, true);
	vmsa_map(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(999, false)), 0x1000, VMSA_DATA);
	dmb();
	ctl_go = 1;
	for (unsigned c = 1; c < ncpu; c++)
		while (ctl_ready[c] < 1)
			;
	vmsa_set_flags(t, 0, VMSA_TF_SMP);        /* no lock, no IS forms */
	vmsa_remap(t, vmsa_va(VA_BC), vmsa_pa(bc_pa(999, true)), 0x1000);
	vmsa_set_flags(t, VMSA_TF_SMP, 0);
	dmb();
	ctl_go = 2;
	for (unsigned c = 1; c < ncpu; c++)
		while (ctl_ready[c] < 2)
			;
	/* Repair what the control broke. */
	vmsa_arch_tlbi_all(true);
	vmsa_arch_dsb();
	vmsa_arch_isb();
	vmsa_unmap(t, vmsa_va(VA_BC), 0x1000);
}

void broadcast_tests(void)
{
	run_all(bc_reader, bc_cpu0);
	uint32_t bad = sum(bc_bad), stale = sum(bc_stale), nof = sum(bc_nofault);
	uint32_t faults = sum(bc_faults), reads = sum(bc_reads);
	tap_ok(bad == 0 && stale == 0,
	       "TLB broadcast: %u rounds, CPU 0 remaps a page the other %u CPUs "
	       "keep reading (%lu reads during the updates): right after "
	       "vmsa_remap returns every CPU reads the new PA (%lu stale)",
	       BC_ROUNDS, ncpu - 1, (unsigned long)reads, (unsigned long)stale);
	tap_ok(bad == 0 && nof == 0 && faults == BC_ROUNDS * ncpu,
	       "TLB broadcast: right after vmsa_unmap returns every CPU takes the "
	       "translation fault (%lu of %lu)", (unsigned long)faults,
	       (unsigned long)(BC_ROUNDS * ncpu));
	tap_ok(sum(bc_xbad) == 0 && sum(bc_xreads) > 0,
	       "lock-free vmsa_translate on the other CPUs while CPU 0 remaps "
	       "(%lu calls: %lu the old PA, %lu unmapped, the rest the new): "
	       "the new PA once the call returned (%lu wrong)",
	       (unsigned long)sum(bc_xreads), (unsigned long)sum(bc_xold),
	       (unsigned long)sum(bc_xbreak), (unsigned long)sum(bc_xbad));
	run_all(ctl_reader, ctl_cpu0);
	uint32_t old = sum(ctl_old);
	tap_ok(old == ncpu - 1,
	       "TLB broadcast control: the same remap without VMSA_TF_SMP "
	       "(local TLBIMVAA) leaves %lu of %u other CPUs reading the old PA, "
	       "so the checks above can fail", (unsigned long)old, ncpu - 1);
}

/* ---- SMP: concurrent updates ------------------------------------------- */

/* Each CPU's slots: a 16MB supersection, two sections, four 64KB chunks
 * of the shared MB. */
#define NSLOT 7
struct slot {
	uint32_t va, size, pa0;
	bool mapped;
	uint32_t pa;
	vmsa_attr_t attrs;
};

struct st_cpu {
	struct slot s[NSLOT];
	uint32_t rng;
	uint32_t rounds, calls, errs, bad_data, bad_kind;
	int first_err;
	uint32_t first_err_round;
};
static struct st_cpu stc[BOOT_MAX_CPUS];
static uint32_t st_rounds;        /* per CPU */

static const vmsa_attr_t st_attrs[] = {
	VMSA_DATA, VMSA_RODATA, VMSA_DATA | VMSA_USER,
	VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN, VMSA_MT_WRITEALLOC | VMSA_RW,
};

static uint32_t rnd(struct st_cpu *s)
{
	s->rng ^= s->rng << 13;
	s->rng ^= s->rng >> 17;
	s->rng ^= s->rng << 5;
	return s->rng;
}

static void st_init(struct st_cpu *s, unsigned c)
{
	uint32_t w = VA_ST + c * 32 * MB, p = PS + c * 16 * MB;
	memset(s, 0, sizeof *s);
	s->rng = 0x9e3779b9u * (c + 1);
	s->s[0] = (struct slot){ w, 16 * MB, p, false, 0, 0 };
	s->s[1] = (struct slot){ w + 16 * MB, MB, p + 2 * MB, false, 0, 0 };
	s->s[2] = (struct slot){ w + 18 * MB, MB, p + 3 * MB, false, 0, 0 };
	for (unsigned i = 0; i < 4; i++)
		s->s[3 + i] = (struct slot){ VA_ST_SHARED + c * 256 * KB + i * 64 * KB,
		                             64 * KB, p + 4 * MB + i * 64 * KB,
		                             false, 0, 0 };
}

static enum vmsa_kind slot_kind(const struct slot *sl)
{
	uint32_t g = sl->size;
	while (g > 0x1000 && (sl->pa & (g - 1)))
		g = g == 16 * MB ? MB : g == MB ? 64 * KB : 0x1000;
	return g == 16 * MB ? VMSA_KIND_SUPERSECTION : g == MB ? VMSA_KIND_SECTION :
	       g == 64 * KB ? VMSA_KIND_LARGE : VMSA_KIND_SMALL;
}

static void st_err(struct st_cpu *s, int rc)
{
	s->calls++;
	if (rc != VMSA_OK && s->errs++ == 0) {
		s->first_err = rc;
		s->first_err_round = s->rounds;
	}
}

/*
 * One round on table t. live: also check data and granule kinds through
 * the MMU (the serial replay on a table that is not live only calls).
 */
static void st_round(struct st_cpu *s, struct vmsa_table *t, bool live)
{
	struct slot *sl = &s->s[rnd(s) % NSLOT];
	uint32_t r = rnd(s), sub, piece, off;

	if (!sl->mapped) {
		sl->attrs = st_attrs[r % 5];
		sl->pa = sl->pa0 + ((r & 8) && sl->size < 16 * MB ? 8 * MB : 0);
		st_err(s, vmsa_map(t, vmsa_va(sl->va), vmsa_pa(sl->pa), sl->size,
		                   sl->attrs));
		sl->mapped = true;
	} else {
		/* A piece: one granule below the slot's own. */
		sub = sl->size == 16 * MB ? ((r >> 8) & 1 ? MB : 64 * KB) :
		      sl->size == MB ? ((r >> 8) & 1 ? 64 * KB : 0x1000) : 0x1000;
		off = ((r >> 12) % (sl->size / sub)) * sub;
		piece = sl->va + off;
		switch (r % 6) {
		case 0:
			st_err(s, vmsa_unmap(t, vmsa_va(sl->va), sl->size));
			sl->mapped = false;
			break;
		case 1:
			st_err(s, vmsa_unmap(t, vmsa_va(piece), sub));
			if (live && kind_at(piece) != VMSA_KIND_FAULT)
				s->bad_kind++;
			st_err(s, vmsa_map(t, vmsa_va(piece), vmsa_pa(sl->pa + off),
			                   sub, sl->attrs));
			break;
		case 2:
			st_err(s, vmsa_protect(t, vmsa_va(piece), sub,
			                       st_attrs[(r >> 4) % 5]));
			st_err(s, vmsa_protect(t, vmsa_va(piece), sub, sl->attrs));
			break;
		case 3:
			st_err(s, vmsa_remap(t, vmsa_va(piece),
			                     vmsa_pa(sl->pa0 + 12 * MB + (off & (MB - 1))),
			                     sub));
			st_err(s, vmsa_remap(t, vmsa_va(piece),
			                     vmsa_pa(sl->pa + off), sub));
			break;
		case 4:
			sl->attrs = st_attrs[(r >> 4) % 5];
			st_err(s, vmsa_protect(t, vmsa_va(sl->va), sl->size,
			                       sl->attrs));
			break;
		default:
			if (sl->size < 16 * MB) {
				sl->pa = sl->pa == sl->pa0 ? sl->pa0 + 8 * MB : sl->pa0;
				st_err(s, vmsa_remap(t, vmsa_va(sl->va),
				                     vmsa_pa(sl->pa), sl->size));
			}
			break;
		}
	}
	if (live && sl->mapped) {
		/* The restored slot folded back to its own granule; data
		 * through it reaches its PA. */
		if (kind_at(sl->va) != (int)slot_kind(sl))
			s->bad_kind++;
		off = (r >> 3) % (sl->size / 0x1000) * 0x1000 + 0x100;
		if (sl->attrs & VMSA_RW) {
			*ptr(sl->va + off) = r;
			if (*ptr(sl->pa + off) != r)
				s->bad_data++;
		} else if (*ptr(sl->va + off) != *ptr(sl->pa + off)) {
			s->bad_data++;
		}
	}
	s->rounds++;
}

static void st_worker(unsigned cpu)
{
	struct st_cpu *s = &stc[cpu];
	for (uint32_t i = 0; i < st_rounds; i++)
		st_round(s, &boot_table, true);
}

/* Every CPU reads every 64KB of all windows (4KB in the shared MB):
 * mapped VAs read what their PA holds, unmapped ones fault. */
static volatile uint32_t fin_bad[BOOT_MAX_CPUS], fin_n[BOOT_MAX_CPUS];

static void fin_check_va(unsigned cpu, uint32_t va)
{
	struct vmsa_xlat x;
	struct fault_info f;
	uint32_t v;
	bool mapped = xlate(va, &x) == VMSA_OK;
	bool read = try_read(va, &v, &f);

	fin_n[cpu]++;
	if (mapped != read || (read && v != *ptr((uint32_t)x.pa.p)) ||
	    !ats_ok(va))
		fin_bad[cpu]++;
}

static void fin_check(unsigned cpu)
{
	for (unsigned c = 0; c < ncpu; c++)
		for (uint32_t o = 0; o < 20 * MB; o += 64 * KB)
			fin_check_va(cpu, VA_ST + c * 32 * MB + o + 0x100);
	for (uint32_t o = 0; o < MB; o += 0x1000)
		fin_check_va(cpu, VA_ST_SHARED + o + 0x100);
}

/* The serial replay's table. */
static uint32_t rp_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t rp_pool[64 * 1024]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
static struct vmsa_table rp_table;

#define MAXRUNS 512
struct runs { uint32_t n; struct vmsa_run r[MAXRUNS]; };
static struct runs runs_live, runs_rp;

static void collect(void *arg, const struct vmsa_run *run)
{
	struct runs *rs = arg;
	if (rs->n < MAXRUNS)
		rs->r[rs->n] = *run;
	rs->n++;
}

static bool runs_eq(const struct runs *a, const struct runs *b)
{
	if (a->n != b->n || a->n > MAXRUNS)
		return false;
	for (uint32_t i = 0; i < a->n; i++) {
		const struct vmsa_run *x = &a->r[i], *y = &b->r[i];
		if (x->va.v != y->va.v || x->size != y->size || x->pa.p != y->pa.p ||
		    x->kind != y->kind || x->attrs != y->attrs || x->count != y->count)
			return false;
	}
	return true;
}

static uint32_t l1_tables(const struct vmsa_table *t)
{
	uint32_t n = 0;
	for (uint32_t mb = VA_ST >> 20; mb < VA_ST_END >> 20; mb++)
		n += (t->l1[mb] & 3u) == 1u;
	return n;
}

void stress_tests(void)
{
	struct vmsa_stats st0, st;
	uint32_t rounds = 0, calls = 0, errs = 0, bdata = 0, bkind = 0;

	vmsa_stats(&boot_table, &st0);
	st_rounds = (ST_TOTAL + ncpu - 1) / ncpu;
	for (unsigned c = 0; c < ncpu; c++)
		st_init(&stc[c], c);
	run_all(st_worker, st_worker);
	for (unsigned c = 0; c < ncpu; c++) {
		rounds += stc[c].rounds;
		calls += stc[c].calls;
		errs += stc[c].errs;
		bdata += stc[c].bad_data;
		bkind += stc[c].bad_kind;
		if (stc[c].errs)
			tap_diag("cpu %u: first error %s in round %lu", c,
			         vmsa_strerror(stc[c].first_err),
			         (unsigned long)stc[c].first_err_round);
	}
	tap_ok(rounds >= 1000 && errs == 0 && bdata == 0 && bkind == 0,
	       "concurrent updates: %u CPUs, %lu rounds (%lu engine calls: map, "
	       "partial unmap + map back, protect, remap) in disjoint ranges "
	       "sharing one L2 table; every call succeeded, data reached the "
	       "right PA, every restored range folded back", ncpu,
	       (unsigned long)rounds, (unsigned long)calls);

	/* The same operations, serially, on a fresh table. */
	int rc = vmsa_init(&rp_table, boot_table.fmt, rp_l1,
	                   vmsa_pa((uintptr_t)rp_l1), rp_pool,
	                   vmsa_pa((uintptr_t)rp_pool), sizeof rp_pool);
	/* The same shareability rule (Normal memory is shareable under
	 * VMSA_TF_SMP): the same flag. */
	vmsa_set_flags(&rp_table, boot_table.flags & VMSA_TF_SMP, 0);
	for (unsigned c = 0; c < ncpu; c++) {
		st_init(&stc[c], c);
		for (uint32_t i = 0; i < st_rounds; i++)
			st_round(&stc[c], &rp_table, false);
		errs += stc[c].errs;
	}
	runs_live.n = runs_rp.n = 0;
	vmsa_walk(&boot_table, vmsa_va(VA_ST), VA_ST_END - VA_ST, collect,
	          &runs_live);
	vmsa_walk(&rp_table, vmsa_va(VA_ST), VA_ST_END - VA_ST, collect, &runs_rp);
	tap_ok(rc == VMSA_OK && errs == 0 && runs_eq(&runs_live, &runs_rp) &&
	       l1_tables(&boot_table) == l1_tables(&rp_table),
	       "concurrent updates: the live table equals the same operations "
	       "replayed serially (%lu runs, %lu L2 tables)",
	       (unsigned long)runs_live.n, (unsigned long)l1_tables(&rp_table));

	run_all(fin_check, fin_check);
	tap_ok(sum(fin_bad) == 0,
	       "concurrent updates: every CPU reads the final mappings "
	       "(%lu VAs: data of the PA where mapped, a fault where not, "
	       "ATS1CPR agrees)", (unsigned long)sum(fin_n));

	rc = VMSA_OK;
	for (unsigned c = 0; c < ncpu; c++)
		for (unsigned i = 0; i < NSLOT; i++)
			if (stc[c].s[i].mapped)
				rc |= vmsa_unmap(&boot_table, vmsa_va(stc[c].s[i].va),
				                 stc[c].s[i].size);
	vmsa_stats(&boot_table, &st);
	tap_ok(rc == VMSA_OK && stats_eq(&st, &st0),
	       "concurrent updates: everything unmapped, vmsa_stats as before");
}
