import { ChatApp } from '@/components/chat/chat-app'

export const metadata = { title: 'Chat · Parley' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export default async function ChatPage({ searchParams }: { searchParams: Promise<{ c?: string; t?: string }> }) {
  const { c, t } = await searchParams
  const id = c && UUID.test(c) ? c : undefined
  // `t` is a turn to open at (a search result); ignored unless it is a small non-negative integer.
  const turn = id && t && /^\d{1,4}$/.test(t) ? Number(t) : undefined
  return <ChatApp initialId={id} initialTurn={turn} />
}
