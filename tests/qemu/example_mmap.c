/*
 * tests/qemu/example_mmap.c - `make run EXAMPLE=mmap-buffer`: a driver
 * hands an 8KB buffer to a user-mode task, as mmap() of a device buffer
 * does, on the live tables the boot stub built.
 *
 * The driver follows three steps:
 *   1. determine the physical address of the buffer it allocated;
 *   2. choose the attributes of the task's mapping;
 *   3. create the mapping in the task's virtual address space.
 * Then the task, in USR mode, writes into the buffer directly; the
 * privileged side reads what it wrote through its own mapping; and the
 * task's attempt to read privileged memory is caught as a permission
 * fault and reported.
 *
 * Also booted by `make test-qemu` (scripts/run-qemu-tests.sh), which
 * checks the lines marked "result:".
 */
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <vmsa.h>
#include <vmsa/arch.h>
#include <vmsa/desc.h>
#include <boot.h>

#define BUF_SIZE   0x2000u        /* 8KB */
#define TASK_CODE  0x30000000u    /* the task's VAs (no board maps them) */
#define TASK_STACK 0x30100000u
#define TASK_BUF   0x30200000u    /* where the buffer appears to the task */
#define DRV_VIEW   0x30300000u    /* the driver's own view of the buffer */

/* Something the task must not read: privileged RAM. */
static volatile uint32_t kernel_secret = 0x5ec2e7u;

/* ---- the task (USR mode; runs from its own alias of .user_text) ------- */

/* Fill the buffer: a greeting, then word i = 0x7a5c0000 + i. Returns the
 * number of words written. */
static uint32_t USER_TEXT task_fill(uint32_t buf)
{
	volatile uint32_t *w = (volatile uint32_t *)buf;
	uint32_t i;

	/* "hello from the USR-mode task" as immediates: a string literal
	 * would live in the kernel's .rodata, which USR cannot read. */
	w[0] = 0x6c6c6568u;
	w[1] = 0x7266206fu;
	w[2] = 0x74206d6fu;
	w[3] = 0x55206568u;
	w[4] = 0x6d2d5253u;
	w[5] = 0x2065646fu;
	w[6] = 0x6b736174u;
	w[7] = 0x00000000u;
	for (i = 16; i < 0x2000u / 4; i++)
		w[i] = 0x7a5c0000u + i;
	return i;
}

static uint32_t USER_TEXT task_peek(uint32_t va)
{
	return *(volatile uint32_t *)va;
}

static uint32_t task_va(const void *fn)
{
	return TASK_CODE + (uint32_t)((uintptr_t)fn - (uintptr_t)__user_text_start);
}

static uint32_t run_task(uint32_t (*fn)(uint32_t), uint32_t arg)
{
	return run_user((uint32_t (*)(uint32_t))(uintptr_t)task_va((const void *)fn),
	                arg, TASK_STACK + 0x1000,
	                task_va((const void *)user_return));
}

/* Clean and invalidate [p, p+len) to the point of coherency (DCCIMVAC),
 * so no line of the cacheable alias the buffer was allocated through can
 * later be written back over what the task wrote. */
static void dcache_clean_inval(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)31u, end = (uintptr_t)p + len;
	for (; a < end; a += 32)
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" : : "r"(a) : "memory");
	__asm__ volatile("dsb" : : : "memory");
}

static void print_mapping(uint32_t va, uint32_t size)
{
	struct vmsa_xlat x;
	char line[96];
	struct vmsa_run r;

	if (vmsa_translate(&boot_table, vmsa_va(va), &x) != VMSA_OK)
		return;
	r = (struct vmsa_run){ .va = vmsa_va(va), .size = size, .pa = x.pa,
	                       .kind = x.kind, .attrs = x.attrs,
	                       .count = size / vmsa_kind_size(x.kind) };
	vmsa_format_run(&r, line, sizeof line);
	printf("  %s   (descriptor 0x%08lx)\n", line, (unsigned long)x.desc);
}

