// Turns the database's refusal of a public report (report_hidden_danger raises with an SQLSTATE
// and an English message) into a plain message key for the resident, keeping the database's own
// words beside it. Pure: no I/O.

export type ReportErrorKey = 'err.rateLimit' | 'err.duplicate' | 'err.outside' | 'err.length' | 'err.contact' | 'err.location' | 'err.network' | 'err.unknown'

export interface ReportErrorInfo {
  key: ReportErrorKey
  vars: Record<string, string | number>
}

export function explainReportError(code: string | undefined, message: string, status?: number): ReportErrorInfo {
  const msg = message || ''
  if (code === '54000' || /too many reports/i.test(msg)) {
    const m = /at most (\d+)/i.exec(msg)
    return { key: 'err.rateLimit', vars: { max: m ? Number(m[1]) : '' } }
  }
  if (code === '23505' || /identical report/i.test(msg)) {
    const m = /tracking code ([A-Z0-9]+)/i.exec(msg)
    return { key: 'err.duplicate', vars: { code: m ? m[1] : '' } }
  }
  if (/outside the area/i.test(msg)) return { key: 'err.outside', vars: {} }
  {
    const m = /description must be (\d+) to (\d+) characters \(got (\d+)\)/i.exec(msg)
    if (m) return { key: 'err.length', vars: { min: Number(m[1]), max: Number(m[2]), got: Number(m[3]) } }
  }
  {
    const m = /contact must be at most (\d+)/i.exec(msg)
    if (m) return { key: 'err.contact', vars: { max: Number(m[1]) } }
  }
  if (/not a valid longitude\/latitude/i.test(msg)) return { key: 'err.location', vars: {} }
  if (status === 0 || /failed to fetch|network|fetch failed/i.test(msg)) return { key: 'err.network', vars: {} }
  return { key: 'err.unknown', vars: {} }
}

/** The description as the database will store it (app.clean_text: trimmed, runs of whitespace as one space). */
export function cleanedLength(text: string): number {
  return [...text.trim().replace(/\s+/g, ' ')].length
}
