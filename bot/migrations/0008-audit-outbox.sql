-- Audit posts go through an outbox: the row is written in the same transaction as the
-- change it reports, and deleted once the post is made (or can never be: no audit channel,
-- channel gone, no permission). A transient failure (429, 5xx, timeout) leaves it here to be
-- tried again with backoff, also after a restart.

CREATE TABLE audit_outbox (
    revision_id INTEGER PRIMARY KEY REFERENCES fact_revisions(id) ON DELETE CASCADE,
    guild_id    INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT ''
);
