// Strings of evidence photos and attachments (zh-CN first, English second), shared by the public
// report and the hidden-danger detail.
import type { Messages } from '../../app/i18n.ts'

export const MESSAGES = {
  'evidence.title': { zh: '证据照片与附件', en: 'Evidence photos and attachments' },
  'evidence.none': { zh: '暂无证据照片。', en: 'No evidence yet.' },
  'evidence.loading': { zh: '加载证据…', en: 'Loading evidence…' },
  'evidence.loadError': { zh: '证据加载失败：{msg}', en: 'Evidence could not be loaded: {msg}' },
  'evidence.stage.report': { zh: '举报照片', en: 'Report' },
  'evidence.stage.finding': { zh: '排查发现', en: 'Finding' },
  'evidence.stage.rectification': { zh: '整改', en: 'Rectification' },
  'evidence.stage.verification': { zh: '验收', en: 'Verification' },
  'evidence.stageLabel': { zh: '环节', en: 'Stage' },
  'evidence.add': { zh: '添加照片或 PDF', en: 'Add photos or PDF' },
  'evidence.addPhotos': { zh: '添加现场照片（可选，最多 {n} 张）', en: 'Add photos of the spot (optional, up to {n})' },
  'evidence.hint': {
    zh: '照片会在手机上先压缩到 1600 像素以内再上传；支持 JPG、PNG、WebP 照片和 PDF，单个文件不超过 5 MB。证据上传后不能删除。',
    en: 'Photos are shrunk to at most 1600 px on your device before upload; JPG, PNG, WebP photos and PDF, at most 5 MB each. Evidence cannot be deleted once uploaded.',
  },
  'evidence.uploading': { zh: '正在上传 {done}/{n}…', en: 'Uploading {done}/{n}…' },
  'evidence.uploaded': { zh: '已上传 {n} 个文件', en: '{n} file(s) uploaded' },
  'evidence.remove': { zh: '移除', en: 'Remove' },
  'evidence.open': { zh: '查看原图', en: 'Open' },
  'evidence.pdf': { zh: 'PDF 文件', en: 'PDF file' },
  'evidence.tooMany': { zh: '最多 {n} 张照片，多出的没有加入。', en: 'At most {n} photos; the rest were not added.' },
  'evidence.badType': { zh: '“{name}”不是照片或 PDF（{type}），不能作为证据。', en: '“{name}” is not a photo or PDF ({type}) and cannot be evidence.' },
  'evidence.tooBig': { zh: '“{name}”有 {mb} MB，超过 {max} MB 的上限。', en: '“{name}” is {mb} MB, over the {max} MB limit.' },
  'evidence.empty': { zh: '“{name}”是空文件。', en: '“{name}” is empty.' },
  'evidence.err413': { zh: '“{name}”压缩后仍超过 5 MB，服务器拒收。', en: '“{name}” is still over 5 MB after resizing; the server refused it.' },
  'evidence.err415': {
    zh: '“{name}”的内容不是所声明的照片或 PDF 格式，服务器拒收。',
    en: '“{name}” is not the photo or PDF it claims to be; the server refused it.',
  },
  'evidence.err403': {
    zh: '“{name}”：您无权在此环节为该隐患添加证据（或举报照片的补充时间已过）。',
    en: '“{name}”: you may not add evidence to this danger at this stage (or the time to add report photos has passed).',
  },
  'evidence.err404': { zh: '找不到该证据。', en: 'Evidence not found.' },
  'evidence.errOther': { zh: '“{name}”上传失败：{msg}', en: '“{name}” could not be uploaded: {msg}' },
  'evidence.openOriginal': { zh: '在新窗口打开原图', en: 'Open the original in a new tab' },
  'evidence.close': { zh: '关闭', en: 'Close' },
  'evidence.atEvent': { zh: '此环节证据 {n} 件', en: '{n} piece(s) of evidence at this step' },
  'evidence.pending': {
    zh: '尚未对应到时间线环节的证据（如待验收结论的验收照片）：',
    en: 'Evidence not yet tied to a step of the timeline (e.g. verification photos awaiting the verdict):',
  },
  'evidence.byEvent': { zh: '各环节的照片显示在下方“处理记录”的对应事件旁。', en: 'Each step’s photos are shown beside its event in the timeline below.' },
  'evidence.reportOpenFailed': { zh: '照片未能上传：{msg}', en: 'Photos could not be uploaded: {msg}' },
} satisfies Messages

export type EvidenceMessageKey = keyof typeof MESSAGES
