/*
 * src/boot/image.c - the region array every boot table maps: the
 * firmware image's own regions, from the linker symbols of
 * linker/vmsa.ld, followed by the board's regions with the image and page
 * 0 cut out of them (src/boot/layout.c builds the array from the
 * addresses this file reads). One array, so vmsa_map_regions validates
 * all of it before writing anything.
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
 * Covers ARMv7 formats. ARMv5 boards get their own regions unchanged: the
 * ARM926 has no XN and no privileged read-only encoding, so the layout
 * could enforce nothing but the guards (and its vectors live at 0).
 */
#include "boot.h"
#include "layout.h"

/* linker/vmsa.ld: every symbol BOOT_IMAGE_PARTS names. */
#define BOOT_PART_EXTERN_(nm, s, e, a) extern char s[], e[];
BOOT_IMAGE_PARTS(BOOT_PART_EXTERN_)

static struct vmsa_region regions[BOOT_REGIONS_MAX];

int boot_regions(vmsa_fmt_t fmt, const struct vmsa_region **out,
                 size_t *count)
{
	struct boot_layout l;
	size_t n = 0, i = 0;
	int rc;

	if ((fmt & VMSA_FMT_ARCH_MASK) == VMSA_FMT_V5) {
		*out = board.regions;
		*count = board.n_regions;
		return VMSA_OK;
	}
#define BOOT_PART_ADDR_(nm, s, e, a)                                         \
	l.lo[i] = (uint32_t)(uintptr_t)s;                                    \
	l.hi[i] = (uint32_t)(uintptr_t)e;                                    \
	i++;
	BOOT_IMAGE_PARTS(BOOT_PART_ADDR_)
#undef BOOT_PART_ADDR_
	rc = boot_layout_regions(&l, fmt, board.regions, board.n_regions,
	                         regions, BOOT_REGIONS_MAX, &n);
	if (rc != VMSA_OK)
		return rc;
	*out = regions;
	*count = n;
	return VMSA_OK;
}
