/*
 * strict_check.c - the strict model's end-of-call checks (strict_end),
 * the predictor and I-cache state a new executable translation may meet
 * (sm_exec_note), and the caller's side of the cache contract
 * (strict_caller_clean_pa).
 */
#include "strict_model.h"

#include <string.h>

#include "strict_int.h"

unsigned strict_violations(void) { return M.nviol; }
const char *strict_first(void) { return M.first; }

/* By scanning what is cached, not the range (which may be 4GB). */
void strict_caller_clean_pa(uint64_t pa, uint64_t len)
{
	if (!M.v5) {
		for (size_t i = 0; M.dpa != NULL && i < SM_HASH; i++) {
			uint64_t k = M.dpa[i];
			if (k > HASH_TOMB && (k - 2) * M.pg - pa < len)
				M.dpa[i] = HASH_TOMB;
		}
		return;
	}
	for (size_t i = 0; i < (size_t)M.npages * SM_DL; i++)
		if (M.dl[i].used && M.dl[i].pa - pa < len)
			M.dl[i].used = false;
}

bool strict_xlat(uint32_t va, uint64_t *pa, uint32_t *size)
{
	struct xl x;

	if (M.t == NULL || !sm_xlat_now(va, &x))
		return false;
	*pa = x.pa + (va & (M.pg - 1u));
	*size = x.size;
	return true;
}

/* ---- new executable translations ------------------------------------- */

static uint64_t exec_pa(uint32_t va)
{
	struct xl x;

	return sm_xlat_now(va, &x) && x.exec ? x.pa + 1 : 0;
}

/* The pages [first, ...) of a new window at va: what they translate now
 * is what they had (the model knows no earlier calls). */
void sm_exec_base(uint32_t first, uint32_t va, uint32_t len)
{
	for (uint32_t o = 0; o < len; o += M.pg)
		M.xpa[first + o / M.pg] = exec_pa(va + o);
}

/*
 * At each round of walks, the pages of the MBs that changed: one that
 * translates executable now, otherwise than at the end of the last call
 * (never executable, execute-never, another output address, unmapped
 * since), may meet any branch predictor and I-cache state of its VA:
 * targets and VA-tagged lines of an earlier mapping, however long ago it
 * went (ARM ARM B2.2.7: new mappings need the predictor invalidated; a
 * VIVT or aliasing VIPT I-cache finds old lines by VA). On every CPU,
 * only an invalidation completed from here on removes it. A break inside
 * one call (fault, then the same translation back) is not a new mapping.
 */
void sm_exec_note(void)
{
	for (unsigned w = 0; w < M.nwin; w++)
		for (uint32_t o = 0; o < M.win[w].len; o += M.pg) {
			uint32_t va = M.win[w].va + o;
			uint32_t pi = M.win[w].first + o / M.pg;
			uint64_t x;

			if (!M.dirty[va >> M.tshift])
				continue;
			x = exec_pa(va);
			if (x == 0 || x == M.xpa[pi])
				continue;
			M.xpa[pi] = x;
			for (unsigned c = 0; c < M.ncpu; c++) {
				struct line *l = sm_il_at(c, pi);
				unsigned i, fr = 0;

				M.bpdx[(size_t)c * M.npages + pi] = 2;
				for (i = 0; i < SM_IL; i++) {
					if (l[i].used && l[i].pa == SM_PA_EARLIER)
						break;
					if (!l[i].used)
						fr = i;
				}
				/* Full: any line is as good to lose, the page
				 * holds stale state either way. */
				if (i == SM_IL)
					l[fr] = (struct line){ SM_PA_EARLIER, true };
			}
		}
}

/* Long descriptors: every 64-bit word of the top buffer (level 1 too)
 * and of the pool. */
static void check_tables_lpae(void)
{
	size_t n = M.top_bytes / 8, i;

	for (i = 0; i < n; i++)
		if (sm_word(M.img_l1, i) != sm_word(M.t->l1, i)) {
			sm_viol("%s[%#zx] = %#llx never made visible to the walker "
			        "(it sees %#llx)", i < M.tents ? "level 2" : "level 1",
			        i < M.tents ? i : i - M.tents,
			        (unsigned long long)sm_word(M.t->l1, i),
			        (unsigned long long)sm_word(M.img_l1, i));
			return;
		}
	for (i = 0; i < M.pool_words / 2; i++)
		if (sm_word(M.img_pool, i) != sm_word(M.t->pool, i)) {
			sm_viol("pool word %#zx (level 3 %#zx[%#zx]) = %#llx never "
			        "made visible to the walker (it sees %#llx)", i,
			        i / 512, i % 512,
			        (unsigned long long)sm_word(M.t->pool, i),
			        (unsigned long long)sm_word(M.img_pool, i));
			return;
		}
}

static void check_tables(void)
{
	if (M.lpae) {
		check_tables_lpae();
		return;
	}
	for (unsigned i = 0; i < VMSA_L1_ENTRIES; i++)
		if (M.img_l1[i] != M.t->l1[i]) {
			sm_viol("L1[%#x] = %#x never made visible to the walker "
			     "(it sees %#x)", i, M.t->l1[i], M.img_l1[i]);
			return;
		}
	for (size_t i = 0; i < M.pool_words; i++)
		if (M.img_pool[i] != ((const uint32_t *)(const void *)
		                      M.t->pool)[i]) {
			sm_viol("pool word %#zx never made visible to the walker",
			     i);
			return;
		}
}

