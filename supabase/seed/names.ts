// Plausible Chinese names for synthetic things. Invented from syllable pools (not real
// companies or places), deterministic given the row's Rng.
import { pinyin } from 'pinyin-pro'
import type { Rng } from './prng.ts'

const SURNAMES = ['李', '黄', '陈', '梁', '张', '林', '吴', '谭', '关', '伍', '余', '刘', '周', '区', '邓', '甄', '冯', '何', '赵', '叶', '司徒', '容', '钟', '罗', '郑', '胡', '麦', '莫', '卢', '汤']
const GIVEN = ['伟', '强', '敏', '静', '丽', '军', '勇', '杰', '涛', '明', '华', '红', '平', '辉', '芳', '燕', '斌', '健', '锦', '荣', '志', '国', '家', '文', '嘉', '婷', '俊', '浩', '泽', '晓', '永', '建', '海', '欣', '宇', '玲', '雪', '春', '秋', '德']

const PLACE_A = ['东', '西', '南', '北', '新', '大', '龙', '凤', '金', '银', '白', '石', '沙', '江', '潮', '松', '竹', '梅', '兰', '桂', '荷', '华', '安', '平', '长', '高', '罗', '莲', '青', '碧', '云', '泉', '朗', '锦', '棠', '礼', '杜', '水', '良', '古']
const PLACE_B = ['湖', '山', '岭', '坑', '塘', '围', '洲', '头', '湾', '冲', '溪', '坪', '岗', '田', '边', '口', '桥', '城', '苑', '园', '美', '和', '兴', '隆', '盛', '富', '乐', '阳', '涌', '滘', '岸', '基', '埠', '庄', '林', '景', '安', '宁', '丰', '源']

const BRAND = ['华', '海', '信', '达', '新', '宏', '盛', '利', '恒', '泰', '嘉', '裕', '丰', '隆', '鑫', '源', '金', '富', '昌', '兴', '邦', '凯', '粤', '侨', '邑', '江', '鹏', '翔', '瑞', '德', '和', '永', '创', '科', '锦', '远', '安', '诚', '铭', '宇', '顺', '通', '俊', '汇', '联', '力', '优', '星']

const ROADS_A = ['建设', '港口', '江华', '迎宾', '五邑', '胜利', '东华', '西环', '北新', '白沙', '跃进', '发展', '龙湾', '金瓯', '滨江', '高新', '工业', '兴业', '振兴', '东海', '南山', '环市', '华园', '育德', '丰乐', '文昌', '永盛', '江海', '侨乡', '胜龙']
const ROADS_B = ['路', '大道', '路', '东路', '西路', '中路', '北路', '南路', '街', '大道']

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '')
}

/** Two-character place name like 龙湾, 金溪. */
export function placeName(rng: Rng): string {
  const a = rng.pick(PLACE_A)
  let b = rng.pick(PLACE_B)
  if (a === b) b = '头'
  return a + b
}

/**
 * A place name in Hanyu Pinyin as maps write it (GB/T 16159): syllables run together, capitalised
 * once, an apostrophe before a syllable that starts with a, o or e (龙岸 → Long'an).
 */
export function placeNamePinyin(name: string): string {
  const syllables = pinyin(name, { toneType: 'none', type: 'array' }) as string[]
  const joined = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('')
  return joined.charAt(0).toUpperCase() + joined.slice(1)
}

export function brand(rng: Rng): string {
  const a = rng.pick(BRAND)
  let b = rng.pick(BRAND)
  if (a === b) b = '达'
  return a + b
}

export function roadName(rng: Rng): string {
  return rng.pick(ROADS_A) + rng.pick(ROADS_B)
}

export function mobile(rng: Rng): string {
  return '1' + rng.pick(['3', '5', '8', '7']) + String(rng.int(0, 9)) + String(rng.int(0, 99_999_999)).padStart(8, '0')
}

/** 0750 is Jiangmen's area code; local numbers have 7 digits here. */
export function landline(rng: Rng): string {
  return '0750-' + rng.pick(['3', '6', '8', '2']) + String(rng.int(0, 999_999)).padStart(6, '0')
}

