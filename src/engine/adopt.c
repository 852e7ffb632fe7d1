/*
 * adopt.c - layer 2: vmsa_adopt, the engine taking over tables it did not
 * build in this run (tables prebuilt on the host by the same engine and
 * linked into the image, or handed over by an earlier stage), so that
 * map, unmap, protect and remap work on them as on tables vmsa_init set
 * up.
 *
 * Covers: the arguments (vmsa_init's checks, engine.c), the pool bitmap
 * recovered from the tables the L1 table references (vmsa_pool_refs in
 * its building mode, valid.c: the same walk vmsa_table_check checks the
 * bitmap with), every descriptor of the L1 table and of those tables
 * decodable and its replicated entries (supersections, large pages,
 * ARMv5 small pages in fine tables) identical, and vmsa_table_check on
 * the result. Nothing is written before all of that passed: not the
 * tables (never), not *t.
 * Does not cover: whether the tables map what the caller meant (compare
 * them, as the boot test does), the W^X debug option (off after adopt),
 * the flags (0 after adopt: the caller sets VMSA_TF_SMP, and
 * VMSA_TF_LIVE when the tables are already in use, with vmsa_set_flags).
 */
#include "engine.h"

/* Set bits of x (no __builtin_popcount: a libgcc call on ARM). */
static uint32_t bits_set(uint32_t x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (x * 0x01010101u) >> 24;
}

/* Entries p[0..n) of `level` (fine: an ARMv5 fine table) are what the
 * engine writes: each decodes (no reserved encoding, attributes with an
 * abstract form; tattrs those of the table's L1 entry), and a granule
 * that takes several entries has them all, aligned and identical. L1
 * page-table descriptors are left to vmsa_pool_refs. */
static bool entries_ok(vmsa_fmt_t fmt, int level, bool fine,
                       const uint32_t *p, uint32_t n, vmsa_attr_t tattrs)
{
	uint32_t j, i, r, h, tpa;
	enum vmsa_kind k;
	vmsa_attr_t a;
	bool res, tf;

	for (j = 0; j < n; j++) {
		uint32_t w = p[j];

		if (w == 0 || (level == 1 && vmsa_fmt_l1_table(fmt, w, &tf, &tpa)))
			continue;
		k = vmsa_fmt_kind(fmt, level, fine, w, &res);
		if (res)
			return false;
		if (k == VMSA_KIND_FAULT)
			continue;
		if (vmsa_fmt_leaf_attrs(fmt, k, fine, w, tattrs, &a) != VMSA_OK)
			return false;
		r = vmsa_fmt_reps(k, fine);
		h = j & ~(r - 1);
		if (p[h] != w)
			return false;
		for (i = 1; h == j && i < r; i++)
			if (p[j + i] != w)
				return false;
	}
	return true;
}

int vmsa_adopt_fmt(const struct vmsa_format *format, struct vmsa_table *t,
                   vmsa_fmt_t fmt, uint32_t *l1, vmsa_pa_t l1_pa, void *pool,
                   vmsa_pa_t pool_pa, size_t pool_bytes)
{
	struct vmsa_table n;
	uint32_t i, nw, w, *l2;
	bool fine;
	int err = vmsa_init_args(format, t, fmt, l1, l1_pa, pool, pool_pa,
	                         pool_bytes);

	if (err != VMSA_OK)
		return err;
	/* Everything on a copy first: *t is written only at the end. */
	vmsa_init_fields(&n, fmt, l1, l1_pa, pool, pool_pa, pool_bytes);
	err = vmsa_pool_refs(&n, n.used, true);
	if (err != VMSA_OK)
		return err;
	nw = (n.pool_units + 31) / 32;
	for (i = 0; i < nw; i++)
		n.used_units += bits_set(n.used[i]);
	if (!entries_ok(fmt, 1, false, l1, VMSA_L1_ENTRIES, 0))
		return VMSA_ERR_CORRUPT;
	for (i = 0; i < VMSA_L1_ENTRIES; i++) {
		w = l1[i];
		l2 = vmsa_table_of(&n, w, &fine, NULL);
		if (l2 != NULL &&
		    !entries_ok(fmt, 2, fine, l2, vmsa_fmt_l2_entries(fine),
		                vmsa_fmt_l1_table_attrs(fmt, w)))
			return VMSA_ERR_CORRUPT;
	}
	/* What every call relies on, as vmsa_table_check sees it. */
	if (vmsa_table_check(&n) != VMSA_OK)
		return VMSA_ERR_CORRUPT;
	vmsa_init_fields(t, fmt, l1, l1_pa, pool, pool_pa, pool_bytes);
	for (i = 0; i < nw; i++)
		t->used[i] = n.used[i];
	t->used_units = n.used_units;
	return VMSA_OK;
}
