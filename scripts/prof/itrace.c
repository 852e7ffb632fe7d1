/*
 * scripts/prof/itrace.c - per-call, per-function instruction profile of the
 * library from a QEMU single-step exec trace (qemu-system-arm -singlestep
 * -d exec,nochain -D /dev/stdout ...: one "Trace" line per executed
 * instruction) read on stdin. Host tool, not part of the library; run by
 * scripts/prof/run.sh.
 *
 * usage: itrace SYMS LIBFUNCS [MIN] < trace
 *   SYMS: `nm -n --defined-only ELF` (functions: t/T/w/W); LIBFUNCS: the
 *   library's function names, one a line. A record starts when a library
 *   function's first instruction follows an instruction outside the
 *   library (a call from the firmware) and ends when the firmware's
 *   return address (caller + 4: ARM code) is reached. Inside a record a
 *   shadow stack (push at a function's first instruction reached from
 *   another function, pop when a return address on the stack is reached)
 *   gives inclusive counts; exclusive counts go to the executing function.
 *   Records of at least MIN instructions are printed (default 1).
 *   PCREC=n,n,... adds "PC rec pc count" lines for those records (text
 *   within 4MB above 0x80000000), for scripts/prof/pcs2src.py.
 *   A line repeating the previous PC is skipped (QEMU logs an instruction
 *   again when -icount ends a time slice before it; the library has no
 *   one-instruction loops): the count is printed on stderr.
 */
#define _POSIX_C_SOURCE 200809L /* strdup under -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXS 8192
static unsigned long sa[MAXS];
static char *sn[MAXS];
static int slib[MAXS];
static int ns;
static unsigned long excl[MAXS], incl[MAXS];
static unsigned long mark[MAXS], gen;
static unsigned long calls[MAXS];
/* PCREC=n,n,...: per-PC counts of those records (text below 4MB from PCBASE). */
#define PCN (1u << 20)
static unsigned long pcc[PCN];
static unsigned long pcbase = 0x80000000ul;
static int want(int n)
{
	const char *e = getenv("PCREC");
	char buf[32];
	if (!e) return 0;
	snprintf(buf, sizeof buf, "%d", n);
	for (const char *p = e; (p = strstr(p, buf)); p++)
		if ((p == e || p[-1] == ',') && (p[strlen(buf)] == ',' || !p[strlen(buf)]))
			return 1;
	return 0;
}
static void count_pc(unsigned long pc)
{
	unsigned long i = (pc - pcbase) / 4;
	if (pc >= pcbase && i < PCN) pcc[i]++;
}

static int find(unsigned long pc)
{
	int lo = 0, hi = ns - 1, r = -1;
	while (lo <= hi) {
		int m = (lo + hi) / 2;
		if (sa[m] <= pc) { r = m; lo = m + 1; } else hi = m - 1;
	}
	return r;
}

static int cmpi(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return incl[y] > incl[x] ? 1 : incl[y] < incl[x] ? -1 :
	       (excl[y] > excl[x]) - (excl[y] < excl[x]);
}

int main(int argc, char **argv)
{
	if (argc < 3) return 2;
	unsigned long minrec = argc > 3 ? strtoul(argv[3], 0, 0) : 1;
	FILE *f = fopen(argv[1], "r");
	char line[4096], name[1024], t;
	unsigned long a;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "%lx %c %1023s", &a, &t, name) != 3) continue;
		if (!strchr("tTwW", t) || ns >= MAXS) continue;
		if (ns && sa[ns - 1] == a) continue;   /* aliases: keep first */
		sa[ns] = a; sn[ns] = strdup(name); ns++;
	}
	fclose(f);
	f = fopen(argv[2], "r");
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		for (int i = 0; i < ns; i++)
			if (!strcmp(sn[i], line)) slib[i] = 1;
	}
	fclose(f);

	int stk[4096]; unsigned long ret[4096]; int sp = 0;
	int in = 0, nrec = 0; unsigned long prev = 0, total = 0, caller = 0;
	int prevs = -1, top = -1; unsigned long dups = 0;
	while (fgets(line, sizeof line, stdin)) {
		char *p = strchr(line, '[');
		if (strncmp(line, "Trace", 5) || !p) continue;
		p = strchr(p, '/');
		if (!p) continue;
		unsigned long pc = strtoul(p + 1, 0, 16);
		if (pc == prev) { dups++; continue; }
		int s = find(pc);
		if (!in) {
			if (s >= 0 && slib[s] && sa[s] == pc &&
			    (prevs < 0 || !slib[prevs])) {
				in = 1; total = 0; caller = prev; sp = 0; top = s;
				memset(excl, 0, sizeof excl); memset(incl, 0, sizeof incl);
				memset(calls, 0, sizeof calls);
				stk[sp] = s; ret[sp] = prev + 4; sp++; calls[s]++;
				total++; excl[s]++; incl[s]++;
				memset(pcc, 0, sizeof pcc); count_pc(pc);
			}
		} else {
			int k;
			for (k = sp - 1; k >= 0; k--)
				if (ret[k] == pc) break;
			if (k >= 0) sp = k;
			if (sp == 0) {
				if (total >= minrec) {
					int idx[MAXS], n = 0;
					for (int i = 0; i < ns; i++) if (incl[i] || excl[i]) idx[n++] = i;
					qsort(idx, n, sizeof idx[0], cmpi);
					printf("REC %d caller=0x%lx fn=%s total=%lu\n", nrec, caller, sn[top], total);
					for (int i = 0; i < n; i++)
						printf("  %-32s incl %8lu excl %8lu calls %6lu\n", sn[idx[i]], incl[idx[i]], excl[idx[i]], calls[idx[i]]);
				}
				if (want(nrec))
					for (unsigned long i = 0; i < PCN; i++)
						if (pcc[i]) printf("PC %d 0x%lx %lu\n", nrec, pcbase + 4 * i, pcc[i]);
				nrec++; in = 0;
			} else if (s >= 0 && sa[s] == pc && s != prevs && sp < 4096) {
				stk[sp] = s; ret[sp] = prev + 4; sp++; calls[s]++;
			}
			if (in) {
				total++; count_pc(pc);
				if (s >= 0) excl[s]++;
				gen++;
				for (k = 0; k < sp; k++)
					if (mark[stk[k]] != gen) { mark[stk[k]] = gen; incl[stk[k]]++; }
			}
		}
		prev = pc; prevs = s;
	}
	fprintf(stderr, "itrace: %d records, %lu repeated-pc lines skipped\n", nrec, dups);
	return 0;
}
