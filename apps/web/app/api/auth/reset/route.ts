import { ResetInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { resetPassword } from '@/lib/server/identity'

export const POST = authRoute(ResetInput, async ({ email, code, password }) => {
  await resetPassword(email, code, password)
  return Response.json({ status: 'success', message: 'Password changed. You can sign in now.' })
})
