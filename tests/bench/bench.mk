# tests/bench/bench.mk - make bench: the benchmark firmware (tests/bench),
# booted under QEMU vexpress-a15 with exact instruction counting
# (-icount shift=0, PMCCNTR), printing the tables and writing
# $(O)/bench/*.csv, then the code-size firmwares (make bench-size). Included by the top-level Makefile. Always
# vexpress-a15 (the Cortex-A9 model has no PMU); the vexpress-a9 board's
# regions are linked in as data (its `board` renamed).

BENCH_O := $(O)/bench
BENCH_QEMU_TIMEOUT ?= 300
bench_board_var = $(shell sed -n 's/^$(2) *:= *//p' boards/$(1)/board.mk)
BENCH_A15_RAM_BASE := $(call bench_board_var,vexpress-a15,RAM_BASE)
BENCH_A15_RAM_SIZE := $(call bench_board_var,vexpress-a15,RAM_SIZE)
BENCH_A15_FMT      := $(call bench_board_var,vexpress-a15,VMSA_FMT)
BENCH_A9_RAM_BASE  := $(call bench_board_var,vexpress-a9,RAM_BASE)
BENCH_A9_RAM_SIZE  := $(call bench_board_var,vexpress-a9,RAM_SIZE)
BENCH_A9_FMT       := $(call bench_board_var,vexpress-a9,VMSA_FMT)

# The library's own flags for armv7-a (-O2 -marm), hosted on newlib.
BENCH_CPUFLAGS := -march=armv7-a -marm -mfloat-abi=soft
BENCH_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -O2 -g $(BENCH_CPUFLAGS) \
                -Iinclude -Isrc/boot -Itests/bench \
                -DVMSA_BOARD_RAM_BASE=$(BENCH_A15_RAM_BASE)u \
                -DVMSA_BOARD_RAM_SIZE=$(BENCH_A15_RAM_SIZE)u \
                '-DVMSA_BOARD_FMT=($(BENCH_A15_FMT))'
# Full newlib (not nano): its memset is the baseline.
BENCH_LDFLAGS := $(BENCH_CPUFLAGS) -nostartfiles -T linker/vmsa.ld -Llinker \
                 -Wl,--defsym=RAM_BASE=$(BENCH_A15_RAM_BASE) \
                 -Wl,--no-warn-rwx-segments
