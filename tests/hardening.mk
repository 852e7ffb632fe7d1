# tests/hardening.mk - differential fuzzing, sanitizer runs of the
# host tests, lint and coverage. Included by the top-level Makefile.
#
#   make fuzz            libFuzzer (clang) for FUZZ_SECONDS (180) on the corpus
#   make fuzz-plain      gcc driver: replay the corpus + FUZZ_RUNS random inputs
#   make test-fuzz       suite: corpus replay, random inputs (plain and under
#                        ASan+UBSan, hostile calls included), short libFuzzer run
#   make test-host-san   suite: host tests under ASan+UBSan in $(O)/host-san
#   make lint            cppcheck + clang-tidy over src/fmt, src/engine, src/report, src/arch/*/*.c, include/
#   make coverage        gcc --coverage host tests; line/branch of the engine

FUZZ_SECONDS ?= 180
FUZZ_RUNS ?= 20000
FUZZ_SHORT ?= 20
FUZZ_O := $(O)/fuzz
FUZZ_SRCS := tests/fuzz/fuzz_ops.c tests/fuzz/fuzz_check.c tests/fuzz/fuzz_calls.c \
             tests/fuzz/fuzz_hostile.c tests/fuzz/fuzz_shape.c tests/fuzz/fuzz_lpae.c \
             tests/host/refmodel.c tests/host/refmodel_lpae.c tests/host/refmodel_change.c \
             tests/host/fake_arch.c tests/host/strict_model.c tests/host/strict_arch.c \
             tests/host/strict_desc.c tests/host/strict_check.c tests/host/strict_lpae.c \
             $(LIB_SRCS)
