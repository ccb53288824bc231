import { ResetInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { clientIpOf } from '@/lib/server/client-ip'
import { resetPassword } from '@/lib/server/identity'

export const POST = authRoute(ResetInput, async ({ email, code, password }, req) => {
  await resetPassword(email, code, password, clientIpOf(req))
  return Response.json({ status: 'success', message: 'Password changed. You can sign in now.' })
})
