-- 0001: the club, its people and its resources (SQLite).
--
-- Conventions for every table (the PostgreSQL migration of the same number is equivalent):
-- * ids are 64-bit integers assigned by the database;
-- * instants are UTC, stored as RFC 3339 text with millisecond precision
--   ('2026-01-31T08:00:00.000Z'), which sorts as time does and reads the same on both databases;
-- * local dates are 'YYYY-MM-DD' and local times 'HH:MM', in the club's time zone;
-- * weekdays are ISO numbers, 1 = Monday .. 7 = Sunday;
-- * booleans are INTEGER 0/1 with a CHECK in SQLite (sqlx's Any driver cannot read SQLite's BOOLEAN
--   affinity) and BOOLEAN in PostgreSQL;
-- * money is integer fen; lists of tags are JSON arrays in TEXT;
-- * rider levels are 'beginner' < 'novice' < 'intermediate' < 'advanced' < 'expert'.
-- Migrations are append-only: never edit one that has shipped, add the next number.

-- The club itself: one row. Its time zone decides what a "day" is.
CREATE TABLE club (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    name         TEXT    NOT NULL CHECK (length(name) > 0),
    time_zone    TEXT    NOT NULL,
    opens_at     TEXT    NOT NULL,              -- local time 'HH:MM'
    closes_at    TEXT    NOT NULL,              -- local time 'HH:MM'
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
    updated_at   TEXT    NOT NULL,
    CHECK (opens_at < closes_at)
);
INSERT INTO club (id, name, time_zone, opens_at, closes_at, slot_minutes, updated_at)
VALUES (1, 'Paddock Riding Club', 'Asia/Shanghai', '08:00', '20:00', 15, '1970-01-01T00:00:00.000Z');

-- Coaches (教练): qualifications are tags a lesson kind may require; daily limits are optional.
CREATE TABLE coaches (
    id                       INTEGER PRIMARY KEY,
    name                     TEXT    NOT NULL CHECK (length(name) > 0),
    phone                    TEXT,
    qualifications           TEXT    NOT NULL DEFAULT '[]',
    max_lessons_per_day      INTEGER CHECK (max_lessons_per_day > 0),
    max_work_minutes_per_day INTEGER CHECK (max_work_minutes_per_day > 0),
    active                   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at               TEXT    NOT NULL,
    updated_at               TEXT    NOT NULL,
    CONSTRAINT coaches_name_key UNIQUE (name)
);

-- Staff users (员工) and their role; a coach may have a login linked to the coach record.
CREATE TABLE staff_users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL CHECK (length(username) > 0),
    password_hash TEXT    NOT NULL,             -- argon2id PHC string, never the password
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'front_desk', 'coach')),
    coach_id      INTEGER REFERENCES coaches (id) ON DELETE SET NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT staff_users_username_key UNIQUE (username)
);

-- Members (会员) are the riders; most come from the mini program with a WeChat openid,
-- walk-ins registered at the desk have none.
CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    wechat_openid TEXT,
    name          TEXT    NOT NULL,
    phone         TEXT,
    level         TEXT    NOT NULL DEFAULT 'beginner'
                  CHECK (level IN ('beginner', 'novice', 'intermediate', 'advanced', 'expert')),
    weight_kg     INTEGER CHECK (weight_kg BETWEEN 10 AND 250),
    notes         TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CONSTRAINT members_wechat_openid_key UNIQUE (wechat_openid),
    CONSTRAINT members_phone_key UNIQUE (phone)
);

