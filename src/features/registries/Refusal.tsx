// A registry form's refusal by the database: what was refused and why in words (src/data/registryRefusal.ts,
// by the caller's role and district), with the database's own text on a details line underneath, so
// nothing is hidden; a refusal already in words (input limits, triggers) is shown as it came.
import { useMessages } from '../../app/i18n.ts'
import { refusalText } from '../../data/registryRefusal.ts'
import type { SessionInfo } from '../../data/session.ts'
import type { FilingRate } from '../../data/registries.ts'
import { codePrefix } from '../../domain/stockpiles.ts'
import { FORM_MESSAGES } from './formMessages.ts'

/** The caller's district(s) by name where the 备案率 table knows them, else by code. */
export function jurisdictionOf(user: SessionInfo, districts: readonly FilingRate[] | null): string {
  return user.areaCodes.map((c) => districts?.find((d) => d.code === c || c.startsWith(codePrefix(d.code)))?.name ?? c).join('、')
}

export function Refusal({ error, user, jurisdiction, testid }: { error: unknown; user: SessionInfo; jurisdiction: string; testid: string }) {
  const { m, lang } = useMessages(FORM_MESSAGES)
  const e = error as { message?: string; code?: string }
  const { words, details } = refusalText({ message: e?.message ?? String(error), code: e?.code }, { role: user.role, jurisdiction })
  return (
    <div class="form-error" data-testid={testid} role="alert">
      {words ? (
        <>
          <div data-testid={`${testid}-words`}>{lang === 'zh' ? words.zh : words.en}</div>
          <small class="reg-refusal-details" data-testid={`${testid}-details`}>
            {m('refusal.details', { msg: details })}
          </small>
        </>
      ) : (
        m('stock.refused', { msg: details })
      )}
    </div>
  )
}
