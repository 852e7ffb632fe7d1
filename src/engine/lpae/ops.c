/*
 * ops.c - layer 2, the engine built for long descriptors: the format's
 * object, vmsa_format_lpae, which VMSA_FORMAT(VMSA_FMT_LPAE) names (vmsa.h:
 * vmsa_init, vmsa_plan), and the table of its public calls, to which the
 * short formats' calls hand an LPAE table (engine.h, VMSA_TO_ENGINE).
 * Naming the format links this file and, through the table, the whole
 * long-descriptor engine; a firmware that never names it links none of
 * it.
 *
 * Compiled once, in the long-descriptor build (lpae_names.h first).
 */
#include "names.h"
#include "../engine.h"
#include "../../report/dump_lpae.h"

static const struct vmsa_engine lpae_engine = {
	.init = vmsa_init_fmt,
	.adopt = vmsa_adopt_fmt,
	.plan = vmsa_plan_fmt,
	.map = vmsa_map,
	.map_regions = vmsa_map_regions,
	.unmap = vmsa_unmap,
	.protect = vmsa_protect,
	.remap = vmsa_remap,
	.translate = vmsa_translate,
	.translate_pa = vmsa_translate_pa,
	.walk = vmsa_walk,
	.stats = vmsa_stats,
	.check = vmsa_table_check,
	/* The raw words are the format's: its dump (src/report/dump_lpae.c),
	 * which vmsa_dump_raw cannot reach otherwise without linking it
	 * into every firmware. */
	.dump_raw = vmsa_lpae_dump_raw,
};

const struct vmsa_format vmsa_format_lpae = {
	.arch = VMSA_FMT_LPAE,
	.eng = &lpae_engine,
};
