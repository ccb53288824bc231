import Link from 'next/link'
import { Suspense } from 'react'
import { codeWhere } from '@/lib/code-delivery'
import { codeDelivery } from '@/lib/server/code-delivery'
import { ConfirmForm } from './confirm-form'

export const metadata = { title: 'Confirm your email · Parley' }

export default async function ConfirmPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { email } = await searchParams
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Confirm your email</h1>
      <p className="mb-4 text-sm text-muted [overflow-wrap:anywhere]" data-testid="code-where">
        {codeWhere(codeDelivery(), email)}
      </p>
      <Suspense>
        <ConfirmForm />
      </Suspense>
      <p className="mt-4 text-sm">
        <Link className="text-accent underline" href="/sign-in">
          Back to sign in
        </Link>
      </p>
    </>
  )
}
