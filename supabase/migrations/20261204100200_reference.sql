-- Reference tables: the values of the standards live here, not as literals in code.
-- Readable by everyone (they are public knowledge); written only by the service role.

-- Four-colour risk levels (安委办〔2016〕11号). The browser's src/domain/levels.ts must agree
-- (test/db/reference.test.ts checks it).
create table public.risk_levels (
  level smallint primary key check (level between 1 and 4),
  colour text not null unique check (colour in ('red', 'orange', 'yellow', 'blue')),
  name_zh text not null,
  name_en text not null,
  rgb smallint[] not null check (array_length(rgb, 1) = 3)
);

insert into public.risk_levels values
  (1, 'red',    '重大风险', 'Major risk',       '{230,0,18}'),
  (2, 'orange', '较大风险', 'Significant risk', '{255,140,0}'),
  (3, 'yellow', '一般风险', 'General risk',     '{255,215,0}'),
  (4, 'blue',   '低风险',   'Low risk',         '{0,112,192}');

-- Score bands per assessment method (provinces differ: configuration, not code).
-- A score s gets the level of the band with the greatest min_score <= s.
create table public.risk_level_bands (
  method text not null check (method in ('lec', 'matrix')),
  level smallint not null references public.risk_levels(level),
  min_score numeric not null check (min_score >= 0),
  primary key (method, level),
  unique (method, min_score)
);

insert into public.risk_level_bands values
  ('lec', 1, 320), ('lec', 2, 160), ('lec', 3, 70), ('lec', 4, 0),
  ('matrix', 1, 20), ('matrix', 2, 15), ('matrix', 3, 9), ('matrix', 4, 0);

-- Allowed LEC factor values (作业条件危险性评价法).
create table public.lec_factor_values (
  factor text not null check (factor in ('L', 'E', 'C')),
  value numeric not null,
  description_zh text,
  primary key (factor, value)
);

insert into public.lec_factor_values (factor, value, description_zh) values
  ('L', 10, '完全可以预料'), ('L', 6, '相当可能'), ('L', 3, '可能，但不经常'), ('L', 1, '可能性小，完全意外'),
  ('L', 0.5, '很不可能，可以设想'), ('L', 0.2, '极不可能'), ('L', 0.1, '实际不可能'),
  ('E', 10, '连续暴露'), ('E', 6, '每天工作时间内暴露'), ('E', 3, '每周一次或偶然暴露'),
  ('E', 2, '每月一次暴露'), ('E', 1, '每年几次暴露'), ('E', 0.5, '非常罕见地暴露'),
  ('C', 100, '10人以上死亡'), ('C', 40, '3～9人死亡'), ('C', 15, '1～2人死亡'),
  ('C', 7, '严重'), ('C', 3, '重大，伤残'), ('C', 1, '引人注目');

create table public.industries (
  code text primary key check (code ~ '^[a-z_]+$'),
  name_zh text not null,
  name_en text not null,
  hazardous_chemicals boolean not null default false
);

insert into public.industries values
  ('chemical',       '危险化学品生产', 'Hazardous chemical production', true),
  ('chemical_storage','危险化学品储存经营', 'Hazardous chemical storage and trade', true),
  ('petroleum',      '石油化工', 'Petrochemicals', true),
  ('pharmaceutical', '医药制造', 'Pharmaceuticals', true),
  ('metallurgy',     '冶金', 'Metallurgy', false),
  ('machinery',      '机械制造', 'Machinery', false),
  ('electronics',    '电子制造', 'Electronics', false),
  ('textile',        '纺织服装', 'Textiles', false),
  ('food',           '食品加工', 'Food processing', false),
  ('building_materials', '建材', 'Building materials', false),
  ('fireworks',      '烟花爆竹', 'Fireworks', true),
  ('gas_supply',     '燃气供应', 'Gas supply', true),
  ('logistics',      '仓储物流', 'Warehousing and logistics', false),
  ('construction',   '建筑施工', 'Construction', false);

create table public.risk_point_categories (
  code text primary key check (code ~ '^[a-z_]+$'),
  name_zh text not null,
  name_en text not null,
  scope text not null check (scope in ('enterprise', 'urban')),
  public_advice_zh text
);

