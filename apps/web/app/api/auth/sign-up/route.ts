import { SignUpInput } from '@/lib/auth-schemas'
import { authRoute } from '@/lib/server/auth-route'
import { signUp } from '@/lib/server/identity'

export const POST = authRoute(SignUpInput, async (input) => {
  const out = await signUp(input)
  return Response.json({ status: 'success', data: out }, { status: 201 })
})
