import { ResendInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { clientIpOf } from '@/lib/server/client-ip'
import { resendCode } from '@/lib/server/identity'

export const POST = authRoute(ResendInput, async ({ email }, req) => {
  await resendCode(email, clientIpOf(req))
  return Response.json({ status: 'success', message: 'A new code is on its way.' })
})
