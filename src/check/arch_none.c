/*
 * src/check/arch_none.c - the arch interface (<vmsa/arch.h>) for the
 * host build of the library that the offline check links: the tables it
 * builds are never live, so every barrier and maintenance call does
 * nothing and the lock is always free.
 *
 * Does not cover vmsa_arch_mmu_enable (target-only; the check never
 * turns an MMU on).
 */
#include <vmsa/arch.h>

void vmsa_arch_sync_table(const void *p, size_t len) { (void)p; (void)len; }
void vmsa_arch_tlbi_va(uint32_t va, bool smp) { (void)va; (void)smp; }
void vmsa_arch_tlbi_all(bool smp) { (void)smp; }
void vmsa_arch_bp_inval(bool smp) { (void)smp; }
void vmsa_arch_dcache_clean_inval(uint32_t va, uint32_t len, bool smp)
{
	(void)va;
	(void)len;
	(void)smp;
}
void vmsa_arch_icache_inval(bool smp) { (void)smp; }
void vmsa_arch_dsb(void) {}
void vmsa_arch_isb(void) {}
void vmsa_arch_dmb(void) {}
bool vmsa_arch_lock(void) { return true; }
void vmsa_arch_unlock(void) {}