int main(void)
{
	struct vmsa_table *t = &boot_table;
	struct fault_info f;
	vmsa_pa_t pa;
	int rc;

	printf("\n== mmap-buffer example on %s (format %s)\n", board.name,
	       (t->fmt & VMSA_FMT_TEX_REMAP) ? "v7, TEX remap" : "v7, TEX remap off");

	/* The driver allocates its buffer from the kernel heap. */
	uint8_t *buf = memalign(0x1000, BUF_SIZE);
	if (buf == NULL) {
		printf("result: FAIL: no memory\n");
		return 1;
	}

	/* Step 1: determine the physical address. The buffer is reached
	 * through the kernel's mapping of RAM; the tables say where it is
	 * (here VA == PA, but the driver does not assume it). */
	rc = vmsa_translate_pa(t, vmsa_va((uint32_t)(uintptr_t)buf), &pa);
	printf("\n-- step 1: buffer at kernel VA 0x%08lx, 8KB; vmsa_translate_pa: "
	       "PA 0x%08lx (%s)\n", (unsigned long)(uintptr_t)buf,
	       (unsigned long)pa.p, vmsa_strerror(rc));
	if (rc != VMSA_OK)
		return 1;

	/* Step 2: choose the attributes: bufferable, not cached, the second
	 * of the four ARMv5 C/B combinations (C=0 B=1). On ARMv7 with TEX
	 * remap off, C=0 B=1 (VMSA_MT_BUFFERABLE) means Shareable *Device*
	 * memory (ARM ARM table B3-10): no unaligned accesses, no
	 * speculation, no merging of writes; wrong for an ordinary data buffer
	 * a task fills with memcpy. The ARMv7 type that means "writes may be
	 * buffered and merged, nothing cached" is Normal non-cacheable:
	 * TEX=001 C=0 B=0, VMSA_MT_NORMAL_NC. With TEX remap on, vmsa's
	 * BUFFERABLE index *is* Normal non-cacheable (Linux's PRRR/NMRR), so
	 * either name gives the same memory. Not cached means the driver needs
	 * no cache maintenance to see the task's writes, as long as every
	 * mapping it uses has the same type (A3.5.7, mismatched attributes):
	 * its own view is mapped Normal NC too, and the cacheable alias the
	 * buffer came from is cleaned and invalidated once, then not used.
	 * USER + RW: the task reads and writes it. XN: data, never code. */
	vmsa_attr_t mt = (t->fmt & VMSA_FMT_TEX_REMAP) ? VMSA_MT_BUFFERABLE
	                                               : VMSA_MT_NORMAL_NC;
	vmsa_attr_t task_attrs = mt | VMSA_RW | VMSA_USER | VMSA_XN;
	vmsa_attr_t drv_attrs = mt | VMSA_RW | VMSA_XN;
	printf("-- step 2: attributes %s | VMSA_RW | VMSA_USER | VMSA_XN "
	       "(Normal non-cacheable: bufferable, not cached)\n",
	       mt == VMSA_MT_NORMAL_NC ? "VMSA_MT_NORMAL_NC" : "VMSA_MT_BUFFERABLE");
	dcache_clean_inval(buf, BUF_SIZE);

	/* Step 3: create the mappings on the live tables: the task's (two
	 * small pages at TASK_BUF) and the driver's own view. The engine
	 * makes the writes visible to the walker; new entries need no TLB
	 * invalidation (fault -> valid). */
	rc = vmsa_map(t, vmsa_va(TASK_BUF), pa, BUF_SIZE, task_attrs);
	rc |= vmsa_map(t, vmsa_va(DRV_VIEW), pa, BUF_SIZE, drv_attrs);
	/* The task's code (its alias of .user_text) and stack. */
	rc |= vmsa_map(t, vmsa_va(TASK_CODE),
	               vmsa_pa((uintptr_t)__user_text_start),
	               (uint32_t)(__user_text_end - __user_text_start),
	               VMSA_MT_WRITEALLOC | VMSA_RO | VMSA_USER);
	rc |= vmsa_map(t, vmsa_va(TASK_STACK),
	               vmsa_pa((uintptr_t)memalign(0x1000, 0x1000)), 0x1000,
	               VMSA_DATA | VMSA_USER);
	printf("-- step 3: vmsa_map: %s\n", vmsa_strerror(rc));
	if (rc != VMSA_OK)
		return 1;
	printf("  task's buffer:\n");
	print_mapping(TASK_BUF, BUF_SIZE);
	printf("  driver's view:\n");
	print_mapping(DRV_VIEW, BUF_SIZE);

	/* The task writes into the buffer, in USR mode. */
	uint32_t n = run_task(task_fill, TASK_BUF);
	printf("\n-- the task (USR mode) wrote %lu words at 0x%08lx\n",
	       (unsigned long)n, (unsigned long)TASK_BUF);

	/* The privileged side reads them through its own mapping. */
	const volatile uint32_t *view = (const volatile uint32_t *)DRV_VIEW;
	uint32_t good = 0;
	for (uint32_t i = 16; i < BUF_SIZE / 4; i++)
		good += view[i] == 0x7a5c0000u + i;
	char msg[40];
	for (unsigned i = 0; i < sizeof msg; i++)
		msg[i] = ((const volatile char *)DRV_VIEW)[i];
	msg[sizeof msg - 1] = 0;
	printf("-- the driver reads at 0x%08lx: \"%s\", word[16] 0x%08lx, "
	       "word[2047] 0x%08lx\n", (unsigned long)DRV_VIEW, msg,
	       (unsigned long)view[16], (unsigned long)view[2047]);
	bool data_ok = good == BUF_SIZE / 4 - 16 &&
	               strcmp(msg, "hello from the USR-mode task") == 0;
	printf("result: driver read what the task wrote: %s (%lu of %u words)\n",
	       data_ok ? "yes" : "NO", (unsigned long)good, BUF_SIZE / 4 - 16);

	/* The task tries to read privileged memory. */
	uint32_t secret_va = (uint32_t)(uintptr_t)&kernel_secret;
	printf("\n-- the task reads kernel memory at 0x%08lx\n",
	       (unsigned long)secret_va);
	expect_fault(EXC_DABT);
	uint32_t got = run_task(task_peek, secret_va);
	bool caught = fault_taken(&f);
	if (caught)
		printf("caught: data abort from mode 0x%02lx (USR), %s fault, %s, "
		       "%s, DFAR 0x%08lx, DFSR 0x%03lx; the load was skipped\n",
		       (unsigned long)f.mode, fault_type_name(f.type),
		       f.level == 1 ? "section (L1)" : "page (L2)",
		       f.write ? "write" : "read", (unsigned long)f.far,
		       (unsigned long)f.fsr);
	bool perm = caught && f.type == FT_PERMISSION && f.mode == 0x10 &&
	            f.far == secret_va && got != kernel_secret;
	printf("result: task's access to privileged memory is a permission "
	       "fault: %s\n", perm ? "yes" : "NO");

	/* Tear down: the task's mappings go (TLB entries invalidated). */
	rc = vmsa_unmap(t, vmsa_va(TASK_BUF), BUF_SIZE);
	rc |= vmsa_unmap(t, vmsa_va(DRV_VIEW), BUF_SIZE);
	rc |= vmsa_unmap(t, vmsa_va(TASK_CODE),
	                 (uint32_t)(__user_text_end - __user_text_start));
	rc |= vmsa_unmap(t, vmsa_va(TASK_STACK), 0x1000);
	printf("\n-- unmapped: %s\n", vmsa_strerror(rc));
	printf("result: %s\n", data_ok && perm && rc == VMSA_OK ? "PASS" : "FAIL");
	return data_ok && perm && rc == VMSA_OK ? 0 : 1;
}