FUZZ_HDRS := $(wildcard include/*.h include/vmsa/*.h src/*/*.h tests/host/*.h tests/fuzz/*.h)
# The corpus is kept as hex text (tests/fuzz/corpus/*.hex); the raw inputs
# that the drivers read are made from it under $(FUZZ_O)/seeds.
FUZZ_SEEDS := $(FUZZ_O)/seeds
FUZZ_SEED_FILES := $(patsubst tests/fuzz/corpus/%.hex,$(FUZZ_SEEDS)/%,$(wildcard tests/fuzz/corpus/*.hex))
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -g \
               -Iinclude -Itests/host -Itests/fuzz

$(FUZZ_O)/fuzz_plain: $(FUZZ_SRCS) tests/fuzz/fuzz_main.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(Q)gcc $(FUZZ_CFLAGS) -O2 -o $@ $(FUZZ_SRCS) tests/fuzz/fuzz_main.c

# The same driver under ASan and UBSan (gcc): hostile calls included.
FUZZ_SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                  -fno-omit-frame-pointer
$(FUZZ_O)/fuzz_san: $(FUZZ_SRCS) tests/fuzz/fuzz_main.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(Q)gcc $(FUZZ_CFLAGS) -O1 $(FUZZ_SAN_FLAGS) -o $@ $(FUZZ_SRCS) tests/fuzz/fuzz_main.c

$(FUZZ_O)/fuzz_libfuzzer: $(FUZZ_SRCS) tests/fuzz/fuzz_libfuzzer.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@)
	$(Q)clang $(FUZZ_CFLAGS) -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $(FUZZ_SRCS) tests/fuzz/fuzz_libfuzzer.c

$(FUZZ_SEEDS)/%: tests/fuzz/corpus/%.hex
	@mkdir -p $(dir $@)
	$(Q)python3 -c 'import sys; open(sys.argv[2], "wb").write(bytes.fromhex(open(sys.argv[1]).read()))' $< $@

.PHONY: fuzz fuzz-plain test-fuzz test-host-san lint coverage
fuzz: $(FUZZ_O)/fuzz_libfuzzer $(FUZZ_SEED_FILES)
	@mkdir -p $(FUZZ_O)/corpus $(FUZZ_O)/crashes
	$(FUZZ_O)/fuzz_libfuzzer -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=$(FUZZ_O)/crashes/ -print_final_stats=1 \
	    $(FUZZ_O)/corpus $(FUZZ_SEEDS)

fuzz-plain: $(FUZZ_O)/fuzz_plain $(FUZZ_SEED_FILES)
	$(FUZZ_O)/fuzz_plain -n $(FUZZ_RUNS) $(FUZZ_SEEDS)

# Four checks: corpus replay, random inputs (gcc), random inputs under
# ASan+UBSan (gcc; one operation in sixteen is a hostile call), a short
# libFuzzer run (skipped, and counted as not run, where clang's libFuzzer
# is missing).
FUZZ_SAN_RUNS ?= 3000
test-fuzz: $(FUZZ_O)/fuzz_plain $(FUZZ_O)/fuzz_san $(FUZZ_SEED_FILES)
	$(Q)mkdir -p $(O)/results; p=0; f=0; \
	if $(FUZZ_O)/fuzz_plain $(FUZZ_SEEDS); then p=$$((p+1)); else f=$$((f+1)); fi; \
	if $(FUZZ_O)/fuzz_plain -n 2000; then p=$$((p+1)); else f=$$((f+1)); fi; \
	if $(FUZZ_O)/fuzz_san -n $(FUZZ_SAN_RUNS) $(FUZZ_SEEDS); then p=$$((p+1)); else f=$$((f+1)); fi; \
	if $(MAKE) --no-print-directory $(FUZZ_O)/fuzz_libfuzzer >/dev/null 2>&1; then \
	  mkdir -p $(FUZZ_O)/corpus $(FUZZ_O)/crashes; \
	  if $(FUZZ_O)/fuzz_libfuzzer -max_total_time=$(FUZZ_SHORT) \
	      -artifact_prefix=$(FUZZ_O)/crashes/ $(FUZZ_O)/corpus $(FUZZ_SEEDS) \
	      2>$(FUZZ_O)/libfuzzer.log; then p=$$((p+1)); tail -2 $(FUZZ_O)/libfuzzer.log; \
	  else f=$$((f+1)); tail -30 $(FUZZ_O)/libfuzzer.log; fi; \
	else echo "test-fuzz: no libFuzzer (clang, libclang-rt-14-dev): skipped"; fi; \
	echo "$$p $$f" > $(O)/results/test-fuzz; echo "fuzz: $$p passed, $$f failed"; [ $$f -eq 0 ]

test-host-san:
	$(Q)$(MAKE) --no-print-directory test-host \
	    HOST_SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

# The portable library (host parse) and each arch layer (parsed for its
# ARM architecture: its inline assembly names ARM registers). Headers under
# include/ are checked through the sources (HeaderFilterRegex in .clang-tidy).
LINT_SRCS := $(LIB_SRCS)
LINT_ARCH := src/arch/armv7/*.c:armv7-a src/arch/armv5/*.c:armv5te
lint:
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
	    --std=c11 --inline-suppr -Iinclude $(LINT_SRCS) src/arch/*/*.c
	$(Q)clang-tidy --quiet $(LINT_SRCS) -- -std=c11 -ffreestanding -Iinclude
	$(Q)set -e; for a in $(LINT_ARCH); do \
	  clang-tidy --quiet $$(echo $${a%%:*}) -- -std=c11 -ffreestanding -Iinclude \
	      --target=arm-none-eabi -march=$${a##*:} -mfloat-abi=soft; done
	@echo "lint: clean"

COV_O := $(O)/coverage
coverage:
	$(Q)rm -rf $(COV_O)
	$(Q)$(MAKE) --no-print-directory host-tests O=$(O)/cov-build \
	    HOST_CFLAGS="-std=c11 -Wall -Wextra -Werror -O0 -g --coverage" \
	    HOST_SAN=--coverage
	$(Q)for t in $(O)/cov-build/host-san/test_*; do $$t >/dev/null 2>&1 || true; done
	$(Q)mkdir -p $(COV_O)
	$(Q)scripts/coverage.sh $(O)/cov-build/host-san $(COV_O) $(LIB_SRCS)
