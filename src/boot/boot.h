/*
 * src/boot/boot.h - what the boot stub offers the firmware it starts (the
 * QEMU tests and the demo): the board description, the live table, fault
 * expectation and decoding, the USR-mode round trip, the Hyp mode entry,
 * CP15 accessors.
 *
 * Covers ARMv7-A firmware built beside libvmsa (not part of it): one CPU,
 * or up to four sharing boot_table (boot_smp_start), fault hooks, one IRQ
 * handler; one CPU entered in Hyp mode (hyp_main). Does not cover ARMv5
 * boards, interrupt controllers (the tests that raise IRQs drive the GIC
 * themselves), or CPU hot-unplug.
 */
#ifndef VMSA_BOOT_H
#define VMSA_BOOT_H

#include <stdbool.h>
#include <stdint.h>
#include <vmsa.h>

#include "layout.h"   /* BOOT_REGIONS_MAX, the image's parts */

/* ---- Board data (boards/<name>/board.c) --------------------------------- */

/* How a board's secondary CPUs are released (boot_smp_start). A board
 * that says nothing runs on CPU 0 alone, whatever the hardware has. */
enum boot_smp_release {
	BOOT_SMP_NONE = 0,   /* one CPU; any others stay parked forever */
	BOOT_SMP_PARKED,     /* every CPU starts at the entry (QEMU vexpress,
	                      * raspi2b): start.S parks the secondaries until
	                      * boot_smp_start publishes an entry point */
	BOOT_SMP_PSCI_HVC,   /* secondaries are off until PSCI CPU_ON
	                      * (function 0x84000003), called with HVC */
	BOOT_SMP_PSCI_SMC,   /* the same, called with SMC */
	BOOT_SMP_BOARD,      /* secondaries are off until the board's own
	                      * .cpu_on starts them (a vendor reset or power
	                      * controller, a spin table) */
};

/* A board's way to start a secondary CPU (BOOT_SMP_BOARD): make CPU `cpu`
 * (MPIDR Aff0, 1 .. boot_ncpus - 1) start executing at physical address
 * `entry`, in ARM state at PL1 with its MMU off. Called by boot_smp_start
 * on CPU 0, once per CPU, with CPU 0's MMU on: what it writes must be
 * mapped by the board's regions (Device, identity). Returns 0 when the CPU
 * was told to start, a negative number otherwise (boot prints it; the CPU
 * never comes online and the tests say so). */
typedef int (*boot_cpu_on_fn)(unsigned cpu, uint32_t entry);

struct board {
	const char *name;
	const struct vmsa_region *regions;
	size_t n_regions;
	vmsa_fmt_t fmt;           /* from board.mk's VMSA_FMT */
	uintptr_t uart_base;      /* driver chosen by board.mk's UART */
	uint32_t ram_base;
	uint32_t ram_size;
	/* SMP: the most CPUs the firmware runs (0 counts as 1; at most
	 * BOOT_MAX_CPUS; fewer if fewer are present) and how the secondaries
	 * are released. */
	unsigned cpus;
	enum boot_smp_release smp_release;
	boot_cpu_on_fn cpu_on;    /* BOOT_SMP_BOARD: required; else unused */
	/* The GIC (v1/v2) distributor and CPU interface of CPU 0, mapped
	 * by the regions; 0 when the board has none (the IRQ test skips). */
	uintptr_t gic_dist, gic_cpu;
};
extern const struct board board;

/* ---- Tables built at boot (src/boot/boot.c) ----------------------------- */
extern struct vmsa_table boot_table;
/* Second-level pool given to boot_table: the board's POOL_SIZE (board.mk,
 * 128KB by default), which the build checks the board's regions against
 * (tests/qemu/board_check.mk). */
#ifndef VMSA_BOARD_POOL_SIZE
#define VMSA_BOARD_POOL_SIZE 0x20000u
#endif
#define BOOT_POOL_BYTES (VMSA_BOARD_POOL_SIZE)

/* The DACR and SCTLR bits boot uses: every domain client (permissions
 * checked), caches and branch prediction on. */
#define BOOT_DACR 0x55555555u

