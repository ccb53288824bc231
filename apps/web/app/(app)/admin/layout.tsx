import { headers } from 'next/headers'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import type { ReactNode } from 'react'
import { requireLearner } from '@/lib/server/page-session'

const SECTIONS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/models', label: 'Models' },
  { href: '/admin/regions', label: 'Regions' },
  { href: '/admin/cost', label: 'Cost' },
  { href: '/admin/check', label: 'Check' },
]

/** The admin section: not found for anyone outside the admin group (and the gateway refuses its API to them). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const path = (await headers()).get('x-invoke-path') ?? '/admin'
  const learner = await requireLearner(path)
  if (!learner.admin) notFound()
  return (
    <div className="overflow-y-auto p-4 md:p-8">
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-2 border-b border-border pb-3">
        {SECTIONS.map((s) => (
          <Link key={s.href} href={s.href} className="rounded-md px-3 py-1.5 text-sm font-medium hover:bg-surface">
            {s.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  )
}
