// `<link rel="alternate" type="application/atom+xml">` in the document head while a public page is
// shown, so that browsers and feed readers find the notices feed (removed when the page goes).
import { useEffect } from 'preact/hooks'
import { NOTICES_FEED_TYPE, noticesFeedUrl } from '../../data/noticesFeed.ts'

export function useNoticesFeedLink(title: string): void {
  useEffect(() => {
    const link = document.createElement('link')
    link.rel = 'alternate'
    link.type = NOTICES_FEED_TYPE
    link.title = title
    link.href = noticesFeedUrl()
    link.dataset.testid = 'notices-feed-link'
    document.head.appendChild(link)
    return () => link.remove()
  }, [title])
}
