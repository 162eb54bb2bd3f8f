-- Initial schema. All user data is namespaced by env (the CloudBase environment id).
-- Times are milliseconds since the Unix epoch.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE users (
    env                 TEXT NOT NULL,
    id                  TEXT NOT NULL,
    username            TEXT,
    email               TEXT,             -- lower-cased
    phone               TEXT,             -- E.164, e.g. +8613800138000
    password_hash       TEXT,             -- argon2id PHC string
    name                TEXT NOT NULL DEFAULT '',
    picture             TEXT NOT NULL DEFAULT '',
    gender              TEXT NOT NULL DEFAULT '',
    locale              TEXT NOT NULL DEFAULT '',
    anonymous_device    TEXT,             -- x-device-id of an anonymous user
    meta                TEXT NOT NULL DEFAULT '{}',
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    password_updated_at INTEGER,
    last_login          INTEGER,
    PRIMARY KEY (env, id)
);
CREATE UNIQUE INDEX users_username ON users (env, username COLLATE NOCASE) WHERE username IS NOT NULL;
CREATE UNIQUE INDEX users_email ON users (env, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX users_phone ON users (env, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX users_anonymous_device ON users (env, anonymous_device) WHERE anonymous_device IS NOT NULL;

-- A session is one refresh-token family.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY NOT NULL,
    env        TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    scope      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX sessions_user ON sessions (env, user_id);

CREATE TABLE refresh_tokens (
    token      TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    parent     TEXT,
    created_at INTEGER NOT NULL,
    used_at    INTEGER          -- set when rotated; NULL = the family's active token
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