insert into public.risk_point_categories values
  ('hazardous_process', '危险工艺装置', 'Hazardous process unit', 'enterprise', '远离厂区围墙，闻到异味或听到警报请向上风向撤离。'),
  ('storage_tank',      '储罐区', 'Tank farm', 'enterprise', '发生泄漏或火灾时听从指挥，向上风向撤离。'),
  ('warehouse',         '危化品仓库', 'Hazardous goods warehouse', 'enterprise', '请勿靠近，发现冒烟异味拨打119。'),
  ('confined_space',    '有限空间作业', 'Confined space work', 'enterprise', '企业内部作业风险，周边居民无需特别防护；如闻到异味请远离并报告。'),
  ('dust_explosion',    '粉尘涉爆场所', 'Combustible dust area', 'enterprise', '听到爆炸声或看到浓烟时远离厂区，拨打119。'),
  ('high_temp_metal',   '高温熔融金属', 'Molten metal operation', 'enterprise', '请勿靠近厂区生产区域，发生事故时听从指挥撤离。'),
  ('gas_station',       '加油加气站', 'Fuel and gas station', 'urban', '站内禁止烟火，禁止使用手机。'),
  ('gas_pipeline',      '燃气管道', 'Gas pipeline', 'urban', '管线上方禁止施工开挖，闻到燃气味请拨打燃气抢修电话。'),
  ('bridge',            '桥梁', 'Bridge', 'urban', '恶劣天气注意通行安全。'),
  ('tunnel',            '隧道', 'Tunnel', 'urban', '隧道内禁止停车，保持车距。'),
  ('crowded_place',     '人员密集场所', 'Crowded place', 'urban', '熟悉安全出口位置，拥挤时不推搡。'),
  ('construction_site', '建筑工地', 'Construction site', 'urban', '请勿进入施工区域。'),
  ('high_rise',         '高层建筑', 'High-rise building', 'urban', '保持消防通道畅通。'),
  ('slope',             '边坡地灾隐患点', 'Unstable slope', 'urban', '强降雨时远离坡脚。');

-- GB 18218-2018 table 2 / table 4: identification by hazard category, with β for table 4.
create table public.hazard_categories (
  code text primary key,
  name_zh text not null,
  critical_t numeric not null check (critical_t > 0),
  beta numeric not null check (beta > 0)
);

insert into public.hazard_categories values
  ('J1',   '急性毒性类别1（气体）', 5, 4),
  ('J2',   '急性毒性类别1（固体、液体）', 50, 1),
  ('J3',   '急性毒性类别2、3（气体）', 50, 2),
  ('J4',   '急性毒性类别2、3（吸入，沸点≤35℃液体）', 50, 2),
  ('J5',   '急性毒性类别2（其他液体、固体）', 500, 1),
  ('W1.1', '不稳定爆炸物、1.1项爆炸物', 1, 2),
  ('W1.2', '1.2、1.3、1.5、1.6项爆炸物', 10, 2),
  ('W1.3', '1.4项爆炸物', 50, 2),
  ('W2',   '易燃气体类别1、2', 10, 1.5),
  ('W3',   '气溶胶类别1、2', 150, 1),
  ('W4',   '氧化性气体类别1', 50, 1),
  ('W5.1', '易燃液体类别1；类别2、3工作温度高于沸点', 10, 1.5),
  ('W5.2', '易燃液体类别2、3特殊工艺条件', 50, 1),
  ('W5.3', '其他易燃液体类别2', 1000, 1),
  ('W5.4', '其他易燃液体类别3', 5000, 1),
  ('W6.1', '自反应物质A、B型', 10, 1.5),
  ('W6.2', '自反应物质C～F型', 50, 1),
  ('W7.1', '有机过氧化物A、B型', 10, 1.5),
  ('W7.2', '有机过氧化物C～F型', 50, 1),
  ('W8',   '自燃液体和固体类别1', 50, 1),
  ('W9.1', '氧化性固体和液体类别1', 50, 1),
  ('W9.2', '氧化性固体和液体类别2、3', 200, 1),
  ('W10',  '易燃固体类别1', 200, 1),
  ('W11',  '遇水放出易燃气体的物质类别1、2', 200, 1);

-- GB 18218-2018 table 1 (a subset). toxic_gas_beta is table 3's β; when null, β comes from
-- the substance's hazard category in table 4. Values marked (verify) in DOMAIN.md.
create table public.substances (
  id smallint generated always as identity primary key,
  name_zh text not null unique,
  name_en text,
  cas text unique check (cas ~ '^[0-9]{2,7}-[0-9]{2}-[0-9]$'),
  critical_t numeric not null check (critical_t > 0),
  toxic_gas_beta numeric check (toxic_gas_beta > 0),
  hazard_category text not null references public.hazard_categories(code),
  source text not null default 'GB 18218-2018 表1'
);

