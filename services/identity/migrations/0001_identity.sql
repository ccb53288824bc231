-- The identity service's own tables; every name starts with identity_ so they sit beside the API's in one database.

CREATE TABLE identity_users (
  sub uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text NOT NULL,
  confirmed boolean NOT NULL DEFAULT false,
  email_verified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Opaque refresh tokens: only a SHA-256 of the secret part is kept. Each row is also an auth session: its id is
-- the origin_jti of the ID and access tokens issued from it, so revoking it revokes those tokens too.
CREATE TABLE identity_refresh_tokens (
  id uuid PRIMARY KEY,
  sub uuid NOT NULL REFERENCES identity_users (sub) ON DELETE CASCADE,
  secret_hash bytea NOT NULL,
  auth_time timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX identity_refresh_tokens_sub ON identity_refresh_tokens (sub);

-- One live code per user and purpose; a new one replaces the old.
CREATE TABLE identity_codes (
  sub uuid NOT NULL REFERENCES identity_users (sub) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('confirm_sign_up', 'reset_password')),
  code_hash bytea NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (sub, purpose)
);

-- RS256 signing keys; the private half is encrypted with AES-256-GCM under a key that is not in the database.
CREATE TABLE identity_signing_keys (
  kid text PRIMARY KEY,
  public_jwk jsonb NOT NULL,
  private_key_enc text NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz
);
