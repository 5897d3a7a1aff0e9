-- 0002: products, their type-specific tables, product-coach links and coupons (SQLite).
-- The type-specific attributes are defined by paddock-catalog's form of each product type;
-- `products.attributes` keeps the validated JSON, and the typed tables below copy the fields
-- the database must protect or query (ranges, capacities, dates).

-- DB_001 (m_product): what the club sells.
CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    product_type   TEXT    NOT NULL CHECK (product_type IN ('course', 'lesson_package', 'activity')),
    name           TEXT    NOT NULL CHECK (length(name) > 0),
    summary        TEXT    NOT NULL DEFAULT '',
    status         TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'on_sale', 'off_sale')),
    price_fen      INTEGER NOT NULL CHECK (price_fen >= 0),  -- the "from" price shown in lists
    stock_total    INTEGER CHECK (stock_total >= 0),         -- NULL: not limited
    stock_reserved INTEGER NOT NULL DEFAULT 0 CHECK (stock_reserved >= 0),  -- held by unpaid orders
    stock_sold     INTEGER NOT NULL DEFAULT 0 CHECK (stock_sold >= 0),
    attributes     TEXT    NOT NULL,                         -- validated form values (JSON object)
    form_version   INTEGER NOT NULL CHECK (form_version > 0),
    images         TEXT    NOT NULL DEFAULT '[]',            -- JSON array of file URLs
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CHECK (stock_total IS NULL OR stock_reserved + stock_sold <= stock_total),
    CONSTRAINT products_name_key UNIQUE (name)
);
CREATE INDEX products_type_status_idx ON products (product_type, status);
CREATE INDEX products_price_idx ON products (price_fen);

-- DB_002 (m_product_course): a private or group lesson.
CREATE TABLE product_courses (
    product_id           INTEGER NOT NULL PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    lesson_format        TEXT    NOT NULL CHECK (lesson_format IN ('private', 'group')),
    duration_minutes     INTEGER NOT NULL CHECK (duration_minutes > 0),
    min_riders           INTEGER NOT NULL CHECK (min_riders >= 1),
    max_riders           INTEGER NOT NULL,
    required_rider_level TEXT CHECK (required_rider_level IN
                         ('beginner', 'novice', 'intermediate', 'advanced', 'expert')),
    arena_tags           TEXT    NOT NULL DEFAULT '[]',
    coach_qualifications TEXT    NOT NULL DEFAULT '[]',
    needs_school_horse   INTEGER NOT NULL CHECK (needs_school_horse IN (0, 1)),
    CHECK (max_riders >= min_riders),
    CHECK (lesson_format = 'group' OR max_riders = 1)
);

-- DB_003 (m_product_package): N lessons valid for some days.
CREATE TABLE product_packages (
    product_id        INTEGER NOT NULL PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    lesson_format     TEXT    NOT NULL CHECK (lesson_format IN ('private', 'group')),
    course_product_id INTEGER REFERENCES products (id) ON DELETE SET NULL,  -- NULL: any course of the format
    lesson_count      INTEGER NOT NULL CHECK (lesson_count > 0),
    validity_days     INTEGER NOT NULL CHECK (validity_days > 0),
    validity_starts   TEXT    NOT NULL CHECK (validity_starts IN ('on_purchase', 'on_first_use')),
    sale_ends_on      TEXT                                                  -- local date
);

-- DB_005 (m_product_activity): an event with a date, place, capacity and refund rules.
CREATE TABLE product_activities (
    product_id            INTEGER NOT NULL PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    activity_kind         TEXT    NOT NULL,
    starts_at             TEXT    NOT NULL,
    ends_at               TEXT    NOT NULL,
    signup_closes_at      TEXT,
    place                 TEXT    NOT NULL,
    capacity              INTEGER NOT NULL CHECK (capacity > 0),
    refundable            INTEGER NOT NULL CHECK (refundable IN (0, 1)),
    refund_deadline_hours INTEGER CHECK (refund_deadline_hours >= 0),
    refund_percent        INTEGER CHECK (refund_percent BETWEEN 1 AND 100),
    CHECK (starts_at < ends_at),
    CHECK (signup_closes_at IS NULL OR signup_closes_at <= starts_at),
    CHECK (refundable = FALSE OR (refund_deadline_hours IS NOT NULL AND refund_percent IS NOT NULL))
);
CREATE INDEX product_activities_starts_idx ON product_activities (starts_at);

-- DB_006 (m_product_coach): which coaches teach a product.
CREATE TABLE product_coaches (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    coach_id   INTEGER NOT NULL REFERENCES coaches (id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, coach_id)
);
CREATE INDEX product_coaches_coach_idx ON product_coaches (coach_id);

-- Coupons (BE_008): a fixed amount or a percentage off, with validity, minimum spend and
-- usage limits; the rules themselves live in paddock-catalog.
CREATE TABLE coupons (
    id               INTEGER PRIMARY KEY,
    code             TEXT    NOT NULL CHECK (length(code) > 0),
    discount_kind    TEXT    NOT NULL CHECK (discount_kind IN ('fixed', 'percent')),
    amount_fen       INTEGER CHECK (amount_fen > 0),
    percent_off      INTEGER CHECK (percent_off BETWEEN 1 AND 100),
    max_discount_fen INTEGER CHECK (max_discount_fen > 0),
    valid_from       TEXT    NOT NULL,
    valid_until      TEXT    NOT NULL,
    min_spend_fen    INTEGER NOT NULL DEFAULT 0 CHECK (min_spend_fen >= 0),
    total_limit      INTEGER CHECK (total_limit > 0),
    per_member_limit INTEGER CHECK (per_member_limit > 0),
    product_types    TEXT    NOT NULL,                       -- JSON array of product types
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    CHECK (valid_from < valid_until),
    CHECK ((discount_kind = 'fixed' AND amount_fen IS NOT NULL AND percent_off IS NULL
            AND max_discount_fen IS NULL)
        OR (discount_kind = 'percent' AND percent_off IS NOT NULL AND amount_fen IS NULL)),
    CONSTRAINT coupons_code_key UNIQUE (code)
);
