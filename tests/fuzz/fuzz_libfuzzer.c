/*
 * fuzz_libfuzzer.c - libFuzzer glue for fuzz_ops.c: prints the number of
 * operations run (and their rate) when the fuzzer exits, so a campaign can
 * be counted. The target itself is LLVMFuzzerTestOneInput in fuzz_ops.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fuzz_ops.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct timespec t0;

static void report(void)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double dt = (double)(t1.tv_sec - t0.tv_sec) +
	            (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "fuzz: %" PRIu64 " ops (%" PRIu64 " hostile calls, %"
	        PRIu64 " on LPAE tables), %.1f s, %.0f ops/s\n",
	        fuzz_ops_total, fuzz_hostile_total, fuzz_lpae_ops_total, dt,
	        dt > 0 ? (double)fuzz_ops_total / dt : 0.0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	atexit(report);
	return 0;
}
