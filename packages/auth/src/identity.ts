import type { JWTPayload } from 'jose'

/** Who a verified token belongs to. `sub` is the stable user id that paths such as `/conversations/{uid}` carry. */
export type Identity = {
  sub: string
  email?: string
  username?: string
  /** Cognito issues ID tokens (aud = client id) and access tokens (client_id claim); both are accepted. */
  tokenUse: 'id' | 'access'
  claims: JWTPayload
}
