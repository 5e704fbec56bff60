-- Input limits of the freshness tables (20261216000100), which went without: the settings'
-- numbers are bounded by their checks too, and the change events are written by triggers only,
-- but every table with writable columns states its limits here (test/db/abuse-limits.test.ts).
insert into app.input_limits (relation, col, kind, label_zh, min_num, max_num) values
  ('freshness_settings', 'risk_point_review_months', 'number', '风险点复评周期（月）', 1, 120),
  ('freshness_settings', 'major_hazard_reassess_years', 'number', '重大危险源重新评估周期（年）', 1, 10);

insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('hazard_source_change_events', 'kind', 'pattern', '变更类型', '^(inventory_changed|moved_or_enlarged|new_target_inside)$',
    '须为 inventory_changed、moved_or_enlarged 或 new_target_inside', 'must be inventory_changed, moved_or_enlarged or new_target_inside');

select app.install_input_limits(r) from (values ('freshness_settings'), ('hazard_source_change_events')) v(r);