-- DB_015 (m_coach_availability), weekly part: the hours a coach works on a weekday.
CREATE TABLE coach_weekly_availability (
    id         INTEGER PRIMARY KEY,
    coach_id   INTEGER NOT NULL REFERENCES coaches (id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time TEXT    NOT NULL,
    end_time   TEXT    NOT NULL,
    CHECK (start_time < end_time)
);
CREATE INDEX coach_weekly_availability_coach_idx ON coach_weekly_availability (coach_id, weekday);

-- DB_015, dated part: exceptions to the weekly hours. Not available with no hours = the whole
-- day off; not available with hours = that window off; available (needs hours) = extra hours.
CREATE TABLE coach_availability_exceptions (
    id         INTEGER PRIMARY KEY,
    coach_id   INTEGER NOT NULL REFERENCES coaches (id) ON DELETE CASCADE,
    date       TEXT    NOT NULL,
    start_time TEXT,
    end_time   TEXT,
    available  INTEGER NOT NULL CHECK (available IN (0, 1)),
    reason     TEXT    NOT NULL DEFAULT '',
    CHECK ((start_time IS NULL AND end_time IS NULL)
        OR (start_time IS NOT NULL AND end_time IS NOT NULL AND start_time < end_time)),
    CHECK (available = FALSE OR start_time IS NOT NULL)
);
CREATE INDEX coach_availability_exceptions_coach_idx ON coach_availability_exceptions (coach_id, date);

-- Horses (马匹): suitability (levels, rider weight) and welfare limits that the scheduler
-- must respect. Rest weekdays are a JSON array of ISO weekdays.
CREATE TABLE horses (
    id                       INTEGER PRIMARY KEY,
    name                     TEXT    NOT NULL CHECK (length(name) > 0),
    min_level                TEXT    NOT NULL DEFAULT 'beginner'
                             CHECK (min_level IN ('beginner', 'novice', 'intermediate', 'advanced', 'expert')),
    max_level                TEXT    NOT NULL DEFAULT 'expert'
                             CHECK (max_level IN ('beginner', 'novice', 'intermediate', 'advanced', 'expert')),
    max_rider_weight_kg      INTEGER NOT NULL CHECK (max_rider_weight_kg BETWEEN 20 AND 250),
    max_lessons_per_day      INTEGER NOT NULL CHECK (max_lessons_per_day > 0),
    max_work_minutes_per_day INTEGER NOT NULL CHECK (max_work_minutes_per_day > 0),
    min_rest_minutes         INTEGER NOT NULL DEFAULT 0 CHECK (min_rest_minutes >= 0),
    rest_weekdays            TEXT    NOT NULL DEFAULT '[]',
    school_horse             INTEGER NOT NULL DEFAULT 1 CHECK (school_horse IN (0, 1)),   -- false: a member's own horse
    active                   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    notes                    TEXT    NOT NULL DEFAULT '',
    created_at               TEXT    NOT NULL,
    updated_at               TEXT    NOT NULL,
    CONSTRAINT horses_name_key UNIQUE (name)
);

-- DB_016 (m_horse_availability): weekly hours a horse may work. No rows = whenever the club is open.
CREATE TABLE horse_weekly_availability (
    id         INTEGER PRIMARY KEY,
    horse_id   INTEGER NOT NULL REFERENCES horses (id) ON DELETE CASCADE,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time TEXT    NOT NULL,
    end_time   TEXT    NOT NULL,
    CHECK (start_time < end_time)
);
CREATE INDEX horse_weekly_availability_horse_idx ON horse_weekly_availability (horse_id, weekday);

-- DB_016, dated part: vet holds (lame, treatment, farrier) during which the horse cannot work.
CREATE TABLE horse_vet_holds (
    id        INTEGER PRIMARY KEY,
    horse_id  INTEGER NOT NULL REFERENCES horses (id) ON DELETE CASCADE,
    starts_at TEXT    NOT NULL,
    ends_at   TEXT    NOT NULL,
    reason    TEXT    NOT NULL DEFAULT '',
    CHECK (starts_at < ends_at)
);
CREATE INDEX horse_vet_holds_horse_idx ON horse_vet_holds (horse_id, starts_at);

-- Arenas (场地): tags (indoor, jumping, dressage...) and capacity in space units.
CREATE TABLE arenas (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (length(name) > 0),
    tags       TEXT    NOT NULL DEFAULT '[]',
    capacity   INTEGER NOT NULL CHECK (capacity > 0),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CONSTRAINT arenas_name_key UNIQUE (name)
);

-- Arena closures (maintenance, events, weather) as intervals.
CREATE TABLE arena_closures (
    id        INTEGER PRIMARY KEY,
    arena_id  INTEGER NOT NULL REFERENCES arenas (id) ON DELETE CASCADE,
    starts_at TEXT    NOT NULL,
    ends_at   TEXT    NOT NULL,
    reason    TEXT    NOT NULL DEFAULT '',
    CHECK (starts_at < ends_at)
);
CREATE INDEX arena_closures_arena_idx ON arena_closures (arena_id, starts_at);

-- DB_014 (m_time_slot_template): the club's standard lesson slots, e.g. "Morning 1, 09:00-10:00,
-- Monday to Friday"; weekdays is a JSON array of ISO weekdays.
CREATE TABLE time_slot_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (length(name) > 0),
    weekdays   TEXT    NOT NULL,
    start_time TEXT    NOT NULL,
    end_time   TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CHECK (start_time < end_time),
    CONSTRAINT time_slot_templates_name_key UNIQUE (name)
);
