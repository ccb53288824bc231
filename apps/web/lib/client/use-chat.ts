'use client'
import { useCallback, useEffect, useRef, useState } from 'react'
import { type Conversation, normalizeConversation, scenarioOf, type Turn, titleFor } from '../conversation'
import { gw } from './api'
import { useApp } from './app-context'
import { fetchEmbedding, fetchFeedback, fetchScore, learnerOf, saveConversation, streamReply } from './tutor'

/**
 * The chat page's state: the list, the open conversation, and one turn at a time through the pipeline
 * stream reply ∥ feedback → save → score + embedding → save again. Every step that fails leaves a visible note and
 * keeps what already succeeded.
 */
export function useChat(initialId: string | undefined) {
  const app = useApp()
  const [list, setList] = useState<Conversation[]>([])
  const [current, setCurrent] = useState<Conversation>()
  const [streamingText, setStreamingText] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string>()
  const abort = useRef<AbortController | undefined>(undefined)
  const currentRef = useRef<Conversation | undefined>(undefined)
  currentRef.current = current

  const refreshList = useCallback(async () => {
    const r = await gw<unknown[]>('conversations?limit=100')
    setList(r.data.map(normalizeConversation).filter((c): c is Conversation => !!c))
  }, [])

  const open = useCallback(async (id: string) => {
    setNotice(undefined)
    try {
      const r = await gw<unknown>(`conversations/${id}`)
      const c = normalizeConversation(r.data)
      setCurrent(c)
      if (c) history.replaceState(null, '', `/chat?c=${c.id}`)
    } catch (err) {
      setNotice(`Could not open the conversation: ${(err as Error).message}`)
    }
  }, [])

  useEffect(() => {
    refreshList().catch((e: Error) => setNotice(`Could not load your conversations: ${e.message}`))
    if (initialId) void open(initialId)
  }, [initialId, open, refreshList])

  const commit = useCallback((c: Conversation) => {
    currentRef.current = c
    setCurrent(c)
    setList((l) => [c, ...l.filter((x) => x.id !== c.id)])
  }, [])

  /**
   * Streams the tutor's turn for `base`: its last turn is the learner's, or it is empty and the tutor opens
   * `opening` (whose id the opening turn keeps, so later turns and reloads stay in the same scenario).
   */
  const runTurn = useCallback(
    async (base: Conversation, withFeedback: boolean, opening?: { id: string; title: string }) => {
      const settings = app.settings
      const learner = learnerOf(settings)
      const region = app.region
      const controller = new AbortController()
      abort.current = controller
      setBusy(true)
      setStreamingText('')
      const lastUser = base.conversation.at(-1)?.role === 'user' ? base.conversation.length - 1 : -1
      const feedback =
        withFeedback && lastUser >= 0
          ? fetchFeedback(
              region,
              base.conversation[lastUser]!.content,
              base.conversation.findLast((t) => t.role === 'assistant')?.content,
              learner,
            ).catch(() => undefined)
          : Promise.resolve(undefined)
      let reply: Turn
      try {
        const out = await streamReply({
          region,
          conversation: base,
          scenario: opening?.id ?? scenarioOf(base.conversation),
          learner,
          model: settings?.tutorModel || undefined,
          signal: controller.signal,
          onToken: setStreamingText,
          onRegion: (served) => app.noteServedBy(region, served),
        })
        reply = { role: 'assistant', content: out.reply, at: new Date().toISOString(), model: out.done?.model }
        if (out.stopped) reply.stopped = true
      } catch (err) {
        reply = { role: 'assistant', content: '', at: new Date().toISOString(), failed: (err as Error).message }
      }
      if (opening) reply.scenario = opening.id
      const turns = [...base.conversation]
      const fb = await feedback
      if (fb && lastUser >= 0) turns[lastUser] = { ...turns[lastUser]!, feedback: fb }
      let next: Conversation = { ...base, conversation: [...turns, reply] }
      next.title = base.title || titleFor(next.conversation, opening?.title ?? 'Free talk')
      commit(next)
      setStreamingText(undefined)
      abort.current = undefined
      try {
        await saveConversation(next)
        if (!reply.failed) {
          const [score, embedding] = await Promise.all([
            fetchScore(region, next.conversation, learner).catch(() => undefined),
            fetchEmbedding(region, next.conversation, settings?.embedModel || undefined).catch(() => undefined),
          ])
          if (score) {
            const scored = [...next.conversation]
            scored[scored.length - 1] = { ...reply, score }
            next = { ...next, conversation: scored }
            commit(next)
          }
          if (score || embedding) await saveConversation(next, embedding)
        }
      } catch (err) {
        setNotice(`Not saved yet: ${(err as Error).message}`)
      } finally {
        setBusy(false)
      }
    },
    [app, commit],
  )

  const start = useCallback(
    async (scenario: { id: string; title: string }) => {
      setNotice(undefined)
      const c: Conversation = { id: crypto.randomUUID(), title: scenario.title, conversation: [] }
      history.replaceState(null, '', `/chat?c=${c.id}`)
      commit(c)
      await runTurn(c, false, scenario)
    },
    [commit, runTurn],
  )

  const send = useCallback(
    async (text: string) => {
      const base = currentRef.current ?? { id: crypto.randomUUID(), title: '', conversation: [] }
      const withUser: Conversation = {
        ...base,
        conversation: [...base.conversation, { role: 'user', content: text, at: new Date().toISOString() }],
      }
      if (!currentRef.current) history.replaceState(null, '', `/chat?c=${withUser.id}`)
      commit(withUser)
      await runTurn(withUser, true)
    },
    [commit, runTurn],
  )

  const retry = useCallback(async () => {
    const c = currentRef.current
    const last = c?.conversation.at(-1)
    if (!c || last?.role !== 'assistant' || !(last.failed || last.stopped)) return
    const base = { ...c, conversation: c.conversation.slice(0, -1) }
    commit(base)
    const opening = base.conversation.length === 0 ? { id: last.scenario ?? 'free-talk', title: c.title } : undefined
    await runTurn(base, base.conversation.at(-1)?.role === 'user' && !base.conversation.at(-1)?.feedback, opening)
  }, [commit, runTurn])

  const stop = useCallback(() => abort.current?.abort(), [])

  const rename = useCallback(async (id: string, title: string) => {
    await gw(`conversations/${id}`, { method: 'PUT', json: { title } })
    setList((l) => l.map((c) => (c.id === id ? { ...c, title } : c)))
    setCurrent((c) => (c?.id === id ? { ...c, title } : c))
  }, [])

  const remove = useCallback(async (id: string) => {
    await gw(`conversations/${id}`, { method: 'DELETE' })
    localStorage.removeItem(`parley-draft:${id}`)
    setList((l) => l.filter((c) => c.id !== id))
    if (currentRef.current?.id === id) {
      setCurrent(undefined)
      history.replaceState(null, '', '/chat')
    }
  }, [])

  const removeAll = useCallback(async () => {
    await gw('conversations', { method: 'DELETE' })
    setList([])
    setCurrent(undefined)
    history.replaceState(null, '', '/chat')
  }, [])

  return { list, current, streamingText, busy, notice, open, start, send, retry, stop, rename, remove, removeAll }
}
