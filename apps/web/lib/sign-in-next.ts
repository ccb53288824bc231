/**
 * Where sign-in sends the learner back to (`?next=`): the page they were on, with its query (`/chat?c=<id>`), so an
 * expired session reopens the same conversation. Only same-origin paths are followed, so a crafted link cannot send
 * a learner who signs in to another site.
 */
const BASE = 'http://parley.invalid'
const HOME = '/chat'

/** `next` as a same-origin path with its query and hash, or /chat for anything else. */
export function safeNext(next: string | null | undefined): string {
  // `//host` and `/\host` are other origins to a browser; the URL parser also drops tabs and newlines first.
  if (!next?.startsWith('/') || next.includes('\\')) return HOME
  let url: URL
  try {
    url = new URL(next, BASE)
  } catch {
    return HOME
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : HOME
}

/** The sign-in page that returns to `next` (a path, with its query) once the learner is signed in again. */
export function signInUrl(next: string, { expired = false } = {}): string {
  return `/sign-in?${expired ? 'expired=1&' : ''}next=${encodeURIComponent(next)}`
}

/** The sign-in page for a session that expired on `location` (path and query kept for `next`). */
export function expiredSignInUrl(location: { pathname: string; search: string }): string {
  return signInUrl(`${location.pathname}${location.search}`, { expired: true })
}
