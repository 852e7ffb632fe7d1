/*
 * wxcheck.h - internal: the W^X debug check the table engine runs after
 * each successful change when VMSA_TF_CHECK_WX is set (src/wxcheck.c).
 * Not part of the public API.
 */
#ifndef VMSA_WXCHECK_H
#define VMSA_WXCHECK_H

#include "vmsa.h"

/* Run the W^X policy check after `call` changed [va, va+size) of t and
 * report every W^X mapping in that range to t's wx_fn; count the call in
 * t->wx_breaks if there was one. The engine calls it outside its lock,
 * only when VMSA_TF_CHECK_WX is set. */
void vmsa_wx_after(struct vmsa_table *t, uint32_t call, uint32_t va,
                   uint64_t size, uint64_t pa, vmsa_attr_t attrs);

#endif /* VMSA_WXCHECK_H */
