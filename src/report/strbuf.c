/*
 * strbuf.c - the library's one string builder (src/report/strbuf.h), shared by
 * the dumps, the region error messages and the policy findings.
 *
 * Covers characters, strings, hex and decimal numbers into a bounded,
 * always terminated buffer. Does not cover output (callers hand lines to
 * their own function) or any formatting beyond those four.
 */
#include <stdbool.h>

#include "strbuf.h"

void vmsa_sb_init(struct sb *b, char *buf, size_t cap)
{
	b->p = buf;
	b->len = 0;
	b->cap = cap;
	if (cap != 0)
		buf[0] = '\0';
}

void vmsa_sb_c(struct sb *b, char c)
{
	if (b->cap == 0)
		return;
	if (b->len + 1 < b->cap)
		b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void vmsa_sb_s(struct sb *b, const char *s)
{
	while (*s)
		vmsa_sb_c(b, *s++);
}

void vmsa_sb_hex(struct sb *b, uint64_t v, unsigned min_digits)
{
	char tmp[16];
	unsigned n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v && n < 16);
	while (n < min_digits && n < 16)
		tmp[n++] = '0';
	while (n)
		vmsa_sb_c(b, tmp[--n]);
}

void vmsa_sb_addr(struct sb *b, uint64_t v)
{
	vmsa_sb_s(b, "0x");
	vmsa_sb_hex(b, v, 8);
}

/* Decimal by repeated subtraction: no division, so no __aeabi_uidivmod
 * from libgcc at any optimisation level (ARMv7-A has no UDIV in general).
 * The values printed are counts and field values, at most 10 digits. */
void vmsa_sb_dec(struct sb *b, uint32_t v)
{
	static const uint32_t pow10[] = {
		1000000000u, 100000000u, 10000000u, 1000000u, 100000u,
		10000u, 1000u, 100u, 10u, 1u,
	};
	bool started = false;

	for (unsigned i = 0; i < sizeof pow10 / sizeof pow10[0]; i++) {
		char d = '0';

		while (v >= pow10[i]) {
			v -= pow10[i];
			d++;
		}
		if (d != '0' || started || pow10[i] == 1u) {
			vmsa_sb_c(b, d);
			started = true;
		}
	}
}
