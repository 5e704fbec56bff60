// A typed search text as a PostgREST "contains" filter value (ilike), for the staff lists'
// searches (issue 18: the serious-dishonesty list by enterprise name or credit code). The text is
// trimmed and bounded; LIKE's own wildcards (% and _) and its escape (\) are escaped so they match
// themselves; PostgREST's * (its wildcard) cannot be escaped and matches any one character instead;
// the value is double-quoted so commas, dots and brackets do not break the or=(...) filter.

/** At most this many characters of a typed search are sent. */
export const SEARCH_MAX = 50

/** The text as typed, trimmed, bounded, inner runs of white space made one space; '' for nothing. */
export function searchText(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim().slice(0, SEARCH_MAX).trim()
}

/** A quoted ilike value for PostgREST that matches rows containing the text (null for no text). */
export function containsPattern(typed: string): string | null {
  const t = searchText(typed)
  if (!t) return null
  const like = t.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '_')
  return `"*${like.replace(/[\\"]/g, (c) => `\\${c}`)}*"`
}
