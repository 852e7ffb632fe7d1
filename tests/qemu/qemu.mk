# tests/qemu/qemu.mk - firmware images for the QEMU boards and the targets
# that boot them. Included by the top-level Makefile.
#
#   make test-qemu              every board and QEMU configuration (TAP),
#                               recording "passed failed" in $(O)/results
#   make test-qemu BOARD=x      one board
#   make test-qemu TABLES=prebuilt   only the images with prebuilt tables
#                               (default: both modes, tests/qemu/prebuilt.mk)
#   make run [BOARD=x]          boot the demo: boot log, table dumps, one
#                               caught fault, exit
#   make debug [BOARD=x]        the demo under QEMU -S, gdbstub on 127.0.0.1:1234
#   make run EXAMPLE=mmap-buffer   the driver/user-task buffer example
#   make run TABLES=prebuilt    boot with tables built on the host
#   make qemu-image [BOARD=x]   build test.elf, demo.elf and the examples
#
# A board is a folder boards/<name>/ with board.c (regions) and board.mk
# (CPU flags, RAM, UART driver, vmsa format, QEMU configurations). A
# folder elsewhere is named with BOARD_DIR= (BOARD= then names its build
# folder, $(O)/qemu/$(BOARD)): the boards scripts/dtb2board.py writes
# under $(O) are built so.

