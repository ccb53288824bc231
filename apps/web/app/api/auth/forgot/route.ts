import { ForgotInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { clientIpOf } from '@/lib/server/client-ip'
import { forgotPassword } from '@/lib/server/identity'

export const POST = authRoute(ForgotInput, async ({ email }, req) => {
  await forgotPassword(email, clientIpOf(req))
  return Response.json({ status: 'success', message: 'If the account exists, a reset code is on its way.' })
})
