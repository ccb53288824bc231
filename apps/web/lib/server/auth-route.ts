import type { NextRequest } from 'next/server'
import type { z } from 'zod'
import { readJson, respond } from './http'
import { identityFailure } from './identity-errors'

/** A POST handler for an auth form: validated JSON in, identity call, JSON out; identity errors become clear 4xx. */
export function authRoute<S extends z.ZodType>(
  schema: S,
  run: (input: z.infer<S>, req: NextRequest) => Promise<Response>,
) {
  return (req: NextRequest) =>
    respond(async () => {
      const input = await readJson(req, schema)
      try {
        return await run(input, req)
      } catch (err) {
        const f = identityFailure(err)
        return Response.json({ status: 'error', code: f.code, message: f.message }, { status: f.status })
      }
    })
}
