import { codeDelivery } from '@/lib/server/code-delivery'
import { ForgotForm } from './forgot-form'

export const metadata = { title: 'Reset your password · Parley' }

const WHERE = {
  email: 'We will send a code to your email address.',
  outbox: 'This Parley runs without an email server: the code will be written to its outbox folder, not emailed.',
  operator: 'No email is sent here: ask the operator who runs Parley for the reset code.',
} as const

export default function ForgotPage() {
  return (
    <>
      <h1 className="mb-2 text-xl font-semibold">Reset your password</h1>
      <p className="mb-4 text-sm text-muted">{WHERE[codeDelivery().kind]}</p>
      <ForgotForm />
    </>
  )
}
