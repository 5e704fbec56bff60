// The enterprise card's serious-dishonesty listing (严重失信主体名单, 应急管理部令第11号): reason,
// decision, listed on and expires on, when the enterprise has an active listing the caller may
// see. Nothing is drawn otherwise (nor while loading, nor for the public).
import { useEffect, useState } from 'preact/hooks'
import { useMessages } from '../../app/i18n.ts'
import { activeListing, type BlacklistListing } from '../../data/blacklist.ts'
import { MESSAGES } from './messages.ts'
import './notices.css'

export function BlacklistListingRow({ enterpriseId }: { enterpriseId: string }) {
  const { m } = useMessages(MESSAGES)
  const [listing, setListing] = useState<BlacklistListing | 'none' | null>(null)
  useEffect(() => {
    const abort = new AbortController()
    setListing(null)
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
    </div>
  )
}
