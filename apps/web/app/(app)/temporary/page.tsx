import { TempChatApp } from '@/components/chat/temp-chat-app'

export const metadata = { title: 'Temporary chat · Parley' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export default async function TemporaryPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const { id } = await searchParams
  return <TempChatApp initialId={id && UUID.test(id) ? id.toLowerCase() : undefined} />
}
