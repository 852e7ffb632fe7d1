/*
 * tests/qemu/test_isolation.c - isolation judged by the emulated MMU, run
 * by test_mmu.c's main on the ARMv7
 * boards and by test_mmu_v5.c's on versatilepb. Each check takes a real
 * fault and reads what the CPU reported (DFSR/IFSR fault status,
 * DFAR/IFAR, the mode that faulted):
 *  - a USR-mode task cannot write or execute privileged memory: write to a
 *    privileged page and to the kernel's own data (the image's data),
 *    execute a privileged code page and the kernel's own text (prefetch
 *    aborts, permission). USR reads of privileged pages and sections, and
 *    USR writes to USER_RO pages, are test_mmu.c's fault_tests: not
 *    repeated here;
 *  - a NULL dereference faults: read, write and branch to 0. The ARMv7
 *    boot tables never map page 0 (src/boot/image.c); where a table maps
 *    VA 0 but the image does not live there, the first 4KB is unmapped
 *    first; where the image and its vectors are at 0 (ARMv5) the check is
 *    a TAP SKIP with the reason;
 *  - a guard page below a stack: a 16KB test stack whose lowest 4KB page is
 *    left unmapped; a C recursion on it overflows, the data abort (taken
 *    on the ABT stack, reported by a fault hook) has DFAR in the guard
 *    page, just below the stack;
 *  - device memory is never executable: every Device/Strongly-ordered
 *    region of the board has XN and a branch into it is a prefetch abort
 *    (permission); a page mapped VMSA_MT_DEVICE without VMSA_EXEC gets XN
 *    and aborts; with VMSA_EXEC it runs (QEMU executes from a RAM page
 *    whose attributes say Device; real silicon may not want that);
 *  - vmsa_check_policy on the live table with one bad mapping of each
 *    kind (W^X, DEVICE-EXEC, USER-PRIV, ALIAS) reports each, and the CPU
 *    confirms two of them are real (the W^X page runs what was written to
 *    it; USR reads the user page inside the privileged range); after
 *    vmsa_unmap they are gone.
 *
 * On ARMv5 (versatilepb, from test_mmu_v5.c): the USR, guard page and
 * policy checks run (no WnR, no IFAR: the prefetch abort's address is the
 * branch target; the planted pages are all writable and executable, as
 * ARMv5 has no XN and no privileged read-only, so each is W^X too); NULL
 * is skipped (RAM and vectors at 0), device execute is skipped (no XN).
 *
 * Test memory: VAs 0xE9000000-0xE9600000 (unused by the boards and by
 * test_mmu.c/test_live.c), PAs from RAM base + 96MB.
 */
#include <stdio.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/desc.h>

#include <boot.h>
#include "tap.h"
#include "test_isolation.h"

#define MB 0x100000u
#define PG 0x1000u

#define VA_UCODE   0xE9000000u  /* USR alias of .user_text */
#define VA_USTACK  0xE9100000u  /* USR stack page */
#define VA_PDATA   0xE9200000u  /* privileged RW page */
#define VA_PCODE   0xE9201000u  /* privileged code page (RO, executable) */
#define VA_GUARD   0xE9300000u  /* unmapped guard page ... */
#define VA_GSTACK  0xE9301000u  /* ... below a 16KB stack */
#define GSTACK_SZ  0x4000u
#define VA_DEVRW   0xE9400000u  /* RAM page as Device, RW, no VMSA_EXEC */
#define VA_DEVX    0xE9401000u  /* same page as Device, RO, VMSA_EXEC */
#define VA_POL     0xE9500000u  /* policy: privileged range of 1MB */
#define VA_POL_WX  (VA_POL + 0x0000u)
#define VA_POL_DX  (VA_POL + 0x1000u)
#define VA_POL_USR (VA_POL + 0x2000u)
#define VA_POL_WB  (VA_POL + 0x3000u)
#define VA_POL_SO  (VA_POL + 0x4000u)

/* PA offsets from P (RAM base + 96MB). */
#define P_USTACK 0x0000u
#define P_PDATA  0x1000u
#define P_PCODE  0x2000u
#define P_GSTACK 0x10000u  /* 20KB: the guard page's PA and the stack */
#define P_DEV    0x20000u
#define P_POL    0x30000u  /* five pages */