QEMU ?= qemu-system-arm
QEMU_TIMEOUT ?= 60
QEMU_BOARDS := $(patsubst boards/%/board.mk,%,$(wildcard boards/*/board.mk))
FW_CC := $(CROSS_COMPILE)gcc

# BOARD_DIR: the board's folder (a test points it at a board it made).
BOARD_DIR ?= boards/$(BOARD)
BOARD_MK := $(BOARD_DIR)/board.mk

# Goals that build or boot a board's firmware. For them a missing board,
# a board.mk without a required setting, or an unknown example stops make
# with a message that lists what is valid (rather than make's "No rule to
# make target" or the assembler's error further down).
BOARD_GOALS := run debug qemu-image qemu-configs test-qemu test board-check board-map
ifneq ($(filter $(BOARD_GOALS),$(MAKECMDGOALS)),)
ifeq ($(wildcard $(BOARD_MK)),)
ifeq ($(BOARD_DIR),boards/$(BOARD))
$(error BOARD=$(BOARD): no such board (no boards/$(BOARD)/board.mk). Boards: $(QEMU_BOARDS). Adding one: docs/porting.md)
else
$(error BOARD_DIR=$(BOARD_DIR): no such board (no $(BOARD_MK)). Adding one: docs/porting.md)
endif
endif
endif

-include $(BOARD_MK)
# Second-level pool of the boot tables (board.mk may set POOL_SIZE).
POOL_SIZE ?= 0x20000

ifneq ($(filter $(BOARD_GOALS),$(MAKECMDGOALS)),)
BOARD_REQUIRED := BOARD_CPUFLAGS BOARD_VARIANT RAM_BASE RAM_SIZE UART VMSA_FMT QEMU_CONFIGS
BOARD_MISSING := $(strip $(foreach v,$(BOARD_REQUIRED),$(if $($(v)),,$(v))) \
                   $(foreach c,$(QEMU_CONFIGS),$(if $(QEMU_ARGS_$(c)),,QEMU_ARGS_$(c))))
ifneq ($(BOARD_MISSING),)
$(error $(BOARD_MK) does not set $(BOARD_MISSING) (each board.mk sets $(BOARD_REQUIRED) and QEMU_ARGS_<name> for each configuration; see docs/porting.md))
endif
UART_DRIVERS := $(patsubst src/uart/%.c,%,$(wildcard src/uart/*.c))
ifeq ($(filter $(UART),$(UART_DRIVERS)),)
$(error $(BOARD_MK): UART := $(UART) names no driver; drivers: $(UART_DRIVERS) (src/uart/<name>.c))
endif
ifeq ($(filter $(BOARD_VARIANT),$(VARIANTS)),)
$(error $(BOARD_MK): BOARD_VARIANT := $(BOARD_VARIANT) is not a library variant; variants: $(VARIANTS))
endif
endif

# TABLES=runtime (the default): the boot stub builds the tables;
# TABLES=prebuilt: they are built on the host at link time and linked
# into the image (tests/qemu/prebuilt.mk), in their own build folder.
TABLES ?= runtime
ifeq ($(filter runtime prebuilt,$(TABLES)),)
$(error TABLES=$(TABLES): runtime (the boot stub builds the tables) or prebuilt (built at link time, tests/qemu/prebuilt.mk))
endif
# FMT=lpae: the demo (make run) boots on long descriptors
# (src/boot/boot.c, VMSA_BOOT_LPAE), in its own build folder; the boot
# stub refuses CPUs without LPAE when it runs. The ARMv5 boards cannot.
FMT ?=
ifeq ($(filter-out lpae,$(FMT)),)
else
$(error FMT=$(FMT): lpae (long descriptors), or unset (the board's format))
endif
ifeq ($(FMT),lpae)
ifeq ($(BOARD_VARIANT),armv5te)
$(error FMT=lpae: $(BOARD)'s CPU is ARMv5, which has no long descriptors (they need an ARMv7-A CPU with LPAE))
endif
ifneq ($(TABLES),runtime)
$(error FMT=lpae builds its tables at run time: TABLES=$(TABLES) is the short format's)
endif
endif
QO := $(O)/qemu/$(BOARD)$(if $(filter prebuilt,$(TABLES)),/prebuilt)$(if $(FMT),/$(FMT))
LIBVMSA := $(O)/lib/$(BOARD_VARIANT)/libvmsa.a

# The firmware is hosted on newlib (printf), so not -ffreestanding.
FW_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -g $(BOARD_CPUFLAGS) \
             -Iinclude -Isrc/boot -Itests/qemu \
             -DVMSA_BOARD_RAM_BASE=$(RAM_BASE)u \
             -DVMSA_BOARD_RAM_SIZE=$(RAM_SIZE)u \
             '-DVMSA_BOARD_FMT=($(VMSA_FMT))' \
             -DVMSA_BOARD_POOL_SIZE=$(POOL_SIZE)u \
             $(if $(filter prebuilt,$(TABLES)),-DVMSA_BOOT_PREBUILT) \
             $(if $(FMT),-DVMSA_BOOT_LPAE)
# Prebuilt tables: linker/prebuilt/vmsa-tables.ld (the loaded section)
# is found before linker/vmsa-tables.ld (NOLOAD).
FW_LDFLAGS := $(BOARD_CPUFLAGS) -nostartfiles --specs=nano.specs \
              -T linker/vmsa.ld $(if $(filter prebuilt,$(TABLES)),-Llinker/prebuilt) \
              -Llinker -Wl,--defsym=RAM_BASE=$(RAM_BASE) \
              -Wl,--no-warn-rwx-segments

# The boot stub: every file of src/boot except the ARMv5 ones (*_v5.*)
# and the C side of the Hyp path (hyp.c, linked with the Hyp tests below:
# start.S refers to it weakly, so the demo and the examples, which run at
# PL1 only, refuse Hyp mode: src/boot/boot.c), unless board.mk sets
# BOOT_SRCS (versatilepb lists the ARMv5 form). The test firmware's main
# is TEST_MAIN (board.mk may name another).
BOOT_SRCS ?= $(filter-out %_v5.S %_v5.c src/boot/hyp.c,$(wildcard src/boot/*.S src/boot/*.c))
TEST_MAIN ?= tests/qemu/test_mmu.c
FW_BOOT_SRCS := $(BOOT_SRCS) src/uart/$(UART).c \
                $(BOARD_DIR)/board.c
FW_BOOT_OBJS := $(patsubst %,$(QO)/%.o,$(basename $(FW_BOOT_SRCS)))
FW_TEST_OBJS := $(QO)/$(TEST_MAIN:.c=.o) $(QO)/tests/qemu/tap.o \
                $(QO)/tests/qemu/dumpfile.o
# The live-table, SMP, long-descriptor and Hyp mode tests (ARMv7) go with
# the ARMv7 test main (test_hyp.c with the boot stub's Hyp side, whose
# hyp_main it is; lpae_tables.c and lpae_checks.c, the tables and checks
# test_lpae.c and test_hyp.c share, whose PAR checks test_lpae_engine.c
# uses too); the isolation tests with both test mains.
FW_LIVE_OBJS := $(patsubst %,$(QO)/tests/qemu/%.o,test_live test_live_hooks \
                  test_live_smp test_image test_irq test_lpae \
                  test_lpae_engine test_hyp lpae_tables lpae_checks) \
                $(QO)/src/boot/hyp.o
FW_TEST_OBJS += $(if $(filter tests/qemu/test_mmu.c,$(TEST_MAIN)),$(FW_LIVE_OBJS))
FW_TEST_OBJS += $(QO)/tests/qemu/test_isolation.o $(QO)/tests/qemu/test_boot.o \
                $(QO)/tests/qemu/test_prebuilt.o
FW_DEMO_OBJS := $(QO)/tests/qemu/demo.o $(QO)/tests/qemu/dumpfile.o
FW_DEPS := $(wildcard include/*.h include/vmsa/*.h src/boot/*.h src/boot/*.inc \
             src/uart/*.h src/fmt/fmt_lpae.h src/report/dump_lpae.h tests/qemu/*.h \
             boards/*/*.h) $(BOARD_MK)

$(QO)/%.o: %.c $(FW_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC [$(BOARD)] $<")
	$(Q)$(FW_CC) $(FW_CFLAGS) -c $< -o $@
$(QO)/%.o: %.S $(FW_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS [$(BOARD)] $<")
	$(Q)$(FW_CC) $(FW_CFLAGS) -c $< -o $@

$(QO)/test.elf $(QO)/demo.elf: linker/vmsa.ld linker/vmsa-tables.ld
# The IRQ test (test_irq.c) raises its interrupt inside the engine's
# critical section from a wrapper of vmsa_arch_dmb: the engine's calls to
# it go to __wrap_vmsa_arch_dmb, which calls the library's.
FW_IRQ_WRAP := -Wl,--wrap=vmsa_arch_dmb
FW_TEST_LDFLAGS := $(if $(filter tests/qemu/test_mmu.c,$(TEST_MAIN)),$(FW_IRQ_WRAP))
# $(call fw_link,ELF,OBJECTS,LDFLAGS): link a firmware image; with
# TABLES=prebuilt twice around the host generator (prebuilt.mk).
$(QO)/test.elf: $(FW_BOOT_OBJS) $(FW_TEST_OBJS) $(LIBVMSA)
	$(call fw_link,$@,$(FW_BOOT_OBJS) $(FW_TEST_OBJS) $(LIBVMSA),$(FW_TEST_LDFLAGS))
$(QO)/demo.elf: $(FW_BOOT_OBJS) $(FW_DEMO_OBJS) $(LIBVMSA)
	$(call fw_link,$@,$(FW_BOOT_OBJS) $(FW_DEMO_OBJS) $(LIBVMSA),)

# Host build of the library and tests/qemu/decode_check.c: table images of
# every format for the decoder check (run by scripts/run-qemu-tests.sh).
DECODE_CHECK := $(O)/qemu/host/decode_check
$(DECODE_CHECK): tests/qemu/decode_check.c $(LIB_SRCS) $(wildcard include/*.h include/vmsa/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOSTCC) -std=c11 -Wall -Wextra -Werror -O2 -Iinclude -o $@ \
		tests/qemu/decode_check.c $(LIB_SRCS)
qemu-decode-check: $(DECODE_CHECK)

# The QEMU command line for configuration $(1) of the current board.
QEMU_CMD = QEMU=$(QEMU) timeout $(QEMU_TIMEOUT) scripts/qemu-run \
	$(QEMU_ARGS_$(1)) -serial stdio

.PHONY: qemu-image qemu-configs qemu-decode-check test-qemu run debug deps-qemu
deps-qemu: ; $(Q)scripts/deps.sh qemu

# Examples (ARMv7 boards): tests/qemu/example_<name>.c, booted by
# `make run EXAMPLE=<name>` and checked by run-qemu-tests.sh.
EXAMPLES := mmap-buffer
FW_EXAMPLES := $(if $(filter tests/qemu/test_mmu.c,$(TEST_MAIN)),$(QO)/example-mmap-buffer.elf)
$(QO)/example-mmap-buffer.elf: $(FW_BOOT_OBJS) $(QO)/tests/qemu/example_mmap.o $(LIBVMSA) linker/vmsa.ld linker/vmsa-tables.ld
	$(call fw_link,$@,$(FW_BOOT_OBJS) $(QO)/tests/qemu/example_mmap.o $(LIBVMSA),)

qemu-image: $(QO)/test.elf $(QO)/demo.elf $(FW_EXAMPLES)

# For scripts/run-qemu-tests.sh: one line per configuration, "name args".
qemu-configs:
	@$(foreach c,$(QEMU_CONFIGS),echo '$(c) $(QEMU_ARGS_$(c))';)

# BOARD given on the command line or in the environment: that board only.
# Both table modes (the boot stub builds the tables; prebuilt), each
# recording its own counts, unless TABLES is given.
TEST_QEMU_MODES := $(if $(filter command line environment,$(origin TABLES)),$(TABLES),runtime prebuilt)
test-qemu: deps-qemu
	$(Q)st=0; for m in $(TEST_QEMU_MODES); do \
	    O=$(O) MAKE="$(MAKE)" TABLES=$$m scripts/run-qemu-tests.sh \
		$(if $(filter command line environment,$(origin BOARD)),$(BOARD),$(QEMU_BOARDS)) || st=1; \
	done; exit $$st

ifneq ($(EXAMPLE),)
ifneq ($(filter run,$(MAKECMDGOALS)),)
ifeq ($(filter $(EXAMPLE),$(EXAMPLES)),)
$(error EXAMPLE=$(EXAMPLE): no such example. Examples: $(EXAMPLES))
endif
ifeq ($(FW_EXAMPLES),)
$(error EXAMPLE=$(EXAMPLE) runs on the ARMv7 boards (the examples use the ARMv7 test firmware's USR-mode support); $(BOARD) is $(VMSA_FMT). ARMv7 boards: $(strip $(foreach b,$(QEMU_BOARDS),$(if $(filter tests/qemu/test_mmu.c,$(or $(shell sed -n 's/^TEST_MAIN *:= *//p' boards/$(b)/board.mk),tests/qemu/test_mmu.c)),$(b)))))
endif
endif
endif
RUN_ELF := $(if $(EXAMPLE),$(QO)/example-$(EXAMPLE).elf,$(QO)/demo.elf)
run: deps-qemu $(RUN_ELF)
	$(Q)$(call QEMU_CMD,$(firstword $(QEMU_CONFIGS))) -kernel $(RUN_ELF)

debug: deps-qemu $(QO)/demo.elf
	@echo "QEMU waits for gdb on 127.0.0.1:1234 (this machine only). In another terminal:"
	@echo "  gdb-multiarch $(QO)/demo.elf -ex 'target remote 127.0.0.1:1234' -ex 'break main' -ex continue"
	@echo "  (gdb) source scripts/vmsa_gdb.py    # then: vmsa dump board.regions board.n_regions, vmsa translate <va>"
	@echo "Quit QEMU with Ctrl-C here (or 'kill' in gdb)."
	$(Q)QEMU=$(QEMU) scripts/qemu-run $(QEMU_ARGS_$(firstword $(QEMU_CONFIGS))) \
		-serial stdio -gdb tcp:127.0.0.1:1234 -S -kernel $(QO)/demo.elf

# The build-time check of the board's regions (every image depends on it).
include tests/qemu/board_check.mk
# The link, and with TABLES=prebuilt the generator of the tables.
include tests/qemu/prebuilt.mk
