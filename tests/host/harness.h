/*
 * harness.h - shared set-up for the engine suites: table memory with
 * physical addresses distinct from the host pointers, snapshots of the
 * table state, and checks that every table byte in use was synced.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmsa.h>

/* PAs the tables pretend to live at (not identity mapped on purpose). */
#define HX_L1_PA   0x80004000u
#define HX_POOL_PA 0x80100000u

struct hx {
	vmsa_fmt_t fmt;
	struct vmsa_table t;
	uint32_t *l1;
	uint8_t *pool;
	size_t pool_bytes;
};

/* Allocate and vmsa_init; returns the vmsa_init code (the memory is
 * allocated either way; free with hx_free). */
int hx_init(struct hx *h, vmsa_fmt_t fmt, size_t pool_bytes);
/* Re-init the same memory (cheap). */
int hx_reinit(struct hx *h, vmsa_fmt_t fmt);
void hx_free(struct hx *h);

struct hx_snap {
	uint32_t l1[VMSA_L1_ENTRIES];
	uint8_t *pool;
	size_t pool_bytes;
	struct vmsa_table t;
};
void hx_snap_take(const struct hx *h, struct hx_snap *s);
/* True if L1, pool and the table bookkeeping are as in the snapshot;
 * prints the first difference otherwise. */
bool hx_snap_same(const struct hx *h, const struct hx_snap *s);
void hx_snap_free(struct hx_snap *s);

/* Host pointer of a table PA inside the pool, or NULL. */
void *hx_pool_ptr(const struct hx *h, uint64_t pa);

/* Number of table bytes in use that no recorded vmsa_arch_sync_table call
 * covers: every non-fault L1 word, and every second-level table an L1
 * entry points to (whole table). -1 if the fake log overflowed. */
long hx_unsynced_bytes(const struct hx *h);

#endif