static uint32_t P;

#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
#define V5 0
#else
#define V5 1   /* ARM926: no XN, no WnR, no VBAR */
#endif
#define WNR(w) (V5 ? -1 : (w))
/* ARMv5 has no XN, no privileged read-only (APX) and no write-allocate
 * type: its forms of the attributes used here. */
#define NX       (V5 ? 0u : VMSA_XN)
#define RAM_MT   (V5 ? VMSA_MT_WRITEBACK : VMSA_MT_WRITEALLOC)
#define P_RO     (V5 ? VMSA_RW : VMSA_RO)          /* privileged "RO" */
#define U_CODE   (V5 ? VMSA_RW | VMSA_USER_RO : VMSA_RO | VMSA_USER)
#define DATA     (RAM_MT | VMSA_RW | NX)
#define DEV_EXEC (V5 ? 0u : VMSA_EXEC)
/* RW memory is execute-never unless VMSA_EXEC (ARMv5: always executes). */
#define RW_EXEC  (V5 ? 0u : VMSA_EXEC)

extern char __image_start[], __image_end[], __stack_abt_top[];

static inline volatile uint32_t *ptr(uint32_t va)
{
	return (volatile uint32_t *)(uintptr_t)va;
}

static int map(struct vmsa_table *t, uint32_t va, uint32_t pa, uint32_t size,
               vmsa_attr_t attrs)
{
	int rc = vmsa_map(t, vmsa_va(va), vmsa_pa(pa), size, attrs);
	if (rc != VMSA_OK)
		tap_diag("vmsa_map(0x%08lx -> 0x%08lx, 0x%lx, 0x%lx): %s",
		         (unsigned long)va, (unsigned long)pa,
		         (unsigned long)size, (unsigned long)attrs,
		         vmsa_strerror(rc));
	return rc;
}

/* The fault f is exc/type at `level`, with FS[4:0] `fs`, address far,
 * taken in `mode` (0: any), WnR `write` (-1: not checked). */
static bool fault_is(const struct fault_info *f, enum exc_kind exc,
                     enum fault_type type, int level, unsigned fs,
                     uint32_t far, uint32_t mode, int write)
{
	bool ok = f->exc == exc && f->type == type && f->level == level &&
	          f->fs == fs && f->far == far && (!mode || f->mode == mode) &&
	          (write < 0 || f->write == (write != 0));
	if (!ok)
		tap_diag("got %s %s fault level %d FS 0x%02x %s 0x%08lx %s mode "
		         "0x%02lx", f->exc == EXC_PABT ? "prefetch" : "data",
		         fault_type_name(f->type), f->level, f->fs,
		         f->exc == EXC_PABT ? "IFAR" : "DFAR",
		         (unsigned long)f->far, f->write ? "write" : "read",
		         (unsigned long)f->mode);
	return ok;
}

/* Code written as data: mov r0, #42; bx lr. */
static void put_code(uint32_t va, uint32_t sync_va)
{
	ptr(va)[0] = 0xe3a0002au;
	ptr(va)[1] = 0xe12fff1eu;
	boot_sync_icache((const void *)(uintptr_t)sync_va, 8);
}

/* Branch (BLX) to va expecting a prefetch abort; returns whether one was
 * taken, in *f. */
static bool exec_faults(uint32_t va, struct fault_info *f)
{
	volatile uint32_t got;
	expect_fault(EXC_PABT);
	got = ((uint32_t (*)(void))(uintptr_t)va)();
	(void)got;
	if (!fault_taken(f)) {
		tap_diag("no prefetch abort executing 0x%08lx", (unsigned long)va);
		return false;
	}
	return true;
}

/* ---- USR mode ------------------------------------------------------------ */

static uint32_t USER_TEXT iso_user_write(uint32_t va)
{
	*(volatile uint32_t *)va = 0x0badc0deu;
	return 1;
}

static uint32_t USER_TEXT iso_user_read(uint32_t va)
{
	return *(volatile uint32_t *)va;
}

static uint32_t ualias(const void *fn)
{
	return VA_UCODE + (uint32_t)((uintptr_t)fn - (uintptr_t)__user_text_start);
}

