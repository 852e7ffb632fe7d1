/*
 * src/boot/boot.c - C side of the boot stub: bring up the UART, build the
 * translation tables from the board's regions, turn the MMU on with the
 * arch layer's one enable sequence, run main() and exit with its status.
 *
 * Covers CPUs at PL1 with the image identity mapped (src/boot/image.c
 * maps it from linker symbols, W^X): CPU 0 builds the tables, secondary
 * CPUs join them when boot_smp_start releases them. Does not cover
 * relocation or device trees, or Hyp mode (src/boot/hyp.c; without it,
 * boot_hyp_refuse says so and exits).
 */
#include <stdio.h>
#include <stdlib.h>

#include <vmsa/arch.h>
#include <vmsa/hwdef.h>

#include "boot.h"
#include "../uart/uart.h"

/* The boot table lives in .vmsa_tables (linker/vmsa-tables.ld), which is
 * NOLOAD and 16KB aligned: the L1 first, then the second-level pool. With
 * prebuilt tables (VMSA_BOOT_PREBUILT, make TABLES=prebuilt) the same
 * two arrays come finished from the host generator's object, as loaded
 * bytes (linker/prebuilt/vmsa-tables.ld). */
#if defined(VMSA_BOOT_LPAE)
/* make run FMT=lpae: long-descriptor tables (the four level-2 tables and
 * level 1 after them; level-3 tables of 4KB in the pool). */
static uint32_t boot_l1[VMSA_LPAE_L1_BYTES / 4]
	__attribute__((section(".vmsa_tables.l1"), aligned(0x4000)));
static uint8_t boot_pool[BOOT_POOL_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(0x1000)));
#elif defined(VMSA_BOOT_PREBUILT)
extern uint32_t boot_l1[VMSA_L1_ENTRIES];
extern uint8_t boot_pool[BOOT_POOL_BYTES];
#else
static uint32_t boot_l1[VMSA_L1_ENTRIES]
	__attribute__((section(".vmsa_tables.l1"), aligned(VMSA_L1_BYTES)));
static uint8_t boot_pool[BOOT_POOL_BYTES]
	__attribute__((section(".vmsa_tables.pool"), aligned(VMSA_L2_BYTES)));
#endif
struct vmsa_table boot_table;
#ifdef VMSA_BOOT_LPAE
static void boot_lpae_enable(void);
#endif

/* Secondary CPU release (start.S parks them on boot_smp_entry, and calls
 * it with the CPU's number and 1 if it came in at boot_secondary_entry, 0
 * if at the ELF entry). */
void (*volatile boot_smp_entry)(unsigned cpu, unsigned released);
uint32_t boot_smp_stacks[BOOT_MAX_CPUS];
unsigned boot_ncpus = 1;

/* Per secondary CPU: the SVC stack start.S switches to, and the stacks of
 * the exception modes (the abort handler may run a fault hook, which maps
 * with the engine, and prints with printf when a fault is unexpected). */
struct smp_stacks {
	uint8_t svc[8192];
	uint8_t abt[6144];
	uint8_t und[2048];
	uint8_t irq[1024];
	uint8_t fiq[1024];
};
static struct smp_stacks smp_stack_mem[BOOT_MAX_CPUS]
	__attribute__((aligned(8)));
static void (*volatile smp_user_entry)(unsigned cpu);
static volatile uint32_t smp_up[BOOT_MAX_CPUS];   /* 1: MMU on */
static volatile uint32_t smp_released[BOOT_MAX_CPUS]; /* 1: came in at
                                                  * boot_secondary_entry */
static volatile uint32_t smp_mode[BOOT_MAX_CPUS];  /* CPSR.M on arrival */

int main(void);

/* boot_build_table: src/boot/tables.c */

/*
 * CPUs present: Cortex-A9 MPCore's SCU configuration register (SCU at
 * CBAR, offset 4, bits 1:0 = CPUs - 1; DDI 0407 2.2.2), Cortex-A15/A7's
 * L2CTLR bits 25:24 (DDI 0438 4.3.58). Read with the MMU off. Anything
 * else, or no MP Extensions (MPIDR[31] = 0) or a uniprocessor (U bit):
 * one.
 */
