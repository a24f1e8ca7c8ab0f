-- Trivia: when each server last saw each question, trivia nights and their rounds, and
-- every point won (the leaderboards are sums over these rows).

-- Least recently asked first: one row per server and question.
CREATE TABLE trivia_asked (
    guild_id     INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    asked_at     TEXT NOT NULL,             -- ISO UTC
    times        INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (guild_id, question_key)
);

CREATE TABLE trivia_nights (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    channel_id    INTEGER NOT NULL,
    host_id       INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'running', 'finished', 'cancelled')),
    rounds        INTEGER NOT NULL CHECK (rounds BETWEEN 1 AND 30),
    seconds       INTEGER NOT NULL CHECK (seconds BETWEEN 10 AND 120),
    show          TEXT,                     -- NULL = any show
    difficulty    TEXT,                     -- NULL = any difficulty
    max_season    INTEGER,
    hints         INTEGER NOT NULL DEFAULT 1,
    current_round INTEGER NOT NULL DEFAULT 0,
    starts_at     TEXT,                     -- planned start of a scheduled night
    started_at    TEXT,
    ended_at      TEXT,
    end_reason    TEXT NOT NULL DEFAULT '',
    event_id      INTEGER,                  -- the Discord scheduled event, when one was made
    created_at    TEXT NOT NULL
);
-- At most one running night per server; scheduled nights are found by their start time.
CREATE UNIQUE INDEX trivia_one_running_night ON trivia_nights (guild_id) WHERE status = 'running';
CREATE INDEX trivia_nights_due ON trivia_nights (status, starts_at);

CREATE TABLE trivia_rounds (
    night_id     INTEGER NOT NULL REFERENCES trivia_nights(id) ON DELETE CASCADE,
    guild_id     INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    question     TEXT NOT NULL,             -- JSON snapshot, so a restart asks the same thing
    message_id   INTEGER,
    opened_at    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    winner_id    INTEGER,
    winner_ms    INTEGER,
    players      INTEGER NOT NULL DEFAULT 0,
    closed_at    TEXT,
    PRIMARY KEY (night_id, number)
);

-- One row per point award: quick trivia (night_id NULL) and night rounds.
CREATE TABLE trivia_points (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    points       INTEGER NOT NULL CHECK (points > 0),
    earned_at    TEXT NOT NULL,
    night_id     INTEGER REFERENCES trivia_nights(id) ON DELETE SET NULL,
    round_number INTEGER,
    question_key TEXT NOT NULL
);
CREATE INDEX trivia_points_by_time ON trivia_points (guild_id, earned_at);
CREATE INDEX trivia_points_by_night ON trivia_points (night_id, user_id);
-- A round is scored once, even if two closes race.
CREATE UNIQUE INDEX trivia_points_once_per_round
    ON trivia_points (night_id, round_number) WHERE night_id IS NOT NULL;
