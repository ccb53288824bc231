'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { type ReactNode, useState } from 'react'
import { Button } from '@/components/ui/button'
import { Dialog, DialogTrigger, DrawerContent } from '@/components/ui/dialog'
import { MenuIcon } from '@/components/ui/icons'
import { AppProvider, useApp } from '@/lib/client/app-context'
import { cn } from '@/lib/cn'
import { DemoModelNotice } from './demo-model-notice'
import { RegionPicker } from './region-picker'
import { ThemeToggle } from './theme-toggle'

const NAV = [
  { href: '/chat', label: 'Chat' },
  { href: '/history', label: 'History' },
  { href: '/review', label: 'Review' },
  { href: '/progress', label: 'Progress' },
  { href: '/settings', label: 'Settings' },
]
/** Only for admins (the gateway refuses the admin API to everyone else anyway). */
const ADMIN_NAV = { href: '/admin', label: 'Admin' }

type Learner = { name: string; email: string; admin?: boolean }

export function AppShell({ children, learner }: { children: ReactNode; learner: Learner }) {
  return (
    <AppProvider>
      {/* A fixed-height shell: the header and notices stay put; pages scroll inside main, and the chat page
          scrolls only its message list. */}
      <div className="flex h-dvh flex-col overflow-hidden">
        <Header learner={learner} />
        <SwitchNotice />
        <DemoModelNotice />
        <main id="main" className="relative flex min-h-0 flex-1 flex-col overflow-y-auto">
          {children}
        </main>
      </div>
    </AppProvider>
  )
}

function NavLinks({ onNavigate, admin }: { onNavigate?: () => void; admin?: boolean }) {
  const path = usePathname()
  return (
    <>
      {(admin ? [...NAV, ADMIN_NAV] : NAV).map((n) => (
        <Link
          key={n.href}
          href={n.href}
          onClick={onNavigate}
          aria-current={path.startsWith(n.href) ? 'page' : undefined}
          className={cn(
            'rounded-md px-3 py-2 text-sm font-medium hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent',
            path.startsWith(n.href) && 'bg-surface text-accent',
          )}
        >
          {n.label}
        </Link>
      ))}
    </>
  )
}

function Header({ learner }: { learner: Learner }) {
  const [open, setOpen] = useState(false)
  const { settings } = useApp()
  return (
    <header className="flex items-center gap-1 border-b border-border px-2 py-2 sm:gap-2 sm:px-3">
      <a href="#main" className="sr-only focus:not-sr-only">
        Skip to content
      </a>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button variant="ghost" size="sm" className="md:hidden" aria-label="Open menu">
            <MenuIcon />
          </Button>
        </DialogTrigger>
        <DrawerContent title="Menu">
          <nav aria-label="Main" className="flex flex-col gap-1">
            <NavLinks onNavigate={() => setOpen(false)} admin={learner.admin} />
          </nav>
          <div className="mt-4 border-t border-border pt-4">
            <p className="mb-2 text-sm text-muted">{settings?.name || learner.name}</p>
            <SignOut />
          </div>
        </DrawerContent>
      </Dialog>
      <Link href="/chat" className="mr-2 text-lg font-bold text-accent">
        Parley
      </Link>
      <nav aria-label="Main" className="hidden gap-1 md:flex">
        <NavLinks admin={learner.admin} />
      </nav>
      <div className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2">
        <RegionPicker />
        <ThemeToggle />
        <span className="hidden text-sm text-muted lg:inline" data-testid="learner-name">
          {settings?.name || learner.name}
        </span>
        {/* On phones, sign-out lives in the menu so the region names fit. */}
        <SignOut className="hidden sm:block" />
      </div>
    </header>
  )
}

function SignOut({ className }: { className?: string }) {
  return (
    <form action="/api/auth/sign-out" method="post" onSubmit={signOut} className={className}>
      <Button type="submit" variant="secondary" size="sm" className="whitespace-nowrap">
        Sign out
      </Button>
    </form>
  )
}

async function signOut(e: React.FormEvent) {
  e.preventDefault()
  await fetch('/api/auth/sign-out', { method: 'POST' })
  window.location.assign('/sign-in')
}

function SwitchNotice() {
  const { switched, dismissSwitch } = useApp()
  if (!switched) return null
  return (
    <div
      role="status"
      className="flex items-center gap-3 border-b border-amber-600 bg-amber-100 px-4 py-2 text-sm text-amber-950"
    >
      <span>
        Region {switched.from} is not answering, so Parley switched to {switched.to}. Your conversation goes on.
      </span>
      <Button variant="ghost" size="sm" className="ml-auto text-amber-950" onClick={dismissSwitch}>
        Dismiss
      </Button>
    </div>
  )
}
