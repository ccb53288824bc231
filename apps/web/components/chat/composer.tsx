'use client'
import { type FormEvent, type KeyboardEvent, useEffect, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Textarea } from '@/components/ui/input'

const draftKey = (conversationId: string) => `parley-draft:${conversationId}`

/**
 * The message box. The draft is kept in localStorage per conversation (text only, never tokens), so a reload
 * loses nothing. Enter sends, Shift+Enter adds a line. While the tutor streams, Stop replaces Send.
 */
export function Composer(props: {
  conversationId: string
  busy: boolean
  streaming: boolean
  onSend: (text: string) => void
  onStop: () => void
}) {
  const [text, setText] = useState('')
  // Keyboard hints only where there is a keyboard: a phone's Enter key and "Shift+Enter" mean nothing there.
  const [placeholder, setPlaceholder] = useState('Write in English…')
  useEffect(() => {
    if (matchMedia('(hover: hover) and (pointer: fine)').matches)
      setPlaceholder('Write in English… (Enter to send, Shift+Enter for a new line)')
  }, [])
  useEffect(() => {
    setText(localStorage.getItem(draftKey(props.conversationId)) ?? '')
  }, [props.conversationId])

  function change(value: string) {
    setText(value)
    if (value) localStorage.setItem(draftKey(props.conversationId), value)
    else localStorage.removeItem(draftKey(props.conversationId))
  }

  function submit(e?: FormEvent) {
    e?.preventDefault()
    const message = text.trim()
    if (!message || props.busy) return
    props.onSend(message)
    change('')
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault()
      submit()
    }
  }

  return (
    <form onSubmit={submit} className="flex items-end gap-2 border-t border-border p-3">
      <label htmlFor="composer" className="sr-only">
        Your message
      </label>
      <Textarea
        id="composer"
        rows={2}
        maxLength={4000}
        placeholder={placeholder}
        value={text}
        onChange={(e) => change(e.target.value)}
        onKeyDown={onKey}
      />
      {props.streaming ? (
        <Button variant="danger" onClick={props.onStop}>
          Stop
        </Button>
      ) : (
        <Button type="submit" disabled={props.busy || !text.trim()}>
          Send
        </Button>
      )}
    </form>
  )
}
