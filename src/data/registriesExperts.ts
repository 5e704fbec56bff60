// Writes of emergency experts (issue 18, 专家) from #/registries: the expert and its staff-only phone
// (emergency_expert_contacts, never public) in one call, save_emergency_expert (one transaction, under
// the caller's row rules: admins; the regulators of the expert's area), and "verified today"
// (mark_expert_verified, the date the database's). A refusal comes back as an ApiError.
import { rpcCall } from './rpc.ts'
import type { ExpertWrite } from '../domain/emergencyExperts.ts'

const call = <T>(fn: string, args: Record<string, unknown>) => rpcCall<T>(fn, args, { bare: true })

/** Adds an expert (id null) or changes one, with its phone (null: none); the expert's id. */
export const saveExpert = (id: string | null, row: ExpertWrite, phone: string | null) =>
  call<string>('save_emergency_expert', { expert: id ? { id, ...row } : row, phone })

/** Records that the expert's details were checked today; the date recorded. */
export const markExpertVerified = (id: string) => call<string>('mark_expert_verified', { expert: id })
