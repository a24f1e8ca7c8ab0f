-- What a message's buttons need to keep working after a restart (a /timeline's query, whose
-- pages are rebuilt from it): one row per message with such buttons, found by the click's
-- message id and checked against its server. Rows older than a view's lifetime are pruned.

CREATE TABLE view_states (
    message_id INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,            -- 0 in direct messages
    kind       TEXT NOT NULL,               -- e.g. 'timeline'
    owner_id   INTEGER NOT NULL,            -- the member the buttons belong to
    state      TEXT NOT NULL,               -- JSON
    created_at TEXT NOT NULL                -- ISO UTC
);
CREATE INDEX view_states_by_age ON view_states (created_at);
