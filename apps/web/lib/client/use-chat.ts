'use client'
import { useCallback, useEffect, useRef, useState } from 'react'
import { type Conversation, normalizeConversation, type Turn, titleFor } from '../conversation'
import { ApiError, gw } from './api'
import { useApp } from './app-context'
import { runTurn as runServerTurn } from './turn'
import { learnerOf } from './tutor'

/**
 * The chat page's state: the list, the open conversation, and its turns. Each turn runs on the server
 * (`/tutor/turn`): it stores the message, streams the reply beside the feedback, and stores reply, feedback and
 * scores even if the tab closes. The page only shows what the stream says; Send is free again as soon as the reply
 * is done, while the LLM feedback and the scores of that turn are still on their way. Only one reply streams at a
 * time: opening another conversation or a new topic stops it first, and its text and busy state belong to its own
 * conversation only.
 */
export function useChat(initialId: string | undefined) {
  const app = useApp()
  const [list, setList] = useState<Conversation[]>([])
  const [current, setCurrent] = useState<Conversation>()
  // The reply on its way, tied to its conversation: only that conversation shows it and is busy with it.
  const [live, setLive] = useState<LiveReply>()
  // Conversations whose turn stream is still open after the reply: their scores are on the way.
  const [scoring, setScoring] = useState<ReadonlySet<string>>(new Set())
  const [notice, setNotice] = useState<string>()
  // The scenario a conversation is being opened with, until the opener (which then carries it) is in: the goal bar
  // shows the goal while the opener streams, not only after it.
  const [opening, setOpening] = useState<{ conversationId: string; scenario: string }>()
  // The turn whose reply is still streaming (Stop aborts it); cleared as soon as its reply is complete.
  const running = useRef<{ conversationId: string; controller: AbortController } | undefined>(undefined)
  // The latest `open`: a slower answer to an earlier click must not replace what the learner opened since.
  const openRequest = useRef<AbortController | undefined>(undefined)
  const currentRef = useRef<Conversation | undefined>(undefined)
  currentRef.current = current

  const refreshList = useCallback(async () => {
    const r = await gw<unknown[]>('conversations?limit=100')
    setList(r.data.map(normalizeConversation).filter((c): c is Conversation => !!c))
  }, [])

  /**
   * The learner moves on (another conversation, a new topic): an `open` still loading is dropped, and a reply still
   * streaming is stopped, as Stop does (the server keeps it as far as it got), unless it is conversation `keep`'s.
   */
  const leave = useCallback((keep?: string) => {
    openRequest.current?.abort()
    if (running.current && running.current.conversationId !== keep) running.current.controller.abort()
  }, [])

  const open = useCallback(
    async (id: string) => {
      leave(id)
      const request = new AbortController()
      openRequest.current = request
      setNotice(undefined)
      try {
        const c = await fetchConversation(id, request.signal)
        if (request.signal.aborted) return
        setCurrent(c)
        if (c) history.replaceState(null, '', `/chat?c=${c.id}`)
      } catch (err) {
        if (!request.signal.aborted) setNotice(`Could not open the conversation: ${(err as Error).message}`)
      }
    },
    [leave],
  )

  useEffect(() => {
    refreshList().catch((e: Error) => setNotice(`Could not load your conversations: ${e.message}`))
    if (initialId) void open(initialId)
  }, [initialId, open, refreshList])

  const commit = useCallback((c: Conversation) => {
    currentRef.current = c
    setCurrent(c)
    setList((l) => [c, ...l.filter((x) => x.id !== c.id)])
  }, [])

  /** Applies `change` to conversation `id` wherever it is shown (open, and in the list). */
  const patch = useCallback((id: string, change: (c: Conversation) => Conversation) => {
    setCurrent((c) => {
      if (c?.id !== id) return c
      const next = change(c)
      currentRef.current = next
      return next
    })
    setList((l) => l.map((c) => (c.id === id ? change(c) : c)))
  }, [])

  /**
   * Runs the tutor's turn for `base` on the server: with `text` (the learner turn `turnId` already shown at the end
   * of `base`), or without it to open the scenario `opening`, answer the stored last message, or redo a failed or
   * stopped reply.
   */
  const runTurn = useCallback(
    async (base: Conversation, turnId: string, text?: string, opening?: { id: string; title: string }) => {
      const settings = app.settings
      const region = app.region
      const controller = new AbortController()
      const id = base.id
      running.current = { conversationId: id, controller }
      setLive({ conversationId: id, controller, text: '' })
      if (opening) setOpening({ conversationId: id, scenario: opening.id })
      setScoring((s) => new Set(s).add(id))
      const at = () => new Date().toISOString()
      let replied = false
      let started = false
      // The reply ends the busy state the moment it is complete; later events (LLM feedback, scores) only update.
      // `reply` undefined: the conversation already holds it (reloaded from the server).
      const finishReply = (reply: Turn | undefined) => {
        if (replied) return
        replied = true
        if (reply && opening) reply.scenario = opening.id
        if (reply)
          patch(id, (c) => ({ ...c, conversation: [...c.conversation.filter((t) => !isReply(t, turnId)), reply] }))
        if (opening) setOpening((o) => (o?.conversationId === id ? undefined : o))
        // Only this turn's own state: another conversation's turn may have started since.
        setLive((l) => (l?.controller === controller ? undefined : l))
        if (running.current?.controller === controller) running.current = undefined
      }
      try {
        const out = await runServerTurn({
          region,
          conversationId: id,
          turnId,
          text,
          learner: learnerOf(settings),
          scenario: opening?.id,
          title: opening?.title,
          model: settings?.tutorModel || undefined,
          embedModel: settings?.embedModel || undefined,
          signal: controller.signal,
          onRegion: (served) => app.noteServedBy(region, served),
          onStarted: (e) => {
            started = true
            // The server has stored the message: the list shows the conversation as saved, changed now (the local
            // copy sent with the turn carries no dates, so without this a second turn read "Not saved yet").
            patch(id, (c) => ({ ...c, title: c.title || e.title, updated_at: at() }))
            // The server created it: the list shows it as stored (with its dates) from now on.
            if (e.created) refreshList().catch(() => undefined)
          },
          onFeedback: (learnerTurnId, layer, feedback) =>
            patch(id, (c) => ({
              ...c,
              conversation: c.conversation.map((t) =>
                t.role === 'user' && t.turnId === learnerTurnId ? { ...t, feedback, feedbackLayer: layer } : t,
              ),
            })),
          onToken: (soFar) => {
            if (!replied) setLive((l) => (l?.controller === controller ? { ...l, text: soFar } : l))
          },
          onDone: (done) =>
            finishReply({
              role: 'assistant',
              content: done.reply,
              at: at(),
              model: done.model,
              turnId,
              ...(done.finishReason === 'aborted' ? { stopped: true } : {}),
            }),
          onScore: (scoredTurnId, score) =>
            patch(id, (c) => ({
              ...c,
              conversation: c.conversation.map((t) => (isReply(t, scoredTurnId) ? { ...t, score } : t)),
            })),
          onError: (e) => {
            if (e.stage === 'tutor')
              finishReply({ role: 'assistant', content: '', at: at(), turnId, failed: e.message })
            else if (e.stage !== 'feedback') setNotice(e.message)
          },
        })
        if (out.stopped) finishReply({ role: 'assistant', content: out.reply, at: at(), turnId, stopped: true })
        else finishReply({ role: 'assistant', content: '', at: at(), turnId, failed: 'The reply was cut off' })
      } catch (err) {
        // A stopped reply can have been stored in full already (the server finished it before the stop reached it): the
        // retry then has nothing to answer, and what the server holds is the reply to show, not an error.
        if (text === undefined && err instanceof ApiError && err.code === 'nothing_to_answer') {
          const stored = await fetchConversation(id).catch(() => undefined)
          const reply = stored?.conversation.at(-1)
          if (stored && reply?.role === 'assistant') {
            finishReply(reply)
            patch(id, () => stored)
            return
          }
        }
        // The stream broke after the server stored the message: it is not unsent (a retry must not send it again).
        // The server holds what it got; once the reply is complete nothing on the page is missing.
        if (started) {
          if (replied) return
          if (currentRef.current?.id === id) setNotice('The connection was lost; the conversation was reloaded.')
          const stored = await fetchConversation(id).catch(() => undefined)
          if (stored) patch(id, () => stored)
          const last = stored?.conversation.at(-1)
          finishReply(
            last?.role === 'assistant' && last.turnId === turnId
              ? undefined
              : { role: 'assistant', content: '', at: at(), turnId, failed: 'The connection was lost' },
          )
          return
        }
        // Refused before the stream began: nothing was stored, so a retry sends the message again.
        patch(id, (c) => ({
          ...c,
          conversation: c.conversation.map((t) =>
            t.role === 'user' && t.turnId === turnId ? { ...t, unsent: true } : t,
          ),
        }))
        finishReply({ role: 'assistant', content: '', at: at(), turnId, failed: (err as Error).message })
      } finally {
        setScoring((s) => {
          const next = new Set(s)
          next.delete(id)
          return next
        })
      }
    },
    [app, patch, refreshList],
  )

  const start = useCallback(
    async (scenario: { id: string; title: string }) => {
      leave()
      setNotice(undefined)
      const c: Conversation = { id: crypto.randomUUID(), title: scenario.title, conversation: [] }
      history.replaceState(null, '', `/chat?c=${c.id}`)
      commit(c)
      await runTurn(c, crypto.randomUUID(), undefined, scenario)
    },
    [commit, leave, runTurn],
  )

  const send = useCallback(
    async (text: string) => {
      const base = currentRef.current ?? { id: crypto.randomUUID(), title: '', conversation: [] }
      const turnId = crypto.randomUUID()
      const withUser: Conversation = {
        ...base,
        title: base.title || titleFor([{ role: 'user', content: text }], 'Free talk'),
        conversation: [...base.conversation, { role: 'user', content: text, at: new Date().toISOString(), turnId }],
      }
      if (!currentRef.current) {
        leave(withUser.id)
        history.replaceState(null, '', `/chat?c=${withUser.id}`)
      }
      commit(withUser)
      await runTurn(withUser, turnId, text)
    },
    [commit, leave, runTurn],
  )

  /** Redoes a failed or stopped reply; a message the server never received is sent again (same turn id). */
  const retry = useCallback(async () => {
    const c = currentRef.current
    const last = c?.conversation.at(-1)
    if (!c || last?.role !== 'assistant' || !(last.failed || last.stopped)) return
    const base = { ...c, conversation: c.conversation.slice(0, -1) }
    commit(base)
    const learnerTurn = base.conversation.at(-1)
    if (learnerTurn?.role === 'user' && learnerTurn.unsent && learnerTurn.turnId) {
      const { unsent: _, ...resent } = learnerTurn
      const again = { ...base, conversation: [...base.conversation.slice(0, -1), resent] }
      commit(again)
      await runTurn(again, learnerTurn.turnId, learnerTurn.content)
      return
    }
    const opening = base.conversation.length === 0 ? { id: last.scenario ?? 'free-talk', title: c.title } : undefined
    await runTurn(base, crypto.randomUUID(), undefined, opening)
  }, [commit, runTurn])

  const stop = useCallback(() => running.current?.controller.abort(), [])

  const rename = useCallback(async (id: string, title: string) => {
    await gw(`conversations/${id}`, { method: 'PUT', json: { title } })
    setList((l) => l.map((c) => (c.id === id ? { ...c, title } : c)))
    setCurrent((c) => (c?.id === id ? { ...c, title } : c))
  }, [])

  // A reply still streaming into a conversation being deleted is stopped first: the server then stores nothing more.
  const remove = useCallback(async (id: string) => {
    if (running.current?.conversationId === id) running.current.controller.abort()
    await gw(`conversations/${id}`, { method: 'DELETE' })
    localStorage.removeItem(`parley-draft:${id}`)
    setList((l) => l.filter((c) => c.id !== id))
    if (currentRef.current?.id === id) {
      setCurrent(undefined)
      history.replaceState(null, '', '/chat')
    }
  }, [])

  const removeAll = useCallback(async () => {
    leave()
    await gw('conversations', { method: 'DELETE' })
    setList([])
    setCurrent(undefined)
    history.replaceState(null, '', '/chat')
  }, [leave])

  const here = live && live.conversationId === current?.id ? live : undefined
  return {
    list,
    current,
    /** The scenario the open conversation is being opened with, while its opener is on the way. */
    openingScenario: opening && opening.conversationId === current?.id ? opening.scenario : undefined,
    /** The open conversation's reply so far, while it streams. */
    streamingText: here?.text,
    /** The open conversation's reply is on its way (Send waits, Stop shows). */
    busy: here !== undefined,
    scoring,
    notice,
    open,
    start,
    send,
    retry,
    stop,
    rename,
    remove,
    removeAll,
  }
}

/** The tutor turn that answers (or opened with) turn id `turnId`. */
function isReply(t: Turn, turnId: string): boolean {
  return t.role === 'assistant' && t.turnId === turnId
}

/** A reply streaming into conversation `conversationId`; `controller` tells one turn from the next. */
type LiveReply = { conversationId: string; controller: AbortController; text: string }

/** The conversation as the server holds it (undefined when its row is not a conversation). */
async function fetchConversation(id: string, signal?: AbortSignal): Promise<Conversation | undefined> {
  const r = await gw<unknown>(`conversations/${id}`, { signal })
  return normalizeConversation(r.data)
}
