import type { JWTPayload } from 'jose'

/** Who a verified token belongs to. `sub` is the stable user id that paths such as `/conversations/{uid}` carry. */
export type Identity = {
  sub: string
  email?: string
  username?: string
  /** Cognito issues ID tokens (aud = client id) and access tokens (client_id claim); both are accepted. */
  tokenUse: 'id' | 'access'
  /** Cognito groups (`cognito:groups`); empty when the claim is absent. `admin` may manage models. */
  groups: string[]
  /** The auth session the token came from (`origin_jti`), which revocation works by. */
  sessionId?: string
  claims: JWTPayload
}

/** The group whose members may manage models (pull, copy, delete, create, keep_alive overrides). */
export const ADMIN_GROUP = 'admin'