static void check_page(unsigned c, uint32_t pi, uint32_t va)
{
	struct xl now;
	bool ok = sm_xlat_now(va, &now);
	const struct tlbe *e = sm_tlb_at(c, pi);
	const struct line *l = sm_il_at(c, pi);

	for (unsigned i = 0; i < SM_K; i++) {
		if (!e[i].used)
			continue;
		if (!ok || !sm_same_xl(&e[i].x, &now) || (e[i].asid != 0) != now.ng)
			sm_viol("CPU%u VA %#x: stale TLB entry PA %#llx size %#x "
			     "type %#x perm %#x ASID %u (tables: %s PA %#llx "
			     "type %#x perm %#x)", c, va,
			     (unsigned long long)e[i].x.pa, e[i].x.size,
			     e[i].x.key, e[i].x.perm, e[i].asid,
			     ok ? "" : "fault,", (unsigned long long)now.pa,
			     ok ? now.key : 0, ok ? now.perm : 0);
	}
	{
		size_t k = (size_t)c * M.npages + pi;
		if (M.bpdx[k] == 2 || (M.bpdx[k] == 1 &&
		    (!ok || !now.exec || now.pa != M.bppa[k])))
			sm_viol("CPU%u VA %#x: branch predictor not invalidated "
			     "after the executable translation changed", c, va);
	}
	for (unsigned i = 0; i < SM_IL; i++)
		if (l[i].used && l[i].pa == SM_PA_EARLIER)
			sm_viol("CPU%u VA %#x: I-cache not invalidated after the "
			     "VA became executable (lines of an earlier mapping)",
			     c, va);
		else if (l[i].used && (!ok || !now.exec || now.pa != l[i].pa))
			sm_viol("CPU%u VA %#x: stale instructions of PA %#llx in "
			     "the I-cache", c, va, (unsigned long long)l[i].pa);
	if (M.v5 && c == 0)
		for (unsigned i = 0; i < SM_DL; i++) {
			const struct line *d = &M.dl[(size_t)pi * SM_DL + i];
			if (d->used && (!ok || !now.cach || now.pa != d->pa))
				sm_viol("VA %#x: stale D-cache line of PA %#llx "
				     "(VIVT)", va, (unsigned long long)d->pa);
		}
	if (!M.v5 && c == 0 && ok && !now.cach && sm_dpa_find(now.pa, false)) {
		/* A cacheable alias in a window keeps the lines legal. */
		bool alias = false;
		for (unsigned w = 0; w < M.nwin && !alias; w++)
			for (uint32_t o = 0; o < M.win[w].len && !alias; o += M.pg) {
				struct xl y;
				alias = sm_xlat_now(M.win[w].va + o, &y) && y.cach &&
				        y.pa == now.pa;
			}
		if (!alias)
			sm_viol("VA %#x: PA %#llx mapped non-cacheable while the "
			     "D-cache may hold its lines (B3.8.6)", va,
			     (unsigned long long)now.pa);
	}
}

unsigned strict_end(void)
{
	check_tables();
	if (M.lpae)
		sm_lpae_level1_check("at the end of a call");
	/* The call is over: what each page translates to now is what the
	 * next call's new translations are measured against. */
	for (unsigned w = 0; w < M.nwin; w++)
		sm_exec_base(M.win[w].first, M.win[w].va, M.win[w].len);
	for (unsigned c = 0; c < M.ncpu; c++) {
		if (M.npend[c] != 0)
			sm_viol("CPU%u: %u maintenance operations not completed "
			     "by a DSB", c, M.npend[c]);

	}
	if (M.pend_dc)
		sm_viol("data cache maintenance not completed by a DSB");
	if (M.need_isb)
		sm_viol("no ISB after the last completed maintenance or table "
		     "update");
	if (!(M.t->flags & VMSA_TF_LIVE))
		return M.nviol;
	for (unsigned c = 0; c < M.ncpu; c++)
		for (unsigned w = 0; w < M.nwin; w++) {
			for (uint32_t o = 0; o < M.win[w].len; o += M.pg)
				check_page(c, M.win[w].first + o / M.pg,
				           M.win[w].va + o);
			for (uint32_t mb = M.win[w].va >> M.tshift;
			     mb <= (M.win[w].va + M.win[w].len - 1) >> M.tshift;
			     mb++)
				for (unsigned i = 0; i < SM_WC; i++)
					if (M.wc[c][mb][i] != 0 &&
					    M.wc[c][mb][i] != sm_word(M.t->l1, mb))
						sm_viol("CPU%u %s %#x: stale walk-cache "
						     "entry %#llx (%s now %#llx)", c,
						     M.lpae ? "2MB entry" : "MB", mb,
						     (unsigned long long)M.wc[c][mb][i],
						     M.lpae ? "level 2" : "L1",
						     (unsigned long long)
						     sm_word(M.t->l1, mb));
		}
	return M.nviol;
}

