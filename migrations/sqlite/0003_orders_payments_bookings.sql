-- 0003: orders, payments, package ownership, lessons, bookings and check-ins (SQLite).
-- The business flows that fill these tables come in a later issue; the tables and their
-- constraints are here so the whole data model of the plan exists from the start.

-- DB_007 (m_order): one purchase by a member. total = subtotal - discount, all in fen.
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    order_no     TEXT    NOT NULL,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    status       TEXT    NOT NULL CHECK (status IN
                 ('pending_payment', 'paid', 'cancelled', 'refunding', 'refunded', 'completed')),
    subtotal_fen INTEGER NOT NULL CHECK (subtotal_fen >= 0),
    discount_fen INTEGER NOT NULL DEFAULT 0 CHECK (discount_fen >= 0),
    total_fen    INTEGER NOT NULL CHECK (total_fen >= 0),
    coupon_id    INTEGER REFERENCES coupons (id) ON DELETE RESTRICT,
    expires_at   TEXT,                                      -- unpaid orders release stock then
    paid_at      TEXT,
    cancelled_at TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    CHECK (total_fen = subtotal_fen - discount_fen),
    CONSTRAINT orders_order_no_key UNIQUE (order_no)
);
CREATE INDEX orders_member_idx ON orders (member_id, created_at);
CREATE INDEX orders_status_expires_idx ON orders (status, expires_at);
CREATE INDEX orders_coupon_idx ON orders (coupon_id);

-- DB_008 (m_order_item): one product line of an order, with what was sold as a snapshot.
CREATE TABLE order_items (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id     INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    riders         INTEGER NOT NULL DEFAULT 1 CHECK (riders > 0),
    unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen >= 0),
    snapshot       TEXT    NOT NULL DEFAULT '{}'            -- product and quote as sold (JSON)
);
CREATE INDEX order_items_order_idx ON order_items (order_id);
CREATE INDEX order_items_product_idx ON order_items (product_id);

-- DB_004 (m_package_member): a member's purchased lesson package and what is left of it.
CREATE TABLE package_ownerships (
    id                INTEGER PRIMARY KEY,
    member_id         INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    product_id        INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    order_item_id     INTEGER REFERENCES order_items (id) ON DELETE SET NULL,
    lessons_total     INTEGER NOT NULL CHECK (lessons_total > 0),
    lessons_remaining INTEGER NOT NULL CHECK (lessons_remaining >= 0),
    valid_from        TEXT,                                 -- NULL until first use if so configured
    valid_until       TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('active', 'used_up', 'expired', 'refunded')),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    CHECK (lessons_remaining <= lessons_total),
    CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
);
CREATE INDEX package_ownerships_member_idx ON package_ownerships (member_id, status);

-- DB_009 (m_payment_record): one WeChat Pay payment attempt of an order.
CREATE TABLE payment_records (
    id             INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (id) ON DELETE RESTRICT,
    out_trade_no   TEXT    NOT NULL,                        -- ours, sent to WeChat
    transaction_id TEXT,                                    -- WeChat's, once paid
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    status         TEXT    NOT NULL CHECK (status IN
                   ('created', 'paid', 'closed', 'failed', 'refunding', 'refunded', 'partially_refunded')),
    prepay_id      TEXT,
    paid_at        TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CONSTRAINT payment_records_out_trade_no_key UNIQUE (out_trade_no),
    CONSTRAINT payment_records_transaction_id_key UNIQUE (transaction_id)
);
CREATE INDEX payment_records_order_idx ON payment_records (order_id);
CREATE INDEX payment_records_status_idx ON payment_records (status, created_at);