/* What every boot table maps (src/boot/image.c): on ARMv7 the image's
 * own regions from linker symbols (text RX; rodata RO+XN; data, BSS,
 * tables, stacks with an unmapped guard page below each, heap RW+XN;
 * all privileged only), then the board's regions with the image and page
 * 0 cut out; on ARMv5 the board's regions as they are. Sets *out (static
 * storage) and *count. Returns VMSA_OK, or VMSA_ERR_NOMEM when the array
 * would pass BOOT_REGIONS_MAX. */
int boot_regions(vmsa_fmt_t fmt, const struct vmsa_region **out,
                 size_t *count);

/* Build a table over l1/pool (identity-mapped memory) from boot_regions
 * with format fmt, in one vmsa_map_regions call, printing errors. The
 * VMSA_TF_* `flags` are set before anything is mapped (VMSA_TF_SMP: the
 * engine makes Normal memory Shareable).
 * Returns a vmsa error code. */
int boot_build_table(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t flags,
                     uint32_t *l1, void *pool, size_t pool_bytes);
/* The same over regions r[0..n) with the tables' physical addresses
 * given apart from where they are written: the host generator of
 * prebuilt tables writes them into host memory for their link-time
 * addresses, the boot test rebuilds them into scratch memory for the
 * prebuilt tables' addresses (vmsa_init places second-level tables by
 * PA, so the bytes are those of a build in place). */
int boot_build_table_at(struct vmsa_table *t, vmsa_fmt_t fmt, uint32_t flags,
                        uint32_t *l1, uint64_t l1_pa, void *pool,
                        uint64_t pool_pa, size_t pool_bytes,
                        const struct vmsa_region *r, size_t n);

/* ---- Prebuilt tables (make TABLES=prebuilt) ------------------------------
 * The L1 table and pool finished on the host (tests/qemu/prebuilt.c) and
 * linked into the image as loaded bytes, with the VMSA_TF_* flags they
 * were built with: boot only programs the registers and enables the MMU,
 * then vmsa_adopt takes them over. The flags: VMSA_TF_SMP when the board
 * can run several CPUs (board.c: .cpus above 1 and a release method),
 * whatever this boot finds present (boot_prebuilt_flags_for). */
uint32_t boot_prebuilt_flags_for(const struct board *b);
#ifdef VMSA_BOOT_PREBUILT
/* Defined by the generated object with the tables. */
extern const uint32_t boot_prebuilt_flags;
/* What vmsa_arch_mmu_enable reads of a table (TTBR0 from l1's address,
 * TEX remap from board.fmt, shareable walks from boot_prebuilt_flags, the
 * memory to clean), set in *pre for the prebuilt tables at l1 and pool:
 * the enable runs before vmsa_adopt. */
void boot_prebuilt_regs(struct vmsa_table *pre, uint32_t *l1, void *pool,
                        size_t pool_bytes);
/* vmsa_adopt of the prebuilt tables into t, with boot_prebuilt_flags and
 * VMSA_TF_LIVE (the MMU uses them already); prints one boot-log line, or
 * the error. Returns a vmsa error code. */
int boot_adopt_prebuilt(struct vmsa_table *t, uint32_t *l1, void *pool,
                        size_t pool_bytes);
#endif

/* Before the MMU goes on (src/boot/check.c): check that t maps the UART
 * at its own address and identity maps the vectors, the boot code, every
 * mode's stack and the tables. Prints each miss (the MMU is off, so the
 * UART works) and returns how many there are; 0 when all is mapped. */
int boot_check_mapped(const struct vmsa_table *t);
/* One boot-log line: the physical addresses of t's L1 table and pool (what
 * scripts/vmsa-decode.py's --l2-base needs). */
void boot_print_tables(const struct vmsa_table *t);

/* Turn the MMU (and D-cache) off cleanly: clean and invalidate the data
 * cache by set/way, clear SCTLR.M and C, invalidate the TLB. Code and
 * stack must be identity mapped. Clears VMSA_TF_LIVE on `live` (the
 * table that was in use; may be NULL). */
void boot_mmu_disable(struct vmsa_table *live);