static unsigned count_cpus(void)
{
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
	uint32_t mpidr = read_mpidr(), part = (read_midr() >> 4) & 0xfffu, v;

	if (!(mpidr >> 31) || ((mpidr >> 30) & 1u))
		return 1;
	if (part == 0xc09) {
		__asm__ volatile("mrc p15, 4, %0, c15, c0, 0" : "=r"(v)); /* CBAR */
		v = *(volatile uint32_t *)(uintptr_t)((v & 0xffffe000u) + 4u);
		return (v & 3u) + 1u;
	}
	if (part == 0xc0f || part == 0xc07) {
		__asm__ volatile("mrc p15, 1, %0, c9, c0, 2" : "=r"(v)); /* L2CTLR */
		return ((v >> 24) & 3u) + 1u;
	}
#endif
	return 1;
}

/* ACTLR.SMP (bit 6 on Cortex-A9/A15/A7): take part in coherency. Must be
 * set before the D-cache and MMU are on. Secure-only write on real
 * Cortex-A9 unless NSACR.NS_SMP; QEMU treats ACTLR as a constant. */
static void set_actlr_smp(void)
{
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(v));
	if (!(v & (1u << 6))) {
		v |= 1u << 6;
		__asm__ volatile("mcr p15, 0, %0, c1, c0, 1\n\tisb"
		                 : : "r"(v) : "memory");
	}
#endif
}

/* boot_ncpus from the CPUs present and the board's SMP data; the reason
 * when that is one. */
static const char *smp_why_one;
static unsigned smp_present = 1;

static void choose_cpus(void)
{
	unsigned want = board.cpus > BOOT_MAX_CPUS ? BOOT_MAX_CPUS : board.cpus;

	smp_present = count_cpus();
	boot_ncpus = smp_present < want ? smp_present : want;
	if (board.smp_release == BOOT_SMP_NONE) {
		boot_ncpus = 1;
		smp_why_one = "the board releases no secondary CPUs (board.c sets no .smp_release)";
	} else if (want <= 1) {
		boot_ncpus = 1;
		smp_why_one = "the board runs one CPU (board.c: .cpus)";
	} else if (smp_present <= 1) {
		boot_ncpus = 1;
		smp_why_one = "one CPU present (QEMU runs this configuration without -smp)";
	} else if (board.smp_release == BOOT_SMP_BOARD && !board.cpu_on) {
		boot_ncpus = 1;
		smp_why_one = "the board says BOOT_SMP_BOARD but sets no .cpu_on";
	}
}

const char *boot_smp_why_one(void)
{
	return boot_ncpus > 1 ? NULL : smp_why_one;
}

const char *boot_smp_release_name(enum boot_smp_release r)
{
	switch (r) {
	case BOOT_SMP_NONE: return "none";
	case BOOT_SMP_PARKED: return "parked at the entry";
	case BOOT_SMP_PSCI_HVC: return "PSCI CPU_ON (HVC)";
	case BOOT_SMP_PSCI_SMC: return "PSCI CPU_ON (SMC)";
	case BOOT_SMP_BOARD: return "the board's cpu_on";
	}
	return "?";
}

void boot_main(void);

