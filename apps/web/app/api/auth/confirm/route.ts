import { ConfirmInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { clientIpOf } from '@/lib/server/client-ip'
import { confirmSignUp } from '@/lib/server/identity'

export const POST = authRoute(ConfirmInput, async ({ email, code }, req) => {
  await confirmSignUp(email, code, clientIpOf(req))
  return Response.json({ status: 'success', message: 'Email confirmed. You can sign in now.' })
})
