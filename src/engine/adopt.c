/*
 * adopt.c - layer 2: vmsa_adopt, the engine taking over tables it did not
 * build in this run (tables prebuilt on the host by the same engine and
 * linked into the image, or handed over by an earlier stage), so that
 * map, unmap, protect and remap work on them as on tables vmsa_init set
 * up.
 *
 * Covers: the arguments (vmsa_init's checks, engine.c), the pool bitmap
 * recovered from the tables the L1 table references (vmsa_pool_ref in
 * its building mode, valid.c: the rule vmsa_table_check checks the bitmap
 * with), every descriptor of the L1 table and of those tables decodable
 * and its replicated entries (supersections, large pages, ARMv5 small
 * pages in fine tables) identical, and vmsa_table_ok (the fields and the
 * bitmap's count) on the result. Nothing is written before all of that
 * passed: not the tables (never), not *t.
 * Does not cover: whether the tables map what the caller meant (compare
 * them, as the boot test does), the W^X debug option (off after adopt),
 * the flags (0 after adopt: the caller sets VMSA_TF_SMP, and
 * VMSA_TF_LIVE when the tables are already in use, with vmsa_set_flags).
 */
#include "engine.h"

/* The last leaf whose attributes decoded, by kind and the bits below its
 * granule's size (attributes and, for supersections, PA[39:32]): a leaf
 * with the same is not decoded again. */
struct seen {
	enum vmsa_kind kind;
	dw_t low;
};

/* The leaf at p[j] (of p[0..n) of `level`; fine: an ARMv5 fine table) is
 * what the engine writes: it decodes (no reserved encoding, attributes
 * with an abstract form; tattrs those of the table's L1 entry), and when
 * it takes several entries they are all there, aligned and identical.
 * Sets *r to the entries to step past. The walks step from a granule's
 * first entry past its copies, so an entry they land on that is not its
 * granule's first follows a different word: corrupt. */
static bool leaf_ok(vmsa_fmt_t fmt, int level, bool fine, const dw_t *p,
                    uint32_t j, uint32_t n, vmsa_attr_t tattrs,
                    struct seen *sn, uint32_t *r)
{
	dw_t w = p[j], low;
	uint32_t i, reps;
	enum vmsa_kind k;
	vmsa_attr_t a;
	bool res;

	*r = 1;
	k = vmsa_fmt_kind(fmt, level, fine, w, &res);
	if (res)
		return false;
	if (k == VMSA_KIND_FAULT)
		return true;
	reps = vmsa_fmt_reps(k, fine);
	if ((j & (reps - 1)) != 0 || j + reps > n)
		return false;
	for (i = 1; i < reps; i++)
		if (p[j + i] != w)
			return false;
	*r = reps;
	low = w & (vmsa_kind_size(k) - 1);
	if (sn->kind == k && sn->low == low)
		return true;
	if (vmsa_fmt_leaf_attrs(fmt, k, fine, w, tattrs, &a) != VMSA_OK)
		return false;
	sn->kind = k;
	sn->low = low;
	return true;
}

/* Every entry of a second-level table. */
static bool table_ok(vmsa_fmt_t fmt, bool fine, const dw_t *l2,
                     vmsa_attr_t tattrs)
{
	uint32_t j, r, n = vmsa_fmt_l2_entries(fine);
	struct seen sn = { VMSA_KIND_FAULT, 0 };

	for (j = 0; j < n; j += r) {
		r = 1;
		if (l2[j] != 0 &&
		    !leaf_ok(fmt, 2, fine, l2, j, n, tattrs, &sn, &r))
			return false;
	}
	return true;
}

int vmsa_adopt_fmt(const struct vmsa_format *format, struct vmsa_table *t,
                   vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                   vmsa_pa_t pool_pa, size_t pool_bytes)
{
	struct vmsa_table n;
	struct seen sn = { VMSA_KIND_FAULT, 0 };
	uint32_t i, r, nw;
	tpa_t tpa;
	dw_t w, *l2, *top = (dw_t *)(void *)l1;
	bool fine;
	int err;

	VMSA_TO_ENGINE(fmt == VMSA_FMT_LPAE, adopt, VMSA_ERR_UNSUPPORTED,
	               format, t, fmt, l1, l1_pa, pool, pool_pa, pool_bytes);
	err = vmsa_init_args(format, t, fmt, l1, l1_pa, pool, pool_pa,
	                     pool_bytes);
	if (err != VMSA_OK)
		return err;
#if VMSA_ENG_LPAE
	if (!vmsa_le_level1_ok(l1, l1_pa.p))
		return VMSA_ERR_CORRUPT;
#endif
	/* Everything on a copy first: *t is written only at the end. */
	vmsa_init_fields(&n, fmt, l1, l1_pa, pool, pool_pa, pool_bytes);
	/* One walk of the L1 table: a table's units (vmsa_table_check's
	 * rule, building the bitmap), then its entries; a leaf and its
	 * copies. Eight fault words (0) at a time where they are. */
	for (i = 0; i < TOP_ENTRIES; i += r) {
		r = 1;
		if ((i & 7) == 0 && (top[i] | top[i + 1] | top[i + 2] |
		                     top[i + 3] | top[i + 4] | top[i + 5] |
		                     top[i + 6] | top[i + 7]) == 0) {
			r = 8;
			continue;
		}
		w = top[i];
		if (w == 0)
			continue;
		if (!vmsa_fmt_l1_table(fmt, w, &fine, &tpa)) {
			if (!leaf_ok(fmt, 1, false, top, i, TOP_ENTRIES, 0, &sn,
			             &r))
				return VMSA_ERR_CORRUPT;
			continue;
		}
		err = vmsa_pool_ref(&n, n.used, w, true);
		if (err != VMSA_OK)
			return err;
		l2 = vmsa_pool_table(&n, tpa, fine, NULL);
		if (l2 == NULL ||
		    !table_ok(fmt, fine, l2, vmsa_fmt_l1_table_attrs(fmt, w)))
			return VMSA_ERR_CORRUPT;
	}
	nw = (n.pool_units + 31) / 32;
	for (i = 0; i < nw; i++)
		n.used_units += vmsa_bits_set(n.used[i]);
	/* The fields and the bitmap's count, as vmsa_table_check does. */
	if (vmsa_table_fields_ok(&n) != VMSA_OK ||
	    vmsa_table_ok(&n, true) != VMSA_OK)
		return VMSA_ERR_CORRUPT;
	vmsa_init_fields(t, fmt, l1, l1_pa, pool, pool_pa, pool_bytes);
	for (i = 0; i < nw; i++)
		t->used[i] = n.used[i];
	t->used_units = n.used_units;
	return VMSA_OK;
}
