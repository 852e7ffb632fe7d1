/*
 * tests/qemu/decode_check.c - host program for the decoder check without
 * QEMU: builds one table per format (v7, v7-remap, v7-pxn, v5) with the
 * library compiled for the host, writes TAG-l1.bin / TAG-pool.bin and
 * prints the same "# vmsa-tables" header and "# TAG| " dump lines as the
 * firmware (tests/qemu/dumpfile.c), so scripts/run-qemu-tests.sh checks
 * scripts/vmsa-decode.py on formats no QEMU board here runs (ARMv5 coarse
 * and fine tables, tiny pages) and on attributes the firmware does not map
 * (shareable, nG, NS, user RO, Device non-shareable, PXN pages); and
 * two long-descriptor sets (PL1 and Hyp), built with src/fmt/fmt_lpae.c's
 * encoders and dumped by src/report/dump_lpae.c, for --fmt lpae and
 * lpae-hyp.
 *
 * Not a test of the engine: it stops at the first vmsa error, and the
 * runner then reports the decoder check as failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include "../../src/report/dump_lpae.h"

/* No CPU: the engine's maintenance calls do nothing on the host. */
void vmsa_arch_sync_table(const void *p, size_t len) { (void)p; (void)len; }
void vmsa_arch_tlbi_va(uint32_t va, bool smp) { (void)va; (void)smp; }
void vmsa_arch_tlbi_all(bool smp) { (void)smp; }
void vmsa_arch_bp_inval(bool smp) { (void)smp; }
void vmsa_arch_dcache_clean_inval(uint32_t va, uint32_t len, bool smp)
{
	(void)va; (void)len; (void)smp;
}
void vmsa_arch_icache_inval(bool smp) { (void)smp; }
void vmsa_arch_dsb(void) {}
void vmsa_arch_isb(void) {}
bool vmsa_arch_lock(void) { return true; }
void vmsa_arch_dmb(void) {}
void vmsa_arch_unlock(void) {}

#define L1_PA   0x80004000u
#define POOL_PA 0x80100000u
#define POOL_BYTES (64u * 1024u)

static uint32_t l1[VMSA_L1_ENTRIES] __attribute__((aligned(16384)));
static uint8_t pool[POOL_BYTES] __attribute__((aligned(4096)));

static void out(void *arg, const char *s)
{
	/* vmsa_dump sends pieces; start each line with the prefix. */
	static int at_start = 1;
	for (; *s; s++) {
		if (at_start)
			fputs((const char *)arg, stdout);
		putchar(*s);
		at_start = *s == '\n';
	}
}

static int save(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n) {
		perror(path);
		return -1;
	}
	return fclose(f);
}

#define M(va, pa, size, attrs) { #va, VMSA_VA_C(va), VMSA_PA_C(pa), size, attrs }

static int one(const char *tag, vmsa_fmt_t fmt, const struct vmsa_region *r,
               size_t n)
{
	struct vmsa_table t;
	size_t bad = 0;
	char path[64], prefix[32];
	int rc = vmsa_init(&t, fmt, l1, vmsa_pa(L1_PA), pool, vmsa_pa(POOL_PA),
	                   POOL_BYTES);
	if (rc == VMSA_OK)
		rc = vmsa_map_regions(&t, r, n, &bad);
	if (rc != VMSA_OK) {
		printf("# %s: %s at region %zu\n", tag, vmsa_strerror(rc), bad);
		return 1;
	}
	printf("# vmsa-tables %s fmt=%s l1_pa=0x%08x pool_pa=0x%08x pool_bytes=%u\n",
	       tag, tag, L1_PA, POOL_PA, POOL_BYTES);
	snprintf(path, sizeof path, "%s-l1.bin", tag);
	rc = save(path, l1, sizeof l1);
	snprintf(path, sizeof path, "%s-pool.bin", tag);
	rc |= save(path, pool, sizeof pool);
	snprintf(prefix, sizeof prefix, "# %s| ", tag);
	vmsa_dump(&t, NULL, 0, out, prefix);
	return rc ? 1 : 0;
}

/* ---- long descriptors ----------------------------------------------------
 * The tables below level 1 at LP_PA, one 4KB table each; level 1 apart. */
