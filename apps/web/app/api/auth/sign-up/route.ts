import { SignUpInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { clientIpOf } from '@/lib/server/client-ip'
import { signUp } from '@/lib/server/identity'

export const POST = authRoute(SignUpInput, async (input, req) => {
  const out = await signUp(input, clientIpOf(req))
  return Response.json({ status: 'success', data: out }, { status: 201 })
})