const ENTERPRISE_SUFFIX: Record<string, readonly string[]> = {
  chemical: ['化工有限公司', '精细化工有限公司', '化学工业有限公司', '新材料科技有限公司', '树脂有限公司', '涂料有限公司'],
  chemical_storage: ['化工贸易有限公司', '危险品仓储有限公司', '石化储运有限公司', '化工物流有限公司'],
  petroleum: ['石化有限公司', '石油化工有限公司', '能源化工有限公司'],
  pharmaceutical: ['制药有限公司', '药业有限公司', '生物医药有限公司'],
  metallurgy: ['金属制品有限公司', '钢铁有限公司', '不锈钢制品有限公司', '铝业有限公司', '铸造有限公司'],
  machinery: ['机械有限公司', '摩托车有限公司', '五金制品有限公司', '机电设备有限公司', '汽车配件有限公司'],
  electronics: ['电子科技有限公司', '电器有限公司', '照明科技有限公司', '电池有限公司'],
  textile: ['纺织有限公司', '制衣有限公司', '服装有限公司', '印染有限公司'],
  food: ['食品有限公司', '饮料有限公司', '调味品有限公司', '粮油有限公司'],
  building_materials: ['建材有限公司', '陶瓷有限公司', '水泥有限公司', '卫浴有限公司', '石材有限公司'],
  fireworks: ['烟花爆竹有限公司', '烟花爆竹批发有限公司'],
  gas_supply: ['燃气有限公司', '液化气有限公司', '天然气有限公司'],
  logistics: ['物流有限公司', '仓储有限公司', '供应链管理有限公司'],
  construction: ['建筑工程有限公司', '建设集团有限公司', '建筑安装工程有限公司'],
}

/** e.g. 江门市华海精细化工有限公司, 鹤山市恒泰建材有限公司. `prefix` is the registering place. */
export function enterpriseName(rng: Rng, prefix: string, brandName: string, industry: string): string {
  return prefix + brandName + rng.pick(ENTERPRISE_SUFFIX[industry] ?? ['有限公司'])
}

