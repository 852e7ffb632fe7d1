# tests/qemu/prebuilt.mk - how a firmware image is linked, included by
# tests/qemu/qemu.mk after the board's settings.
#
#   make run BOARD=x TABLES=prebuilt         boot with tables built on the host
#   make test-qemu BOARD=x TABLES=prebuilt   the board's suites in that mode
#
# TABLES=runtime (default): one link; the boot stub builds the tables.
#
# TABLES=prebuilt: the host generator (tests/qemu/prebuilt.c: the
# library, the boot stub's region logic and the board's board.c, built
# with the host compiler) runs the engine over the image's boot regions
# for the tables' link-time addresses, and the finished L1 table and pool
# are linked into the image as loaded bytes. The regions come from the
# image's own linker symbols, and the image contains the tables, so each
# image is linked twice:
#   1. with a placeholder tables object (zeros, the same sizes);
#   2. `nm` of that link feeds the generator; its tables object replaces
#      the placeholder and the image is linked again;
#   3. both links' `nm -n` must be identical: a symbol that moved would
#      make the tables map another image than this one (the build stops).

PREBUILT_GEN := $(QO)/host/prebuilt
NM := $(CROSS_COMPILE)nm

$(PREBUILT_GEN): tests/qemu/prebuilt.c src/boot/layout.c src/boot/tables.c \
                 $(BOARD_DIR)/board.c $(BOARD_DIR)/board.mk \
                 tests/host/fake_arch.c $(LIB_SRCS) \
                 $(wildcard include/*.h include/vmsa/*.h src/*/*.h src/boot/*.h boards/*/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOSTCC) -std=c11 -Wall -Wextra -Werror -O2 -Iinclude -Isrc/boot \
	    -Itests/host -DBOOT_IMAGE_HOST -DVMSA_BOARD_RAM_BASE=$(RAM_BASE)u \
	    -DVMSA_BOARD_RAM_SIZE=$(RAM_SIZE)u '-DVMSA_BOARD_FMT=($(VMSA_FMT))' \
	    -DVMSA_BOARD_POOL_SIZE=$(POOL_SIZE)u -o $@ \
	    tests/qemu/prebuilt.c src/boot/layout.c src/boot/tables.c \
	    $(BOARD_DIR)/board.c tests/host/fake_arch.c $(LIB_SRCS)

ifeq ($(TABLES),prebuilt)
# $(1) the image, $(2) its objects and libraries, $(3) extra flags.
define fw_link
	@$(if $(Q),echo "  LD      $(1) (pass 1: placeholder tables)")
	$(Q)$(PREBUILT_GEN) --placeholder $(1:.elf=-tables0.S)
	$(Q)$(FW_CC) $(FW_CFLAGS) -c $(1:.elf=-tables0.S) -o $(1:.elf=-tables0.o)
	$(Q)$(FW_CC) $(FW_LDFLAGS) $(3) -o $(1:.elf=-pass1.elf) $(2) $(1:.elf=-tables0.o) -lc -lgcc
	$(Q)$(NM) -n $(1:.elf=-pass1.elf) > $(1:.elf=-pass1.nm)
	@$(if $(Q),echo "  GEN     $(1:.elf=-tables.S)")
	$(Q)$(PREBUILT_GEN) $(1:.elf=-pass1.nm) $(1:.elf=-tables.S)
	$(Q)$(FW_CC) $(FW_CFLAGS) -c $(1:.elf=-tables.S) -o $(1:.elf=-tables.o)
	@$(if $(Q),echo "  LD      $(1) (pass 2: the generated tables)")
	$(Q)$(FW_CC) $(FW_LDFLAGS) $(3) -o $(1) $(2) $(1:.elf=-tables.o) -lc -lgcc
	$(Q)$(NM) -n $(1) > $(1:.elf=.nm)
	$(Q)if ! cmp -s $(1:.elf=-pass1.nm) $(1:.elf=.nm); then \
	    echo "prebuilt tables: symbols moved between the two links of $(1):"; \
	    diff $(1:.elf=-pass1.nm) $(1:.elf=.nm) | head -20; \
	    rm -f $(1); exit 1; fi
endef
$(QO)/test.elf $(QO)/demo.elf $(QO)/example-mmap-buffer.elf: $(PREBUILT_GEN)
else
define fw_link
	@$(if $(Q),echo "  LD      $(1)")
	$(Q)$(FW_CC) $(FW_LDFLAGS) $(3) -o $(1) $(2) -lc -lgcc
endef
endif
