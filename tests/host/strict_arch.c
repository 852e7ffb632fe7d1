/*
 * strict_arch.c - the strict model's side of the arch layer: the fake
 * arch's hook, turning each recorded call (table write sync, barrier, TLB
 * and cache maintenance, broadcast or local) into what the model's TLBs
 * and caches do, and the set-up of strict_model.h (strict_attach,
 * strict_window, strict_detach). Not here: the walker, TLBs and caches
 * themselves (strict_model.c), descriptor decoding (strict_desc.c), the
 * end-of-call checks (strict_check.c).
 */
#include "strict_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_arch.h"
#include "strict_int.h"

/* ---- the arch calls ------------------------------------------------------ */

/* Drop CPU c's entries for page pi filled before issue epoch `before`. */
static void drop_page(unsigned c, uint32_t pi, uint32_t mb, uint32_t before)
{
	struct tlbe *e = sm_tlb_at(c, pi);

	M.dirty[mb] = 1;

	size_t k = (size_t)c * M.npages + pi;

	for (unsigned i = 0; i < SM_K; i++) {
		if (!e[i].used || e[i].epoch >= before)
			continue;
		if (e[i].x.exec) {
			if (M.bpdx[k] == 0) {
				M.bpdx[k] = 1;
				M.bppa[k] = e[i].x.pa;
			} else if (M.bppa[k] != e[i].x.pa) {
				M.bpdx[k] = 2;
			}
		}
		e[i].used = false;
	}
	memset(sm_seen_at(c, pi), 0, SM_SEEN * sizeof(struct seen));
}

/* A DSB: every maintenance issued before it is complete, in order. */
static void dsb(void)
{
	for (unsigned c = 0; c < M.ncpu; c++) {
		for (unsigned k = 0; k < M.npend[c]; k++) {
			const struct pend *p = &M.pend[c][k];
			uint32_t pi;

			switch (p->k) {
			case P_TLBI_VA:
				if (sm_page_index(p->va, &pi))
					drop_page(c, pi, p->va >> M.tshift,
					          p->epoch);
				memset(M.wc[c][p->va >> M.tshift], 0,
				       sizeof(M.wc[c][0]));
				M.dirty[p->va >> M.tshift] = 1;
				break;
			case P_TLBI_ALL:
				for (pi = 0; pi < M.npages; pi++)
					drop_page(c, pi, 0, p->epoch);
				memset(M.wc[c], 0, sizeof(M.wc[c]));
				M.all_dirty = true;
				break;
			case P_BP:
				if (M.npages != 0)
					memset(&M.bpdx[(size_t)c * M.npages], 0,
					       M.npages);
				break;
			case P_IC:
				if (M.npages != 0)
					memset(sm_il_at(c, 0), 0, (size_t)M.npages *
					       SM_IL * sizeof(struct line));
				M.refill = true;
				break;
			}
			M.need_isb = true;
		}
		M.npend[c] = 0;
	}
	if (M.pend_dc)
		M.need_isb = true;
	M.pend_dc = false;
}

static void issue(bool smp, enum pend_kind k, uint32_t va)
{
	unsigned n = smp ? M.ncpu : 1;

	M.epoch++;

	for (unsigned c = 0; c < n; c++) {
		if (M.npend[c] == SM_PENDING) {
			sm_viol("model: more than %u operations before a DSB",
			     SM_PENDING);
			return;
		}
		M.pend[c][M.npend[c]].k = k;
		M.pend[c][M.npend[c]].va = va & ~(M.pg - 1u);
		M.pend[c][M.npend[c]].epoch = M.epoch;
		M.npend[c]++;
		/* Walk again before the DSB: what a walk now refills from
		 * the tables, this TLBI does not remove. Walks from here on
		 * no longer use the walk-cache entries it covers (the
		 * modelled reading: a TLBI stops new walks from using
		 * intermediate entries at once, TLB entries go when it
		 * completes). */
		if (k == P_TLBI_VA) {
			uint32_t pi;

			if (sm_page_index(va, &pi))
				memset(sm_seen_at(c, pi), 0,
				       SM_SEEN * sizeof(struct seen));
			memset(M.wc[c][va >> M.tshift], 0, sizeof(M.wc[c][0]));
			M.dirty[va >> M.tshift] = 1;
		} else if (k == P_TLBI_ALL) {
			if (M.npages != 0)
				memset(sm_seen_at(c, 0), 0, (size_t)M.npages *
				       SM_SEEN * sizeof(struct seen));
			memset(M.wc[c], 0, sizeof(M.wc[c]));
			M.all_dirty = true;
		}
	}
}

