/*
 * src/boot/image.c - the region array every boot table maps on ARMv7: the
 * firmware image's own regions, from the linker symbols of
 * linker/vmsa.ld, followed by the board's regions with the image and page
 * 0 cut out of them. One array, so vmsa_map_regions validates all of it
 * before writing anything.
 *
 * Image layout (identity mapped, the board RAM region's memory type and
 * shareability, so the board's RAM aliases agree with it):
 *
 *   text (code, user-mode code)     RO, executable       privileged
 *   rodata (+ exidx, init arrays)   RO, XN
 *   data, BSS                       RW, XN
 *   tables (.vmsa_tables)           RW, XN, privileged only (no USER)
 *   each mode's stack               RW, XN, an unmapped guard page below
 *   heap                            RW, XN
 *
 * So no page of the image is both writable and executable, a stack
 * overflow takes a translation fault, and USR mode reaches none of it.
 * Page 0 is never mapped (a NULL access faults) unless the image itself
 * starts there.
 *
 * boot_regions_of builds the array from the parts' addresses, whoever
 * found them: boot_regions from the firmware's own linker symbols, the
 * host generator of prebuilt tables (tests/qemu/prebuilt.c, which builds
 * this file with BOOT_IMAGE_HOST) from `nm` of the linked image.
 *
 * Covers ARMv7 formats. ARMv5 boards get their own regions unchanged: the
 * ARM926 has no XN and no privileged read-only encoding, so the layout
 * could enforce nothing but the guards (and its vectors live at 0).
 */
#include "boot.h"

/*
 * The image's parts, in address order, from the linker symbols of
 * linker/vmsa.ld, and what each may do: text is the only executable part,
 * and nothing executable is writable. X(name, low symbol, high symbol,
 * access and XN). One list: the firmware takes the addresses from its own
 * link (boot_regions), the host generator of prebuilt tables
 * (tests/qemu/prebuilt.c) the same symbols by name from `nm` of the image.
 */
#define IMAGE_PARTS(X) \
	X("text",      __text_start,        __text_end,       VMSA_RO) \
	X("rodata",    __text_end,          __rodata_end,     VMSA_RO | VMSA_XN) \
	X("data",      __data_start,        __vmsa_tables_start, VMSA_RW | VMSA_XN) \
	X("tables",    __vmsa_tables_start, __tables_map_end, VMSA_RW | VMSA_XN) \
	X("stack-fiq", __stack_fiq_bottom,  __stack_fiq_top,  VMSA_RW | VMSA_XN) \
	X("stack-irq", __stack_irq_bottom,  __stack_irq_top,  VMSA_RW | VMSA_XN) \
	X("stack-abt", __stack_abt_bottom,  __stack_abt_top,  VMSA_RW | VMSA_XN) \
	X("stack-und", __stack_und_bottom,  __stack_und_top,  VMSA_RW | VMSA_XN) \
	X("stack-usr", __stack_usr_bottom,  __stack_usr_top,  VMSA_RW | VMSA_XN) \
	X("stack-svc", __stack_svc_bottom,  __stack_svc_top,  VMSA_RW | VMSA_XN) \
	X("heap",      __heap_start,        __heap_end,       VMSA_RW | VMSA_XN)

#define PART_NAME(n, lo, hi, a) n,
#define PART_ATTRS(n, lo, hi, a) a,
static const char *const part_name[] = { IMAGE_PARTS(PART_NAME) };
static const vmsa_attr_t part_attrs[] = { IMAGE_PARTS(PART_ATTRS) };
#ifdef BOOT_IMAGE_HOST
/* The host generator looks the symbols up by name in `nm` output. */
#define PART_SYMS(n, lo, hi, a) { #lo, #hi },
const char *const boot_image_syms[BOOT_IMAGE_PARTS][2] = {
	IMAGE_PARTS(PART_SYMS)
};
#endif
_Static_assert(sizeof part_name / sizeof part_name[0] == BOOT_IMAGE_PARTS,
               "BOOT_IMAGE_PARTS (boot.h) counts IMAGE_PARTS");

#define PAGE 0x1000u

static struct vmsa_region regions[BOOT_REGIONS_MAX];

static bool add(size_t *n, const char *name, uint64_t va, uint64_t pa,
                uint64_t size, vmsa_attr_t attrs)
{
	if (size == 0)
		return true;
	if (*n >= BOOT_REGIONS_MAX)
		return false;
	regions[*n] = (struct vmsa_region){
		.name = name, .va = vmsa_va((uint32_t)va), .pa = vmsa_pa(pa),
		.size = size, .attrs = attrs };
	(*n)++;
	return true;
}

/* Add board region r minus the VA range [cut_lo, cut_hi), and minus page
 * 0: up to three pieces, each keeping r's VA-to-PA offset. */
static bool add_cut(size_t *n, const struct vmsa_region *r, uint64_t cut_lo,
                    uint64_t cut_hi)
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
		if (a < b && !add(n, r->name, a, r->pa.p + (a - lo), b - a,
		                  r->attrs))
			return false;
	}
	return true;
}

int boot_regions_of(const struct boot_image *img, const struct board *b,
                    vmsa_fmt_t fmt, const struct vmsa_region **out,
                    size_t *count)
{
	uint32_t img_lo = img->lo[0], img_hi = img->hi[BOOT_IMAGE_PARTS - 1];
	vmsa_attr_t base = VMSA_MT_WRITEALLOC;
	size_t n = 0;
	bool ok = true;

	if ((fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5) {
		*out = b->regions;
		*count = b->n_regions;
		return VMSA_OK;
	}
	/* The image's memory type, shareability, NS and domain are those of
	 * the board region that maps it identity (its RAM). */
	for (size_t i = 0; i < b->n_regions; i++) {
		const struct vmsa_region *r = &b->regions[i];
		if (r->va.v == r->pa.p && img_lo >= r->va.v &&
		    img_hi <= r->va.v + r->size)
			base = r->attrs & (VMSA_MT_MASK | VMSA_SHARED | VMSA_NS |
			                   VMSA_DOMAIN_MASK);
	}
	for (size_t i = 0; i < BOOT_IMAGE_PARTS; i++)
		ok &= add(&n, part_name[i], img->lo[i], img->lo[i],
		          img->hi[i] - img->lo[i], base | part_attrs[i]);
	for (size_t i = 0; ok && i < b->n_regions; i++)
		ok = add_cut(&n, &b->regions[i], img_lo, img_hi);
	if (!ok)
		return VMSA_ERR_NOMEM;
	*out = regions;
	*count = n;
	return VMSA_OK;
}

#ifndef BOOT_IMAGE_HOST
/* The firmware's own link: the symbols' addresses. */
#define PART_DECL(n, lo, hi, a) extern char lo[], hi[];
IMAGE_PARTS(PART_DECL)
#define PART_ADDR(n, lo, hi, a) { lo, hi },

static uint32_t addr(const char *p)
{
	return (uint32_t)(uintptr_t)p;
}

int boot_regions(vmsa_fmt_t fmt, const struct vmsa_region **out,
                 size_t *count)
{
	static const char *const addrs[BOOT_IMAGE_PARTS][2] = {
		IMAGE_PARTS(PART_ADDR)
	};
	struct boot_image img;

	for (size_t i = 0; i < BOOT_IMAGE_PARTS; i++) {
		img.lo[i] = addr(addrs[i][0]);
		img.hi[i] = addr(addrs[i][1]);
	}
	return boot_regions_of(&img, &board, fmt, out, count);
}
#endif