/* Run fn(arg) in USR mode, fn a VA (user alias or not). */
static uint32_t in_user_va(uint32_t fn_va, uint32_t arg)
{
	return run_user((uint32_t (*)(uint32_t))(uintptr_t)fn_va, arg,
	                VA_USTACK + PG, ualias((const void *)user_return));
}

/* Kernel data and text the USR task aims at (in the board's RAM region,
 * privileged sections). */
static volatile uint32_t kernel_secret = 0x5ec7e700u;

static uint32_t __attribute__((noinline)) kernel_fn(uint32_t x)
{
	return x + 1;
}

static void user_tests(struct vmsa_table *t)
{
	struct fault_info f = { 0 };
	int rc = map(t, VA_UCODE, (uint32_t)(uintptr_t)__user_text_start,
	             (uint32_t)(__user_text_end - __user_text_start),
	             RAM_MT | U_CODE);
	rc |= map(t, VA_USTACK, P + P_USTACK, PG, DATA | VMSA_USER);
	rc |= map(t, VA_PDATA, P + P_PDATA, PG, DATA);
	rc |= map(t, VA_PCODE, P + P_PCODE, PG, RAM_MT | P_RO);
	if (rc != VMSA_OK) {
		tap_ok(false, "isolation: USR test mappings");
		return;
	}
	tap_diag("isolation: USR reads of privileged pages and sections and "
	         "USR writes to USER_RO pages are checked by test_mmu.c");

	/* Write to a privileged page: DABT, page permission (FS 0x0F),
	 * WnR, DFAR exact, from USR; the page is unchanged. */
	*ptr(VA_PDATA + 0x40) = 0x11112222u;
	expect_fault(EXC_DABT);
	(void)in_user_va(ualias((const void *)iso_user_write), VA_PDATA + 0x40);
	bool ok = fault_taken(&f) &&
	          fault_is(&f, EXC_DABT, FT_PERMISSION, 2, 0x0f, VA_PDATA + 0x40,
	                   0x10, WNR(1));
	tap_ok(ok && *ptr(VA_PDATA + 0x40) == 0x11112222u,
	       "isolation: USR write to a privileged page: data abort, page "
	       "permission (DFSR FS 0x0F), %s, DFAR exact, memory unchanged",
	       V5 ? "no WnR on ARMv5" : "WnR");

	/* Write to the kernel's own data (the image's data region on ARMv7,
	 * pages; the board's RAM section on ARMv5): the level the tables
	 * give is the level the fault must report. */
	uint32_t kva = (uint32_t)(uintptr_t)&kernel_secret;
	struct vmsa_xlat kx = { 0 };
	(void)vmsa_translate(t, vmsa_va(kva), &kx);
	expect_fault(EXC_DABT);
	(void)in_user_va(ualias((const void *)iso_user_write), kva);
	ok = fault_taken(&f) && kx.level != 0 &&
	     fault_is(&f, EXC_DABT, FT_PERMISSION, kx.level,
	              kx.level == 2 ? 0x0f : 0x0d, kva, 0x10, WNR(1));
	tap_ok(ok && kernel_secret == 0x5ec7e700u,
	       "isolation: USR write to kernel data at 0x%08lx (%s): %s "
	       "permission (DFSR FS 0x%02X), %s, kernel data unchanged",
	       (unsigned long)kva, vmsa_kind_name(kx.kind),
	       kx.level == 2 ? "page" : "section", kx.level == 2 ? 0x0f : 0x0d,
	       V5 ? "no WnR on ARMv5" : "WnR");

	/* Execute a privileged code page: PL1 runs it, USR takes a prefetch
	 * abort, page permission (IFSR FS 0x0F), IFAR exact. */
	put_code(P + P_PCODE, VA_PCODE);
	volatile uint32_t got = ((uint32_t (*)(void))VA_PCODE)();
	expect_fault(EXC_PABT);
	(void)in_user_va(VA_PCODE, 0);
	ok = got == 42 && fault_taken(&f) &&
	     fault_is(&f, EXC_PABT, FT_PERMISSION, 2, 0x0f, VA_PCODE, 0x10, -1);
	tap_ok(ok, "isolation: USR execute of a privileged code page (PL1 runs "
	       "it): prefetch abort, page permission (IFSR FS 0x0F), %s",
	       V5 ? "at the branch target (no IFAR on ARMv5)" : "IFAR exact");

	/* Execute the kernel's own text (image text pages on ARMv7, the RAM
	 * section on ARMv5). */
	uint32_t kfn = (uint32_t)(uintptr_t)kernel_fn;
	(void)vmsa_translate(t, vmsa_va(kfn), &kx);
	got = kernel_fn(1);
	expect_fault(EXC_PABT);
	(void)in_user_va(kfn, 0);
	ok = got == 2 && fault_taken(&f) && kx.level != 0 &&
	     fault_is(&f, EXC_PABT, FT_PERMISSION, kx.level,
	              kx.level == 2 ? 0x0f : 0x0d, kfn, 0x10, -1);
	tap_ok(ok, "isolation: USR execute of kernel text at 0x%08lx (%s): "
	       "prefetch abort, %s permission (IFSR FS 0x%02X)",
	       (unsigned long)kfn, vmsa_kind_name(kx.kind),
	       kx.level == 2 ? "page" : "section", kx.level == 2 ? 0x0f : 0x0d);
}

