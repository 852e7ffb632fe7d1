# scripts/install.mk - the firmware developer's toolbox, included by the
# top-level Makefile: installing vmsa, the suites that check the installed
# copy and the gdb decoder, and the API reference.
#
#   make install [PREFIX=/usr/local] [DESTDIR=]   libraries, headers, linker
#                          fragment, pkg-config files, CMake package, the
#                          offline check (bin/vmsa-check, its host build of
#                          vmsa) and the map drawer (bin/vmsa-svg)
#   make uninstall [PREFIX=...] [DESTDIR=]        remove what install put
#   make test-pkg          the example firmware (tests/pkg) built against an
#                          installed copy with pkg-config and with CMake
#                          (find_package and add_subdirectory), booted in
#                          QEMU; records "passed failed" in $(O)/results
#   make test-gdb          scripts/vmsa_gdb.py driven by gdb-multiarch
#                          against QEMU's gdbstub, compared with the
#                          firmware's own serial dump
#   make docs              Doxygen API reference into $(O)/docs (warnings
#                          are errors)
#   make cookbook-words    print the descriptor words docs/cookbook.md
#                          quotes, from vmsa's own encoders (host build)
#
# Installed layout (PREFIX=/usr/local):
#   lib/vmsa/<variant>/libvmsa.a       one per variant in VARIANTS
#   include/vmsa.h, include/vmsa/*.h
#   share/vmsa/ldscripts/vmsa-tables.ld
#   lib/pkgconfig/vmsa-<variant>.pc    from scripts/vmsa.pc.in
#   lib/cmake/vmsa/vmsaConfig.cmake    from scripts/vmsaConfig.cmake.in
#   lib/cmake/vmsa/vmsaConfigVersion.cmake
#   bin/vmsa-check, bin/vmsa-svg       scripts/vmsa-check, scripts/vmsa-svg.py
#   lib/vmsa/host/libvmsa.a, libvmsa-check.a   the host build vmsa-check
#                                      links (src/check/check.mk)

