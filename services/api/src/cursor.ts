import { BadRequestError } from '@parley/core'
import type { ListCursor } from '@parley/db'
import { z } from 'zod'

const Decoded = z.tuple([z.iso.datetime(), z.guid()])

/** Opaque to clients: base64url of the last row's sort key. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt, cursor.id])).toString('base64url')
}

export function decodeCursor(text: string): ListCursor {
  try {
    const [updatedAt, id] = Decoded.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')))
    return { updatedAt, id }
  } catch {
    throw new BadRequestError('cursor: not a cursor this API returned', 'invalid_input')
  }
}
