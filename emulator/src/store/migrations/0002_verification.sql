-- Verification codes, the outbox, one-time verification and sudo tokens, user groups.
-- Secrets (codes, tokens) are stored as SHA-256 hex; only the outbox keeps the plain code,
-- because it stands for the email/SMS that was "sent".

CREATE TABLE verifications (
    id         TEXT PRIMARY KEY NOT NULL,
    env        TEXT NOT NULL,
    address    TEXT NOT NULL,             -- lower-cased email or E.164 phone
    channel    TEXT NOT NULL,             -- 'email' | 'phone'
    code_hash  TEXT NOT NULL,             -- sha256(id ':' code)
    usage      TEXT NOT NULL DEFAULT '',
    target     TEXT NOT NULL,             -- ANY | USER | NOT_USER | CUR_USER
    user_id    TEXT,                      -- signed-in sender, if the send carried a user token
    is_user    INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'pending', -- pending | used | dead
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX verifications_address ON verifications (env, address, created_at);

CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    env             TEXT NOT NULL,
    address         TEXT NOT NULL,        -- lower-cased email or E.164 phone
    channel         TEXT NOT NULL,
    code            TEXT NOT NULL,
    verification_id TEXT NOT NULL,
    usage           TEXT NOT NULL,
    target          TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX outbox_env ON outbox (env, seq);

CREATE TABLE verification_tokens (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    env             TEXT NOT NULL,
    verification_id TEXT NOT NULL,
    address         TEXT NOT NULL,
    channel         TEXT NOT NULL,
    user_id         TEXT,                 -- the sender of the code, if signed in
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
);
CREATE INDEX verification_tokens_address ON verification_tokens (env, address);

CREATE TABLE sudo_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    env        TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE user_groups (
    env      TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    group_id TEXT NOT NULL,
    PRIMARY KEY (env, user_id, group_id)
);
