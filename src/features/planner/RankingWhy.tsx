// Why the candidates rank as they do, in words: the rule, then for each neighbouring pair the term
// that decided (src/domain/plannerRanking.ts). Shown under the comparison and in the print.
import { formatNumber, useI18n } from '../../app/i18n.ts'
import { explainRanking, rankingRule, stepSentence, type RankedSite } from '../../domain/plannerRanking.ts'

export function RankingWhy({ sites }: { sites: readonly RankedSite[] }) {
  const { lang } = useI18n()
  if (sites.length < 2) return null
  const { order, steps } = explainRanking(sites)
  return (
    <div class="pl-ranking-why" data-testid="ranking-why" data-order={order.join(',')}>
      <p class="pl-hint">{rankingRule(lang)}</p>
      <ol>
        {steps.map((st) => (
          <li key={`${st.above}-${st.below}`} data-testid={`ranking-step-${st.above}-${st.below}`}>
            {stepSentence(st, lang, (n) => formatNumber(n, lang))}
          </li>
        ))}
      </ol>
    </div>
  )
}
