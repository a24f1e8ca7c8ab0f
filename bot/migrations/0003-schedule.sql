-- Schema v3: the schedule. Server events that moderators add, each server's announcement
-- settings, the announcement outbox (exactly-once posting), and the Discord scheduled events
-- created for official premieres. Times are unix seconds (UTC).

CREATE TABLE server_events (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    show       TEXT,                      -- optional show code the event is about
    starts_at  INTEGER NOT NULL,
    zone       TEXT NOT NULL,             -- IANA zone the moderator entered the time in
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX server_events_by_guild ON server_events (guild_id, starts_at);

-- One row per server that configured announcements or premiere events.
CREATE TABLE announce_settings (
    guild_id        INTEGER PRIMARY KEY,
    channel_id      INTEGER,              -- NULL: announcements are off
    leads           TEXT NOT NULL DEFAULT '1440,60,0',  -- minutes before air
    role_id         INTEGER,              -- the opt-in role, the only mention ever sent
    since           INTEGER NOT NULL DEFAULT 0,         -- nothing due earlier is announced
    premiere_events INTEGER NOT NULL DEFAULT 0
);

-- The outbox: one row per (server, target, lead), pending -> sending -> sent (or skipped /
-- failed, with a note saying why). `marker` is written into the posted message, so that a
-- crash between posting and recording is resolved by reading the channel, not by guessing.
CREATE TABLE announce_outbox (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    target_key   TEXT NOT NULL,
    lead_minutes INTEGER NOT NULL CHECK (lead_minutes >= 0),
    due_at       INTEGER NOT NULL,
    target_at    INTEGER NOT NULL,
    marker       TEXT NOT NULL UNIQUE,
    state        TEXT NOT NULL DEFAULT 'pending'
                 CHECK (state IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
    channel_id   INTEGER,                 -- where it was (being) sent
    cursor       INTEGER,                 -- the channel's last message id when claimed
    message_id   INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    updated_at   INTEGER NOT NULL,
    UNIQUE (guild_id, target_key, lead_minutes)
);
CREATE INDEX announce_outbox_by_state ON announce_outbox (state, due_at);

-- Discord scheduled events created for official premieres: at most one per premiere.
CREATE TABLE premiere_events (
    guild_id   INTEGER NOT NULL,
    target_key TEXT NOT NULL,             -- premiere:<show>:<season>
    marker     TEXT NOT NULL UNIQUE,
    state      TEXT NOT NULL DEFAULT 'creating' CHECK (state IN ('creating', 'created')),
    event_id   INTEGER,
    starts_at  INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, target_key)
);