/* ---- SMP (src/boot/boot.c) ---------------------------------------------- */
#define BOOT_MAX_CPUS 4
/* CPUs the firmware runs: those present (the SCU on Cortex-A9, L2CTLR on
 * Cortex-A15/A7; 1 on other CPUs), at most board.cpus, and 1 when the
 * board releases no secondaries (board.smp_release). Set before the MMU
 * is turned on; with more than one, boot sets ACTLR.SMP and VMSA_TF_SMP on
 * boot_table (shareable walks, IS TLB maintenance, the engine's lock). */
extern unsigned boot_ncpus;
/* Why boot_ncpus is 1 (for SKIP reasons and the boot log); NULL when it
 * is not. */
const char *boot_smp_why_one(void);
/* Name of a release method, as the boot log prints it. */
const char *boot_smp_release_name(enum boot_smp_release r);

/* This CPU's number (MPIDR Aff0; 0 without the MP Extensions). */
static inline unsigned boot_cpu_id(void)
{
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c0, c0, 5" : "=r"(v));
	if ((v >> 31) && !((v >> 30) & 1u))
		return v & (BOOT_MAX_CPUS - 1u);
#endif
	return 0;
}

/*
 * Release the secondary CPUs: publish the entry point start.S's park loop
 * waits for, then start the CPUs that are off, by board.smp_release: PSCI
 * CPU_ON, or board.cpu_on, for CPUs 1 .. boot_ncpus - 1 with the physical
 * address of boot_secondary_entry (start.S). Each sets its own VBAR
 * and mode stacks, sets ACTLR.SMP, turns its MMU on with boot_table
 * through vmsa_arch_mmu_enable_secondary (same DACR and SCTLR bits as
 * CPU 0; nothing is rebuilt), counts itself in boot_smp_online() and calls
 * entry(cpu) on its own stack; when entry returns the CPU sleeps in WFI.
 * boot_table must be live. Call once.
 */
void boot_smp_start(void (*entry)(unsigned cpu));
/* Secondary CPUs that have turned their MMU on (CPU 0 not counted). */
unsigned boot_smp_online(void);
/* Of those, the ones that came in at boot_secondary_entry (start.S), the
 * entry point boot_smp_start hands to PSCI CPU_ON and to board.cpu_on,
 * rather than at the ELF entry (where QEMU starts every CPU of a
 * BOOT_SMP_PARKED machine). */
unsigned boot_smp_online_released(void);
/* The CPSR mode (M[4:0]) secondary CPU `cpu` arrived in; 0 while it has
 * not come online. */
uint32_t boot_smp_arrival_mode(unsigned cpu);

/* ---- Faults (src/boot/fault.c) ------------------------------------------ */
enum exc_kind {
	EXC_NONE = 0, EXC_UNDEF = 1, EXC_SVC = 2, EXC_PABT = 3, EXC_DABT = 4,
	EXC_IRQ = 5, EXC_FIQ = 6,
	EXC_HYP_TRAP = 7,     /* Hyp mode only: the Hyp Trap vector (0x14) */
};

/* What a fault status (DFSR/IFSR FS[4:0], B4.1.52 table B3-23) means. */
enum fault_type {
	FT_OTHER = 0, FT_ALIGNMENT, FT_TRANSLATION, FT_ACCESS_FLAG, FT_DOMAIN,
	FT_PERMISSION, FT_EXTERNAL, FT_DEBUG,
};

struct fault_info {
	enum exc_kind exc;
	uint32_t fsr;          /* DFSR or IFSR as read */
	uint32_t far;          /* DFAR or IFAR (0 for undefined) */
	uint32_t pc;           /* address of the faulting instruction */
	uint32_t mode;         /* CPSR.M of the faulting code */
	unsigned fs;           /* FS[4:0], or STATUS[5:0] (lpae) */
	enum fault_type type;
	int level;             /* 1 = section/L1, 2 = page/L2, 0 = none;
	                          long descriptors: the level, 1 to 3 */
	bool write;            /* DFSR.WnR */
	bool lpae;             /* FSR bit 9: the long-descriptor format
	                          (fs is then STATUS, bits 5:0) */
	unsigned domain;       /* DFSR[7:4] (valid for domain faults, and
	                          implementation-specific otherwise); 0
	                          with long descriptors, which have none */
	unsigned count;        /* faults taken since expect_fault() */
	uint32_t hsr;          /* Hyp mode: the HSR of the exception
	                          (src/boot/hyp.c); 0 at PL1 */
};

