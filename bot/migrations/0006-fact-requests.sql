-- One preview applies at most once. A /fact Confirm button carries a request key (the
-- preview's id), stored with the revision it made; the unique index refuses a second
-- revision with the same key in the same server, whoever presses and however fast.
-- NULL for revisions made without a preview (imports, and those made before 0006).

ALTER TABLE fact_revisions ADD COLUMN request TEXT;
CREATE UNIQUE INDEX fact_revisions_one_per_request
    ON fact_revisions (guild_id, request) WHERE request IS NOT NULL;
