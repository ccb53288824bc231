import type { HTMLAttributes } from 'react'
import { cn } from '@/lib/cn'

export function Card({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return <section className={cn('rounded-lg border border-border bg-bg p-4', className)} {...props} />
}

/** A message for screen readers and eyes alike: errors are announced assertively, notices politely. */
export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'error' | 'success'
  children: React.ReactNode
}) {
  const tone =
    kind === 'error'
      ? 'border-danger text-danger'
      : kind === 'success'
        ? 'border-green-700 text-green-800 dark:text-green-300'
        : 'border-accent text-fg'
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={cn('rounded-md border px-3 py-2 text-sm', tone)}>
      {children}
    </div>
  )
}
