/*
 * src/boot/layout.c - the boot region array from the image's part
 * addresses and a board's regions (src/boot/layout.h says what it maps).
 * Pure: no linker symbols, no board global, no I/O, so the boot stub
 * (src/boot/image.c) and the host's offline check (src/check) run the
 * same code.
 *
 * Does not cover where the addresses come from (image.c: the linker;
 * src/check/vmsa_check.c: the ELF's symbols).
 */
#include "layout.h"

#define PAGE 0x1000u

struct out {
	struct vmsa_region *r;
	size_t n, max;
};

static const struct {
	const char *name;
	vmsa_attr_t attrs;
} parts[] = {
#define BOOT_PART_(nm, s, e, a) { nm, a },
	BOOT_IMAGE_PARTS(BOOT_PART_)
#undef BOOT_PART_
};

static bool add(struct out *o, const char *name, uint64_t va, uint64_t pa,
                uint64_t size, vmsa_attr_t attrs)
{
	if (size == 0)
		return true;
	if (o->n >= o->max)
		return false;
	o->r[o->n++] = (struct vmsa_region){
		.name = name, .va = vmsa_va((uint32_t)va), .pa = vmsa_pa(pa),
		.size = size, .attrs = attrs };
	return true;
}

/* Add board region r minus the VA range [cut_lo, cut_hi), and minus page
 * 0: up to three pieces, each keeping r's VA-to-PA offset. */
static bool add_cut(struct out *o, const struct vmsa_region *r,
                    uint64_t cut_lo, uint64_t cut_hi)
{
	uint64_t lo = r->va.v, hi = lo + r->size;
	uint64_t piece[3][2] = { { lo, hi }, { 0, 0 }, { 0, 0 } };
	unsigned np = 1;

	if (cut_lo < hi && cut_hi > lo) {
		piece[0][1] = cut_lo > lo ? cut_lo : lo;
		piece[np][0] = cut_hi < hi ? cut_hi : hi;
		piece[np][1] = hi;
		np++;
	}
	for (unsigned i = 0; i < np; i++) {
		uint64_t a = piece[i][0], b = piece[i][1];
		if (a == 0)
			a = PAGE < b ? PAGE : b;   /* page 0 stays unmapped */
		if (a < b && !add(o, r->name, a, r->pa.p + (a - lo), b - a,
		                  r->attrs))
			return false;
	}
	return true;
}

int boot_layout_regions(const struct boot_layout *l, vmsa_fmt_t fmt,
                        const struct vmsa_region *board, size_t nboard,
                        struct vmsa_region *out, size_t max, size_t *count)
{
	uint32_t img_lo = l->lo[0], img_hi = l->hi[BOOT_IMAGE_NPARTS - 1];
	vmsa_attr_t base = VMSA_MT_WRITEALLOC;
	struct out o = { out, 0, max };
	bool ok = true;

	if ((fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5) {
		if (nboard > max)
			return VMSA_ERR_NOMEM;
		for (size_t i = 0; i < nboard; i++)
			out[i] = board[i];
		*count = nboard;
		return VMSA_OK;
	}
	/* The image's memory type, shareability, NS and domain are those of
	 * the board region that maps it identity (its RAM). */
	for (size_t i = 0; i < nboard; i++) {
		const struct vmsa_region *r = &board[i];
		if (r->va.v == r->pa.p && img_lo >= r->va.v &&
		    img_hi <= r->va.v + r->size)
			base = r->attrs & (VMSA_MT_MASK | VMSA_SHARED | VMSA_NS |
			                   VMSA_DOMAIN_MASK);
	}
	for (size_t i = 0; ok && i < BOOT_IMAGE_NPARTS; i++)
		ok = add(&o, parts[i].name, l->lo[i], l->lo[i],
		         (uint32_t)(l->hi[i] - l->lo[i]), base | parts[i].attrs);
	for (size_t i = 0; ok && i < nboard; i++)
		ok = add_cut(&o, &board[i], img_lo, img_hi);
	if (!ok)
		return VMSA_ERR_NOMEM;
	*count = o.n;
	return VMSA_OK;
}
