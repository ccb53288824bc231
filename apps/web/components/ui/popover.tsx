'use client'
import * as PopoverPrimitive from '@radix-ui/react-popover'
import type { ReactNode } from 'react'

export const Popover = PopoverPrimitive.Root
export const PopoverTrigger = PopoverPrimitive.Trigger

export function PopoverContent({ children, label }: { children: ReactNode; label: string }) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        aria-label={label}
        sideOffset={6}
        className="z-50 max-w-xs rounded-md border border-border bg-bg p-3 text-sm text-fg shadow-lg"
      >
        {children}
        <PopoverPrimitive.Arrow className="fill-border" />
      </PopoverPrimitive.Content>
    </PopoverPrimitive.Portal>
  )
}
