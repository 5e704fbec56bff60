// The enterprise card's serious-dishonesty listing (严重失信主体名单, 应急管理部令第11号): reason,
// decision, listed on and expires on, when the enterprise has an active listing the caller may
// see, and on request its history (credit_blacklist_edits: when, who by role and an opaque id,
// which field old → new, why), as RLS lets the caller read it: whoever reads the listing (admins,
// command, planners, the area's regulators, the listed enterprise for its own). Nothing is drawn
// otherwise (nor while loading, nor for the public: the public reads no listing and no history;
// what it learns of a listing is the published notice of kind 'blacklist', whose own history is
// its publication and withdrawal; earlier wordings and corrections of an administrative record
// stay with those who may read the record).
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { activeListing, type BlacklistListing } from '../../data/blacklist.ts'
import { MESSAGES } from './messages.ts'
import { ListingHistory } from './BlacklistEdit.tsx'
import { STAFF_MESSAGES } from './staffMessages.ts'
import './notices.css'

export function BlacklistListingRow({ enterpriseId }: { enterpriseId: string }) {
  const { m } = useMessages(MESSAGES)
  const { m: sm } = useMessages(STAFF_MESSAGES)
  const [showHistory, setShowHistory] = useState(false)
  const [listing, setListing] = useState<BlacklistListing | 'none' | null>(null)
  useEffect(() => {
    const abort = new AbortController()
    setListing(null)
    setShowHistory(false)
    activeListing(enterpriseId, abort.signal).then(
      (l) => !abort.signal.aborted && setListing(l ?? 'none'),
      () => {},
    )
    return () => abort.abort()
  }, [enterpriseId])
  if (!listing) return null
  // answered, nothing listed: a marker for tests, nothing to see
  if (listing === 'none') return <span hidden data-testid="card-blacklist-none" />
  return (
    <div class="ntc-blacklist" data-testid="card-blacklist" data-id={listing.id}>
      <strong>{m('blacklist.title')}</strong>
      <div>{listing.reason}</div>
      {listing.decision && <div>{m('blacklist.decision', { d: listing.decision + (listing.decided_by ? `（${listing.decided_by}）` : '') })}</div>}
      <div>{m('blacklist.term', { from: listing.listed_on, to: listing.expires_on ?? '—' })}</div>
      <button
        type="button"
        class="btn btn-link ntc-bl-history-toggle"
        data-testid="card-blacklist-history-toggle"
        aria-expanded={showHistory}
        onClick={() => setShowHistory(!showHistory)}
      >
        {sm(showHistory ? 'bl.historyHide' : 'bl.history')}
      </button>
      {showHistory && <ListingHistory id={listing.id} version={0} />}
    </div>
  )
}
