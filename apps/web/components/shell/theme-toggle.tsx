'use client'
import { Button } from '@/components/ui/button'
import { ThemeIcon } from '@/components/ui/icons'

/** Flips dark mode and remembers it in a plain (non-secret) cookie the server reads when rendering. */
export function ThemeToggle() {
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label="Toggle dark mode"
      onClick={() => {
        const root = document.documentElement
        const dark = !root.classList.contains('dark')
        root.classList.toggle('dark', dark)
        root.dataset.theme = dark ? 'dark' : 'light'
        // biome-ignore lint/suspicious/noDocumentCookie: a display preference, not a secret
        document.cookie = `parley_theme=${dark ? 'dark' : 'light'}; path=/; max-age=31536000; samesite=lax`
      }}
    >
      <ThemeIcon />
    </Button>
  )
}
