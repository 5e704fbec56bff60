// Strings of the registry editing forms (物资储备 lots), zh-CN first, English second.
import type { Messages } from '../../app/i18n.ts'

export const FORM_MESSAGES = {
  'stock.add': { zh: '添加物资储备', en: 'Add a stockpile lot' },
  'stock.edit': { zh: '编辑', en: 'Edit' },
  'stock.titleAdd': { zh: '添加物资储备', en: 'Add a stockpile lot' },
  'stock.titleEdit': { zh: '编辑物资储备', en: 'Edit a stockpile lot' },
  'stock.depot': { zh: '储备点', en: 'Depot' },
  'stock.depotPick': { zh: '请选择…', en: 'Choose…' },
  'stock.depotsLoading': { zh: '正在加载储备点…', en: 'Loading depots…' },
  'stock.material': { zh: '物资名称', en: 'Material' },
  'stock.materialHint': { zh: '如 堵漏器材、防化服、泡沫灭火剂', en: 'e.g. leak-sealing kit, chemical suit, foam concentrate' },
  'stock.quantity': { zh: '数量', en: 'Quantity' },
  'stock.unit': { zh: '计量单位', en: 'Unit' },
  'stock.expires': { zh: '有效期至（可空）', en: 'Expires on (optional)' },
  'stock.save': { zh: '保存', en: 'Save' },
  'stock.saving': { zh: '正在保存…', en: 'Saving…' },
  'stock.cancel': { zh: '取消', en: 'Cancel' },
  'stock.saved': { zh: '已保存：{material}（{depot}）', en: 'Saved: {material} ({depot})' },
  'stock.refused': { zh: '数据库拒绝：{msg}', en: 'Refused by the database: {msg}' },
  'stock.fix': { zh: '请先改正标出的项目。', en: 'Correct the marked fields first.' },
  'stock.who': {
    zh: '管理员和本辖区监管部门可添加、编辑物资储备；企业不能。',
    en: 'Admins and the regulators of the area add and edit stockpile lots; enterprises do not.',
  },
} satisfies Messages