void boot_main(void)
{
	uart_init(board.uart_base);
	printf("\nvmsa boot: board %s, MIDR 0x%08lx, MPIDR 0x%08lx, CPSR mode 0x%02x\n",
	       board.name, (unsigned long)read_midr(),
	       (unsigned long)read_mpidr(), (unsigned)(read_cpsr() & 0x1fu));

	/* CPUs first: with several, VMSA_TF_SMP is set before the regions
	 * are mapped, so the engine's rule for SMP tables (Normal memory is
	 * Shareable) covers the board's regions and the image too. */
	choose_cpus();
	if (smp_present > 1 && boot_ncpus < smp_present)
		printf("vmsa boot: %u CPUs present, %u run: %s\n", smp_present,
		       boot_ncpus, boot_ncpus > 1 ? "board.c: .cpus" : smp_why_one);
#ifdef VMSA_BOOT_PREBUILT
	/* Tables finished at build time: the registers and the enable
	 * sequence, nothing more; then the engine adopts them (for the
	 * changes main makes). Built for the board's CPUs (VMSA_TF_SMP when
	 * it can run several), whatever this boot found present. */
	static struct vmsa_table pre;
	boot_prebuilt_regs(&pre, boot_l1, boot_pool, sizeof boot_pool);
	if (boot_ncpus > 1)
		printf("vmsa boot: %u CPUs (secondaries: %s), VMSA_TF_SMP set\n",
		       boot_ncpus, boot_smp_release_name(board.smp_release));
	if (pre.flags & VMSA_TF_SMP)
		set_actlr_smp();
	vmsa_arch_mmu_enable(&pre, BOOT_DACR, SCTLR_C | SCTLR_I | SCTLR_Z);
	if (boot_adopt_prebuilt(&boot_table, boot_l1, boot_pool,
	                        sizeof boot_pool) != VMSA_OK)
		exit(2);
#elif defined(VMSA_BOOT_LPAE)
	boot_lpae_enable();
#else
	int rc = boot_build_table(&boot_table, board.fmt,
	                          boot_ncpus > 1 ? VMSA_TF_SMP : 0u, boot_l1,
	                          boot_pool, sizeof boot_pool);
	if (rc != VMSA_OK) {
		printf("boot: cannot build the tables, MMU stays off\n");
		exit(2);
	}
	if (boot_check_mapped(&boot_table) != 0)
		exit(2);
	if (boot_ncpus > 1) {
		/* Before caches and MMU: coherency, shareable walks, IS
		 * maintenance and the engine's lock from the start. */
		set_actlr_smp();
		printf("vmsa boot: %u CPUs (secondaries: %s), VMSA_TF_SMP set\n",
		       boot_ncpus, boot_smp_release_name(board.smp_release));
	}
	vmsa_arch_mmu_enable(&boot_table, BOOT_DACR,
	                     SCTLR_C | SCTLR_I | SCTLR_Z);
#endif
#ifndef VMSA_BOOT_LPAE
	printf("vmsa boot: MMU on (SCTLR 0x%08lx, TTBR0 0x%08lx)\n",
	       (unsigned long)read_sctlr(), (unsigned long)read_ttbr0());
#endif
	boot_print_tables(&boot_table);
	exit(main());
}

#ifdef VMSA_BOOT_LPAE
/*
 * make run FMT=lpae: the boot on long descriptors, one CPU. The tables
 * from the same regions with VMSA_FMT_LPAE, then the switch
 * (vmsa_arch_lpae_enter: TTBCR.EAE, the 64-bit TTBR0, MAIR0/1, the MMU
 * on) and the caches on. A CPU without LPAE (Cortex-A8, A9) is refused
 * before anything is built.
 */
static void boot_lpae_enable(void)
{
	struct vmsa_arch_mmu_regs saved;
	int rc;

	if (!vmsa_arch_has_lpae()) {
		printf("vmsa boot: FMT=lpae: board %s's CPU has no long "
		       "descriptors (ID_MMFR0.VMSA < 5: Cortex-A8 and A9 have "
		       "none); exit status 2\n", board.name);
		exit(2);
	}
	if (boot_ncpus > 1)
		printf("vmsa boot: FMT=lpae runs one CPU (%u present)\n",
		       boot_ncpus);
	boot_ncpus = 1;
	rc = boot_build_table(&boot_table, VMSA_FMT_LPAE, 0u, boot_l1,
	                      boot_pool, sizeof boot_pool);
	if (rc != VMSA_OK) {
		printf("boot: cannot build the tables, MMU stays off\n");
		exit(2);
	}
	if (boot_check_mapped(&boot_table) != 0)
		exit(2);
	rc = vmsa_arch_lpae_enter(vmsa_ttbr0_pa(&boot_table), VMSA_LPAE_MAIR0,
	                          VMSA_LPAE_MAIR1, &saved);
	if (rc != VMSA_OK) {
		printf("boot: vmsa_arch_lpae_enter: %s\n", vmsa_strerror(rc));
		exit(2);
	}
	write_sctlr(read_sctlr() | SCTLR_C | SCTLR_I | SCTLR_Z);
	vmsa_set_flags(&boot_table, VMSA_TF_LIVE, 0);
	/* TTBR0 below 4GB: the boot table's level 1 is in the image. */
	printf("vmsa boot: MMU on, long descriptors (SCTLR 0x%08lx, TTBCR "
	       "0x%08lx, TTBR0 0x%08lx)\n", (unsigned long)read_sctlr(),
	       (unsigned long)read_ttbcr(),
	       (unsigned long)vmsa_ttbr0_pa(&boot_table));
}
#endif

