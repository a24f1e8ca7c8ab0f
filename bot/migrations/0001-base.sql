-- Schema v1: the shipped catalogue of both shows, and the bot's own bookkeeping.
-- The migrator wraps this file in BEGIN ... PRAGMA user_version = 1; COMMIT.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE shows (
    code     TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    network  TEXT NOT NULL,
    universe TEXT NOT NULL,
    status   TEXT NOT NULL,
    summary  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE seasons (
    show         TEXT NOT NULL REFERENCES shows(code) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('aired', 'airing', 'announced')),
    note         TEXT NOT NULL DEFAULT '',
    premiere     TEXT NOT NULL DEFAULT '',   -- ISO dates, also known for seasons whose
    finale       TEXT NOT NULL DEFAULT '',   -- episode titles are not all confirmed
    episode_count INTEGER,
    source_title TEXT NOT NULL,
    source_url   TEXT NOT NULL,
    PRIMARY KEY (show, number)
);

CREATE TABLE episodes (
    id         INTEGER PRIMARY KEY,
    show       TEXT NOT NULL,
    season     INTEGER NOT NULL,
    number     INTEGER NOT NULL,
    title      TEXT NOT NULL,
    aired      TEXT NOT NULL,            -- ISO date of first release in the US
    source_url TEXT NOT NULL DEFAULT '',
    UNIQUE (show, season, number),
    FOREIGN KEY (show, season) REFERENCES seasons(show, number) ON DELETE CASCADE
);

-- Facts: the shipped base has guild_id 0; a server's row with the same key overrides
-- (or, with hidden = 1, hides) the base fact for that server only.
CREATE TABLE facts (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL,
    guild_id       INTEGER NOT NULL DEFAULT 0,
    show           TEXT NOT NULL REFERENCES shows(code),
    universe       TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('event', 'fact', 'misconception')),
    text           TEXT NOT NULL,
    correction     TEXT NOT NULL DEFAULT '',
    when_text      TEXT NOT NULL DEFAULT '',
    year_from      INTEGER,
    year_to        INTEGER,
    sort_date      TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD with missing parts as 00
    approximate    INTEGER NOT NULL DEFAULT 0,
    tags           TEXT NOT NULL DEFAULT '[]', -- JSON array of names
    episode_season INTEGER,
    episode_number INTEGER,
    source_title   TEXT NOT NULL DEFAULT '',
    source_url     TEXT NOT NULL DEFAULT '',
    spoiler        INTEGER NOT NULL DEFAULT 1,
    hidden         INTEGER NOT NULL DEFAULT 0, -- a server's row that hides a base fact
    UNIQUE (guild_id, key),
    CHECK (episode_season IS NOT NULL OR source_url <> '')
);
CREATE INDEX facts_by_year ON facts (universe, year_from, year_to);
CREATE INDEX facts_by_episode ON facts (show, episode_season, episode_number);

CREATE VIRTUAL TABLE facts_fts USING fts5(
    text, tags, correction,
    content = 'facts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER facts_fts_insert AFTER INSERT ON facts BEGIN
    INSERT INTO facts_fts (rowid, text, tags, correction)
    VALUES (new.id, new.text, new.tags, new.correction);
END;
CREATE TRIGGER facts_fts_delete AFTER DELETE ON facts BEGIN
    INSERT INTO facts_fts (facts_fts, rowid, text, tags, correction)
    VALUES ('delete', old.id, old.text, old.tags, old.correction);
END;
CREATE TRIGGER facts_fts_update AFTER UPDATE ON facts BEGIN
    INSERT INTO facts_fts (facts_fts, rowid, text, tags, correction)
    VALUES ('delete', old.id, old.text, old.tags, old.correction);
    INSERT INTO facts_fts (rowid, text, tags, correction)
    VALUES (new.id, new.text, new.tags, new.correction);
END;

CREATE TABLE parallels (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE,
    fam_fact     TEXT NOT NULL,   -- fact keys (base facts)
    expanse_fact TEXT NOT NULL,
    topic        TEXT NOT NULL,
    note         TEXT NOT NULL,
    source_title TEXT NOT NULL DEFAULT '',
    source_url   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE questions (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    show           TEXT NOT NULL REFERENCES shows(code),
    question       TEXT NOT NULL,
    answers        TEXT NOT NULL,   -- JSON array, the first is the one shown
    choices        TEXT NOT NULL DEFAULT '[]',
    difficulty     TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    episode_season INTEGER,
    episode_number INTEGER,
    source_title   TEXT NOT NULL DEFAULT '',
    source_url     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE people (
    key          TEXT PRIMARY KEY,
    show         TEXT NOT NULL REFERENCES shows(code),
    name         TEXT NOT NULL,
    actor        TEXT NOT NULL DEFAULT '',
    first_season INTEGER,
    first_number INTEGER,
    last_season  INTEGER,
    last_number  INTEGER,
    affiliation  TEXT NOT NULL DEFAULT '',
    source_title TEXT NOT NULL DEFAULT '',
    source_url   TEXT NOT NULL DEFAULT ''
);
