import { ResendInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { resendCode } from '@/lib/server/identity'

export const POST = authRoute(ResendInput, async ({ email }) => {
  await resendCode(email)
  return Response.json({ status: 'success', message: 'A new code is on its way.' })
})