/* ---- NULL ---------------------------------------------------------------- */

static uint32_t vbar(void)
{
	uint32_t v = 0;     /* ARMv5: vectors at 0 (SCTLR.V = 0), no VBAR */
#if !V5
	__asm__ volatile("mrc p15, 0, %0, c12, c0, 0" : "=r"(v));
#endif
	return v;
}

static void null_tests(struct vmsa_table *t)
{
	struct vmsa_xlat x;
	struct fault_info f = { 0 };
	const char *what = "by the boot tables";
	static char why[128];

	if (vmsa_translate(t, vmsa_va(0), &x) == VMSA_OK) {
		const struct vmsa_region *r = NULL;
		for (size_t i = 0; i < board.n_regions; i++)
			if (board.regions[i].va.v == 0)
				r = &board.regions[i];
		uint32_t img = (uint32_t)(uintptr_t)__image_start;
		if (img < PG || vbar() < PG || r == NULL) {
			/* RAM at 0: the image and its vectors live in page 0. */
			snprintf(why, sizeof why, "%s maps RAM at VA 0 and this "
			         "image (vectors at 0x%08lx) lives in page 0",
			         board.name, (unsigned long)vbar());
			static const char *const names[] = {
				"NULL read faults", "NULL write faults",
				"branch to NULL faults" };
			for (int i = 0; i < 3; i++)
				tap_skip(names[i], why);
			return;
		}
		int rc = vmsa_unmap(t, vmsa_va(0), PG);
		tap_ok(rc == VMSA_OK, "isolation: %s maps '%s' at VA 0 (the image "
		       "is at 0x%08lx): its first 4KB unmapped on the live table",
		       board.name, r->name, (unsigned long)img);
		what = "here";
	}
	int lvl = vmsa_translate(t, vmsa_va(0), &x) == VMSA_ERR_NOTMAPPED ?
	          x.level : -1;
	unsigned fs = lvl == 2 ? 0x07 : 0x05;
	uint32_t zero = 0, v = 0;
	__asm__ volatile("" : "+r"(zero));   /* no NULL the compiler can see */
	expect_fault(EXC_DABT);
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(zero) : "memory");
	bool ok = fault_taken(&f) &&
	          fault_is(&f, EXC_DABT, FT_TRANSLATION, lvl, fs, 0, 0x13, 0);
	tap_ok(ok, "isolation: NULL read (page 0 unmapped %s): translation "
	       "fault level %d, DFSR FS 0x%02x, DFAR 0", what, lvl, fs);
	expect_fault(EXC_DABT);
	__asm__ volatile("str %0, [%1, #4]" : : "r"(v), "r"(zero) : "memory");
	ok = fault_taken(&f) &&
	     fault_is(&f, EXC_DABT, FT_TRANSLATION, lvl, fs, 4, 0x13, WNR(1));
	tap_ok(ok, "isolation: NULL write (p->field at 4): translation fault, "
	       "WnR, DFAR 0x4");
	ok = exec_faults(zero, &f) &&
	     fault_is(&f, EXC_PABT, FT_TRANSLATION, lvl, fs, 0, 0x13, -1);
	tap_ok(ok, "isolation: call through a NULL function pointer: prefetch "
	       "abort, translation fault, IFAR 0");
}