/* start.S's Hyp path in firmware without src/boot/hyp.c (the demo, the
 * examples): they run at PL1 only. */
void boot_hyp_refuse(void);

void boot_hyp_refuse(void)
{
	uart_init(board.uart_base);
	printf("\nvmsa boot: board %s, entered in Hyp mode (PL2): this firmware "
	       "runs at PL1 only (QEMU vexpress-a15: secure=off,"
	       "virtualization=off starts it in Non-secure SVC); exit status 2\n",
	       board.name);
	exit(2);
}

/* The arch layer's off sequence (vmsa_arch_mmu_disable: D-cache off,
 * cleaned by set/way, MMU off, TLB invalidated); then the table is no
 * longer the live one. */
void boot_mmu_disable(struct vmsa_table *live)
{
	vmsa_arch_mmu_disable();
	if (live)
		live->flags &= ~VMSA_TF_LIVE;
}

void boot_sync_icache(const void *p, size_t len)
{
	vmsa_arch_sync_table(p, len);      /* DCCMVAU + DSB: same need */
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory"); /* ICIALLU */
	vmsa_arch_bp_inval(false);
	vmsa_arch_dsb();
	vmsa_arch_isb();
}

#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
/* Clean [p, p+len) to the point of coherency (DCCMVAC): the secondary
 * CPUs read it with their MMU and caches off. */
static void clean_to_poc(const volatile void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)31u, end = (uintptr_t)p + len;
	for (; a < end; a += 32)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(a) : "memory");
	__asm__ volatile("dsb" : : : "memory");
}

/* Point the stack of exception mode `mode` at sp (CPSR.M switched for
 * one instruction, interrupts masked throughout). */
static void set_mode_sp(uint32_t mode, uint32_t sp)
{
	uint32_t cpsr, tmp;
	__asm__ volatile(
		"mrs	%0, cpsr\n"
		"bic	%1, %0, #0x1f\n"
		"orr	%1, %1, %2\n"
		"msr	cpsr_c, %1\n"
		"mov	sp, %3\n"
		"msr	cpsr_c, %0\n"
		: "=&r"(cpsr), "=&r"(tmp) : "r"(mode), "r"(sp) : "memory");
}

/*
 * Start CPUs 1 .. boot_ncpus - 1 (Aff0; Aff1 and up as CPU 0's) at
 * boot_secondary_entry (start.S), which joins the park loop; the loop
 * finds boot_smp_entry already published. PSCI CPU_ON (PSCI 1.0, DEN
 * 0022, 5.1.4: function 0x84000003, target MPIDR, entry point, context
 * id) through HVC or SMC, or the board's own cpu_on. A CPU that is refused
 * is reported; it never comes online, so boot_smp_online() tells the
 * tests.
 */
#define PSCI_CPU_ON 0x84000003u
int32_t boot_psci_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
int32_t boot_psci_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