insert into public.substances (name_zh, name_en, cas, critical_t, toxic_gas_beta, hazard_category) values
  ('氨', 'Ammonia', '7664-41-7', 10, 2, 'J3'),
  ('氯', 'Chlorine', '7782-50-5', 5, 4, 'J1'),
  ('硫化氢', 'Hydrogen sulfide', '7783-06-4', 5, 5, 'J1'),
  ('氰化氢', 'Hydrogen cyanide', '74-90-8', 1, 10, 'J1'),
  ('碳酰氯', 'Phosgene', '75-44-5', 0.3, 20, 'J1'),
  ('氟化氢', 'Hydrogen fluoride', '7664-39-3', 1, 5, 'J1'),
  ('二氧化硫', 'Sulfur dioxide', '7446-09-5', 20, 2, 'J3'),
  ('氯化氢（无水）', 'Hydrogen chloride (anhydrous)', '7647-01-0', 20, 3, 'J3'),
  ('环氧乙烷', 'Ethylene oxide', '75-21-8', 10, 2, 'W2'),
  ('溴', 'Bromine', '7726-95-6', 20, null, 'J2'),
  ('甲醛（含量>90%）', 'Formaldehyde (>90%)', '50-00-0', 5, null, 'J3'),
  ('液化石油气', 'Liquefied petroleum gas', '68476-85-7', 50, null, 'W2'),
  ('甲烷、天然气', 'Methane, natural gas', '74-82-8', 50, null, 'W2'),
  ('氢', 'Hydrogen', '1333-74-0', 5, null, 'W2'),
  ('乙炔', 'Acetylene', '74-86-2', 1, null, 'W2'),
  ('乙烯', 'Ethylene', '74-85-1', 50, null, 'W2'),
  ('氯乙烯', 'Vinyl chloride', '75-01-4', 50, null, 'W2'),
  ('1,3-丁二烯', '1,3-Butadiene', '106-99-0', 5, null, 'W2'),
  ('二甲醚', 'Dimethyl ether', '115-10-6', 50, null, 'W2'),
  ('苯', 'Benzene', '71-43-2', 50, null, 'W5.3'),
  ('甲苯', 'Toluene', '108-88-3', 500, null, 'W5.3'),
  ('甲醇', 'Methanol', '67-56-1', 500, null, 'W5.3'),
  ('乙醇', 'Ethanol', '64-17-5', 500, null, 'W5.3'),
  ('汽油', 'Gasoline', '86290-81-5', 200, null, 'W5.3'),
  ('丙酮', 'Acetone', '67-64-1', 500, null, 'W5.3'),
  ('乙酸乙酯', 'Ethyl acetate', '141-78-6', 500, null, 'W5.3'),
  ('2-丙烯腈', 'Acrylonitrile', '107-13-1', 50, null, 'W5.3'),
  ('二硫化碳', 'Carbon disulfide', '75-15-0', 50, null, 'W5.1'),
  ('乙醚', 'Diethyl ether', '60-29-7', 10, null, 'W5.1'),
  ('硝酸铵（含可燃物>0.2%）', 'Ammonium nitrate (>0.2% combustibles)', '6484-52-2', 5, null, 'W1.1'),
  ('2,4,6-三硝基甲苯', 'TNT', '118-96-7', 5, null, 'W1.1'),
  ('硝化甘油', 'Nitroglycerin', '55-63-0', 1, null, 'W1.1'),
  ('钾', 'Potassium', '7440-09-7', 1, null, 'W11'),
  ('钠', 'Sodium', '7440-23-5', 10, null, 'W11'),
  ('白磷', 'White phosphorus', '12185-10-3', 50, null, 'W8'),
  ('碳化钙', 'Calcium carbide', '75-20-7', 100, null, 'W11');

create table public.protective_target_types (
  code text primary key check (code ~ '^[a-z_]+$'),
  name_zh text not null,
  name_en text not null,
  default_class text not null check (default_class in ('high_sensitivity', 'important', 'general_1', 'general_2', 'general_3'))
);

insert into public.protective_target_types values
  ('school', '学校', 'School', 'high_sensitivity'),
  ('kindergarten', '幼儿园', 'Kindergarten', 'high_sensitivity'),
  ('hospital', '医院', 'Hospital', 'high_sensitivity'),
  ('nursing_home', '养老院', 'Nursing home', 'high_sensitivity'),
  ('prison', '监狱', 'Prison', 'high_sensitivity'),
  ('government', '党政机关', 'Government office', 'important'),
  ('military', '军事设施', 'Military site', 'important'),
  ('heritage', '文物保护单位', 'Cultural heritage', 'important'),
  ('infrastructure', '重要基础设施', 'Major infrastructure', 'important'),
  ('residential_large', '大型居住区', 'Large residential area', 'general_1'),
  ('mall', '大型商场', 'Shopping centre', 'general_1'),
  ('stadium', '体育场馆', 'Stadium', 'general_1'),
  ('residential', '居住区', 'Residential area', 'general_2'),
  ('office', '办公场所', 'Office', 'general_2'),
  ('hotel', '宾馆酒店', 'Hotel', 'general_2'),
  ('village', '村庄', 'Village', 'general_3'),
  ('shop', '商铺', 'Shop', 'general_3'),
  ('factory', '一般工厂', 'Other factory', 'general_3');

alter table public.risk_levels enable row level security;

alter table public.risk_level_bands enable row level security;

alter table public.lec_factor_values enable row level security;

alter table public.industries enable row level security;

alter table public.risk_point_categories enable row level security;

alter table public.hazard_categories enable row level security;

alter table public.substances enable row level security;

alter table public.protective_target_types enable row level security;

do $$
declare t text;
begin
  foreach t in array array['risk_levels', 'risk_level_bands', 'lec_factor_values', 'industries',
    'risk_point_categories', 'hazard_categories', 'substances', 'protective_target_types'] loop
    execute format('create policy %I on public.%I for select to anon, authenticated using (true)', t || '_read', t);
    execute format('revoke insert, update, delete, truncate on public.%I from anon, authenticated', t);
    execute format('grant select on public.%I to anon, authenticated', t);
  end loop;
end
$$;
