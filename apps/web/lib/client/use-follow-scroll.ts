'use client'
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'

/** How close to the bottom (px) still counts as "at the end": a wheel notch or a rounding error is not leaving it. */
const NEAR_END_PX = 48

/**
 * Keeps a scroll container at its end while content grows (new turns, streamed tokens), unless the reader has
 * scrolled up (`contentKey` changes when content grows); then it stays where they are and `away` is true, so the page can offer a way back down.
 */
export function useFollowScroll<T extends HTMLElement>(contentKey: string) {
  const ref = useRef<T>(null)
  const following = useRef(true)
  const [away, setAway] = useState(false)

  const lastTop = useRef(0)

  // Only the reader leaves the end, and only by scrolling up. A scroll event is handled a frame after it happened, so
  // content that grew meanwhile (a reflow, a font) can make our own scroll to the end look like one that stopped short;
  // judging by the distance alone then stopped following for good (stop 26's CI: the phone list stuck 117 px, then 300 px,
  // above the end). Scrolling back down to the end follows again.
  const onScroll = useCallback(() => {
    const el = ref.current
    if (!el) return
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_END_PX
    if (atEnd) following.current = true
    else if (el.scrollTop < lastTop.current - 1) following.current = false
    lastTop.current = el.scrollTop
    setAway(!following.current)
  }, [])

  const toEnd = useCallback(() => {
    const el = ref.current
    if (!el) return
    el.scrollTop = el.scrollHeight
    following.current = true
    setAway(false)
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: contentKey changes whenever the content grows
  useLayoutEffect(() => {
    if (following.current && ref.current) ref.current.scrollTop = ref.current.scrollHeight
  }, [contentKey])

  // The list also changes size without new content (a notice or the goal bar above it appears), and its messages
  // change height with no new text (Markdown or feedback highlights reflow after a render): while following, stay at
  // the end through those too. Each message is watched for its own size, since the list's box does not change then.
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const stick = () => {
      if (following.current) el.scrollTop = el.scrollHeight
    }
    const resize = new ResizeObserver(stick)
    // The border box: a message's padding or border changes its height as much as its text does.
    const watch = (node: Node) => {
      if (node instanceof Element) resize.observe(node, { box: 'border-box' })
    }
    resize.observe(el)
    for (const child of Array.from(el.children)) watch(child)
    // Only the list's own children come and go (a streamed token changes text inside one): watch the new ones, and
    // let go of the removed ones so a long conversation does not keep its old streaming bubbles alive.
    const mutation = new MutationObserver((records) => {
      for (const record of records) {
        if (record.target !== el) continue
        for (const node of Array.from(record.addedNodes)) watch(node)
        for (const node of Array.from(record.removedNodes)) if (node instanceof Element) resize.unobserve(node)
      }
      stick()
    })
    mutation.observe(el, { childList: true, subtree: true, characterData: true })
    return () => {
      resize.disconnect()
      mutation.disconnect()
    }
  }, [])

  /** Scrolling to a chosen element (a search hit) is the reader's choice: stop following. */
  const stopFollowing = useCallback(() => {
    following.current = false
    setAway(true)
  }, [])

  return { ref, onScroll, away, toEnd, stopFollowing }
}