/* ---- stack guard page ---------------------------------------------------- */

/* iso_call_on_stack(fn, arg, sp): fn(arg) with sp switched, then back. */
uint32_t iso_call_on_stack(uint32_t (*fn)(uint32_t), uint32_t arg,
                           uint32_t sp);
__asm__(".pushsection .text.iso_call_on_stack, \"ax\", %progbits\n"
        ".arm\n"
        ".global iso_call_on_stack\n"
        ".type iso_call_on_stack, %function\n"
        "iso_call_on_stack:\n"
        "	push {r4, lr}\n"
        "	mov r4, sp\n"
        "	mov r3, r0\n"
        "	mov r0, r1\n"
        "	mov sp, r2\n"
        "	blx r3\n"
        "	mov sp, r4\n"
        "	pop {r4, pc}\n"
        ".size iso_call_on_stack, . - iso_call_on_stack\n"
        ".popsection\n");

static struct {
	volatile bool hit;
	struct fault_info f;
	uint32_t sp, cpsr;
	struct vmsa_table *t;
	uint32_t deepest;
} guard;

/* The fault hook: runs in ABT mode on the ABT stack. Records the fault,
 * maps the guard page so the store can complete, and stops the recursion. */
static int guard_hook(void *arg, const struct fault_info *f)
{
	(void)arg;
	uint32_t sp;
	__asm__ volatile("mov %0, sp" : "=r"(sp));
	guard.sp = sp;
	guard.cpsr = read_cpsr();
	guard.f = *f;
	guard.hit = true;
	if (vmsa_map(guard.t, vmsa_va(VA_GUARD), vmsa_pa(P + P_GSTACK), PG,
	             DATA) != VMSA_OK)
		return BOOT_FAULT_PASS;
	return BOOT_FAULT_RETRY;
}

static uint32_t __attribute__((noinline, optimize("no-optimize-sibling-calls")))
recurse(uint32_t depth)
{
	volatile uint32_t frame[48];
	frame[0] = depth;
	frame[47] = depth;
	uint32_t here = (uint32_t)(uintptr_t)&frame[0];
	if (here < guard.deepest)
		guard.deepest = here;
	if (guard.hit || depth > 10000)
		return depth;
	uint32_t r = recurse(depth + 1);
	return r + frame[0] - frame[47];
}

static void guard_tests(struct vmsa_table *t)
{
	int rc = map(t, VA_GSTACK, P + P_GSTACK + PG, GSTACK_SZ, DATA);
	struct vmsa_xlat x;
	bool unmapped = vmsa_translate(t, vmsa_va(VA_GUARD), &x) ==
	                VMSA_ERR_NOTMAPPED;
	tap_ok(rc == VMSA_OK && unmapped,
	       "isolation: 16KB stack at 0x%08lx, its guard page 0x%08lx unmapped",
	       (unsigned long)VA_GSTACK, (unsigned long)VA_GUARD);
	if (rc != VMSA_OK || !unmapped)
		return;
	guard.t = t;
	guard.hit = false;
	guard.deepest = 0xffffffffu;
	int id = boot_fault_hook(VA_GUARD, VA_GUARD + PG, guard_hook, NULL);
	uint32_t depth = iso_call_on_stack(recurse, 0, VA_GSTACK + GSTACK_SZ);
	boot_fault_unhook(id);
	rc = vmsa_unmap(t, vmsa_va(VA_GUARD), PG);

	const struct fault_info *f = &guard.f;
	uint32_t abt_top = (uint32_t)(uintptr_t)__stack_abt_top;
	bool ok = id >= 0 && guard.hit && rc == VMSA_OK &&
	          fault_is(f, EXC_DABT, FT_TRANSLATION, 2, 0x07, f->far, 0x13, WNR(1)) &&
	          f->far >= VA_GUARD && f->far < VA_GUARD + PG &&
	          f->far >= VA_GSTACK - 0x200;
	tap_ok(ok, "isolation: stack overflow (recursion depth %lu) caught by "
	       "the guard page: data abort, translation (DFSR FS 0x%02x), %s, "
	       "DFAR 0x%08lx just below the stack",
	       (unsigned long)depth, f->fs, V5 ? "no WnR on ARMv5" : "write",
	       (unsigned long)f->far);
	tap_ok(guard.hit && (guard.cpsr & 0x1fu) == 0x17 &&
	       guard.sp < abt_top && guard.sp >= abt_top - 0x2000,
	       "isolation: the abort handler ran in ABT mode (CPSR 0x%08lx) on the "
	       "ABT stack (sp 0x%08lx, stack top 0x%08lx), not the broken stack",
	       (unsigned long)guard.cpsr, (unsigned long)guard.sp,
	       (unsigned long)abt_top);
}

