import { expect, test } from 'vitest'
import { ConversationId, conversationIdParam } from '../src/schemas.js'

const cases = [
  '00000000-0000-4000-8000-000000000001',
  'ABCDEF01-2345-6789-ABCD-EF0123456789',
  '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  'not-a-uuid',
  '00000000-0000-4000-8000-00000000000',
  '00000000-0000-4000-8000-0000000000012',
  '{00000000-0000-4000-8000-000000000001}',
  '000000000000400080000000000000001',
  '00000000-0000-4000-8000-000000000001\n',
  ' 00000000-0000-4000-8000-000000000001',
  'g0000000-0000-4000-8000-000000000001',
  '',
]

test.each(cases)('the path id check accepts and lowercases exactly what ConversationId does: %j', (raw) => {
  const zod = ConversationId.safeParse(raw)
  if (zod.success) expect(conversationIdParam(raw)).toBe(zod.data)
  else expect(() => conversationIdParam(raw)).toThrow(/^id: expected a UUID$/)
})
