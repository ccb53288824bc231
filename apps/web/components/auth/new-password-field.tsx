'use client'
import { Field } from '@/components/auth/auth-form'
import { PasswordHints } from '@/components/auth/password-hints'
import { Input } from '@/components/ui/input'

/** The `password` field of a form that sets a new password, with the policy's live hints under it. */
export function NewPasswordField(props: { label: string; value: string; onChange: (password: string) => void }) {
  return (
    <Field id="password" label={props.label} hint={<PasswordHints id="password-hints" password={props.value} />}>
      <Input
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        aria-describedby="password-hints"
        required
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  )
}