/* Decode a fault status word into info (fs, type, level, write, domain). */
void fault_decode(enum exc_kind exc, uint32_t fsr, struct fault_info *info);
const char *fault_type_name(enum fault_type t);

/*
 * Declare that the next exception of kind `exc` is expected. The handler
 * records it (see fault_taken) and resumes:
 *   data abort, undefined: at the instruction after the faulting one;
 *   prefetch abort: at the interrupted mode's LR, i.e. as if the function
 *     that was branched to (with BL/BLX) had returned at once.
 * An exception that was not expected is printed in full and the firmware
 * exits with status 3.
 */
void expect_fault(enum exc_kind exc);
/* Whether an expected fault was taken since expect_fault(); copies it to
 * *out (if not NULL) and disarms. */
bool fault_taken(struct fault_info *out);
/* For the exception handlers (fault.c's, hyp.c's): if f is the fault
 * expect_fault() armed (f->exc), record it for fault_taken (f->count
 * set), disarm and return true; otherwise false, nothing changed. */
bool fault_record(struct fault_info *f);

/*
 * Fault hooks (Linux's nopage): fn is called for a translation fault
 * (data or prefetch abort) whose address lies in [va_lo, va_hi), in the
 * abort mode of the faulting CPU, before expect_fault's bookkeeping. It
 * may map the page (vmsa_map on the live table) and return
 * BOOT_FAULT_RETRY: the faulting instruction is then run again. Any other
 * return passes the fault on (expected or reported as unexpected). With
 * several CPUs two may fault on one page at once; the second vmsa_map
 * then returns VMSA_ERR_OVERLAP, which the handler treats as done and
 * returns BOOT_FAULT_RETRY too. Returns a hook id (>= 0) or -1 when the
 * BOOT_FAULT_HOOKS slots are taken. Register from one CPU while no fault
 * can hit the range.
 */
#define BOOT_FAULT_HOOKS 4
enum { BOOT_FAULT_PASS = 0, BOOT_FAULT_RETRY = 1 };
typedef int (*boot_fault_fn)(void *arg, const struct fault_info *f);
int boot_fault_hook(uint32_t va_lo, uint32_t va_hi, boot_fault_fn fn,
                    void *arg);
void boot_fault_unhook(int id);

/*
 * Transient faults. While another CPU changes a live mapping with
 * break-before-make, the entry it changes is a fault entry for a moment,
 * and an access by this CPU to a VA that is mapped before and after can
 * take a translation fault. So before hooks and expect_fault, a
 * translation fault on boot_fault_table (boot_table by default) when
 * it is live with VMSA_TF_SMP is checked: the engine's lock is taken
 * (which waits for the update in progress to finish), the VA is walked in
 * software, the lock is released; if the VA is mapped, the faulting
 * instruction is retried. Retries are counted per CPU.
 */
extern struct vmsa_table *boot_fault_table;
unsigned boot_fault_transients(unsigned cpu);

/*
 * IRQs. With boot_irq_handler set, an IRQ calls it (in IRQ mode, IRQs
 * masked; it acknowledges the interrupt at its controller) and returns to
 * the interrupted code; with none set an IRQ is reported and the firmware
 * exits with status 3, as any unexpected exception. Set it before
 * unmasking IRQs.
 */
typedef void (*boot_irq_fn)(void);
extern boot_irq_fn volatile boot_irq_handler;

/* ---- USR mode (src/boot/start.S) ----------------------------------------- */
/* Run fn(arg) in USR mode on usr_sp; usr_lr must be a user-executable
 * alias of user_return. Returns fn's result. */
uint32_t run_user(uint32_t (*fn)(uint32_t), uint32_t arg, uint32_t usr_sp,
                  uint32_t usr_lr);
void user_return(void);
/* Code in this section is linked into its own 4KB-aligned pages
 * (__user_text_start..__user_text_end), so a test can map it for USR. */
#define USER_TEXT __attribute__((section(".user_text"), noinline))
extern char __user_text_start[], __user_text_end[];

