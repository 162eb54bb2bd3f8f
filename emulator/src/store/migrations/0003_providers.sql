-- Identities from the fake OAuth providers, their authorization codes, and custom-login
-- tickets. Times are milliseconds since the Unix epoch.

-- One row per (provider account, user) link; a provider account links to at most one user
-- and a user to at most one account per provider. Deleting the user deletes its links.
CREATE TABLE identities (
    env              TEXT NOT NULL,
    provider_id      TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    name             TEXT NOT NULL DEFAULT '',
    picture          TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (env, provider_id, provider_user_id),
    FOREIGN KEY (env, user_id) REFERENCES users (env, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX identities_user_provider ON identities (env, user_id, provider_id);

-- Authorization codes issued by the fake provider's authorize page: single use, bound to
-- the env, provider and redirect_uri.
CREATE TABLE oauth_codes (
    code             TEXT PRIMARY KEY NOT NULL,
    env              TEXT NOT NULL,
    provider_id      TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    redirect_uri     TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    used_at          INTEGER
);

-- Custom-login tickets issued by POST /_emulator/tickets: single use.
CREATE TABLE custom_tickets (
    ticket     TEXT PRIMARY KEY NOT NULL,
    env        TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    FOREIGN KEY (env, user_id) REFERENCES users (env, id) ON DELETE CASCADE
);
