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

  const onScroll = useCallback(() => {
    const el = ref.current
    if (!el) return
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_END_PX
    following.current = atEnd
    setAway(!atEnd)
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