const TARGET_PATTERNS: Record<string, readonly string[]> = {
  school: ['{p}小学', '{p}中学', '{p}实验学校', '{p}第{n}小学', '{p}职业技术学校', '{p}中心小学'],
  kindergarten: ['{p}幼儿园', '{p}第{n}幼儿园', '{b}幼儿园', '{p}中心幼儿园'],
  hospital: ['{p}人民医院', '{p}中医院', '{p}卫生院', '{p}妇幼保健院', '{b}医院'],
  nursing_home: ['{p}敬老院', '{p}颐养院', '{p}养老服务中心', '{b}护养院'],
  prison: ['{p}监狱', '{p}看守所'],
  government: ['{p}街道办事处', '{p}镇人民政府', '{p}社区居委会', '{p}行政服务中心', '{p}派出所'],
  military: ['某部{p}营区', '{p}民兵训练基地'],
  heritage: ['{p}碉楼', '{p}祠堂', '{p}古村落', '{p}书院', '{p}炮楼', '{p}骑楼街'],
  infrastructure: ['{p}110kV变电站', '{p}水厂', '{p}污水处理厂', '{p}燃气门站', '{p}通信枢纽楼'],
  residential_large: ['{b}花园', '{b}名苑', '{b}新城', '{b}豪庭', '{p}{b}城'],
  mall: ['{b}广场', '{b}购物中心', '{p}商业城', '{b}汇'],
  stadium: ['{p}体育中心', '{p}体育馆', '{p}全民健身中心'],
  residential: ['{p}小区', '{b}花园', '{p}新村', '{b}公寓', '{p}{b}苑', '{p}宿舍区'],
  office: ['{b}大厦', '{b}商务中心', '{p}写字楼', '{b}中心'],
  hotel: ['{b}大酒店', '{p}宾馆', '{b}酒店', '{p}{b}商务酒店'],
  village: ['{p}村', '{p}村', '{p}新村', '{p}里'],
  shop: ['{b}便利店', '{p}五金店', '{b}餐厅', '{p}{b}超市', '{b}茶楼', '{p}农资店'],
  factory: ['{p}{b}厂', '{b}五金厂', '{b}制衣厂', '{p}家具厂', '{b}包装厂'],
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

function fill(pattern: string, rng: Rng): string {
  return pattern
    .replace('{p}', placeName(rng))
    .replace('{b}', brand(rng))
    .replace('{n}', rng.pick(NUMERALS))
}

export function protectiveTargetName(rng: Rng, type: string): string {
  return fill(rng.pick(TARGET_PATTERNS[type] ?? ['{p}{b}']), rng)
}

const URBAN_RISK_PATTERNS: Record<string, readonly string[]> = {
  gas_station: ['中国石化{p}加油站', '中国石油{p}加油站', '{b}加油站', '{p}加气站', '{b}石油{p}加油站'],
  gas_pipeline: ['{r}中压燃气管道（{p}段）', '{r}次高压燃气管道', '{p}燃气调压站'],
  bridge: ['{p}大桥', '{p}桥', '{r}跨江桥', '{p}立交桥'],
  tunnel: ['{p}隧道', '{r}下穿隧道', '{p}山隧道'],
  crowded_place: ['{p}汽车客运站', '{b}广场', '{p}农贸市场', '{b}影剧院', '{p}体育馆', '{b}购物中心', '{p}公园'],
  construction_site: ['{b}{p}项目建筑工地', '{r}改造工程', '{p}安置房项目', '{b}城{n}期工地'],
  high_rise: ['{b}大厦', '{b}国际中心', '{p}{b}商住楼'],
  slope: ['{p}村后山边坡', '{r}路堑边坡', '{p}滑坡隐患点'],
}

export function urbanRiskPointName(rng: Rng, category: string): string {
  const pattern = rng.pick(URBAN_RISK_PATTERNS[category] ?? ['{p}风险点'])
  return fill(pattern.replace('{r}', roadName(rng)), rng)
}

const ENTERPRISE_RISK_PATTERNS: Record<string, readonly string[]> = {
  hazardous_process: ['{n}#氯化反应装置', '{n}#聚合装置', '{n}#硝化工段', '加氢装置', '{n}#精馏单元', '磺化工段'],
  storage_tank: ['{n}#储罐区', '甲类罐区', '液氨储罐', '{n}#中间罐区', '装卸栈台'],
  warehouse: ['甲类仓库', '{n}#危化品仓库', '乙类仓库', '原料仓库'],
  confined_space: ['污水处理池', '地下泵房', '{n}#反应釜检修', '化粪池清淤作业'],
  dust_explosion: ['抛光车间', '{n}#粉碎车间', '面粉筛分间', '木工打磨车间', '喷粉房'],
  high_temp_metal: ['{n}#熔炼炉', '铝水浇铸区', '中频炉', '钢水包吊运区'],
}

export function enterpriseRiskPointName(rng: Rng, enterpriseShort: string, category: string): string {
  const pattern = rng.pick(ENTERPRISE_RISK_PATTERNS[category] ?? ['生产区'])
  return enterpriseShort + pattern.replace('{n}', String(rng.int(1, 6)))
}

const DANGER_TITLES: Record<string, readonly string[]> = {
  enterprise: [
    '储罐区防火堤破损未修复', '可燃气体报警器未定期校验', '安全阀超期未检', '消防通道被占用', '应急照明损坏',
    '危化品仓库超量储存', '静电接地线断开', '特种作业人员无证上岗', '动火作业未办理审批', '有限空间作业未检测气体',
    '防爆电气设备失爆', '安全联锁被摘除', '压力表超期未检', '除尘系统未设泄爆装置', '员工未佩戴劳动防护用品',
    '应急预案未演练', '安全警示标志缺失', '配电箱未接地', '叉车带病运行', '灭火器过期失效',
  ],
  urban: [
    '燃气管道上方违章占压', '加油站卸油区静电接地失效', '桥梁护栏松动', '隧道应急照明失效', '人员密集场所安全出口锁闭',
    '建筑工地脚手架未验收', '高层建筑消防设施损坏', '边坡出现裂缝', '疏散通道堆放杂物', '燃气调压箱锈蚀',
    '临时用电私拉乱接', '广告牌松动有坠落风险',
  ],
}

export function hiddenDangerTitle(rng: Rng, kind: 'enterprise' | 'urban'): string {
  return rng.pick(DANGER_TITLES[kind])
}

export const NUMERAL_ZH = NUMERALS