static void cpu_on_all(void)
{
	extern char boot_secondary_entry[];
	uint32_t cluster = read_mpidr() & 0x00ffff00u;
	uint32_t entry = (uint32_t)(uintptr_t)boot_secondary_entry;  /* VA = PA */

	for (unsigned cpu = 1; cpu < boot_ncpus; cpu++) {
		uint32_t target = cluster | cpu;
		int32_t rc;

		switch (board.smp_release) {
		case BOOT_SMP_PSCI_HVC:
			rc = boot_psci_hvc(PSCI_CPU_ON, target, entry, 0);
			break;
		case BOOT_SMP_PSCI_SMC:
			rc = boot_psci_smc(PSCI_CPU_ON, target, entry, 0);
			break;
		case BOOT_SMP_BOARD:
			rc = board.cpu_on(cpu, entry);
			break;
		default:
			return;      /* NONE, PARKED: nothing is off */
		}
		if (rc != 0)
			printf("vmsa boot: %s of CPU %u (MPIDR 0x%08lx) refused (%ld)\n",
			       boot_smp_release_name(board.smp_release), cpu,
			       (unsigned long)target, (long)rc);
	}
}

/* Where start.S's park loop sends a released CPU, on its SVC stack, in
 * the mode it arrived in. */
static void smp_secondary(unsigned cpu, unsigned released)
{
	extern char vectors[];
	struct smp_stacks *st = &smp_stack_mem[cpu & (BOOT_MAX_CPUS - 1u)];
	uint32_t mode = read_cpsr() & 0x1fu;

	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb"   /* VBAR */
	                 : : "r"((uint32_t)(uintptr_t)vectors) : "memory");
	write_sctlr(read_sctlr() & ~(1u << 13));   /* SCTLR.V: vectors at VBAR */
	set_mode_sp(0x17, (uint32_t)(uintptr_t)(st->abt + sizeof st->abt));
	set_mode_sp(0x1b, (uint32_t)(uintptr_t)(st->und + sizeof st->und));
	set_mode_sp(0x12, (uint32_t)(uintptr_t)(st->irq + sizeof st->irq));
	set_mode_sp(0x11, (uint32_t)(uintptr_t)(st->fiq + sizeof st->fiq));
	set_actlr_smp();
	vmsa_arch_mmu_enable_secondary(&boot_table, BOOT_DACR,
	                               SCTLR_C | SCTLR_I | SCTLR_Z);
	smp_mode[cpu & (BOOT_MAX_CPUS - 1u)] = mode;
	smp_released[cpu & (BOOT_MAX_CPUS - 1u)] = released != 0;
	__asm__ volatile("dmb" : : : "memory");
	smp_up[cpu & (BOOT_MAX_CPUS - 1u)] = 1;
	__asm__ volatile("dsb\n\tsev" : : : "memory");
	smp_user_entry(cpu);
}

void boot_smp_start(void (*entry)(unsigned cpu))
{
	for (unsigned i = 0; i < BOOT_MAX_CPUS; i++)
		boot_smp_stacks[i] = (uint32_t)(uintptr_t)
			(smp_stack_mem[i].svc + sizeof smp_stack_mem[i].svc);
	smp_user_entry = entry;
	__asm__ volatile("dmb" : : : "memory");
	/* What a CPU with its MMU off reads before its own enable. */
	clean_to_poc(boot_smp_stacks, sizeof boot_smp_stacks);
	clean_to_poc(&smp_user_entry, sizeof smp_user_entry);
	clean_to_poc(&boot_table, sizeof boot_table);
	boot_smp_entry = smp_secondary;
	clean_to_poc(&boot_smp_entry, sizeof boot_smp_entry);
	__asm__ volatile("dsb\n\tsev" : : : "memory");
	cpu_on_all();
}

#else
/* ARMv5: one CPU, nothing to release. */
void boot_smp_start(void (*entry)(unsigned cpu))
{
	(void)entry;
}
#endif

unsigned boot_smp_online(void)
{
	unsigned n = 0;
	for (unsigned i = 1; i < BOOT_MAX_CPUS; i++)
		n += smp_up[i];
	return n;
}

unsigned boot_smp_online_released(void)
{
	unsigned n = 0;
	for (unsigned i = 1; i < BOOT_MAX_CPUS; i++)
		n += smp_up[i] && smp_released[i];
	return n;
}

uint32_t boot_smp_arrival_mode(unsigned cpu)
{
	return cpu < BOOT_MAX_CPUS && smp_up[cpu] ? smp_mode[cpu] : 0;
}
