/*
 * tests/bench/gen.c - the region arrays of the region-scaling rows: a
 * deterministic generator (the same arrays on every run: a fixed LCG
 * seed) and one fixed vendor-like memory map of 23 regions.
 *
 * A generated array of n regions is laid out as a SoC memory map:
 *  - devices from 1MB up to 2GB, in address order: registers in one to
 *    four 4KB pages (several to a MB, gaps of a few pages between them),
 *    blocks of 64KB pages, windows of whole MBs; on-chip SRAM in pages
 *    (code, read-only data, data); now and then a gap to the next 16MB;
 *  - RAM from 2GB, n/32 banks (at least one) of 48MB..64MB in
 *    supersections, some with a tail in sections; PA = VA;
 *  - from 3GB, n/64 uncached 16MB aliases (at least one) of those banks.
 * Every region is domain 0 without NS or PXN, so regions sharing a MB
 * agree on the table descriptor's attributes, and none overlaps another.
 */
#include "bench.h"

#define KB 1024u
#define MB (1024u * 1024u)

static uint32_t lcg_state;

static uint32_t rnd(uint32_t n)
{
	lcg_state = lcg_state * 1664525u + 1013904223u;
	return (lcg_state >> 8) % n;
}

static uint32_t align_up(uint32_t x, uint32_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static void put(struct vmsa_region *r, uint32_t va, uint32_t pa,
                uint32_t size, vmsa_attr_t attrs)
{
	r->name = "gen";
	r->va = vmsa_va(va);
	r->pa = vmsa_pa(pa);
	r->size = size;
	r->attrs = attrs;
}

size_t gen_regions(struct vmsa_region *out, size_t n)
{
	static const vmsa_attr_t sram_attrs[] = {
		VMSA_CODE, VMSA_RODATA, VMSA_DATA,
	};
	size_t n_ram = n / 32 ? n / 32 : 1, n_alias = n / 64 ? n / 64 : 1;
	size_t n_dev = n - n_ram - n_alias, i = 0, k;
	uint32_t cur = MB;

	if (n > GEN_MAX || n < 3)
		return 0;
	lcg_state = 0x5eed1234u + (uint32_t)n;
	for (k = 0; k < n_dev; k++, i++) {
		uint32_t kind = rnd(100), size;
		vmsa_attr_t attrs = rnd(4) ? VMSA_DEVICE :
		                    VMSA_MT_DEVICE_NS | VMSA_RW | VMSA_XN;

		if (rnd(10) == 0 && cur < 0x70000000u)
			cur = align_up(cur + 1, 16 * MB) + rnd(4) * MB;
		if (kind < 45) {                /* registers: 4KB pages */
			size = (1 + rnd(4)) * 4 * KB;
			put(&out[i], cur, cur, size, attrs);
			cur += size + rnd(4) * 4 * KB;
		} else if (kind < 70) {         /* 64KB pages */
			cur = align_up(cur, 64 * KB);
			size = (1 + rnd(3)) * 64 * KB;
			put(&out[i], cur, cur, size, attrs);
			cur += size + rnd(2) * 64 * KB;
		} else if (kind < 85) {         /* device windows: sections */
			cur = align_up(cur, MB);
			size = (1 + rnd(4)) * MB;
			put(&out[i], cur, cur, size, attrs);
			cur += size + rnd(2) * MB;
		} else {                        /* SRAM in pages */
			cur = align_up(cur, 64 * KB);
			size = 64 * KB + rnd(8) * 4 * KB;
			put(&out[i], cur, cur, size, sram_attrs[rnd(3)]);
			cur = align_up(cur + size, 4 * KB) + 4 * KB;
		}
	}
	for (k = 0; k < n_ram; k++, i++) {
		uint32_t va = 0x80000000u + (uint32_t)k * 64 * MB;
		uint32_t size = (3 + rnd(2)) * 16 * MB - (rnd(2) ? 3 * MB : 0);
		put(&out[i], va, va, size,
		    VMSA_DATA | VMSA_SHARED);
	}
	for (k = 0; k < n_alias; k++, i++)
		put(&out[i], 0xC0000000u + (uint32_t)k * 16 * MB,
		    0x80000000u + (uint32_t)(k % n_ram) * 64 * MB, 16 * MB,
		    VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN);
	return cur <= 0x80000000u ? i : 0;
}

#define R(n, v, p, s, a) { n, VMSA_VA_C(v), VMSA_PA_C(p), (s), (a) }
#define DEV VMSA_DEVICE

/*
 * A vendor's memory map as a board port writes it (an i.MX6-class SoC):
 * boot ROM and OCRAM in pages, peripherals on two buses in 4KB and 64KB
 * pages (several to a MB), GPU, PCIe and the interrupt controller's
 * windows, NOR flash in sections, DDR split into code (sections), data
 * (supersections and a tail), a DMA area, and an uncached alias.
 */
const struct vmsa_region vendor23[] = {
	R("rom",      0x00000000u, 0x00000000u, 96 * KB,  VMSA_CODE),
	R("gpu2d",    0x00134000u, 0x00134000u, 16 * KB,  DEV),
	R("gpu3d",    0x00130000u, 0x00130000u, 16 * KB,  DEV),
	R("ocram",    0x00900000u, 0x00900000u, 256 * KB, VMSA_DATA),
	R("ipu",      0x02400000u, 0x02400000u, 4 * MB,   DEV),
	R("spba",     0x02000000u, 0x02000000u, 64 * KB,  DEV),
	R("uart1",    0x02020000u, 0x02020000u, 16 * KB,  DEV),
	R("ecspi",    0x02010000u, 0x02010000u, 32 * KB,  DEV),
	R("gpt",      0x02098000u, 0x02098000u, 16 * KB,  DEV),
	R("gpio",     0x0209C000u, 0x0209C000u, 28 * KB,  DEV),
	R("ccm",      0x020C4000u, 0x020C4000u, 16 * KB,  DEV),
	R("anatop",   0x020C8000u, 0x020C8000u, 4 * KB,   DEV),
	R("src",      0x020D8000u, 0x020D8000u, 16 * KB,  DEV),
	R("iomuxc",   0x020E0000u, 0x020E0000u, 64 * KB,  DEV),
	R("usdhc",    0x02190000u, 0x02190000u, 64 * KB,  DEV),
	R("enet",     0x02188000u, 0x02188000u, 16 * KB,  DEV),
	R("mmdc",     0x021B0000u, 0x021B0000u, 64 * KB,  DEV),
	R("gic",      0x00A00000u, 0x00A00000u, 8 * KB,   DEV),
	R("nor",      0x08000000u, 0x08000000u, 16 * MB,  VMSA_RODATA),
	R("ddr-code", 0x10000000u, 0x10000000u, 2 * MB,   VMSA_CODE),
	R("ddr-data", 0x10200000u, 0x10200000u, 510 * MB - 16 * MB,
	  VMSA_DATA | VMSA_SHARED),
	R("ddr-dma",  0x2F000000u, 0x2F000000u, 16 * MB,
	  VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN),
	R("ddr-nc",   0xC0000000u, 0x10000000u, 256 * MB,
	  VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN),
};
const size_t vendor23_n = sizeof vendor23 / sizeof vendor23[0];