PREFIX ?= /usr/local
DESTDIR ?=
VMSA_VERSION := 0.1.0
INSTALL_ROOT := $(DESTDIR)$(PREFIX)
INSTALL_HEADERS := include/vmsa.h $(wildcard include/vmsa/*.h)

.PHONY: install uninstall test-pkg test-gdb docs cookbook-words

install: lib vmsa-check
	@$(if $(Q),echo "  INSTALL $(INSTALL_ROOT)")
	$(Q)install -d $(INSTALL_ROOT)/bin $(INSTALL_ROOT)/lib/vmsa/host
	$(Q)install -m 755 scripts/vmsa-check $(INSTALL_ROOT)/bin/vmsa-check
	$(Q)install -m 755 scripts/vmsa-svg.py $(INSTALL_ROOT)/bin/vmsa-svg
	$(Q)install -m 644 $(HOST_LIBS) $(INSTALL_ROOT)/lib/vmsa/host/
	$(Q)install -d $(INSTALL_ROOT)/include/vmsa \
		$(INSTALL_ROOT)/share/vmsa/ldscripts \
		$(INSTALL_ROOT)/lib/pkgconfig $(INSTALL_ROOT)/lib/cmake/vmsa
	$(Q)install -m 644 include/vmsa.h $(INSTALL_ROOT)/include/vmsa.h
	$(Q)install -m 644 $(wildcard include/vmsa/*.h) $(INSTALL_ROOT)/include/vmsa/
	$(Q)install -m 644 linker/vmsa-tables.ld $(INSTALL_ROOT)/share/vmsa/ldscripts/
	$(Q)$(foreach v,$(VARIANTS), \
		install -d $(INSTALL_ROOT)/lib/vmsa/$(v) && \
		install -m 644 $(O)/lib/$(v)/libvmsa.a $(INSTALL_ROOT)/lib/vmsa/$(v)/ && \
		sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VARIANT@|$(v)|g' \
		    -e 's|@VERSION@|$(VMSA_VERSION)|g' \
		    -e 's|@ARCHFLAGS@|$(VARIANT_FLAGS_$(v))|g' \
		    scripts/vmsa.pc.in > $(INSTALL_ROOT)/lib/pkgconfig/vmsa-$(v).pc &&) true
	$(Q)printf '%s\n' $(foreach v,$(VARIANTS),'set(VMSA_ARCH_FLAGS_$(v) "$(VARIANT_FLAGS_$(v))")') \
		> $(INSTALL_ROOT)/lib/cmake/vmsa/.archflags
	$(Q)sed -e 's|@VMSA_VARIANTS@|$(VARIANTS)|g' \
		-e '/@VMSA_ARCH_FLAGS_SET@/{r $(INSTALL_ROOT)/lib/cmake/vmsa/.archflags' -e 'd}' \
		scripts/vmsaConfig.cmake.in > $(INSTALL_ROOT)/lib/cmake/vmsa/vmsaConfig.cmake
	$(Q)rm -f $(INSTALL_ROOT)/lib/cmake/vmsa/.archflags
	$(Q)sed -e 's|@VERSION@|$(VMSA_VERSION)|g' \
		-e 's|@VERSION_MAJOR@|$(firstword $(subst ., ,$(VMSA_VERSION)))|g' \
		scripts/vmsaConfigVersion.cmake.in \
		> $(INSTALL_ROOT)/lib/cmake/vmsa/vmsaConfigVersion.cmake

uninstall:
	rm -f $(INSTALL_ROOT)/include/vmsa.h \
		$(patsubst include/%,$(INSTALL_ROOT)/include/%,$(wildcard include/vmsa/*.h)) \
		$(INSTALL_ROOT)/share/vmsa/ldscripts/vmsa-tables.ld \
		$(foreach v,$(VARIANTS),$(INSTALL_ROOT)/lib/vmsa/$(v)/libvmsa.a \
		  $(INSTALL_ROOT)/lib/pkgconfig/vmsa-$(v).pc) \
		$(INSTALL_ROOT)/lib/cmake/vmsa/vmsaConfig.cmake \
		$(INSTALL_ROOT)/lib/cmake/vmsa/vmsaConfigVersion.cmake \
		$(INSTALL_ROOT)/bin/vmsa-check $(INSTALL_ROOT)/bin/vmsa-svg \
		$(patsubst $(HOST_LIB_DIR)/%,$(INSTALL_ROOT)/lib/vmsa/host/%,$(HOST_LIBS))
	-rmdir $(foreach v,$(VARIANTS) host,$(INSTALL_ROOT)/lib/vmsa/$(v)) \
		$(INSTALL_ROOT)/lib/vmsa $(INSTALL_ROOT)/include/vmsa \
		$(INSTALL_ROOT)/share/vmsa/ldscripts $(INSTALL_ROOT)/share/vmsa \
		$(INSTALL_ROOT)/lib/cmake/vmsa 2>/dev/null

test-pkg: deps-qemu deps-tools lib
	$(Q)O=$(O) MAKE="$(MAKE)" scripts/test-pkg.sh

test-gdb: deps-qemu deps-tools
	$(Q)$(MAKE) --no-print-directory BOARD=vexpress-a9 O=$(O) \
		$(O)/qemu/vexpress-a9/demo.elf
	$(Q)$(MAKE) --no-print-directory BOARD=vexpress-a15 FMT=lpae O=$(O) \
		$(O)/qemu/vexpress-a15/lpae/demo.elf
	$(Q)O=$(O) scripts/test-gdb.sh $(O)/qemu/vexpress-a9/demo.elf \
		$(O)/qemu/vexpress-a15/lpae/demo.elf

docs: deps-tools
	$(Q)mkdir -p $(O)/docs
	$(Q)(cat docs/Doxyfile; echo "OUTPUT_DIRECTORY = $(abspath $(O))/docs") | doxygen -
	@echo "  API reference: $(O)/docs/html/index.html"

cookbook-words: $(O)/host/cookbook-words
	$(Q)$<
# The descriptor layer alone: the format modules.
FMT_SRCS := src/fmt/fmt.c src/fmt/fmt_attr.c src/fmt/fmt_v7.c src/fmt/fmt_v5.c
$(O)/host/cookbook-words: docs/cookbook-words.c $(FMT_SRCS) $(wildcard include/*.h include/vmsa/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(Q)$(HOSTCC) -std=c11 -Wall -Wextra -Werror -O1 -Iinclude -o $@ docs/cookbook-words.c $(FMT_SRCS)

.PHONY: deps-tools
deps-tools: ; $(Q)scripts/deps.sh tools
