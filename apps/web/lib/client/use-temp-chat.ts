'use client'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Conversation, Turn } from '../conversation'
import { ApiError, callJson } from './api'
import { useApp } from './app-context'
import { fetchFeedback, learnerOf, streamReply } from './tutor'

export type TempChat = Conversation & { expiresAt?: string }

const TITLE = 'Temporary chat'

async function putTemp(c: TempChat): Promise<TempChat> {
  const r = await callJson<TempChat>(`/api/temp/${c.id}`, {
    method: 'PUT',
    json: { title: c.title, conversation: c.conversation },
  })
  return { ...c, expiresAt: r.data.expiresAt }
}

/**
 * A temporary chat: the tutor and the feedback as usual (/tutor/chat, /feedback), but the turns are kept only in the
 * web server's ephemeral store (/api/temp), never in history, scores or embeddings. `expired` once the store says so.
 */
export function useTempChat(initialId: string | undefined) {
  const app = useApp()
  const [chat, setChat] = useState<TempChat>()
  const [streamingText, setStreamingText] = useState<string>()
  const [busy, setBusy] = useState(false)
  const [expired, setExpired] = useState(false)
  const [notice, setNotice] = useState<string>()
  const abort = useRef<AbortController | undefined>(undefined)
  const chatRef = useRef<TempChat | undefined>(undefined)
  chatRef.current = chat

  useEffect(() => {
    if (!initialId) return
    callJson<TempChat>(`/api/temp/${initialId}`)
      .then((r) => setChat(r.data))
      .catch((err) =>
        err instanceof ApiError && err.status === 404 ? setExpired(true) : setNotice((err as Error).message),
      )
  }, [initialId])

  const save = useCallback(async (c: TempChat) => {
    // The expiry is the server's and never changes: keep showing it while a write is on its way.
    setChat((prev) => ({ ...c, expiresAt: c.expiresAt ?? prev?.expiresAt }))
    try {
      setChat(await putTemp(c))
    } catch (err) {
      if (err instanceof ApiError && (err.status === 410 || err.status === 404)) setExpired(true)
      else setNotice(`Not kept: ${(err as Error).message}`)
      throw err
    }
  }, [])

  const send = useCallback(
    async (text: string) => {
      const base = chatRef.current ?? { id: crypto.randomUUID(), title: TITLE, conversation: [] }
      if (!chatRef.current) history.replaceState(null, '', `/temporary?id=${base.id}`)
      const learner = learnerOf(app.settings)
      const region = app.region
      const withUser: TempChat = {
        ...base,
        conversation: [...base.conversation, { role: 'user', content: text, at: new Date().toISOString() }],
      }
      setNotice(undefined)
      setBusy(true)
      try {
        await save(withUser)
      } catch {
        setBusy(false)
        return
      }
      const controller = new AbortController()
      abort.current = controller
      setStreamingText('')
      const feedback = fetchFeedback(
        region,
        text,
        base.conversation.findLast((t) => t.role === 'assistant')?.content,
        learner,
      ).catch(() => undefined)
      let reply: Turn
      try {
        const out = await streamReply({
          region,
          conversation: withUser,
          scenario: 'free-talk',
          learner,
          model: app.settings?.tutorModel || undefined,
          signal: controller.signal,
          onToken: setStreamingText,
          onRegion: (served) => app.noteServedBy(region, served),
        })
        reply = { role: 'assistant', content: out.reply, at: new Date().toISOString(), model: out.done?.model }
        if (out.stopped) reply.stopped = true
      } catch (err) {
        reply = { role: 'assistant', content: '', at: new Date().toISOString(), failed: (err as Error).message }
      }
      const turns = [...withUser.conversation]
      const fb = await feedback
      if (fb) turns[turns.length - 1] = { ...turns.at(-1)!, feedback: fb }
      setStreamingText(undefined)
      abort.current = undefined
      await save({ ...withUser, conversation: [...turns, reply] }).catch(() => undefined)
      setBusy(false)
    },
    [app, save],
  )

  const stop = useCallback(() => abort.current?.abort(), [])

  /** Deletes it now, before its time. */
  const discard = useCallback(async () => {
    const c = chatRef.current
    if (c) await callJson(`/api/temp/${c.id}`, { method: 'DELETE' }).catch(() => undefined)
    setChat(undefined)
    setExpired(false)
    history.replaceState(null, '', '/temporary')
  }, [])

  return { chat, streamingText, busy, expired, notice, send, stop, discard }
}
