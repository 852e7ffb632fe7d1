/*
 * names.h - internal: the engine built for the long-descriptor
 * format. Each file of src/engine/lpae includes it, then the engine source
 * it names: VMSA_ENG_LPAE selects the long-descriptor
 * geometry (geom.h) and format answers (src/fmt/fmt_lpae_eng.h), and
 * every function the engine defines takes an _lpae name, so both builds
 * link side by side. The public calls of the short build hand an LPAE
 * table to these through vmsa_format_lpae (ops.c here); a firmware that
 * never names VMSA_FMT_LPAE links none of them. Not part of the public
 * API.
 */
#ifndef VMSA_LPAE_NAMES_H
#define VMSA_LPAE_NAMES_H

#define VMSA_ENG_LPAE 1

#define vmsa_adopt_fmt vmsa_adopt_fmt_lpae
#define vmsa_any_set vmsa_any_set_lpae
#define vmsa_bit_get vmsa_bit_get_lpae
#define vmsa_bit_set vmsa_bit_set_lpae
#define vmsa_defer_free vmsa_defer_free_lpae
#define vmsa_enter vmsa_enter_lpae
#define vmsa_fill vmsa_fill_lpae
#define vmsa_fill_inc vmsa_fill_inc_lpae
#define vmsa_fill32 vmsa_fill32_lpae
#define vmsa_find vmsa_find_lpae
#define vmsa_finish vmsa_finish_lpae
#define vmsa_free_marked vmsa_free_marked_lpae
#define vmsa_init_args vmsa_init_args_lpae
#define vmsa_init_fields vmsa_init_fields_lpae
#define vmsa_init_fmt vmsa_init_fmt_lpae
#define vmsa_lookup vmsa_lookup_lpae
#define vmsa_map vmsa_map_lpae
#define vmsa_map_regions vmsa_map_regions_lpae
#define vmsa_map_walk vmsa_map_walk_lpae
#define vmsa_mb_sharers vmsa_mb_sharers_lpae
#define vmsa_mb_taken vmsa_mb_taken_lpae
#define vmsa_merge_groups vmsa_merge_groups_lpae
#define vmsa_merge_range vmsa_merge_range_lpae
#define vmsa_merge_section vmsa_merge_section_lpae
#define vmsa_merge_super vmsa_merge_super_lpae
#define vmsa_mt_cacheable vmsa_mt_cacheable_lpae
#define vmsa_new_table vmsa_new_table_lpae
#define vmsa_next_run_search vmsa_next_run_search_lpae
#define vmsa_op_needs_tiny vmsa_op_needs_tiny_lpae
#define vmsa_op_past_4gb vmsa_op_past_4gb_lpae
#define vmsa_op_remap_super vmsa_op_remap_super_lpae
#define vmsa_op_remap_whole vmsa_op_remap_whole_lpae
#define vmsa_op_rewrite vmsa_op_rewrite_lpae
#define vmsa_op_run vmsa_op_run_lpae
#define vmsa_op_split vmsa_op_split_lpae
#define vmsa_op_uncache_remapped vmsa_op_uncache_remapped_lpae
#define vmsa_op_unchanged vmsa_op_unchanged_lpae
#define vmsa_pages_in_mb vmsa_pages_in_mb_lpae
#define vmsa_plan_all vmsa_plan_all_lpae
#define vmsa_plan_fmt vmsa_plan_fmt_lpae
#define vmsa_plan_init vmsa_plan_init_lpae
#define vmsa_plan_take vmsa_plan_take_lpae
#define vmsa_pool_ref vmsa_pool_ref_lpae
#define vmsa_pool_table vmsa_pool_table_lpae
#define vmsa_pool_take vmsa_pool_take_lpae
#define vmsa_protect vmsa_protect_lpae
#define vmsa_release_empty vmsa_release_empty_lpae
#define vmsa_remap vmsa_remap_lpae
#define vmsa_replace vmsa_replace_lpae
#define vmsa_req_check vmsa_req_check_lpae
#define vmsa_req_check_range vmsa_req_check_range_lpae
#define vmsa_req_of vmsa_req_of_lpae
#define vmsa_run_continues vmsa_run_continues_lpae
#define vmsa_scratch_clear vmsa_scratch_clear_lpae
#define vmsa_set_flags vmsa_set_flags_lpae
#define vmsa_stats vmsa_stats_lpae
#define vmsa_store_words vmsa_store_words_lpae
#define vmsa_super_group vmsa_super_group_lpae
#define vmsa_sync vmsa_sync_lpae
#define vmsa_table_at vmsa_table_at_lpae
#define vmsa_table_bitmap_ok vmsa_table_bitmap_ok_lpae
#define vmsa_table_check vmsa_table_check_lpae
#define vmsa_table_fields_ok vmsa_table_fields_ok_lpae
#define vmsa_table_of vmsa_table_of_lpae
#define vmsa_table_ok vmsa_table_ok_lpae
#define vmsa_tmpl_clear vmsa_tmpl_clear_lpae
#define vmsa_tmpl_hit vmsa_tmpl_hit_lpae
#define vmsa_tmpl_keep vmsa_tmpl_keep_lpae
#define vmsa_to_fine vmsa_to_fine_lpae
#define vmsa_translate vmsa_translate_lpae
#define vmsa_translate_pa vmsa_translate_pa_lpae
#define vmsa_trial_take vmsa_trial_take_lpae
#define vmsa_unmap vmsa_unmap_lpae
#define vmsa_walk vmsa_walk_lpae
#define vmsa_write_super vmsa_write_super_lpae
#define vmsa_wx_after vmsa_wx_after_lpae

#endif /* VMSA_LPAE_NAMES_H */