-- DB_010 (m_payment_flow): every money movement (payment or refund) with WeChat's raw answer.
CREATE TABLE payment_flows (
    id                INTEGER PRIMARY KEY,
    payment_record_id INTEGER NOT NULL REFERENCES payment_records (id) ON DELETE RESTRICT,
    kind              TEXT    NOT NULL CHECK (kind IN ('payment', 'refund')),
    amount_fen        INTEGER NOT NULL CHECK (amount_fen > 0),
    out_refund_no     TEXT,                                 -- refunds only
    wechat_id         TEXT,                                 -- transaction or refund id
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'closed')),
    raw               TEXT    NOT NULL DEFAULT '{}',
    created_at        TEXT    NOT NULL,
    CHECK (kind = 'refund' OR out_refund_no IS NULL),
    CONSTRAINT payment_flows_out_refund_no_key UNIQUE (out_refund_no)
);
CREATE INDEX payment_flows_record_idx ON payment_flows (payment_record_id);

-- DB_012 (m_lesson_schedule): a scheduled lesson: when, where, with which coach.
CREATE TABLE lessons (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    coach_id   INTEGER REFERENCES coaches (id) ON DELETE RESTRICT,
    arena_id   INTEGER REFERENCES arenas (id) ON DELETE RESTRICT,
    starts_at  TEXT    NOT NULL,
    ends_at    TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('planned', 'confirmed', 'completed', 'cancelled')),
    pinned     INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),               -- re-planning must not move it
    notes      TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    CHECK (starts_at < ends_at)
);
CREATE INDEX lessons_starts_idx ON lessons (starts_at);
CREATE INDEX lessons_coach_idx ON lessons (coach_id, starts_at);
CREATE INDEX lessons_arena_idx ON lessons (arena_id, starts_at);

-- DB_011 (m_booking): a member's request for a lesson and, once scheduled, their seat in it
-- with the horse they ride.
CREATE TABLE bookings (
    id                   INTEGER PRIMARY KEY,
    member_id            INTEGER NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
    product_id           INTEGER NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    order_item_id        INTEGER REFERENCES order_items (id) ON DELETE SET NULL,
    package_ownership_id INTEGER REFERENCES package_ownerships (id) ON DELETE SET NULL,
    lesson_id            INTEGER REFERENCES lessons (id) ON DELETE SET NULL,
    horse_id             INTEGER REFERENCES horses (id) ON DELETE SET NULL,
    preferred_coach_id   INTEGER REFERENCES coaches (id) ON DELETE SET NULL,
    preferred_horse_id   INTEGER REFERENCES horses (id) ON DELETE SET NULL,
    preferred_windows    TEXT    NOT NULL DEFAULT '[]',     -- JSON array of {starts_at, ends_at}
    status               TEXT    NOT NULL CHECK (status IN
                         ('requested', 'scheduled', 'cancelled', 'attended', 'no_show')),
    notes                TEXT    NOT NULL DEFAULT '',
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    CHECK (status = 'requested' OR status = 'cancelled' OR lesson_id IS NOT NULL)
);
CREATE INDEX bookings_member_idx ON bookings (member_id, status);
CREATE INDEX bookings_lesson_idx ON bookings (lesson_id);
CREATE UNIQUE INDEX bookings_lesson_member_key ON bookings (lesson_id, member_id);

-- DB_013 (m_checkin_record): sign-in and sign-out at the desk, with the package deduction.
CREATE TABLE checkins (
    id                   INTEGER PRIMARY KEY,
    booking_id           INTEGER NOT NULL REFERENCES bookings (id) ON DELETE RESTRICT,
    staff_user_id        INTEGER REFERENCES staff_users (id) ON DELETE SET NULL,
    status               TEXT    NOT NULL CHECK (status IN ('checked_in', 'checked_out', 'no_show')),
    checked_in_at        TEXT,
    checked_out_at       TEXT,
    package_ownership_id INTEGER REFERENCES package_ownerships (id) ON DELETE RESTRICT,
    lessons_deducted     INTEGER NOT NULL DEFAULT 0 CHECK (lessons_deducted >= 0),
    created_at           TEXT    NOT NULL,
    CHECK (checked_out_at IS NULL OR (checked_in_at IS NOT NULL AND checked_in_at <= checked_out_at)),
    CONSTRAINT checkins_booking_id_key UNIQUE (booking_id)
);