static inline uint32_t read_cpsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

/* ---- Hyp mode (src/boot/hyp.c, start.S's Hyp path) ----------------------
 * A CPU that starts in Hyp mode (CPSR.M = 0x1a; QEMU's vexpress-a15 with
 * secure=off) takes start.S's Hyp path: HVBAR at its Hyp vectors, the SVC
 * stack, BSS zeroed, then boot_hyp_main: the UART, one boot-log line and
 * exit(hyp_main()). No PL1 table is built and the Hyp MMU stays off until
 * hyp_main turns it on. Firmware without src/boot/hyp.c (which the make
 * rules link with the Hyp tests only) prints a refusal instead
 * (boot_hyp_refuse, src/boot/boot.c) and exits with status 2. Data and
 * prefetch aborts taken in Hyp mode obey expect_fault()/fault_taken() as
 * at PL1 (data aborts resume after the instruction, prefetch aborts at
 * the caller's LR); their fault_info has the HSR in hsr, a long-format
 * DFSR/IFSR made from its ISS in fsr (LPAE bit, WnR, the status:
 * fault_decode's long-descriptor rows), FAR from HDFAR or HIFAR, pc from
 * ELR_hyp. Any other exception prints HSR, HDFAR, HIFAR, ELR_hyp and
 * SPSR_hyp and exits with status 3.
 */
/* The firmware's Hyp mode entry, defined by firmware that links
 * src/boot/hyp.c (tests/qemu/test_hyp.c runs the Hyp tests); its result
 * is the exit status. */
int hyp_main(void);

/* ---- CP15 accessors --------------------------------------------------- */
#define CP15_READ(name, op1, crn, crm, op2) \
	static inline uint32_t read_##name(void) { uint32_t v; \
	__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
	                 : "=r"(v)); return v; }
#define CP15_WRITE(name, op1, crn, crm, op2) \
	static inline void write_##name(uint32_t v) { \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
	                 "\n\tisb" : : "r"(v) : "memory"); }
CP15_READ(sctlr, 0, c1, c0, 0)
CP15_WRITE(sctlr, 0, c1, c0, 0)
CP15_READ(ttbr0, 0, c2, c0, 0)
CP15_READ(ttbcr, 0, c2, c0, 2)
CP15_READ(dacr, 0, c3, c0, 0)
CP15_WRITE(dacr, 0, c3, c0, 0)
CP15_READ(dfsr, 0, c5, c0, 0)
CP15_READ(ifsr, 0, c5, c0, 1)
CP15_READ(dfar, 0, c6, c0, 0)
CP15_READ(ifar, 0, c6, c0, 2)
CP15_READ(par, 0, c7, c4, 0)
CP15_READ(prrr, 0, c10, c2, 0)
CP15_READ(nmrr, 0, c10, c2, 1)
CP15_READ(mpidr, 0, c0, c0, 5)
CP15_READ(midr, 0, c0, c0, 0)
CP15_READ(id_mmfr0, 0, c0, c1, 4)

/* Address translation operations (B4.2.3): stage 1, current security
 * state, PL1 or PL0 permission check, read or write. Returns PAR. */
#define ATS_OP(name, op2) \
	static inline uint32_t name(uint32_t va) { \
	__asm__ volatile("mcr p15, 0, %0, c7, c8, " #op2 "\n\tisb" \
	                 : : "r"(va) : "memory"); return read_par(); }
ATS_OP(ats1cpr, 0)
ATS_OP(ats1cpw, 1)
ATS_OP(ats1cur, 2)
ATS_OP(ats1cuw, 3)

/* Make code written as data executable at va (B2.2.7): clean D to PoU,
 * invalidate I-cache and branch predictor. */
void boot_sync_icache(const void *p, size_t len);

/* Write a host file through semihosting (src/boot/syscalls.c). */
int sh_write_file(const char *path, const void *data, size_t len);
/* The command line QEMU hands semihosting (SYS_GET_CMDLINE): the image's
 * path, then -append's words; how a QEMU configuration tells the one test
 * image something about the machine. 0, or -1 (buf too small). */
int sh_get_cmdline(char *buf, size_t len);

#endif /* VMSA_BOOT_H */
