/*
 * query.c - layer 2: the read-only calls: vmsa_translate,
 * vmsa_translate_pa (lock-free, retried against a concurrent writer),
 * vmsa_walk (which reports and steps over an L1 entry whose table lies
 * outside the pool) and vmsa_stats.
 *
 * Does not cover: changes (map.c, op.c), descriptor bits (the format
 * modules).
 */
#include "engine.h"

/*
 * One lock-free read: read(t, va, out) again while a writer changed the
 * tables meanwhile (a table it freed may have been reused under the
 * read). Inlined into each caller, so its read is a direct call (not
 * through the pointer).
 */
static inline __attribute__((always_inline)) int
read_stable(const struct vmsa_table *t, uint32_t va,
            int (*read)(const struct vmsa_table *, uint32_t, void *),
            void *out)
{
	uint32_t s;
	int err;

	do {
		err = vmsa_guard_read_begin(t, &s);
		if (err != VMSA_OK)
			return err;
		err = read(t, va, out);
	} while (vmsa_guard_read_retry(t, s));
	return err;
}

/* The format's one-pass translation (src/fmt/fmt_v7.c, src/fmt/fmt_v5.c): the
 * L1 word, the pool window, the L2 word; not the generic lookup, which
 * builds the whole granule. */
static int translate_read(const struct vmsa_table *t, uint32_t va, void *out)
{
	return vmsa_fmt_xlat(t, va, out);
}

int vmsa_translate(const struct vmsa_table *t, vmsa_va_t va,
                   struct vmsa_xlat *out)
{
	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), translate, VMSA_ERR_INVAL, t, va,
	               out);
	if (out == NULL || !vmsa_table_sealed(t))
		return VMSA_ERR_INVAL;
	return read_stable(t, va.v, translate_read, out);
}

/* The output address alone (no attributes decoded): the hot path for
 * drivers (virt-to-phys for DMA). */
static int translate_pa_read(const struct vmsa_table *t, uint32_t va,
                             void *out)
{
	return vmsa_fmt_xlat_pa(t, va, out);
}

int vmsa_translate_pa(const struct vmsa_table *t, vmsa_va_t va, vmsa_pa_t *pa)
{
	uint64_t r;
	int err;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), translate_pa, VMSA_ERR_INVAL, t, va,
	               pa);
	if (pa == NULL || !vmsa_table_sealed(t))
		return VMSA_ERR_INVAL;
	/* Stored only once a stable read succeeded. */
	err = read_stable(t, va.v, translate_pa_read, &r);
	if (err == VMSA_OK)
		pa->p = r;
	return err;
}

/*
 * An L1 entry pointing to a table outside the pool (vmsa_find's
 * VMSA_ERR_BUSY, which leaves no granule to step by): reported as a run of
 * its own, kind VMSA_KIND_FAULT, pa the table's address, attrs the
 * descriptor's domain/NS/PXN; the walk goes on at the next MB. A debugger
 * dumping a broken table wants the rest of it, and the entry named.
 */
static void report_foreign(const struct vmsa_table *t, uint64_t cur,
                           uint64_t end, vmsa_run_fn fn, void *arg)
{
	dw_t w = vmsa_top(t)[cur >> TOP_SHIFT];
	tpa_t tpa = 0;
	uint64_t mend = (cur & ~(uint64_t)(TOP_SIZE - 1)) + TOP_SIZE;
	struct vmsa_run run;
	bool fine;

	(void)vmsa_fmt_l1_table(t->fmt, w, &fine, &tpa);
	run.va.v = (uint32_t)cur;
	run.size = (mend < end ? mend : end) - cur;
	run.pa.p = tpa;
	run.kind = VMSA_KIND_FAULT;
	run.attrs = vmsa_fmt_l1_table_attrs(t->fmt, w);
	run.count = 1;
	fn(arg, &run);
}

int vmsa_walk(const struct vmsa_table *t, vmsa_va_t va, uint64_t size,
              vmsa_run_fn fn, void *arg)
{
	uint64_t cur, end;
	struct vmsa_run run = { 0 };
	bool have = false;
	int ret = VMSA_OK, err;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), walk, VMSA_ERR_INVAL, t, va, size, fn,
	               arg);
	if (fn == NULL || vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	if (size > VMSA_VA_SPAN - va.v)
		return VMSA_ERR_RANGE;
	end = size ? (uint64_t)va.v + size : VMSA_VA_SPAN;
	cur = va.v;
	while (cur < end) {
		struct gran g;
		uint64_t gend, off, len;

		err = vmsa_lookup(t, (uint32_t)cur, &g);
		if (err != VMSA_OK || g.kind == VMSA_KIND_FAULT) {
			if (have) {
				fn(arg, &run);
				have = false;
			}
			if (err == VMSA_ERR_BUSY) {
				report_foreign(t, cur, end, fn, arg);
				ret = VMSA_ERR_BUSY;
				cur = (cur & ~(uint64_t)(TOP_SIZE - 1)) +
				      TOP_SIZE;
				continue;
			}
			cur = (uint64_t)g.va + g.size;
			continue;
		}
		gend = (uint64_t)g.va + g.size;
		if (gend > end)
			gend = end;
		off = cur - g.va;
		len = gend - cur;
		if (have && run.kind == g.kind && run.attrs == g.attrs &&
		    (uint64_t)run.va.v + run.size == cur &&
		    run.pa.p + run.size == g.pa + off) {
			run.size += len;
			run.count++;
		} else {
			if (have)
				fn(arg, &run);
			run = (struct vmsa_run){ .va = { (uint32_t)cur },
			        .size = len, .pa = { g.pa + off },
			        .kind = g.kind, .attrs = g.attrs, .count = 1 };
			have = true;
		}
		cur = gend;
	}
	if (have)
		fn(arg, &run);
	return ret;
}

int vmsa_stats(const struct vmsa_table *t, struct vmsa_stats *st)
{
	uint32_t i, j;
	enum vmsa_kind k;
	bool fine, res;

	VMSA_TO_ENGINE(VMSA_LPAE_TABLE(t), stats, VMSA_ERR_INVAL, t, st);
	if (st == NULL)
		return VMSA_ERR_INVAL;
	*st = (struct vmsa_stats){ 0 };
	if (vmsa_table_ok(t, false) != VMSA_OK)
		return VMSA_ERR_INVAL;
	for (i = 0; i < TOP_ENTRIES; i++) {
		dw_t w = vmsa_top(t)[i], *l2;

		if (w == 0)
			continue;
		st->descriptors++;
		if (!l1_is_table(t->fmt, w)) {
			k = vmsa_fmt_kind(t->fmt, 1, false, w, &res);
			/* A supersection counts once, at its first entry. */
			if (k == KIND_TOP ||
			    (k == VMSA_KIND_SUPERSECTION && (i & 15) == 0)) {
				st->entries++;
				st->mapped += vmsa_kind_size(k);
			}
			continue;
		}
		l2 = vmsa_table_of(t, w, &fine, NULL);
		if (l2 == NULL)
			continue;
		st->l2_tables++;
		st->l2_bytes += L2_BYTES(fine);
		for (j = 0; j < vmsa_fmt_l2_entries(fine); j++) {
			if (l2[j] == 0)
				continue;
			st->descriptors++;
			k = vmsa_fmt_kind(t->fmt, 2, fine, l2[j], &res);
			if (k != VMSA_KIND_FAULT && !res &&
			    (j & (vmsa_fmt_reps(k, fine) - 1)) == 0) {
				st->entries++;
				st->mapped += vmsa_kind_size(k);
			}
		}
	}
	return VMSA_OK;
}

