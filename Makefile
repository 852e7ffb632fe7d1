# vmsa - top-level Makefile. `make help` lists every target and variable.
#
#   make lib          libvmsa.a for every architecture variant (ARM target)
#   make test-host    host unit and property tests (cmocka)
#   make test         every suite, ending with "N passed, N failed"
#   make run          build the demo for BOARD and boot it in QEMU
#
# Variables: CROSS_COMPILE (arm-none-eabi-), BOARD (vexpress-a9), O (build),
# V=1 for full command lines, CC=clang to build the target code with clang.
# Each area keeps its rules in a fragment included below.

CROSS_COMPILE ?= arm-none-eabi-
BOARD ?= vexpress-a9
O ?= build
V ?= 0

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Target compiler: arm-none-eabi-gcc unless CC is set to clang (or another
# compiler) on the command line or in the environment.
ifeq ($(origin CC),default)
TARGET_CC := $(CROSS_COMPILE)gcc
else
TARGET_CC := $(CC)
endif
ifneq ($(findstring clang,$(TARGET_CC)),)
TARGET_CC += --target=arm-none-eabi
TARGET_IS_CLANG := 1
endif
TARGET_AR := $(CROSS_COMPILE)ar
HOSTCC ?= gcc

TOP := $(CURDIR)

# Flags for the library: freestanding, C11, warning-free; one section per
# function and object, so a firmware linked with --gc-sections keeps only
# what it calls (make bench prints the sizes).
LIB_CFLAGS := -std=c11 -ffreestanding -fno-builtin -nostdlib -Wall -Wextra \
              -Werror -O2 -g -ffunction-sections -fdata-sections \
              -I$(TOP)/include

# The engine built for long descriptors: each file includes the engine
# source it names (src/engine/lpae/names.h), plus the format's object.
LIB_LPAE_SRCS := $(addprefix src/engine/lpae/,engine.c pool.c store.c maint.c \
              plan.c map.c op.c op_run.c op_split.c merge.c query.c valid.c \
              adopt.c tcache.c ops.c)
# Each of them includes the engine source of its name: an object built
# from one depends on that source too (lpae_deps DIR EXT: the objects
# DIR/src/engine/lpae/*.EXT).
LPAE_ENGINE_FILES := $(filter-out ops,$(basename $(notdir $(LIB_LPAE_SRCS))))
lpae_deps = $(foreach f,$(LPAE_ENGINE_FILES),$(eval $(1)/src/engine/lpae/$(f).$(2): src/engine/$(f).c src/engine/lpae/names.h))
# The library's portable sources (layers 1 and 2) and its arch layer.
# Layer 1: the descriptor formats; layer 2: the engine, then what reads it.
LIB_SRCS := $(addprefix src/fmt/,fmt.c fmt_attr.c fmt_v7.c fmt_v5.c fmt_lpae.c) \
            $(addprefix src/engine/,engine.c pool.c store.c maint.c plan.c \
              map.c op.c op_run.c op_split.c merge.c query.c regidx.c \
              guard.c valid.c adopt.c tcache.c) \
            $(LIB_LPAE_SRCS) \
            $(addprefix src/report/,dump.c dump_lpae.c explain.c policy.c wxcheck.c strbuf.c)

# Architecture variants: name, -march flags, arch directory.
VARIANTS := armv7-a armv7-a-thumb armv5te
VARIANT_FLAGS_armv7-a       := -march=armv7-a -marm -mfloat-abi=soft
VARIANT_FLAGS_armv7-a-thumb := -march=armv7-a -mthumb -mfloat-abi=soft
VARIANT_FLAGS_armv5te       := -march=armv5te -marm -mfloat-abi=soft
VARIANT_ARCH_armv7-a        := armv7
VARIANT_ARCH_armv7-a-thumb  := armv7
VARIANT_ARCH_armv5te        := armv5
# ARMv5 has no long descriptors: its library leaves their engine out.
VARIANT_DROP_armv5te        := $(LIB_LPAE_SRCS)

define variant_rules
$(1)_OBJS := $$(patsubst %.c,$(O)/lib/$(1)/%.o,$$(filter-out $(VARIANT_DROP_$(1)),$(LIB_SRCS)) $$(wildcard src/arch/$(VARIANT_ARCH_$(1))/*.c))
$(O)/lib/$(1)/%.o: %.c $$(wildcard include/*.h include/vmsa/*.h src/*/*.h) Makefile
	@mkdir -p $$(dir $$@)
	@$(if $(Q),echo "  CC [$(1)] $$<")
	$(Q)$(TARGET_CC) $(LIB_CFLAGS) $(VARIANT_FLAGS_$(1)) -c $$< -o $$@
$(O)/lib/$(1)/libvmsa.a: $$($(1)_OBJS)
	@$(if $(Q),echo "  AR      $$@")
	$(Q)rm -f $$@ && $(TARGET_AR) rcs $$@ $$^
endef
$(foreach v,$(VARIANTS),$(eval $(call variant_rules,$(v))))
$(foreach v,$(VARIANTS),$(call lpae_deps,$(O)/lib/$(v),o))

.PHONY: all lib deps deps-host deps-arm test test-host test-make clean help
all: lib

lib: deps-arm $(foreach v,$(VARIANTS),$(O)/lib/$(v)/libvmsa.a)

deps: ; $(Q)scripts/deps.sh all
deps-host: ; $(Q)scripts/deps.sh host
deps-arm: ; $(Q)scripts/deps.sh arm

# Every suite; each records "suite passed failed" in $(O)/results, and
# scripts/summary.sh prints the one closing line.
test: deps
	$(Q)scripts/test-all.sh

# The build's own messages (scripts/test-make.sh).
test-make:
	$(Q)O=$(O) MAKE="$(MAKE)" scripts/test-make.sh

clean:
	rm -rf $(O)

# One line per target and per variable. scripts/test-make.sh checks that
# every .PHONY target of the makefiles is listed here.
help:
	@echo 'vmsa: make [TARGET] [VARIABLE=value ...]'
	@echo 'On a fresh Debian 12, `make run` and `make test` install what is missing.'
	@echo
	@echo 'Targets:'
	@echo '  all, lib          libvmsa.a for every variant ($(VARIANTS)) under $$(O)/lib'
	@echo '  run               build the demo for BOARD, boot it in QEMU (EXAMPLE= for an example, TABLES=prebuilt, FMT=lpae)'
	@echo '  debug             the demo under QEMU waiting for gdb-multiarch on 127.0.0.1:1234'
	@echo '  test              every suite below; ends with "N passed, N failed"'
	@echo '  test-host         host unit and property tests (cmocka)'
	@echo '  test-host-san     the host tests under AddressSanitizer and UBSan'
	@echo '  test-fuzz         a short differential fuzz run against the reference model'
	@echo '  test-qemu         QEMU-judged firmware tests, every board (BOARD= for one), both TABLES modes'
	@echo '  test-pkg          build tests/pkg against the installed library three ways, boot each'
	@echo '  test-gdb          the gdb commands (scripts/vmsa_gdb.py) against the serial dump'
	@echo '  test-check        the offline check against the demo'"'"'s boot (vexpress-a9, versatilepb), vmsa-svg.py, the README'"'"'s map not stale'
	@echo '  test-make         the build'"'"'s own messages (bad BOARD, EXAMPLE, board.mk) and this help'
	@echo '  test-board-check  every board passes board-check; boards with bad regions or SMP data stop their build'
	@echo '  test-dtb          scripts/dtb2board.py on devicetree snippets; QEMU'"'"'s virt DTB as a board, booted'
	@echo '  dtb-board         DTB=file.dtb BOARD=name [DTB_QEMU=args]: write boards/<name>/ from a devicetree'
	@echo '  board-check       BOARD'"'"'s regions against its POOL_SIZE, with the host compiler (images depend on it)'
	@echo '  board-map         BOARD'"'"'s offline check: plan, regions, vmsa_dump, policy (WITH_IMAGE=1: with the demo image'"'"'s regions; BOARD_MAP_ARGS=)'
	@echo '  vmsa-check        the host build of vmsa that scripts/vmsa-check links ($$(O)/lib/host)'
	@echo '  map-svg           regenerate docs/map-vexpress-a9.svg (scripts/vmsa-svg.py over the offline check)'
	@echo '  host-tests        build the host test programs without running them'
	@echo '  qemu-image        build test.elf, demo.elf and the examples for BOARD'
	@echo '  qemu-configs      list BOARD'"'"'s QEMU configurations, one "name args" line each'
	@echo '  qemu-decode-check build the host program whose tables check scripts/vmsa-decode.py'
	@echo '  bench, bench-image  exact instruction counts under QEMU -icount, then code sizes and stack use (bench-image: build only)'
	@echo '  bench-size        code size of the library as firmware links it (ARM, Thumb) and stack per call (part of bench)'
	@echo '  fuzz, fuzz-plain  libFuzzer campaign (FUZZ_SECONDS=), or the plain gcc driver'
	@echo '  lint              cppcheck and clang-tidy over the library'
	@echo '  coverage          line and branch coverage of the host tests'
	@echo '  mutants           each maintenance step (engine, MMU enable, lock) removed or moved must fail a test'
	@echo '  install, uninstall  libraries, headers, linker script, pkg-config and CMake files'
	@echo '  docs              API reference from the headers (Doxygen)'
	@echo '  cookbook-words    print the descriptor words quoted in docs/cookbook.md'
	@echo '  deps, deps-host, deps-arm, deps-qemu, deps-tools, deps-dtb  install missing packages (apt-get)'
	@echo '  clean             remove $$(O)'
	@echo '  help              this list'
	@echo
	@echo 'Variables:'
	@echo '  BOARD=$(BOARD)    a folder of boards/: $(QEMU_BOARDS)'
	@echo '  BOARD_DIR=        a board folder elsewhere (BOARD= then names its build folder)'
	@echo '  EXAMPLE=          with run: $(EXAMPLES) (ARMv7 boards)'
	@echo '  TABLES=runtime    boot tables built by the boot stub (runtime) or on the host at link time and'
	@echo '                    linked into the image (prebuilt); run, debug, qemu-image, test-qemu (default: both)'
	@echo '  FMT=lpae          with run, debug, qemu-image: the demo boots on long descriptors (ARMv7 with LPAE)'
	@echo '  O=$(O)            build folder'
	@echo '  V=1               print full command lines'
	@echo '  CROSS_COMPILE=$(CROSS_COMPILE)  target toolchain prefix'
	@echo '  CC=clang          build the target code with clang'
	@echo '  HOSTCC=$(HOSTCC)  compiler of the host tests and tools'
	@echo '  QEMU=$(QEMU)  the emulator; QEMU_TIMEOUT=$(QEMU_TIMEOUT) seconds per boot'
	@echo '  PREFIX=, DESTDIR= where install puts things'
	@echo '  VMSA_SEED=, VMSA_PROP_ITERS=  replay or size the host property test'
	@echo '  FUZZ_SECONDS=     length of make fuzz'
	@echo '  WITH_IMAGE=1, BOARD_MAP_ARGS=  with board-map: add the demo image'"'"'s regions; vmsa-check options (--raw, --smp...)'

include tests/host/host.mk
include src/check/check.mk
-include tests/qemu/qemu.mk
include tests/dtb/dtb.mk
include tests/hardening.mk
-include tests/bench/bench.mk
-include scripts/install.mk

# `make -s print-VAR` prints a make variable (scripts read LIB_SRCS so).
print-%:
	@echo $($*)
