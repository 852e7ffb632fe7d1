/*
 * tests/bench/size.c - the entry of the code-size firmwares (make bench):
 * a tiny image linked with --gc-sections around one use of the library,
 * so `arm-none-eabi-size` tells what that use costs in flash. Compiled
 * once per case (SIZE_CASE) and per variant (ARM, Thumb):
 *   SIZE_NONE     the entry and the region arrays alone (subtracted);
 *   SIZE_BOOT     vmsa_init + vmsa_map_regions + vmsa_arch_mmu_enable;
 *   SIZE_ALL      the same entry; bench.mk adds -u for every global
 *                 function of libvmsa.a, so all of the library is kept;
 *   SIZE_BUILDER  the straight-line builder (builder.c) + the same
 *                 vmsa_arch_mmu_enable: what a vendor's boot code costs;
 *   SIZE_PREBUILT the boot of prebuilt tables (make TABLES=prebuilt):
 *                 the table fields the enable reads, the enable;
 *   SIZE_ADOPT    the same + vmsa_adopt, for a firmware that changes
 *                 mappings after boot;
 *   SIZE_LPAE_BOOT the boot on long descriptors (ARMv7): vmsa_init with
 *                 VMSA_FMT_LPAE + vmsa_map_regions + vmsa_arch_lpae_enter
 *                 (ARMv5: as SIZE_NONE).
 * The ARMv7 variants use VMSA_FMT_V7 | VMSA_FMT_PXN, the ARMv5 one
 * VMSA_FMT_V5 (with regions ARMv5 can map): scripts/check-fmt-link.sh
 * holds each boot image to its one format.
 * Never run: linked only to be measured.
 */
#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include "bench.h"

#define SIZE_NONE 0
#define SIZE_BOOT 1
#define SIZE_ALL 2
#define SIZE_BUILDER 3
#define SIZE_PREBUILT 4
#define SIZE_ADOPT 5
#define SIZE_LPAE_BOOT 6

static uint32_t l1[VMSA_L1_ENTRIES] __attribute__((aligned(VMSA_L1_BYTES)));
static uint8_t pool[8 * VMSA_L2_BYTES] __attribute__((aligned(VMSA_L2_BYTES)));
static struct vmsa_table t;
#if SIZE_CASE == SIZE_LPAE_BOOT && __ARM_ARCH >= 7
static uint32_t lpae_l1[VMSA_LPAE_L1_BYTES / 4]
	__attribute__((aligned(0x4000)));
static uint8_t lpae_pool[2 * 4096] __attribute__((aligned(4096)));
#endif

#if __ARM_ARCH >= 7
#define SIZE_FMT (VMSA_FMT_V7 | VMSA_FMT_PXN)
#define SIZE_RAM (VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_SHARED)
#define SIZE_DEV VMSA_DEVICE
#else
#define SIZE_FMT VMSA_FMT_V5
#define SIZE_RAM (VMSA_MT_WRITEBACK | VMSA_RW)
#define SIZE_DEV (VMSA_MT_UNCACHED | VMSA_RW)
#endif

static const struct vmsa_region regions[] = {
	{ "ram", VMSA_VA_C(0x80000000u), VMSA_PA_C(0x80000000u), 128u << 20,
	  SIZE_RAM },
	{ "uart", VMSA_VA_C(0x1c090000u), VMSA_PA_C(0x1c090000u), 0x1000,
	  SIZE_DEV },
};
static const struct sl_tmpl tm = { 0 };
static const struct sl_region slr[] = {
	{ 0x80000000u, 0x80000000u, 128u << 20, &tm },
	{ 0x1c090000u, 0x1c090000u, 0x1000, &tm },
};
/* Both cases hold both arrays, so they cancel out in the difference. */
const void *volatile size_keep[2];

void size_main(void);
void size_main(void)
{
	size_keep[0] = regions;
	size_keep[1] = slr;
#if SIZE_CASE == SIZE_BOOT || SIZE_CASE == SIZE_ALL
	size_t bad;
	if (vmsa_init(&t, SIZE_FMT, l1,
	              vmsa_pa((uintptr_t)l1), pool, vmsa_pa((uintptr_t)pool),
	              sizeof pool) == VMSA_OK &&
	    vmsa_map_regions(&t, regions, 2, &bad) == VMSA_OK)
		vmsa_arch_mmu_enable(&t, 0x55555555u,
		                     SCTLR_C | SCTLR_I | SCTLR_Z);
#elif SIZE_CASE == SIZE_BUILDER
	sl_build(l1, (uint32_t *)(void *)pool, (uint32_t)(uintptr_t)pool,
	         slr, 2);
	t.l1 = l1;
	t.l1_pa = vmsa_pa((uintptr_t)l1);
	t.fmt = VMSA_FMT_V7 | VMSA_FMT_PXN;
	vmsa_arch_mmu_enable(&t, 0x55555555u, SCTLR_C | SCTLR_I | SCTLR_Z);
#elif SIZE_CASE == SIZE_PREBUILT || SIZE_CASE == SIZE_ADOPT
	static struct vmsa_table pre;
	pre.l1 = l1;
	pre.l1_pa = vmsa_pa((uintptr_t)l1);
	pre.pool = pool;
	pre.pool_pa = vmsa_pa((uintptr_t)pool);
	pre.pool_units = sizeof pool / 1024u;
	pre.used_units = pre.pool_units;
	pre.fmt = SIZE_FMT;
	vmsa_arch_mmu_enable(&pre, 0x55555555u, SCTLR_C | SCTLR_I);
#if SIZE_CASE == SIZE_ADOPT
	if (vmsa_adopt(&t, SIZE_FMT, l1, vmsa_pa((uintptr_t)l1), pool,
	               vmsa_pa((uintptr_t)pool), sizeof pool) == VMSA_OK)
		vmsa_set_flags(&t, VMSA_TF_LIVE, 0);
#else
	(void)t;
#endif
#elif SIZE_CASE == SIZE_LPAE_BOOT && __ARM_ARCH >= 7
	size_t bad;
	struct vmsa_arch_mmu_regs saved;

	(void)l1;
	(void)pool;
	if (vmsa_init(&t, VMSA_FMT_LPAE, lpae_l1,
	              vmsa_pa((uintptr_t)lpae_l1), lpae_pool,
	              vmsa_pa((uintptr_t)lpae_pool), sizeof lpae_pool) ==
	    VMSA_OK &&
	    vmsa_map_regions(&t, regions, 2, &bad) == VMSA_OK)
		vmsa_arch_lpae_enter(vmsa_ttbr0_pa(&t), VMSA_LPAE_MAIR0,
		                     VMSA_LPAE_MAIR1, &saved);
#else
	(void)t;
	(void)l1;
	(void)pool;
#endif
}
