// Which timeline event a piece of evidence belongs to (issue 21), derived from what is already
// recorded: the evidence's stage and upload time, and the events' kinds and times. No event id is
// stored on the evidence: uploads happen apart from the lifecycle call (a photo is taken and sent
// first, "整改完成" is submitted after; a finding's photos follow the finding), so at upload time
// there is no event to point at, and every old row keeps working unchanged.
//
// The rule: a stage belongs to some kinds of events —
//   report, finding      → the danger's creation (found/reported), its registration or rejection;
//   rectification        → the plan (→ 整改中), "done" (→ 待验收), a return to rectification;
//   verification         → the close (→ 已销号) or a failed verification (待验收 → 整改中);
// and the evidence goes beside the one of those nearest in time to its upload (ties to the later
// one). Evidence whose stage has no such event yet (a verification photo taken before the
// verdict) is returned apart, as `pending`, to be shown on its own.
import type { EvidenceStage } from '../../domain/evidence.ts'

export interface TimelineEventLike {
  id: number
  at: string
  action: string
  from_status: string | null
  to_status: string
}

export interface EvidenceLike {
  stage: EvidenceStage
  uploaded_at: string
}

/** Whether evidence of `stage` can belong to event `e`. */
export function stageFitsEvent(stage: EvidenceStage, e: TimelineEventLike): boolean {
  switch (stage) {
    case 'report':
    case 'finding':
      return e.action === 'created' || (e.action === 'transition' && (e.to_status === 'registered' || e.to_status === 'rejected'))
    case 'rectification':
      return e.action === 'transition' && (e.to_status === 'rectifying' || e.to_status === 'pending_verification')
    case 'verification':
      return e.action === 'transition' && (e.to_status === 'closed' || (e.from_status === 'pending_verification' && e.to_status === 'rectifying'))
  }
}

/** Evidence by the id of the event it sits beside (in upload order), and those with no event yet. */
export function assignEvidence<R extends EvidenceLike>(events: readonly TimelineEventLike[], rows: readonly R[]): { byEvent: Map<number, R[]>; pending: R[] } {
  const byEvent = new Map<number, R[]>()
  const pending: R[] = []
  const times = events.map((e) => Date.parse(e.at))
  const sorted = [...rows].sort((a, b) => Date.parse(a.uploaded_at) - Date.parse(b.uploaded_at))
  for (const r of sorted) {
    const t = Date.parse(r.uploaded_at)
    let best = -1
    let bestGap = Infinity
    events.forEach((e, i) => {
      if (!stageFitsEvent(r.stage, e)) return
      const gap = Math.abs(times[i]! - t)
      // ties (and equal gaps) go to the later event: a photo sent just before a submission belongs to it
      if (gap < bestGap || (gap === bestGap && best >= 0 && times[i]! >= times[best]!)) {
        best = i
        bestGap = gap
      }
    })
    if (best < 0) pending.push(r)
    else {
      const id = events[best]!.id
      byEvent.set(id, [...(byEvent.get(id) ?? []), r])
    }
  }
  return { byEvent, pending }
}
