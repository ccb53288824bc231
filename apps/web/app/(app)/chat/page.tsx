import { ChatApp } from '@/components/chat/chat-app'

export const metadata = { title: 'Chat · Parley' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export default async function ChatPage({ searchParams }: { searchParams: Promise<{ c?: string }> }) {
  const { c } = await searchParams
  return <ChatApp initialId={c && UUID.test(c) ? c : undefined} />
}