#define LP_PA   0x80200000u
#define LP_L1_PA 0x80300000u
static uint64_t lp_l1[4];
static uint64_t lp[4][512] __attribute__((aligned(4096)));

static const uint64_t *lp_at(void *arg, uint64_t pa)
{
	(void)arg;
	if (pa < LP_PA || pa >= LP_PA + sizeof lp || (pa & 0xfff))
		return NULL;
	return lp[(pa - LP_PA) >> 12];
}

static int lp_leaf(bool hyp, int level, uint64_t *e, uint64_t pa,
                   vmsa_attr_t a)
{
	int rc = hyp ? vmsa_lpae_hyp_leaf_encode(level, pa, a, e) :
	               vmsa_lpae_leaf_encode(level, pa, a, e);

	if (rc != VMSA_OK)
		printf("# lpae: %s for 0x%llx attrs 0x%x\n", vmsa_strerror(rc),
		       (unsigned long long)pa, a);
	return rc;
}

static int lpae_one(const char *tag, bool hyp)
{
	const vmsa_attr_t d = VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_EXEC;
	char path[64], prefix[32];
	int rc = 0;

	memset(lp_l1, 0, sizeof lp_l1);
	memset(lp, 0, sizeof lp);
	rc |= vmsa_lpae_table_encode(1, LP_PA, &lp_l1[0]);
	rc |= vmsa_lpae_table_encode(1, LP_PA + 0x2000, &lp_l1[1]);
	/* 1GB past 4GB; 16 2MB blocks (one run), Device, a level 3 table, a
	 * table outside the memory saved. */
	rc |= lp_leaf(hyp, 1, &lp_l1[3], 0x140000000ull, hyp ? VMSA_DATA :
	              VMSA_DATA | VMSA_SHARED | VMSA_NG);
	for (unsigned i = 0; i < 16; i++)
		rc |= lp_leaf(hyp, 2, &lp[0][i], (uint64_t)i << 21,
		              d | VMSA_SHARED);
	rc |= lp_leaf(hyp, 2, &lp[0][16], 0x1c000000u, VMSA_DEVICE);
	rc |= vmsa_lpae_table_encode(2, LP_PA + 0x1000, &lp[0][17]);
	rc |= vmsa_lpae_table_encode(2, 0x90000000u, &lp[0][18]);
	for (unsigned i = 0; i < 8; i++)
		rc |= lp_leaf(hyp, 3, &lp[1][i], 0x20500000u + i * 0x1000u,
		              hyp ? VMSA_MT_WRITETHROUGH | VMSA_RW :
		              VMSA_MT_WRITETHROUGH | VMSA_RW | VMSA_USER | VMSA_NG);
	rc |= lp_leaf(hyp, 3, &lp[1][8], 0x20600000u, hyp ? VMSA_MT_WRITEBACK |
	              VMSA_RO : VMSA_MT_WRITEBACK | VMSA_RO | VMSA_USER);
	rc |= lp_leaf(hyp, 3, &lp[1][9], 0x20601000u,
	              VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_XN);
	rc |= lp_leaf(hyp, 3, &lp[1][10], 0x20602000u,
	              VMSA_MT_UNCACHED | VMSA_RW | VMSA_EXEC);
	rc |= lp_leaf(hyp, 3, &lp[1][11], 0x20603000u, hyp ?
	              VMSA_MT_BUFFERABLE | VMSA_RW :
	              VMSA_MT_BUFFERABLE | VMSA_RW | VMSA_NS);
	rc |= lp_leaf(hyp, 3, &lp[1][12], 0x20604000u, hyp ? VMSA_CODE :
	              VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_PXN);
	/* No vmsa attributes: the access flag cleared, 0b01 at level 3. */
	rc |= lp_leaf(hyp, 3, &lp[1][13], 0x20605000u, VMSA_DATA);
	lp[1][13] &= ~LPAE_LEAF_AF;
	lp[1][14] = 0x20606401u;
	rc |= lp_leaf(hyp, 2, &lp[2][0], 0x60000000u, VMSA_MT_WRITEBACK |
	              VMSA_RW | VMSA_SHARED);
	rc |= lp_leaf(hyp, 2, &lp[2][1], 0x60200000u, VMSA_MT_WRITEBACK |
	              VMSA_RW | VMSA_SHARED);
	if (rc != VMSA_OK) {
		printf("# %s: the tables could not be built\n", tag);
		return 1;
	}
	printf("# vmsa-tables %s fmt=%s l1_pa=0x%08x pool_pa=0x%08x "
	       "pool_bytes=%u\n", tag, tag, LP_L1_PA, LP_PA,
	       (unsigned)sizeof lp);
	snprintf(path, sizeof path, "%s-l1.bin", tag);
	rc = save(path, lp_l1, sizeof lp_l1);
	snprintf(path, sizeof path, "%s-pool.bin", tag);
	rc |= save(path, lp, sizeof lp);
	snprintf(prefix, sizeof prefix, "# %s| ", tag);
	rc |= vmsa_lpae_dump(lp_l1, lp_at, NULL, hyp, out, prefix);
	return rc ? 1 : 0;
}

