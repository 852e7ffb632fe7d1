# tests/dtb/dtb.mk - boards from a devicetree (scripts/dtb2board.py).
# Included by the top-level Makefile.
#
#   make dtb-board DTB=file.dtb BOARD=name [DTB_QEMU='-M ... -m ...']
#                       write boards/<name>/ (board.c, board.mk) from the
#                       DTB; review it, then make board-check BOARD=name
#   make test-dtb       suite: the converter on hand-written devicetrees,
#                       and QEMU's virt devicetree as a board that builds
#                       and passes the board suite (tests/dtb/dtb_test.sh)

.PHONY: dtb-board test-dtb deps-dtb
deps-dtb: ; $(Q)scripts/deps.sh dtb

dtb-board: deps-dtb
	$(if $(DTB),,$(error dtb-board: give DTB=<file.dtb> and BOARD=<name>))
	$(Q)scripts/dtb2board.py $(DTB) --name $(BOARD) $(if $(DTB_QEMU),--qemu '$(DTB_QEMU)')

test-dtb: deps-dtb deps-qemu
	$(Q)O=$(O) MAKE="$(MAKE)" QEMU=$(QEMU) tests/dtb/dtb_test.sh
