/*
 * fuzz_main.c - plain driver for the fuzz target (fuzz_ops.c), for hosts
 * without libFuzzer and for counted campaigns:
 *
 *   fuzz_main [-n N] [-s SEED] [-t SECONDS] [FILE|DIR]...
 *
 * replays every FILE and every file in each DIR, then runs N inputs of
 * random bytes (xorshift from SEED, printed) or random inputs for SECONDS.
 * Prints the inputs, operations (and of them those on VMSA_FMT_LPAE
 * tables), time and operations per second. A
 * divergence aborts inside the target (non-zero exit, message on stderr).
 *
 * Not coverage guided: that is the libFuzzer build (make fuzz).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz_ops.h"

static uint64_t inputs;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	static uint8_t buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	inputs++;
}

static void run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	DIR *d = opendir(path);
	struct dirent *e;
	if (!d) {
		perror(path);
		exit(2);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char p[4096];
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		run_file(p);
	}
	closedir(d);
}

static uint64_t xs(uint64_t *s)
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

int main(int argc, char **argv)
{
	uint64_t n = 0, seed = (uint64_t)time(NULL);
	double secs = 0;
	int i;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			n = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			secs = strtod(argv[++i], NULL);
		else
			break;
	}
	double t0 = now();
	for (; i < argc; i++)
		run_path(argv[i]);
	uint64_t replayed = inputs, s = seed ? seed : 1;
	printf("fuzz: seed %" PRIu64 "\n", seed);
	for (uint64_t k = 0; k < n || (secs > 0 && now() - t0 < secs); k++) {
		static uint8_t buf[512];
		size_t len = 3 + xs(&s) % (sizeof(buf) - 3);
		for (size_t j = 0; j < len; j++)
			buf[j] = (uint8_t)xs(&s);
		LLVMFuzzerTestOneInput(buf, len);
		inputs++;
	}
	double dt = now() - t0;
	printf("fuzz: %" PRIu64 " inputs (%" PRIu64 " replayed), %" PRIu64
	       " ops (%" PRIu64 " hostile calls, %" PRIu64 " on LPAE tables),"
	       " %.1f s, %.0f ops/s, 0 divergences\n", inputs, replayed,
	       fuzz_ops_total, fuzz_hostile_total, fuzz_lpae_ops_total, dt,
	       dt > 0 ? (double)fuzz_ops_total / dt : 0.0);
	return 0;
}