/* ---- device memory never executable -------------------------------------- */

static bool is_device(vmsa_attr_t a)
{
	return VMSA_MT(a) == VMSA_MT_UNCACHED || VMSA_MT(a) == VMSA_MT_DEVICE ||
	       VMSA_MT(a) == VMSA_MT_DEVICE_NS;
}

/* XN as the descriptor word holds it. */
static bool desc_xn(const struct vmsa_table *t, uint32_t va, bool *xn)
{
	struct vmsa_xlat x;
	struct vmsa_bits b;
	if (vmsa_translate(t, vmsa_va(va), &x) != VMSA_OK)
		return false;
	vmsa_desc_bits(t->fmt, x.level, false, x.desc, &b);
	*xn = b.xn != 0;
	return true;
}

static void device_tests(struct vmsa_table *t)
{
	struct fault_info f = { 0 };
	unsigned n = 0, bad = 0;

	if (V5) {
		tap_skip("device memory never executable (XN on Device/SO)",
		         "ARMv5 has no XN: vmsa_check_policy reports every "
		         "uncached mapping as DEVICE-EXEC instead");
		return;
	}

	/* The board's own device regions: XN in the descriptor, and a branch
	 * into each is a permission prefetch abort (never a fetch: branching
	 * into MMIO without XN could hang QEMU, so it is not tried then). */
	for (size_t i = 0; i < board.n_regions; i++) {
		const struct vmsa_region *r = &board.regions[i];
		bool xn = false;
		if (!is_device(r->attrs))
			continue;
		n++;
		if (!desc_xn(t, r->va.v, &xn) || !xn) {
			tap_diag("board region %s: descriptor without XN", r->name);
			bad++;
			continue;
		}
		struct vmsa_xlat x;
		(void)vmsa_translate(t, r->va, &x);
		if (!exec_faults(r->va.v, &f) ||
		    !fault_is(&f, EXC_PABT, FT_PERMISSION, x.level,
		              x.level == 2 ? 0x0f : 0x0d, r->va.v, 0x13, -1))
			bad++;
	}
	tap_ok(n > 0 && bad == 0,
	       "isolation: the board's %u Device/SO regions have XN, a branch into "
	       "each is a prefetch abort (permission)", n);

	/* A page mapped through vmsa_map as Device without VMSA_EXEC. */
	uint32_t pa = P + P_DEV;
	int rc = map(t, VA_DEVRW, pa, PG, VMSA_MT_DEVICE | VMSA_RW);
	bool xn = false;
	bool ok = rc == VMSA_OK && desc_xn(t, VA_DEVRW, &xn) && xn;
	if (ok) {
		put_code(VA_DEVRW, VA_DEVRW);
		ok = exec_faults(VA_DEVRW, &f) &&
		     fault_is(&f, EXC_PABT, FT_PERMISSION, 2, 0x0f, VA_DEVRW, 0x13, -1);
	}
	tap_ok(ok, "isolation: vmsa_map VMSA_MT_DEVICE|VMSA_RW (no VMSA_EXEC): "
	       "descriptor XN set, a branch into it is a prefetch abort, page "
	       "permission (IFSR FS 0x0F)");

	/* VMSA_EXEC: executable because it was asked for. */
	rc = map(t, VA_DEVX, pa, PG, VMSA_MT_DEVICE | VMSA_RO | VMSA_EXEC);
	xn = true;
	volatile uint32_t got = 0;
	ok = rc == VMSA_OK && desc_xn(t, VA_DEVX, &xn) && !xn;
	if (ok) {
		boot_sync_icache((const void *)VA_DEVX, 8);
		got = ((uint32_t (*)(void))VA_DEVX)();
	}
	tap_ok(ok && got == 42,
	       "isolation: VMSA_MT_DEVICE|VMSA_EXEC: descriptor XN clear, the code "
	       "on the page runs (returned %lu)", (unsigned long)got);
	(void)vmsa_unmap(t, vmsa_va(VA_DEVRW), 2 * PG);
}

