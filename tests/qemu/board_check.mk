# tests/qemu/board_check.mk - the build-time check of a board's region
# array (tests/qemu/board_check.c), included by tests/qemu/qemu.mk after
# the board's settings.
#
#   make board-check [BOARD=x]   check one board's regions with the host
#                                compiler; every firmware image of the
#                                board depends on it, so a board whose
#                                regions overlap, are misaligned or do not
#                                fit POOL_SIZE does not build, and the
#                                build prints the message the boot would.
#   make test-board-check        suite: the real boards pass, deliberately
#                                bad boards fail with both regions and
#                                the reason (tests/qemu/board_check_test.sh)

BOARD_CHECK_BIN := $(QO)/host/board_check
BOARD_CHECK_OK := $(QO)/board-check.ok

$(BOARD_CHECK_BIN): tests/qemu/board_check.c $(BOARD_DIR)/board.c \
                    $(BOARD_DIR)/board.mk tests/host/fake_arch.c $(LIB_SRCS) \
                    $(wildcard include/*.h include/vmsa/*.h src/*/*.h src/boot/*.h boards/*/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOSTCC) -std=c11 -Wall -Wextra -Werror -O2 -Iinclude -Isrc/boot \
	    -Itests/host -DVMSA_BOARD_RAM_BASE=$(RAM_BASE)u \
	    -DVMSA_BOARD_RAM_SIZE=$(RAM_SIZE)u '-DVMSA_BOARD_FMT=($(VMSA_FMT))' \
	    -DVMSA_BOARD_POOL_SIZE=$(POOL_SIZE)u -o $@ \
	    tests/qemu/board_check.c $(BOARD_DIR)/board.c tests/host/fake_arch.c \
	    $(LIB_SRCS)

$(BOARD_CHECK_OK): $(BOARD_CHECK_BIN)
	$(Q)$(BOARD_CHECK_BIN)
	@touch $@

# Every firmware object waits for the check (order-only: the stamp does
# not make them rebuild), so a bad board stops before any of them.
$(FW_BOOT_OBJS) $(FW_TEST_OBJS) $(FW_DEMO_OBJS) $(QO)/tests/qemu/example_mmap.o: | $(BOARD_CHECK_OK)
$(QO)/test.elf $(QO)/demo.elf $(QO)/example-mmap-buffer.elf: $(BOARD_CHECK_OK)

.PHONY: board-check test-board-check
board-check: $(BOARD_CHECK_OK)

test-board-check:
	$(Q)O=$(O) MAKE="$(MAKE)" tests/qemu/board_check_test.sh $(QEMU_BOARDS)
