// Grading review (#/reviews and the one-map card): the pending proposals the caller may see
// (grading_review_queue) and the reviewer's decision (review_assessment). The only place that
// calls supabase-js for this feature. The database decides who may review; its refusal text is
// passed on word for word.
import { supabase } from './client.ts'

export type ReviewSubject = 'risk_point' | 'hazard_source'

/** LEC / matrix inputs of a risk point, or the GB 18218 result of a hazard source. */
export interface GradingInputs {
  method?: 'lec' | 'matrix'
  lec_l?: number
  lec_e?: number
  lec_c?: number
  matrix_l?: number
  matrix_s?: number
  score?: number
  /** hazard sources */
  s?: number
  r?: number
  alpha?: number
  grade?: number | null
  items?: { substance: string; quantity_t: number }[]
}

export interface PendingProposal {
  id: string
  subject: ReviewSubject
  subject_id: string
  subject_name: string
  enterprise_id: string | null
  enterprise_name: string | null
  area_code: string | null
  area_name: string | null
  old_inputs: GradingInputs
  new_inputs: GradingInputs
  /** risk level 1..4, or major-hazard grade 1..4 (null: not a major hazard source) */
  old_level: number | null
  new_level: number | null
  reason: string
  proposed_role: string
  /** shown to admins, the command centre and the regulator of the area only */
  proposed_email: string | null
  proposed_at: string
  may_review: boolean
}

/** What the one-map card carries (feature_card's pending_review). */
export interface PendingReviewSummary {
  id: string
  old_level: number | null
  new_level: number | null
  new_inputs: GradingInputs
  reason: string
  proposed_role: string
  proposed_at: string
}

export class ReviewApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

export async function reviewQueue(): Promise<PendingProposal[]> {
  const { data, error } = await supabase().rpc('grading_review_queue', { max_rows: 500 })
  if (error) throw new ReviewApiError(error.message, error.code)
  return (data ?? []) as PendingProposal[]
}

export async function reviewAssessment(proposalId: string, decision: 'confirm' | 'refuse', note: string): Promise<{ status: string; level: number | null }> {
  const { data, error } = await supabase().rpc('review_assessment', { proposal_id: proposalId, decision, note: note || null })
  if (error) throw new ReviewApiError(error.message, error.code)
  return data as { status: string; level: number | null }
}