/* ---- the policy checker on a deliberately bad live table ----------------- */

/* Planted pages: slot i at VA_POL + i * 4KB. */
#define POL_SLOTS 5

struct pol_seen {
	unsigned seen[POL_SLOTS]; /* VMSA_POL_* bits found on each slot's
	                             whole page (ALIAS not included) */
	unsigned n[4];            /* findings per check in VA_POL's MB */
	unsigned odd;             /* findings there not on a whole slot */
	bool alias_pair;          /* WB and SO slots reported as aliases */
	unsigned stray;           /* ALIAS findings here not about the SO page */
	unsigned outside;         /* findings elsewhere (board, other tests) */
};

static int check_index(unsigned c)
{
	switch (c) {
	case VMSA_POL_WX: return 0;
	case VMSA_POL_DEVICE_EXEC: return 1;
	case VMSA_POL_USER_PRIV: return 2;
	case VMSA_POL_ALIAS: return 3;
	}
	return -1;
}

static bool in_pol(uint32_t va)
{
	return va >= VA_POL && va < VA_POL + MB;
}

static void pol_report(void *arg, const struct vmsa_finding *f)
{
	struct pol_seen *s = arg;
	int i = check_index(f->check);
	uint32_t va = f->run.va.v, ova = f->other.va.v;
	bool mine = in_pol(va) || (f->check == VMSA_POL_ALIAS && in_pol(ova));
	if (i < 0 || !mine) {
		s->outside++;
		return;
	}
	char line[224];
	vmsa_format_finding(f, line, sizeof line);
	tap_diag("policy: %s", line);
	s->n[i]++;
	if (f->check == VMSA_POL_ALIAS) {
		/* WB vs SO at the planted pair; the RAM maps alias the SO
		 * page too. Every alias found here must involve it. */
		if ((va == VA_POL_WB && ova == VA_POL_SO) ||
		    (va == VA_POL_SO && ova == VA_POL_WB))
			s->alias_pair = f->pa.p == P + P_POL + 0x3000 &&
			                f->size == PG;
		if (va != VA_POL_SO && ova != VA_POL_SO)
			s->stray++;
		return;
	}
	uint32_t slot = (va - VA_POL) / PG;
	if ((va & (PG - 1u)) || slot >= POL_SLOTS || f->size != PG ||
	    f->run.size != PG ||
	    (f->check == VMSA_POL_USER_PRIV &&
	     (f->region == NULL || f->region->va.v != VA_POL)))
		s->odd++;
	else
		s->seen[slot] |= f->check;
}