int main(void)
{
	static const struct vmsa_region v7[] = {
		M(0x00000000, 0x40000000, 0x2000000, VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_SHARED),
		M(0x10000000, 0x1c000000, 0x300000, VMSA_DEVICE),
		M(0x10400000, 0x1c400000, 0x20000, VMSA_MT_DEVICE_NS | VMSA_RW),
		M(0x10500000, 0x20500000, 0x3000, VMSA_MT_WRITETHROUGH | VMSA_RW | VMSA_USER_RO | VMSA_NG),
		M(0x10503000, 0x20504000, 0x1000, VMSA_MT_WRITEBACK | VMSA_RO | VMSA_USER),
		M(0x10504000, 0x20508000, 0x1000, VMSA_MT_NORMAL_NC | VMSA_RW | VMSA_USER | VMSA_XN),
		M(0x10600000, 0x20600000, 0x100000, VMSA_MT_UNCACHED | VMSA_RW | VMSA_EXEC | VMSA_DOMAIN(7)),
		M(0x10700000, 0x20700000, 0x10000, VMSA_MT_BUFFERABLE | VMSA_RW | VMSA_NS | VMSA_DOMAIN(2)),
		M(0xff000000, 0x2ff000000ull, 0x1000000, VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_NS),
	};
	static const struct vmsa_region pxn[] = {
		M(0x00000000, 0x40000000, 0x200000, VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_USER | VMSA_PXN),
		M(0x00200000, 0x40200000, 0x2000, VMSA_MT_WRITEALLOC | VMSA_RW | VMSA_USER | VMSA_PXN),
		M(0x00300000, 0x40300000, 0x1000, VMSA_MT_WRITEALLOC | VMSA_RW),
	};
	static const struct vmsa_region v5[] = {
		M(0x00000000, 0x00000000, 0x300000, VMSA_MT_WRITEBACK | VMSA_RW),
		M(0x10100000, 0x10100000, 0x20000, VMSA_MT_UNCACHED | VMSA_RW | VMSA_DOMAIN(1)),
		M(0x10200000, 0x20200000, 0x3000, VMSA_MT_WRITETHROUGH | VMSA_RW | VMSA_USER_RO),
		M(0x10300000, 0x20300400, 0xc00, VMSA_MT_BUFFERABLE | VMSA_RW | VMSA_USER),
		M(0x10301000, 0x20301000, 0x1000, VMSA_MT_BUFFERABLE | VMSA_RW | VMSA_USER),
	};
	int rc = one("v7", VMSA_FMT_V7, v7, sizeof v7 / sizeof v7[0]);
	rc |= one("v7-remap", VMSA_FMT_V7 | VMSA_FMT_TEX_REMAP, v7, sizeof v7 / sizeof v7[0]);
	rc |= one("v7-pxn", VMSA_FMT_V7 | VMSA_FMT_PXN, pxn, sizeof pxn / sizeof pxn[0]);
	rc |= one("v5", VMSA_FMT_V5, v5, sizeof v5 / sizeof v5[0]);
	rc |= lpae_one("lpae", false);
	rc |= lpae_one("lpae-hyp", true);
	return rc;
}
