import { headers } from 'next/headers'
import type { ReactNode } from 'react'
import { AppShell } from '@/components/shell/app-shell'
import { requireLearner } from '@/lib/server/page-session'

export default async function AppLayout({ children }: { children: ReactNode }) {
  const path = (await headers()).get('x-invoke-path') ?? '/chat'
  const learner = await requireLearner(path)
  return <AppShell learner={learner}>{children}</AppShell>
}