static void policy_tests(struct vmsa_table *t)
{
	static const struct vmsa_region priv[] = {
		{ .name = "kernel-test", .va = VMSA_VA_C(VA_POL), .size = MB },
	};
	static const char *const slot_name[POL_SLOTS] = {
		"W^X page (Normal RW, executable)",
		"DEVICE-EXEC page (Device, VMSA_EXEC)",
		"USER-PRIV page (user-readable, inside the privileged range)",
		"WB page", "SO page (aliases the WB page)" };
	/* What each slot must report. ARMv5 (no XN, no privileged RO): every
	 * page is writable and executable, so each is W^X as well, and the
	 * uncached SO page is DEVICE-EXEC. */
	const unsigned wx = V5 ? VMSA_POL_WX : 0;
	const unsigned want[POL_SLOTS] = {
		VMSA_POL_WX, VMSA_POL_DEVICE_EXEC | wx, VMSA_POL_USER_PRIV | wx,
		wx, V5 ? VMSA_POL_DEVICE_EXEC | wx : 0 };
	struct pol_seen before = { 0 }, s = { 0 }, after = { 0 };
	uint32_t pol = P + P_POL;

	int base = vmsa_check_policy(t, VMSA_POL_ALL, priv, 1, pol_report, &before);
	/* Normal mappings with the RAM region's shareability, so the only
	 * mismatched alias is the planted Strongly-ordered page; the device
	 * page with the type of the board's UART region (ARMv5: BUF). */
	vmsa_attr_t sh = board.regions[0].attrs & VMSA_SHARED;
	vmsa_attr_t dev = VMSA_MT_DEVICE;
	uint32_t upa = (uint32_t)board.uart_base & ~(PG - 1u);
	for (size_t i = 0; i < board.n_regions; i++) {
		const struct vmsa_region *r = &board.regions[i];
		if (upa >= r->pa.p && upa < r->pa.p + r->size)
			dev = VMSA_MT(r->attrs);
	}
	int rc = map(t, VA_POL_WX, pol, PG, RAM_MT | VMSA_RW | RW_EXEC | sh);
	rc |= map(t, VA_POL_DX, upa, PG, dev | P_RO | DEV_EXEC);
	rc |= map(t, VA_POL_USR, pol + 0x2000, PG,
	          RAM_MT | (V5 ? VMSA_RW | VMSA_USER_RO : VMSA_RO | VMSA_USER) |
	          NX | sh);
	rc |= map(t, VA_POL_WB, pol + 0x3000, PG,
	          VMSA_MT_WRITEBACK | P_RO | NX | sh);
	rc |= map(t, VA_POL_SO, pol + 0x3000, PG, VMSA_MT_UNCACHED | P_RO | NX);
	tap_ok(rc == VMSA_OK && base >= 0 && before.n[0] + before.n[1] +
	       before.n[2] + before.n[3] == 0,
	       "policy: one bad mapping of each kind planted in the live table "
	       "(%d findings before, none in 0x%08lx+1M)", base,
	       (unsigned long)VA_POL);
	if (rc != VMSA_OK)
		return;

	int total = vmsa_check_policy(t, VMSA_POL_ALL, priv, 1, pol_report, &s);
	for (int i = 0; i < POL_SLOTS; i++)
		if (want[i] || s.seen[i])
			tap_ok(s.seen[i] == want[i],
			       "policy: %s: reported as %s%s%s(checks 0x%x, want 0x%x)",
			       slot_name[i],
			       s.seen[i] & VMSA_POL_WX ? "W^X " : "",
			       s.seen[i] & VMSA_POL_DEVICE_EXEC ? "DEVICE-EXEC " : "",
			       s.seen[i] & VMSA_POL_USER_PRIV ? "USER-PRIV " : "",
			       s.seen[i], want[i]);
	tap_ok(s.alias_pair && s.stray == 0 && s.odd == 0,
	       "policy: the planted ALIAS is reported (WB and SO views of one "
	       "page; %u alias findings, all about the SO page)", s.n[3]);
	tap_ok(total == base + (int)(s.n[0] + s.n[1] + s.n[2] + s.n[3]) &&
	       s.outside == before.outside,
	       "policy: %d findings in all = %d before + the planted ones", total,
	       base);

	/* The CPU agrees the findings are real. */
	put_code(VA_POL_WX, VA_POL_WX);
	volatile uint32_t got = ((uint32_t (*)(void))VA_POL_WX)();
	*ptr(P + P_POL + 0x2000 + 12) = 0xfeedf00du;
	uint32_t u = in_user_va(ualias((const void *)iso_user_read), VA_POL_USR + 12);
	tap_ok(got == 42 && u == 0xfeedf00du,
	       "policy: the W^X page runs code written through it (%lu); USR "
	       "reads the user page inside the privileged range (0x%08lx)",
	       (unsigned long)got, (unsigned long)u);

	rc = vmsa_unmap(t, vmsa_va(VA_POL), POL_SLOTS * PG);
	int end = vmsa_check_policy(t, VMSA_POL_ALL, priv, 1, pol_report, &after);
	tap_ok(rc == VMSA_OK && end == base &&
	       after.n[0] + after.n[1] + after.n[2] + after.n[3] == 0,
	       "policy: after vmsa_unmap of the planted pages, back to %d findings",
	       end);
}

void isolation_tests(struct vmsa_table *t)
{
	P = board.ram_base + 96 * MB;
	user_tests(t);
	null_tests(t);
	guard_tests(t);
	device_tests(t);
	policy_tests(t);
}
