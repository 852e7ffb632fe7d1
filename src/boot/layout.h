/*
 * src/boot/layout.h - the firmware image's parts as the boot stub maps
 * them (linker/vmsa.ld's symbols, one line per part), and the pure
 * function that turns their addresses and a board's regions into the
 * boot region array (src/boot/layout.c).
 *
 * Shared by the boot stub (src/boot/image.c reads the addresses from the
 * linker symbols) and the offline check (src/check/vmsa_check.c reads
 * them from the ELF's symbol table), so both map the same array. Needs
 * only <vmsa.h>: compiles for the target and the host.
 */
#ifndef VMSA_BOOT_LAYOUT_H
#define VMSA_BOOT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <vmsa.h>

/* X(name, start symbol, end symbol, attributes besides the RAM's memory
 * type), in address order: text is the only executable part, and nothing
 * executable is writable. */
#define BOOT_IMAGE_PARTS(X)                                                  \
	X("text",      __text_start,        __text_end,          VMSA_RO)             \
	X("rodata",    __text_end,          __rodata_end,        VMSA_RO | VMSA_XN)   \
	X("data",      __data_start,        __vmsa_tables_start, VMSA_RW | VMSA_XN)   \
	X("tables",    __vmsa_tables_start, __tables_map_end,    VMSA_RW | VMSA_XN)   \
	X("stack-fiq", __stack_fiq_bottom,  __stack_fiq_top,     VMSA_RW | VMSA_XN)   \
	X("stack-irq", __stack_irq_bottom,  __stack_irq_top,     VMSA_RW | VMSA_XN)   \
	X("stack-abt", __stack_abt_bottom,  __stack_abt_top,     VMSA_RW | VMSA_XN)   \
	X("stack-und", __stack_und_bottom,  __stack_und_top,     VMSA_RW | VMSA_XN)   \
	X("stack-usr", __stack_usr_bottom,  __stack_usr_top,     VMSA_RW | VMSA_XN)   \
	X("stack-svc", __stack_svc_bottom,  __stack_svc_top,     VMSA_RW | VMSA_XN)   \
	X("heap",      __heap_start,        __heap_end,          VMSA_RW | VMSA_XN)

#define BOOT_PART_COUNT_(nm, s, e, a) +1
enum { BOOT_IMAGE_NPARTS = 0 BOOT_IMAGE_PARTS(BOOT_PART_COUNT_) };

/* The most regions a boot array holds (the image's and the board's). */
#define BOOT_REGIONS_MAX 48

/* Start and end address of each part, in BOOT_IMAGE_PARTS order. */
struct boot_layout {
	uint32_t lo[BOOT_IMAGE_NPARTS], hi[BOOT_IMAGE_NPARTS];
};

/*
 * The boot region array of format fmt into out[max]: on ARMv7 the image's
 * parts (empty ones left out), identity mapped with the memory type,
 * shareability, NS and domain of the board region that maps the image
 * identity (its RAM; Normal write-back write-allocate if none does),
 * then the board's regions with the image (text start to heap end) and
 * page 0 cut out, each piece keeping its VA-to-PA offset and name. On
 * ARMv5, the board's regions as they are. Returns VMSA_OK with *count
 * set, or VMSA_ERR_NOMEM when the array would pass max.
 */
int boot_layout_regions(const struct boot_layout *l, vmsa_fmt_t fmt,
                        const struct vmsa_region *board, size_t nboard,
                        struct vmsa_region *out, size_t max, size_t *count);

#endif
