/*
 * strbuf.h - private to the library: the one string builder the text
 * output (src/report/dump.c, src/report/dump_lpae.c, src/report/explain.c,
 * src/report/policy.c) writes through. It
 * fills a caller buffer, always NUL-terminated, and silently stops at its
 * end; no libc, no division (so no libgcc helper at any -O level).
 */
#ifndef VMSA_STRBUF_H
#define VMSA_STRBUF_H

#include <stddef.h>
#include <stdint.h>

#include "vmsa.h"

struct sb {
	char *p;
	size_t len, cap;
};

/* A builder over buf[0 .. cap), emptied (buf[0] = '\0' when cap > 0). */
void vmsa_sb_init(struct sb *b, char *buf, size_t cap);
void vmsa_sb_c(struct sb *b, char c);
void vmsa_sb_s(struct sb *b, const char *s);
/* Hex digits of v, at least min_digits (zero-padded), no prefix. */
void vmsa_sb_hex(struct sb *b, uint64_t v, unsigned min_digits);
/* "0x" and at least 8 hex digits: the address form of every message. */
void vmsa_sb_addr(struct sb *b, uint64_t v);
/* Decimal, by repeated subtraction. */
void vmsa_sb_dec(struct sb *b, uint32_t v);
/* A summary line's shared fields (src/report/dump.c): "0x<va>-0x<end> ->
 * 0x<pa> [<count>x]<gran> <kind> <priv>/<user> <X|NX|PXN> <type>" and
 * " S", " nG", " NS" where set. */
void vmsa_sb_run(struct sb *b, uint32_t va, uint64_t size, uint64_t pa,
                 uint32_t count, const char *gran, const char *kind,
                 vmsa_attr_t a);

#endif
