-- The rescue team's on-duty phone refused with the same clear message as the expert's phone (issue 18,
-- 救援队伍 form): rescue_team_contacts.duty_phone had only its check constraint, whose refusal names
-- the constraint, not the field, in English only.
insert into app.input_limits (relation, col, kind, label_zh, pattern, pattern_zh, pattern_en) values
  ('rescue_team_contacts', 'duty_phone', 'pattern', '值班电话', '^[0-9+\- ]{3,20}$',
    '须为 3–20 位数字、空格、+ 或 -', 'must be 3 to 20 digits, spaces, + or -');

select app.install_input_limits('rescue_team_contacts');
