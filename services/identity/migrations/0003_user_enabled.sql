-- AdminDisableUser / AdminEnableUser: a disabled user keeps their data but cannot sign in or refresh.
ALTER TABLE identity_users ADD COLUMN enabled boolean NOT NULL DEFAULT true;
CREATE INDEX identity_users_email_order ON identity_users (email text_pattern_ops);