BENCH_SRCS := $(filter-out %_v5.S %_v5.c src/boot/hyp.c,$(wildcard src/boot/*.S src/boot/*.c)) \
              src/uart/pl011.c \
              boards/vexpress-a15/board.c tests/bench/bench.c \
              tests/bench/base.c tests/bench/stm.S tests/bench/builder.c \
              tests/bench/gen.c tests/bench/scale.c tests/bench/bootpath.c \
              tests/bench/lpae.c
BENCH_OBJS := $(patsubst %,$(BENCH_O)/%.o,$(basename $(BENCH_SRCS))) \
              $(BENCH_O)/board-vexpress-a9.o
BENCH_DEPS := $(wildcard include/*.h include/vmsa/*.h src/boot/*.h \
                tests/bench/*.h) tests/bench/bench.mk

$(BENCH_O)/%.o: %.c $(BENCH_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC [bench] $<")
	$(Q)$(FW_CC) $(BENCH_CFLAGS) -c $< -o $@
$(BENCH_O)/%.o: %.S $(BENCH_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS [bench] $<")
	$(Q)$(FW_CC) $(BENCH_CFLAGS) -c $< -o $@
# Plain C loops stay loops (no memset call substituted).
$(BENCH_O)/tests/bench/base.o: BENCH_CFLAGS += -fno-tree-loop-distribute-patterns
$(BENCH_O)/board-vexpress-a9.o: boards/vexpress-a9/board.c $(BENCH_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC [bench] $< (as bench_board_vexpress_a9)")
	$(Q)$(FW_CC) $(BENCH_CFLAGS) -UVMSA_BOARD_RAM_BASE -UVMSA_BOARD_RAM_SIZE \
		-UVMSA_BOARD_FMT -DVMSA_BOARD_RAM_BASE=$(BENCH_A9_RAM_BASE)u \
		-DVMSA_BOARD_RAM_SIZE=$(BENCH_A9_RAM_SIZE)u \
		'-DVMSA_BOARD_FMT=($(BENCH_A9_FMT))' -c $< -o $@.tmp
	$(Q)$(CROSS_COMPILE)objcopy --redefine-sym board=bench_board_vexpress_a9 $@.tmp $@
	$(Q)rm -f $@.tmp

$(BENCH_O)/bench.elf: $(BENCH_OBJS) $(O)/lib/armv7-a/libvmsa.a linker/vmsa.ld linker/vmsa-tables.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(FW_CC) $(BENCH_LDFLAGS) -o $@ $(BENCH_OBJS) $(O)/lib/armv7-a/libvmsa.a -lc -lgcc

.PHONY: bench bench-image
bench-image: $(BENCH_O)/bench.elf


# ---- code size -------------------------------------------------------------
# Small firmwares linked with --gc-sections around one use of the library
# (tests/bench/size.c), per variant: the library is built with
# -ffunction-sections -fdata-sections (LIB_CFLAGS), so only what the use
# reaches is linked. tests/bench/size.sh prints their text sizes.
SIZE_VARIANTS := armv7-a armv7-a-thumb armv5te
SIZE_CASES := none boot all builder prebuilt adopt lpae-boot
SIZE_CASE_none := 0
SIZE_CASE_boot := 1
SIZE_CASE_all := 2
SIZE_CASE_builder := 3
SIZE_CASE_prebuilt := 4
SIZE_CASE_adopt := 5
SIZE_CASE_lpae-boot := 6
SIZE_CFLAGS = -std=c11 -ffreestanding -Wall -Wextra -Werror -O2 \
              -ffunction-sections -fdata-sections -Iinclude -Itests/bench
SIZE_LDFLAGS = -nostdlib -nostartfiles -Wl,--gc-sections -Wl,-e,size_main \
               -Wl,--no-warn-rwx-segments

define size_rules
$(BENCH_O)/size/$(1)/builder.o: tests/bench/builder.c $(BENCH_DEPS)
	@mkdir -p $$(dir $$@)
	@$(if $(Q),echo "  CC [size $(1)] $$<")
	$(Q)$(FW_CC) $(SIZE_CFLAGS) $(VARIANT_FLAGS_$(1)) -c $$< -o $$@
$(BENCH_O)/size/$(1)/size-%.o: tests/bench/size.c $(BENCH_DEPS)
	@mkdir -p $$(dir $$@)
	@$(if $(Q),echo "  CC [size $(1)] $$< ($$*)")
	$(Q)$(FW_CC) $(SIZE_CFLAGS) $(VARIANT_FLAGS_$(1)) \
		-DSIZE_CASE=$$(SIZE_CASE_$$*) -c $$< -o $$@
# "all": every global function of the library kept (-u each).
$(BENCH_O)/size/$(1)/size-%.elf: $(BENCH_O)/size/$(1)/size-%.o \
		$(BENCH_O)/size/$(1)/builder.o $(O)/lib/$(1)/libvmsa.a
	@$(if $(Q),echo "  LD      $$@")
	$(Q)$(FW_CC) $(VARIANT_FLAGS_$(1)) $(SIZE_LDFLAGS) -o $$@ \
		$$(if $$(filter all,$$*),$$$$($(CROSS_COMPILE)nm -g \
		--defined-only $(O)/lib/$(1)/libvmsa.a | \
		sed -n 's/^[0-9a-f]* T /-Wl,-u,/p')) \
		$$< $$(if $$(filter builder,$$*),$(BENCH_O)/size/$(1)/builder.o) \
		$(O)/lib/$(1)/libvmsa.a -lc -lgcc
endef
$(foreach v,$(SIZE_VARIANTS),$(eval $(call size_rules,$(v))))
SIZE_ELFS := $(foreach v,$(SIZE_VARIANTS),$(foreach c,$(SIZE_CASES),\
               $(BENCH_O)/size/$(v)/size-$(c).elf))

# Kept: make would delete them as intermediates and relink every time.
.SECONDARY: $(foreach v,$(SIZE_VARIANTS),$(BENCH_O)/size/$(v)/builder.o \
              $(foreach c,$(SIZE_CASES),$(BENCH_O)/size/$(v)/size-$(c).o))

# ---- stack use ---------------------------------------------------------------
# The library's armv7-a sources compiled again by GCC (whatever CC is) with
# its own flags plus -fstack-usage -fcallgraph-info=su: each function's
# frame and the call graph, which tests/bench/stack.py sums along the
# worst path from each public call (group 8).
STACK_O := $(BENCH_O)/stack
STACK_CIS := $(patsubst %.c,$(STACK_O)/%.ci,$(LIB_SRCS) \
               $(wildcard src/arch/armv7/*.c))
$(call lpae_deps,$(STACK_O),ci)
$(STACK_O)/%.ci: %.c $(wildcard include/*.h include/vmsa/*.h src/*/*.h) Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC [stack] $<")
	$(Q)$(CROSS_COMPILE)gcc $(LIB_CFLAGS) $(VARIANT_FLAGS_armv7-a) \
		-fstack-usage -fcallgraph-info=su -c $< -o $(STACK_O)/$*.o
STACK_REPORT = python3 tests/bench/stack.py $(BENCH_O) $(STACK_O) \
               include/vmsa.h include/vmsa/desc.h

# Groups 1-6 from the firmware under QEMU, then groups 7 (code size) and
# 8 (stack use).
bench: deps-qemu $(BENCH_O)/bench.elf $(SIZE_ELFS) $(STACK_CIS)
	$(Q)QEMU="$(QEMU)" TIMEOUT=$(BENCH_QEMU_TIMEOUT) tests/bench/run-bench.sh \
		$(BENCH_O)/bench.elf $(BENCH_O)
	$(Q)SIZE=$(CROSS_COMPILE)size tests/bench/size.sh $(BENCH_O) $(SIZE_VARIANTS)
	$(Q)$(STACK_REPORT)

.PHONY: bench-size
bench-size: $(SIZE_ELFS) $(STACK_CIS)
	$(Q)SIZE=$(CROSS_COMPILE)size tests/bench/size.sh $(BENCH_O) $(SIZE_VARIANTS)
	$(Q)$(STACK_REPORT)
