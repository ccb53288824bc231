import { ConfirmInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { confirmSignUp } from '@/lib/server/identity'

export const POST = authRoute(ConfirmInput, async ({ email, code }) => {
  await confirmSignUp(email, code)
  return Response.json({ status: 'success', message: 'Email confirmed. You can sign in now.' })
})
