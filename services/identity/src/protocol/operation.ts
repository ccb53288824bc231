import { describeZodError } from '@parley/core'
import { z } from 'zod'
import type { Pool } from '../pool.js'
import { CognitoError, invalidParameter } from './errors.js'

/** What an operation knows about the caller besides its input. */
export type Caller = { ip: string }

export type Operation<S extends z.ZodType = z.ZodType> = {
  input: S
  /** Admin* operations need a SigV4 signature made with the pool's admin credentials. */
  admin?: boolean
  run(pool: Pool, input: z.infer<S>, caller: Caller): Promise<Record<string, unknown>>
}

export const defineOp = <S extends z.ZodType>(op: Operation<S>): Operation<S> => op

/** Parses an operation's input, answering InvalidParameterException as Cognito does. */
export function parseInput<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw invalidParameter(describeZodError(parsed.error))
  return parsed.data
}

// Field schemas shared by the operations, with Cognito's limits.
export const fields = {
  clientId: z.string().min(1).max(128),
  poolId: z.string().min(1).max(55),
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
  code: z.string().regex(/^\S{1,16}$/, 'ConfirmationCode must be 1 to 16 characters without spaces'),
  token: z.string().min(1).max(8192),
  attributes: z.array(z.object({ Name: z.string().min(1).max(32), Value: z.string().max(2048) })).max(20),
}

/** Unauthenticated operations name the app client; any other client id is unknown to this pool. */
export function checkClient(pool: Pool, clientId: string): void {
  if (clientId !== pool.settings.clientId)
    throw new CognitoError('ResourceNotFoundException', 'User pool client does not exist.')
}

export function checkPool(pool: Pool, poolId: string): void {
  if (poolId !== pool.settings.poolId) throw new CognitoError('ResourceNotFoundException', 'User pool does not exist.')
}
