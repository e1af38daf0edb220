-- Alerts: the attack records that share a fingerprint (data source, category, attacker address and, for
-- external_kafka, the sender) grouped into one triage item with a lifecycle. Written by the pipeline in the batch
-- transaction that stores the records; changed by analysts through the API.
CREATE TABLE alerts (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    data_source           varchar(64)  NOT NULL,
    category              varchar(16)  NOT NULL,
    attacker_ip           inet         NOT NULL,
    sender_ip             inet,
    -- The advisory lock key that serialises instances grouping the same fingerprint.
    fingerprint_hash      bigint       NOT NULL,
    status                varchar(16)  NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
    resolution            varchar(16)  CHECK (resolution IN ('true_positive', 'false_positive', 'benign')),
    severity              varchar(8)   NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
    -- 4 = critical … 1 = low, so that sorting by severity is an index scan.
    severity_rank         smallint     NOT NULL,
    first_seen            timestamptz  NOT NULL,
    last_seen             timestamptz  NOT NULL,
    record_count          bigint       NOT NULL,
    max_probability       real         NOT NULL,
    distinct_destinations integer      NOT NULL DEFAULT 0,
    distinct_ports        integer      NOT NULL DEFAULT 0,
    assignee              varchar(100),
    -- The closed alert with the same fingerprint that this one is a recurrence of.
    previous_alert_id     bigint       REFERENCES alerts (id),
    -- Bumped on every change (new records or triage); the live push compares it with what it last sent.
    revision              bigint       NOT NULL,
    changed_at            timestamptz  NOT NULL,
    -- The last triage change (the pipeline's when it opened the alert).
    updated_at            timestamptz  NOT NULL,
    updated_by            varchar(100) NOT NULL,
    CONSTRAINT alerts_closed_has_resolution CHECK ((status = 'closed') = (resolution IS NOT NULL))
);

CREATE SEQUENCE alerts_revision_seq;

CREATE INDEX alerts_fingerprint_idx ON alerts (fingerprint_hash, last_seen DESC);
CREATE INDEX alerts_last_seen_idx ON alerts (last_seen DESC, id DESC);
CREATE INDEX alerts_severity_idx ON alerts (severity_rank DESC, last_seen DESC, id DESC);
CREATE INDEX alerts_changed_idx ON alerts (changed_at);

-- Counters that outlive traffic retention: one row per destination address and per (protocol, port).
CREATE TABLE alert_destinations (
    alert_id bigint NOT NULL REFERENCES alerts (id),
    dst_ip   inet   NOT NULL,
    records  bigint NOT NULL,
    PRIMARY KEY (alert_id, dst_ip)
);

CREATE TABLE alert_ports (
    alert_id bigint     NOT NULL REFERENCES alerts (id),
    protocol varchar(8) NOT NULL,
    dst_port integer    NOT NULL,
    records  bigint     NOT NULL,
    PRIMARY KEY (alert_id, protocol, dst_port)
);

-- The self-healing decisions taken on the alert's records.
CREATE TABLE alert_actions (
    action_id uuid   PRIMARY KEY,
    alert_id  bigint NOT NULL REFERENCES alerts (id)
);

CREATE INDEX alert_actions_alert_idx ON alert_actions (alert_id);

CREATE TABLE alert_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id    bigint       NOT NULL REFERENCES alerts (id),
    occurred_at timestamptz  NOT NULL,
    actor       varchar(100) NOT NULL,
    from_status varchar(16)  NOT NULL,
    to_status   varchar(16)  NOT NULL,
    resolution  varchar(16),
    assignee    varchar(100),
    note        varchar(2000)
);

CREATE INDEX alert_history_alert_idx ON alert_history (alert_id, occurred_at);

ALTER TABLE traffic_data ADD COLUMN alert_id bigint;
CREATE INDEX traffic_data_alert_idx ON traffic_data (alert_id, received_at DESC) WHERE alert_id IS NOT NULL;

-- Every instance pushes alert changes to its own SignalR clients (throttled per alert); one NOTIFY per statement.
CREATE TRIGGER alerts_changed
    AFTER INSERT OR UPDATE ON alerts
    FOR EACH STATEMENT EXECUTE FUNCTION securewatch_notify_change('securewatch_alerts');
