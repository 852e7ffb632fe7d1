# src/check/check.mk - the offline check (scripts/vmsa-check,
# src/check/vmsa_check.c) and the memory-map picture (scripts/vmsa-svg.py),
# included by the top-level Makefile before tests/qemu/qemu.mk.
#
#   make vmsa-check          the host build of vmsa the check links:
#                            $(O)/lib/host/libvmsa.a (the library, arch
#                            calls that do nothing) and libvmsa-check.a
#                            (the check's main, src/boot/layout.c)
#   make board-map [BOARD=x] [WITH_IMAGE=1]
#                            BOARD's regions checked offline: plan, region
#                            list, vmsa_dump, policy findings; WITH_IMAGE=1
#                            adds the demo image's own regions (builds
#                            demo.elf; the dump is then the boot's)
#   make map-svg             regenerate docs/map-vexpress-a9.svg from the
#                            offline check of vexpress-a9's regions
#   make test-check          suite (scripts/test-check.sh)

HOST_LIB_DIR := $(O)/lib/host
HOST_AR ?= ar
HOST_LIB_CFLAGS := -std=c11 -Wall -Wextra -Werror -O2 -Iinclude
HOST_LIB_OBJS := $(patsubst %.c,$(HOST_LIB_DIR)/obj/%.o,$(LIB_SRCS) src/check/arch_none.c)
HOST_CHECK_OBJS := $(patsubst %.c,$(HOST_LIB_DIR)/obj/%.o,src/check/vmsa_check.c src/boot/layout.c)
HOST_LIBS := $(HOST_LIB_DIR)/libvmsa.a $(HOST_LIB_DIR)/libvmsa-check.a

$(call lpae_deps,$(HOST_LIB_DIR)/obj,o)
$(HOST_LIB_DIR)/obj/%.o: %.c $(wildcard include/*.h include/vmsa/*.h src/*/*.h) Makefile
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOST_LIB_CFLAGS) -c $< -o $@
$(HOST_LIB_DIR)/libvmsa.a: $(HOST_LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(HOST_AR) rcs $@ $^
$(HOST_LIB_DIR)/libvmsa-check.a: $(HOST_CHECK_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(HOST_AR) rcs $@ $^

# scripts/vmsa-check run against this tree's host build.
VMSA_CHECK := VMSA_CHECK_LIBDIR=$(HOST_LIB_DIR) VMSA_CHECK_INCDIR=include \
              HOSTCC=$(HOSTCC) scripts/vmsa-check

# The default board's picture in the README: its regions alone (no image:
# the image's addresses move with every code change), deterministic.
MAP_SVG := docs/map-vexpress-a9.svg

.PHONY: vmsa-check map-svg test-check
vmsa-check: $(HOST_LIBS)

map-svg:
	$(Q)$(MAKE) --no-print-directory O=$(O) BOARD=vexpress-a9 board-map \
		BOARD_MAP_ARGS= >$(O)/map-vexpress-a9.txt
	$(Q)scripts/vmsa-svg.py -o $(MAP_SVG) $(O)/map-vexpress-a9.txt
	@echo "  SVG     $(MAP_SVG)"

test-check:
	$(Q)O=$(O) MAKE="$(MAKE)" scripts/test-check.sh
