-- Input limits (20261204000300) for the tables that the grading review (000100) and least
-- privilege (0002xx) migrations added before the limits existed. Written through the API:
-- emergency_resource_contacts (admins, regulators). Filled by triggers from rows already checked:
-- hidden_danger_people (from hidden_dangers), so its limits only guard direct service writes.
-- The append-only logs written by definer code (grading_proposals, grading_history,
-- config_changes, hidden_danger_event_people) are capped where their RPCs take the input.
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('emergency_resource_contacts', 'duty_phone', 'pattern', '值班电话', '^[0-9+\- ]{3,20}$',
    '须为 3–20 位数字、空格、+ 或 -', 'must be 3 to 20 digits, spaces, + or -');
insert into app.input_limits (relation, col, kind, label_zh, required, min_len, max_len) values
  ('hidden_danger_people', 'responsible_person', 'text', '整改责任人', false, null, 100),
  ('hidden_danger_people', 'verified_by', 'text', '验收人', false, null, 100);

select app.install_input_limits(r) from (values ('emergency_resource_contacts'), ('hidden_danger_people')) t(r);
