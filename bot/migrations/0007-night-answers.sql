-- Nothing a player did is lost across a restart: every counted guess of a trivia night
-- round is stored as it arrives (replayed into the round's judge when Parallax comes back),
-- and a round remembers whether its reveal was posted, so a restart between closing a round
-- and revealing it reveals it then, exactly once.

CREATE TABLE trivia_answers (
    id          INTEGER PRIMARY KEY,        -- arrival order: the replay keeps it
    night_id    INTEGER NOT NULL REFERENCES trivia_nights(id) ON DELETE CASCADE,
    guild_id    INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    snowflake   INTEGER NOT NULL,           -- the message or interaction that carried it
    text        TEXT NOT NULL,
    via         TEXT NOT NULL,              -- 'chat' or 'modal'
    received_at TEXT NOT NULL               -- ISO UTC, by the bot's clock
);
CREATE INDEX trivia_answers_by_round ON trivia_answers (night_id, number, id);

ALTER TABLE trivia_rounds ADD COLUMN revealed_at TEXT;
-- The round's first question message: guesses count from it, even after it is asked again.
ALTER TABLE trivia_rounds ADD COLUMN first_message_id INTEGER;
UPDATE trivia_rounds SET first_message_id = message_id;
UPDATE trivia_rounds SET revealed_at = coalesce(closed_at, opened_at) WHERE status = 'closed';
