-- One row per capture agent: its last heartbeat, kept in PostgreSQL so that every host instance answers the same.
-- The drop rates are those of the interval the last report closed, computed against the report before it.
CREATE TABLE capture_agents (
    name             text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._-]{1,64}$'),
    first_seen       timestamptz NOT NULL,
    last_seen        timestamptz NOT NULL,
    interval_seconds double precision NOT NULL CHECK (interval_seconds > 0),
    stopping         boolean NOT NULL,
    report           jsonb NOT NULL,
    previous_report  jsonb,
    drop_rate        double precision NOT NULL DEFAULT 0,
    record_drop_rate double precision NOT NULL DEFAULT 0
);