/* Long descriptors: copy the 64-bit words wholly inside [a, e) (a word
 * the range only partly covers stays as the walker saw it). Returns
 * whether the image changed. */
static bool sync64(uintptr_t a, uintptr_t e, uintptr_t l1, uintptr_t l1e,
                   uintptr_t pl, uintptr_t ple)
{
	bool changed = false;

	for (a = (a + 7u) & ~(uintptr_t)7u; a + 8u <= e; a += 8) {
		uint64_t *img = NULL, v = *(const uint64_t *)a;
		if (a >= l1 && a + 8u <= l1e)
			img = (uint64_t *)(void *)M.img_l1 + (a - l1) / 8;
		else if (pl != 0 && a >= pl && a + 8u <= ple)
			img = (uint64_t *)(void *)M.img_pool + (a - pl) / 8;
		if (img != NULL && *img != v) {
			*img = v;
			changed = true;
		}
	}
	return changed;
}

/* Copy [p, p + len) of table memory to the walker's image. */
static void sync(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, e = a + len;
	uintptr_t l1 = (uintptr_t)M.t->l1, l1e = l1 + M.top_bytes;
	uintptr_t pl = (uintptr_t)M.t->pool, ple = pl + M.pool_words * 4;
	bool changed = false;

	if (M.lpae) {
		changed = sync64(a, e, l1, l1e, pl, ple);
		a = e;
	}
	for (; a < e; a += 4) {
		uint32_t *img = NULL, v = *(const uint32_t *)a;
		if (a >= l1 && a < l1e)
			img = &M.img_l1[(a - l1) / 4];
		else if (pl != 0 && a >= pl && a < ple)
			img = &M.img_pool[(a - pl) / 4];
		if (img != NULL && *img != v) {
			*img = v;
			changed = true;
		}
	}
	/* A descriptor the walker may now use: DSB (in sync_table) then
	 * ISB before the code that relies on it (B3.10.1). */
	if (changed && (M.t->flags & VMSA_TF_LIVE))
		M.need_isb = true;
}

static void dcache_ci(uint32_t va, uint32_t len)
{
	uint64_t o;

	for (o = 0; o < len; o += M.pg) {
		uint32_t v = (uint32_t)(va + o), pi;
		struct xl x;

		if (M.v5) {
			if (sm_page_index(v, &pi))
				memset(&M.dl[(size_t)pi * SM_DL], 0,
				       SM_DL * sizeof(struct line));
			continue;
		}
		if (!sm_xlat_now(v, &x)) {
			sm_viol("DCCIMVAC of VA %#x with no translation: the "
			     "CPU would take a translation fault", v);
			return;
		}
		sm_dpa_del(x.pa);
	}
	M.pend_dc = true;
	M.refill = true;
}

static void hook(void *arg, const struct fake_rec *r)
{
	(void)arg;
	/* Long descriptors: the walker also walks just before the call,
	 * after the engine's stores since the last one and before the call
	 * completes anything (the DSB of a sync or a barrier): a store of a
	 * new entry that reaches the walker before the DSB completing the
	 * break's TLBI meets the old entry (the short formats' model walks
	 * after the call only; ARMv5's cache rules catch that order there). */
	if (M.lpae)
		sm_walk_all();
	switch (r->kind) {
	case FAKE_SYNC_TABLE:
		sync(r->ptr, r->len);
		dsb();                  /* sync_table ends with a DSB */
		break;
	case FAKE_TLBI_VA:
		issue(r->smp, P_TLBI_VA, r->va);
		break;
	case FAKE_TLBI_ALL:
		issue(r->smp, P_TLBI_ALL, 0);
		break;
	case FAKE_BP_INVAL:
		issue(r->smp, P_BP, 0);
		break;
	case FAKE_ICACHE_INVAL:
		issue(r->smp, P_IC, 0);
		break;
	case FAKE_DCACHE_CI:
		dcache_ci(r->va, (uint32_t)r->len);
		break;
	case FAKE_DSB:
		dsb();
		break;
	case FAKE_ISB:
		/* Context synchronisation: only what a DSB completed. */
		M.need_isb = false;
		for (unsigned c = 0; c < M.ncpu; c++)
			if (M.npend[c] != 0)
				M.need_isb = true;
		break;
	case FAKE_LOCK:
	case FAKE_UNLOCK:
		break;
	}
	sm_walk_all();
}

/* ---- set-up and the end-of-call checks ---------------------------------- */

