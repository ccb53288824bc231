-- Roles, database-held throttle counters, used Admin* signatures and revoked sessions (docs/security.md).

-- Group membership; the groups themselves are fixed in code (only `admin` exists). Carried as cognito:groups.
CREATE TABLE identity_user_groups (
  sub uuid NOT NULL REFERENCES identity_users (sub) ON DELETE CASCADE,
  group_name text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (sub, group_name)
);

-- Attempts reserved per key (user:<email>, ip:<address>, send:<email>, signup-ip:<address>) in a fixed window.
-- One UPSERT reserves an attempt before any hash is computed, so concurrent requests and several processes
-- sharing the database count exactly.
CREATE TABLE identity_attempts (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  count integer NOT NULL
);
CREATE INDEX identity_attempts_window ON identity_attempts (window_start);

-- Admin* signatures already accepted, kept while their x-amz-date is inside the allowed skew: a replay is refused.
CREATE TABLE identity_used_signatures (
  signature text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- Revoked auth sessions whose ID and access tokens may still be unexpired; verifiers (gateway, api, web) read
-- this list and refuse tokens whose origin_jti is on it. Kept apart from identity_refresh_tokens, whose rows go
-- when a user is deleted.
CREATE TABLE identity_revocations (
  origin_jti uuid PRIMARY KEY,
  revoked_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX identity_revocations_expires ON identity_revocations (expires_at);
