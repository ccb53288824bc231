'use client'
import * as DialogPrimitive from '@radix-ui/react-dialog'
import type { ReactNode } from 'react'
import { cn } from '@/lib/cn'

export const Dialog = DialogPrimitive.Root
export const DialogTrigger = DialogPrimitive.Trigger
export const DialogClose = DialogPrimitive.Close

/** A modal with a title and description, focus trapped and Escape to close (Radix). */
export function DialogContent(props: { title: string; description?: string; children: ReactNode; className?: string }) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/50" />
      <DialogPrimitive.Content
        className={cn(
          'fixed left-1/2 top-1/2 z-50 max-h-[85vh] w-[min(92vw,32rem)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto',
          'rounded-lg border border-border bg-bg p-5 shadow-xl',
          props.className,
        )}
      >
        <DialogPrimitive.Title className="text-lg font-semibold">{props.title}</DialogPrimitive.Title>
        {props.description ? (
          <DialogPrimitive.Description className="mt-1 text-sm text-muted">
            {props.description}
          </DialogPrimitive.Description>
        ) : (
          <DialogPrimitive.Description className="sr-only">{props.title}</DialogPrimitive.Description>
        )}
        <div className="mt-4">{props.children}</div>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  )
}

/** A drawer sliding from the left, for the conversation list on small screens. */
export function DrawerContent(props: { title: string; children: ReactNode }) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/50" />
      <DialogPrimitive.Content className="fixed inset-y-0 left-0 z-50 w-[min(85vw,20rem)] overflow-y-auto border-r border-border bg-bg p-4 shadow-xl">
        <DialogPrimitive.Title className="sr-only">{props.title}</DialogPrimitive.Title>
        <DialogPrimitive.Description className="sr-only">{props.title}</DialogPrimitive.Description>
        <div className="mb-3 flex justify-end">
          <DialogPrimitive.Close className="rounded-md px-2 py-1 text-sm hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent">
            Close
          </DialogPrimitive.Close>
        </div>
        {props.children}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  )
}
