/*
 * tests/bench/bench.h - what the parts of the benchmark firmware share:
 * the instruction counter and the MEASURE macro (bench.c), the baselines
 * (base.c, stm.S, builder.c), the region arrays (gen.c) and the scaling
 * groups (scale.c). See tests/bench/bench.c.
 */
#ifndef VMSA_BENCH_H
#define VMSA_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmsa.h>

/* ---- counting (bench.c) -------------------------------------------------- */

/* PMCCNTR: with QEMU's -icount shift=0 one count per instruction. */
static inline uint32_t ccnt(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v) : : "memory");
	return v;
}

/* What a call of an empty noinline function costs (subtracted). */
extern uint32_t empty_cost;

/* Instructions executed by `call`, the cost of calling an empty function
 * subtracted. */
#define MEASURE(call) __extension__({ \
	uint32_t a_ = ccnt(); call; uint32_t b_ = ccnt(); \
	b_ - a_ - empty_cost; })

/* A failed check makes the benchmark exit non-zero (never a target). */
extern int failures;
void check(bool ok, const char *what);
void check_rc(int rc, const char *what);
/* x / d with three decimals into buf. */
void fmt3(char *buf, size_t len, uint32_t x, uint32_t d);
/* One row of groups 1-3 (csv group `group`), with its target: none, at
 * most `target_milli` thousandths of an instruction per descriptor, or
 * at most (under, with TGT_LT) target_milli / 1000 instructions in all;
 * and the header of a group. */
enum tgt { TGT_NONE, TGT_PER_DESC, TGT_LE, TGT_LT };
void row(const char *group, const char *name, uint32_t instr, uint32_t desc,
         enum tgt kind, uint32_t target_milli);
void header(const char *title);

/* ---- the two boot paths (bootpath.c) -------------------------------------
 * Group 2's last rows: this firmware's own boot regions built at run time
 * (over t, l1 and pool: a table never live) plus the MMU enable, against
 * prebuilt tables (the enable alone), and vmsa_adopt of the live boot
 * table. */
void bench_boot_paths(struct vmsa_table *t, uint32_t *l1, uint8_t *pool,
                      size_t pool_bytes);

/* ---- long descriptors (lpae.c) ------------------------------------------
 * Group 3b: the boot regions as LPAE tables, then the runtime calls on
 * them with the CPU switched to long descriptors. */
void bench_lpae(void);

/* ---- baselines (base.c, stm.S) ------------------------------------------- */

void bench_c_fill(uint32_t *p, uint32_t n, uint32_t w);
void bench_c_inc(uint32_t *p, uint32_t n, uint32_t w, uint32_t step);
void bench_c_rep(uint32_t *p, uint32_t groups, uint32_t rep, uint32_t w,
                 uint32_t step);
/* stm.S: n a multiple of 32 (fill) or 16 (inc). */
void bench_stm_fill(uint32_t *p, uint32_t n, uint32_t w);
void bench_stm_inc(uint32_t *p, uint32_t n, uint32_t w, uint32_t step);

/* ---- the straight-line builder (builder.c) -------------------------------
 * A vendor-style table builder that validates nothing: descriptor
 * templates prepared beforehand (a vendor's #defines), the largest
 * granule VA/PA alignment allows, a bump allocator for second-level
 * tables. Output: the same translations as the engine's tables.
 */
struct sl_tmpl {
	uint32_t super;         /* 0: no supersections (domain != 0) */
	uint32_t sect, large, small, table;
};
struct sl_region {
	uint32_t va, pa, size;
	const struct sl_tmpl *t;
};
/* Build over l1 (16KB) and pool (pool_pa its PA, room for every table):
 * fault-fill the L1, write every region, clean the written tables for
 * the walker. Returns the bytes of pool used. */
uint32_t sl_build(uint32_t *l1, uint32_t *pool, uint32_t pool_pa,
                  const struct sl_region *r, size_t n);
/* The templates of attrs in format fmt (vmsa_l1_encode and
 * vmsa_l2_encode of the canonical attributes at address 0). */
int sl_tmpl_of(vmsa_fmt_t fmt, vmsa_attr_t attrs, struct sl_tmpl *t);

/* ---- region arrays (gen.c) ----------------------------------------------- */

/* The deterministic generated array of n regions (n <= GEN_MAX): device
 * 4KB and 64KB pages, device sections, SRAM in pages, RAM in
 * supersections, gaps and uncached aliases of RAM. The same every run. */
#define GEN_MAX 512u
size_t gen_regions(struct vmsa_region *out, size_t n);
/* A fixed vendor-like memory map of 23 regions. */
extern const struct vmsa_region vendor23[];
extern const size_t vendor23_n;

/* ---- scaling groups (scale.c) -------------------------------------------- */

void bench_regions(void);
void bench_live_scale(void);

#endif
