// Text encodings of CSV files: UTF-8 (with or without BOM), GBK and GB18030 (what Excel writes for
// "CSV" on a Chinese Windows), through the standard TextDecoder (WHATWG: 'gbk' decodes as GB18030).
import { ImportFileError, type Encoding } from './types.ts'

export type EncodingChoice = Encoding | 'auto'

export function decodeText(bytes: Uint8Array, choice: EncodingChoice = 'auto'): { text: string; encoding: Encoding } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new ImportFileError(
      '文件是 UTF-16 编码（Excel 的“Unicode 文本”），请另存为 CSV UTF-8',
      'the file is UTF-16 (Excel\'s "Unicode text"): save it as CSV UTF-8',
    )
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  if (choice === 'auto') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' }
    } catch {
      if (bom) {
        throw new ImportFileError('文件以 UTF-8 BOM 开头，却含有不是 UTF-8 的字节', 'the file starts with a UTF-8 BOM but holds bytes that are not UTF-8')
      }
      return decodeText(bytes, 'gb18030')
    }
  }
  try {
    return { text: new TextDecoder(choice, { fatal: true }).decode(bytes), encoding: choice }
  } catch (e) {
    throw new ImportFileError(`文件不是有效的 ${choice.toUpperCase()} 文本`, `the file is not valid ${choice.toUpperCase()} text`, { cause: e })
  }
}
