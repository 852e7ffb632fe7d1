/*
 * src/boot/hyp.c - the C side of the boot stub's Hyp path (start.S): a
 * firmware entered in Hyp mode (PL2) brings up the UART, prints one
 * boot-log line and exits with what its hyp_main returns; and the
 * exceptions taken to Hyp mode (start.S's Hyp vectors): the syndrome
 * decoded, an expected data or prefetch abort recorded (fault_record,
 * src/boot/fault.c) and resumed, anything else printed with HSR, HDFAR,
 * HIFAR, ELR_hyp and SPSR_hyp, and the firmware exits with status 3.
 * Linked only into firmware that defines hyp_main (the ARMv7 test
 * firmware, tests/qemu/test_hyp.c); start.S refers to it weakly, and an
 * image without it (the demo, the examples) refuses Hyp mode
 * (boot_hyp_refuse, src/boot/boot.c).
 *
 * Covers one CPU that stays in Hyp mode, its MMU on or off (what
 * hyp_main does with it is its own: src/arch/armv7/hyp.c). Does not
 * cover dropping to PL1, stage 2, Hyp traps from PL1 or PL0 and IRQs
 * (reported as unexpected), or the PL1 boot (src/boot/boot.c).
 *
 * References: ARM ARM DDI 0406C B1.8 (exceptions taken to Hyp mode,
 * ELR_hyp: the preferred return address is the faulting instruction's),
 * B3.13 (exception reporting in Hyp mode: HSR EC, IL, ISS; HDFAR,
 * HIFAR), B4.1 (the registers), table B3-24 (the long-descriptor fault
 * status the ISS carries).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <vmsa/hwdef_lpae.h>

#include "boot.h"
#include "../uart/uart.h"

/* The frame start.S's hyp_exc builds on the interrupted code's stack. */
struct hyp_frame {
	uint32_t hsr, hdfar;
	uint32_t spsr;          /* SPSR_hyp: ERET restores it */
	uint32_t elr;           /* ELR_hyp: ERET returns there */
	uint32_t hifar;
	uint32_t r[13];
	uint32_t lr;            /* the interrupted code's (not banked) */
};

void boot_hyp_main(void);
void boot_hyp_exception(struct hyp_frame *fr, int kind);

void boot_hyp_main(void)
{
	extern char hyp_vectors[];

	uart_init(board.uart_base);
	printf("\nvmsa boot: board %s, MIDR 0x%08lx, MPIDR 0x%08lx, CPSR mode "
	       "0x%02x (Hyp, PL2): Hyp vectors at 0x%08lx, Hyp MMU off\n",
	       board.name, (unsigned long)read_midr(),
	       (unsigned long)read_mpidr(), (unsigned)(read_cpsr() & 0x1fu),
	       (unsigned long)(uintptr_t)hyp_vectors);
	exit(hyp_main());
}

static const char *ec_name(uint32_t ec)
{
	switch (ec) {
	case HSR_EC_UNKNOWN: return "unknown reason (e.g. UNDEFINED)";
	case 0x01: return "WFI or WFE trapped";
	case 0x03: return "MCR or MRC (CP15) trapped";
	case HSR_EC_SVC: return "SVC";
	case HSR_EC_HVC: return "HVC";
	case 0x13: return "SMC";
	case HSR_EC_PABT_LOWER: return "prefetch abort from PL1 or PL0";
	case HSR_EC_PABT_HYP: return "prefetch abort taken in Hyp mode";
	case HSR_EC_DABT_LOWER: return "data abort from PL1 or PL0";
	case HSR_EC_DABT_HYP: return "data abort taken in Hyp mode";
	default: return "other";
	}
}

static const char *const kind_names[] = {
	"exception at the unused vector 0x00", "undefined instruction",
	"SVC or HVC", "prefetch abort", "data abort", "IRQ", "FIQ",
	"Hyp trap",
};

static void report(const struct hyp_frame *fr, int kind,
                   const struct fault_info *f)
{
	uint32_t ec = HSR_EC_OF(fr->hsr);

	printf("# unexpected %s in Hyp mode at pc 0x%08lx (ELR_hyp), SPSR_hyp "
	       "0x%08lx: HSR 0x%08lx (EC 0x%02lx, %s; IL %lu; ISS 0x%07lx)",
	       (unsigned)kind < sizeof kind_names / sizeof kind_names[0] ?
	       kind_names[kind] : "exception", (unsigned long)fr->elr,
	       (unsigned long)fr->spsr, (unsigned long)fr->hsr,
	       (unsigned long)ec, ec_name(ec),
	       (unsigned long)((fr->hsr & HSR_IL) != 0),
	       (unsigned long)HSR_ISS_OF(fr->hsr));
	if (f->lpae)
		printf(": %s fault, level %d, %s, address 0x%08lx",
		       fault_type_name(f->type), f->level,
		       f->write ? "write" : "read", (unsigned long)f->far);
	printf("\n# HDFAR 0x%08lx HIFAR 0x%08lx r0 %08lx r1 %08lx r2 %08lx "
	       "r3 %08lx lr %08lx\n", (unsigned long)fr->hdfar,
	       (unsigned long)fr->hifar, (unsigned long)fr->r[0],
	       (unsigned long)fr->r[1], (unsigned long)fr->r[2],
	       (unsigned long)fr->r[3], (unsigned long)fr->lr);
}

/* Called by start.S's hyp_exc with the frame and the vector's kind. */
void boot_hyp_exception(struct hyp_frame *fr, int kind)
{
	static volatile int depth;
	struct fault_info f = { 0 };
	uint32_t ec = HSR_EC_OF(fr->hsr), fsr;
	bool dabt = kind == EXC_DABT &&
	            (ec == HSR_EC_DABT_HYP || ec == HSR_EC_DABT_LOWER);
	bool pabt = kind == EXC_PABT &&
	            (ec == HSR_EC_PABT_HYP || ec == HSR_EC_PABT_LOWER);

	/* An exception while reporting one: stop at once. */
	if (depth++ != 0)
		_exit(4);
	if (dabt || pabt) {
		/* The ISS in the long-descriptor DFSR/IFSR's layout: LPAE
		 * (bit 9), WnR (bit 11), STATUS (bits 5:0). */
		fsr = (1u << 9) | HSR_ISS_FSC_OF(fr->hsr);
		if (dabt && (fr->hsr & HSR_ISS_WNR))
			fsr |= 1u << 11;
		fault_decode((enum exc_kind)kind, fsr, &f);
		f.far = dabt ? fr->hdfar : fr->hifar;
	} else {
		f.exc = (enum exc_kind)kind;
	}
	f.pc = fr->elr;
	f.mode = fr->spsr & 0x1fu;
	f.hsr = fr->hsr;

	if ((dabt || pabt) && fault_record(&f)) {
		if (dabt) {
			/* After the instruction: IL says its size. */
			fr->elr = f.pc + ((fr->hsr & HSR_IL) ? 4u : 2u);
		} else {
			/* Nothing to skip: return as the function that was
			 * branched to would have, in the caller's state. */
			fr->elr = fr->lr & ~1u;
			if (fr->lr & 1u)
				fr->spsr |= 1u << 5;
			else
				fr->spsr &= ~(1u << 5);
		}
		depth = 0;
		return;
	}
	report(fr, kind, &f);
	exit(3);
}
