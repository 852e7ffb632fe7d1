# tests/host/host.mk - host build of layers 1-2 with the fake arch, and the
# cmocka suites. Every tests/host/test_*.c is one suite binary; shared test
# code (reference model, fake arch) is in the other .c files here.

HOST_CFLAGS ?= -std=c11 -Wall -Wextra -Werror -O2 -g
HOST_SAN ?=
HOST_O := $(O)/host$(if $(HOST_SAN),-san)
HOST_LIB_OBJS := $(patsubst %.c,$(HOST_O)/%.o,$(LIB_SRCS))
HOST_SUPPORT := $(filter-out tests/host/test_%.c,$(wildcard tests/host/*.c))
HOST_SUPPORT_OBJS := $(patsubst %.c,$(HOST_O)/%.o,$(HOST_SUPPORT))
HOST_TESTS := $(patsubst tests/host/%.c,$(HOST_O)/%,$(wildcard tests/host/test_*.c))

$(call lpae_deps,$(HOST_O),o)
$(HOST_O)/%.o: %.c $(wildcard include/*.h include/vmsa/*.h src/*/*.h tests/host/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(HOST_SAN) -Iinclude -Itests/host -c $< -o $@

$(HOST_O)/test_%: $(HOST_O)/tests/host/test_%.o $(HOST_LIB_OBJS) $(HOST_SUPPORT_OBJS)
	@$(if $(Q),echo "  HOSTLD  $@")
	$(Q)$(HOSTCC) $(HOST_SAN) -o $@ $^ -lcmocka

.PHONY: host-tests
host-tests: $(HOST_TESTS)

# Runs every suite; records "passed failed" for the summary line.
test-host: deps-host
	$(Q)$(MAKE) --no-print-directory host-tests
	$(Q)scripts/run-host-tests.sh $(O)/results/test-host$(if $(HOST_SAN),-san) $(HOST_TESTS)

# Mutation proof of the engine's maintenance (docs/maintenance.md): every
# mutant of the engine that removes or reorders one maintenance step must
# make a host test fail. Minutes, so not part of `make test`.
.PHONY: mutants
mutants: deps-host
	$(Q)python3 scripts/mutants.py
