// Placeholder until the feature lands.
import { useI18n } from '../../app/i18n.ts'

export default function PlannerPage() {
  const { t } = useI18n()
  return <div class="page-message">{t('app.underConstruction')}</div>
}