void strict_attach(const struct vmsa_table *t, unsigned ncpu)
{
	strict_detach();
	M.t = t;
	M.v5 = (t->fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5;
	M.lpae = t->fmt == VMSA_FMT_LPAE;
	M.pg = M.v5 ? 0x400u : 0x1000u;
	M.tshift = M.lpae ? 21u : 20u;
	M.tents = M.lpae ? 2048u : VMSA_L1_ENTRIES;
	M.top_bytes = M.lpae ? VMSA_LPAE_L1_BYTES : VMSA_L1_BYTES;
	M.ncpu = ncpu < 1 ? 1 : ncpu > SM_CPUS ? SM_CPUS : ncpu;
	M.img_l1 = malloc(M.top_bytes);
	memcpy(M.img_l1, t->l1, M.top_bytes);
	/* Pool units: 1KB, or a 4KB level-3 table each (LPAE). */
	M.pool_words = (size_t)t->pool_units * (M.lpae ? 1024u : 256u);
	M.img_pool = calloc(M.pool_words + 1, 4);
	if (M.pool_words)
		memcpy(M.img_pool, t->pool, M.pool_words * 4);
	M.dpa = calloc(SM_HASH, sizeof(uint64_t));
	M.sh_l1 = calloc(M.top_bytes, 1);
	M.sh_img_l1 = calloc(M.top_bytes, 1);
	M.sh_pool = calloc(M.pool_words + 1, 4);
	M.sh_img_pool = calloc(M.pool_words + 1, 4);
	M.all_dirty = true;
	if (M.lpae)
		sm_lpae_level1_check("at attach");
	fake_arch_set_hook(hook, NULL);
}

static void *grow(void *p, size_t old, size_t nu)
{
	uint8_t *q = realloc(p, nu);
	if (q == NULL)
		abort();
	memset(q + old, 0, nu - old);
	return q;
}

void strict_window(uint32_t va, uint32_t len)
{
	uint32_t n, old = M.npages;

	va &= ~(M.pg - 1u);
	if (M.nwin == SM_WINS || len == 0)
		abort();
	n = len / M.pg;
	M.win[M.nwin].va = va;
	M.win[M.nwin].len = n * M.pg;
	M.win[M.nwin].first = old;
	M.nwin++;
	M.npages += n;
	M.all_dirty = true;
	/* [cpu][page] arrays: regrow and move each CPU's rows. */
	{
		size_t ts = sizeof(struct tlbe) * SM_K, ss = sizeof(struct seen) * SM_SEEN,
		       is = sizeof(struct line) * SM_IL;
		struct tlbe *tlb = calloc((size_t)SM_CPUS * M.npages, ts);
		struct seen *seen = calloc((size_t)SM_CPUS * M.npages, ss);
		struct line *il = calloc((size_t)SM_CPUS * M.npages, is);
		for (unsigned c = 0; c < SM_CPUS && old; c++) {
			memcpy((uint8_t *)tlb + c * M.npages * ts,
			       (uint8_t *)M.tlb + c * old * ts, old * ts);
			memcpy((uint8_t *)seen + c * M.npages * ss,
			       (uint8_t *)M.seen + c * old * ss, old * ss);
			memcpy((uint8_t *)il + c * M.npages * is,
			       (uint8_t *)M.il + c * old * is, old * is);
		}
		uint8_t *bpdx = calloc((size_t)SM_CPUS * M.npages, 1);
		uint64_t *bppa = calloc((size_t)SM_CPUS * M.npages, 8);
		for (unsigned c = 0; c < SM_CPUS && old; c++) {
			memcpy(bpdx + c * M.npages, M.bpdx + c * old, old);
			memcpy(bppa + c * M.npages, M.bppa + c * old, old * 8);
		}
		free(M.tlb);
		free(M.seen);
		free(M.il);
		free(M.bpdx);
		free(M.bppa);
		M.tlb = tlb;
		M.seen = seen;
		M.il = il;
		M.bpdx = bpdx;
		M.bppa = bppa;
		M.dl = grow(M.dl, (size_t)old * SM_DL * sizeof(struct line),
		            (size_t)M.npages * SM_DL * sizeof(struct line));
		M.xpa = grow(M.xpa, (size_t)old * 8, (size_t)M.npages * 8);
	}
	sm_exec_base(old, va, n * M.pg);
	sm_walk_all();
}

void strict_detach(void)
{
	fake_arch_set_hook(NULL, NULL);
	free(M.img_l1);
	free(M.img_pool);
	free(M.tlb);
	free(M.seen);
	free(M.il);
	free(M.bpdx);
	free(M.bppa);
	free(M.xpa);
	free(M.dl);
	free(M.dpa);
	free(M.sh_l1);
	free(M.sh_img_l1);
	free(M.sh_pool);
	free(M.sh_img_pool);
	memset(&M, 0, sizeof(M));
}
