# tests/qemu/board_check.mk - the build-time check of a board's region
# array: the offline check (scripts/vmsa-check, src/check/vmsa_check.c)
# built from the board's board.c, included by tests/qemu/qemu.mk after
# the board's settings.
#
#   make board-check [BOARD=x]   map the board's regions on the host over a
#                                pool of its POOL_SIZE; every firmware image
#                                of the board depends on it, so a board
#                                whose regions overlap, are misaligned or do
#                                not fit POOL_SIZE does not build, and the
#                                build prints the message the boot would.
#   make board-map [BOARD=x] [WITH_IMAGE=1]  the same check, printing the
#                                plan, the regions, vmsa_dump and the policy
#                                findings (BOARD_MAP_ARGS= for other
#                                vmsa-check options, e.g. --raw)
#   make test-board-check        suite: the real boards pass, deliberately
#                                bad boards fail with both regions and
#                                the reason (tests/qemu/board_check_test.sh)
#
# Does not cover what the boot stub maps besides the board's regions (the
# image's own, from linker symbols) unless WITH_IMAGE=1 gives it the demo
# image; the tables are placed at RAM_BASE (the L1) and just after it.

BOARD_CHECK_BIN := $(QO)/host/board_check
BOARD_CHECK_OK := $(QO)/board-check.ok
BOARD_CHECK_RUN := $(BOARD_CHECK_BIN) --pool $(POOL_SIZE) --tables-pa $(RAM_BASE)

$(BOARD_CHECK_BIN): scripts/vmsa-check $(BOARD_DIR)/board.c $(BOARD_DIR)/board.mk \
                    tests/qemu/board_smp_check.c \
                    $(HOST_LIBS) $(wildcard include/*.h include/vmsa/*.h src/boot/*.h boards/*/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CHECK   $@")
	$(Q)$(VMSA_CHECK) -o $@ --cflags '-Wall -Wextra -Werror' -Isrc/boot \
	    -DVMSA_BOARD_RAM_BASE=$(RAM_BASE)u -DVMSA_BOARD_RAM_SIZE=$(RAM_SIZE)u \
	    '-DVMSA_BOARD_FMT=($(VMSA_FMT))' -DVMSA_BOARD_POOL_SIZE=$(POOL_SIZE)u \
	    --array board.regions --count board.n_regions --name board.name \
	    --fmt board.fmt $(BOARD_DIR)/board.c tests/qemu/board_smp_check.c

$(BOARD_CHECK_OK): $(BOARD_CHECK_BIN)
	$(Q)$(BOARD_CHECK_RUN)
	@touch $@

# Every firmware object waits for the check (order-only: the stamp does
# not make them rebuild), so a bad board stops before any of them.
$(FW_BOOT_OBJS) $(FW_TEST_OBJS) $(FW_DEMO_OBJS) $(QO)/tests/qemu/example_mmap.o: | $(BOARD_CHECK_OK)
$(QO)/test.elf $(QO)/demo.elf $(QO)/example-mmap-buffer.elf: $(BOARD_CHECK_OK)

BOARD_MAP_ARGS ?= --regions --policy
BOARD_MAP_ELF := $(if $(WITH_IMAGE),$(QO)/demo.elf)
$(QO)/demo.syms: $(QO)/demo.elf
	$(Q)$(CROSS_COMPILE)nm -P $< >$@

.PHONY: board-check board-map test-board-check
board-check: $(BOARD_CHECK_OK)

# With the image, the tables go where the demo's boot_l1 and boot_pool are.
board-map: $(BOARD_CHECK_BIN) $(if $(WITH_IMAGE),$(QO)/demo.syms)
	$(Q)$(BOARD_CHECK_BIN) --pool $(POOL_SIZE) --dump $(BOARD_MAP_ARGS) \
	    $(if $(WITH_IMAGE),--image-syms $(QO)/demo.syms,--tables-pa $(RAM_BASE))

test-board-check:
	$(Q)O=$(O) MAKE="$(MAKE)" tests/qemu/board_check_test.sh $(QEMU_BOARDS)
