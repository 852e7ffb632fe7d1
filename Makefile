# vmsa - top-level Makefile.
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

# Flags for the library: freestanding, C11, warning-free.
LIB_CFLAGS := -std=c11 -ffreestanding -fno-builtin -nostdlib -Wall -Wextra \
              -Werror -O2 -g -I$(TOP)/include

# The library's portable sources (layers 1 and 2) and its arch layer.
LIB_SRCS := src/desc.c src/table.c src/dump.c src/policy.c

# Architecture variants: name, -march flags, arch directory.
VARIANTS := armv7-a armv7-a-thumb armv5te
VARIANT_FLAGS_armv7-a       := -march=armv7-a -marm -mfloat-abi=soft
VARIANT_FLAGS_armv7-a-thumb := -march=armv7-a -mthumb -mfloat-abi=soft
VARIANT_FLAGS_armv5te       := -march=armv5te -marm -mfloat-abi=soft
VARIANT_ARCH_armv7-a        := armv7
VARIANT_ARCH_armv7-a-thumb  := armv7
VARIANT_ARCH_armv5te        := armv5

define variant_rules
$(1)_OBJS := $$(patsubst %.c,$(O)/lib/$(1)/%.o,$(LIB_SRCS) $$(wildcard src/arch/$(VARIANT_ARCH_$(1))/*.c))
$(O)/lib/$(1)/%.o: %.c $$(wildcard include/*.h include/vmsa/*.h src/*.h)
	@mkdir -p $$(dir $$@)
	@$(if $(Q),echo "  CC [$(1)] $$<")
	$(Q)$(TARGET_CC) $(LIB_CFLAGS) $(VARIANT_FLAGS_$(1)) -c $$< -o $$@
$(O)/lib/$(1)/libvmsa.a: $$($(1)_OBJS)
	@$(if $(Q),echo "  AR      $$@")
	$(Q)rm -f $$@ && $(TARGET_AR) rcs $$@ $$^
endef
$(foreach v,$(VARIANTS),$(eval $(call variant_rules,$(v))))

.PHONY: all lib deps deps-host deps-arm test test-host clean help
all: lib

lib: deps-arm $(foreach v,$(VARIANTS),$(O)/lib/$(v)/libvmsa.a)

deps: ; $(Q)scripts/deps.sh all
deps-host: ; $(Q)scripts/deps.sh host
deps-arm: ; $(Q)scripts/deps.sh arm

# Every suite; each records "suite passed failed" in $(O)/results, and
# scripts/summary.sh prints the one closing line.
test: deps
	$(Q)scripts/test-all.sh

clean:
	rm -rf $(O)

help:
	@sed -n '2,12p' Makefile

include tests/host/host.mk
-include tests/qemu/qemu.mk
include tests/hardening.mk
-include tests/bench/bench.mk
-include scripts/install.mk
