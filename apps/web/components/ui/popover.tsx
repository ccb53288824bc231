'use client'
import * as PopoverPrimitive from '@radix-ui/react-popover'
import type { ReactNode } from 'react'

export const Popover = PopoverPrimitive.Root
export const PopoverTrigger = PopoverPrimitive.Trigger

/** `focusOnOpen: false` keeps focus where it is (a popover opened by hovering must not steal it). */
export function PopoverContent({
  children,
  label,
  focusOnOpen = true,
}: {
  children: ReactNode
  label: string
  focusOnOpen?: boolean
}) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        aria-label={label}
        sideOffset={6}
        onOpenAutoFocus={(e) => {
          if (!focusOnOpen) e.preventDefault()
        }}
        className="z-50 max-w-xs rounded-md border border-border bg-bg p-3 text-sm text-fg shadow-lg"
      >
        {children}
        <PopoverPrimitive.Arrow className="fill-border" />
      </PopoverPrimitive.Content>
    </PopoverPrimitive.Portal>
  )
}
