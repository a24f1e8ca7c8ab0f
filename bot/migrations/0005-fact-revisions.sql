-- Moderators' changes to a server's facts: an append-only revision log.
-- The changes themselves are the server's rows in `facts` (guild_id <> 0, see 0001);
-- this log records every version those rows went through: who, when, before, after.
-- `before`/`after` are JSON fact versions (bot/facts_admin.py FactState), NULL when the
-- server had no row of its own. For a removal, `after` has "hidden": true and its
-- source fields hold the source the moderator cited for the removal.

CREATE TABLE fact_revisions (
    id       INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL CHECK (guild_id <> 0),
    fact_key TEXT NOT NULL,
    action   TEXT NOT NULL CHECK (action IN ('add', 'edit', 'remove', 'undo', 'revert')),
    actor    INTEGER NOT NULL,           -- Discord user id; 0 = the operator (CLI import)
    at       TEXT NOT NULL,              -- UTC, ISO 8601 ("2025-01-31T18:04:05Z")
    before   TEXT CHECK (before IS NULL OR json_valid(before)),
    after    TEXT CHECK (after IS NULL OR json_valid(after)),
    undoes   INTEGER REFERENCES fact_revisions(id)  -- for an undo: the revision it reversed
);
CREATE INDEX fact_revisions_by_fact ON fact_revisions (guild_id, fact_key, id);

-- Nothing a moderator does is ever lost: the log cannot be rewritten.
CREATE TRIGGER fact_revisions_append_only_update BEFORE UPDATE ON fact_revisions BEGIN
    SELECT RAISE(ABORT, 'fact_revisions is append-only');
END;
CREATE TRIGGER fact_revisions_append_only_delete BEFORE DELETE ON fact_revisions BEGIN
    SELECT RAISE(ABORT, 'fact_revisions is append-only');
END;
