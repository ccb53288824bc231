import type { Metadata, Viewport } from 'next'
import { cookies } from 'next/headers'
import type { ReactNode } from 'react'
import './globals.css'

export const metadata: Metadata = { title: 'Parley', description: 'Practise English with an AI tutor' }
export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

/** Before paint: follow the system theme when the learner has not chosen one, so there is no light flash. */
const THEME_SCRIPT = `if(!document.documentElement.dataset.theme&&matchMedia('(prefers-color-scheme: dark)').matches)document.documentElement.classList.add('dark')`

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get('parley_theme')?.value
  const chosen = theme === 'dark' || theme === 'light' ? theme : undefined
  return (
    <html lang="en" className={chosen === 'dark' ? 'dark' : undefined} data-theme={chosen} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, no user data */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-dvh antialiased">{children}</body>
    </html>
  )
}
