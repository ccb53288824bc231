import {
  AppError,
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  tracedFetch,
  UnauthorizedError,
} from '@parley/core'
import type { ReplyUsage } from '../usage.js'
import type { StoredConversation, StoredTurn } from './stored-turns.js'

/** Who a turn runs for: the gateway's verified user id and the learner's own bearer token. */
export type Caller = { userId: string; authorization: string }

/**
 * The api's `/conversations/{uid}` as the caller: every call carries the learner's own token, so the api checks
 * ownership exactly as it does for the browser. Nothing here can reach another user's rows.
 */
export class ConversationStore {
  constructor(
    private readonly apiUrl: string,
    private readonly caller: Caller,
    private readonly fetchFn: typeof fetch = tracedFetch,
  ) {}

  /** The stored conversation, or undefined when there is none with this id for this user. */
  async get(id: string): Promise<StoredConversation | undefined> {
    const res = await this.call('GET', id)
    if (res.status === 404) return undefined
    const body = (await this.ok(res)) as { data: StoredConversation & { conversation: StoredTurn[] } }
    return { id: body.data.id, title: body.data.title, conversation: body.data.conversation }
  }

  /** Creates it; an id that another user already owns is reported as not found (the api says 409). */
  async create(c: StoredConversation): Promise<void> {
    const res = await this.call('POST', undefined, c)
    if (res.status === 409) throw new NotFoundError('conversation not found')
    await this.ok(res)
  }

  /** Replaces parts of a stored conversation; false when it no longer exists (deleted meanwhile). */
  async put(id: string, patch: { title?: string; conversation?: StoredTurn[]; embedding?: number[] }) {
    const res = await this.call('PUT', id, patch)
    if (res.status === 404) return false
    await this.ok(res)
    return true
  }

  /** Adds one reply's tokens to the conversation's usage (provider, region, model); false when it is gone. */
  async addUsage(id: string, usage: ReplyUsage): Promise<boolean> {
    const res = await this.call('POST', id, usage, '/usage')
    if (res.status === 404) return false
    await this.ok(res)
    return true
  }

  private async call(method: string, id: string | undefined, body?: unknown, suffix = ''): Promise<Response> {
    const path = `/conversations/${encodeURIComponent(this.caller.userId)}${id ? `/${encodeURIComponent(id)}` : ''}${suffix}`
    try {
      return await this.fetchFn(`${this.apiUrl}${path}`, {
        method,
        headers: {
          authorization: this.caller.authorization,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      })
    } catch {
      throw new ServiceUnavailableError('the conversation store is unreachable', 2)
    }
  }

  /** Maps the api's answer onto the same errors the caller would have got from it directly. */
  private async ok(res: Response): Promise<unknown> {
    const body = (await res.json().catch(() => undefined)) as { message?: string; code?: string } | undefined
    if (res.ok) return body
    const message = body?.message ?? `the conversation store answered ${res.status}`
    if (res.status === 400) throw new BadRequestError(message, body?.code ?? 'invalid_input')
    if (res.status === 401) throw new UnauthorizedError(message)
    if (res.status === 403) throw new ForbiddenError(message)
    if (res.status === 404) throw new NotFoundError(message)
    if (res.status === 413) throw new AppError(413, 'payload_too_large', message)
    throw new ServiceUnavailableError(`the conversation store failed: ${message}`, 2)
  }
}
