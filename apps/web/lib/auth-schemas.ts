import { z } from 'zod'
import { meetsPolicy } from './password-policy'

const email = z.email('Enter a valid email address').max(254)
const password = z.string().max(256).refine(meetsPolicy, 'The password does not meet the policy')
const code = z
  .string()
  .trim()
  .regex(/^\d{4,8}$/, 'The code is 4 to 8 digits')

export const SignUpInput = z.object({ name: z.string().trim().min(1).max(100), email, password })
export const ConfirmInput = z.object({ email, code })
export const ResendInput = z.object({ email })
export const SignInInput = z.object({ email, password: z.string().min(1).max(256) })
export const ForgotInput = z.object({ email })
export const ResetInput = z.object({ email, code, password })
