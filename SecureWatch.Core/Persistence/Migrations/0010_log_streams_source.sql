-- Log streams: the seven log topics as a fourth data source (off until enabled), the alerts they raise (the attacker
-- is a rule's key value, e.g. a user name, so it is text; traffic alerts keep attacker_ip), and the rule matches.
INSERT INTO data_source_config (source_name, is_enabled, description, config_params) VALUES
    ('log_streams', false, 'Security log topics replayed from CSV files, pushed live and checked by detection rules.',
     '{"topics": ["cybersecurity_attacks", "netflow", "device", "hostevent", "http", "logon", "webserver"]}');

ALTER TABLE alerts ADD COLUMN attacker varchar(256);
ALTER TABLE alerts ALTER COLUMN attacker_ip DROP NOT NULL;
ALTER TABLE alerts ADD CONSTRAINT alerts_has_attacker CHECK (attacker_ip IS NOT NULL OR attacker IS NOT NULL);

-- One row per rule match; the position and rule make a redelivered message's match recognisable (counted once).
CREATE TABLE log_detections (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    detected_at timestamptz  NOT NULL,
    rule_id     varchar(100) NOT NULL,
    title       varchar(300) NOT NULL,
    severity    varchar(8)   NOT NULL,
    category    varchar(16)  NOT NULL,
    topic       varchar(249) NOT NULL,
    kafka_partition integer  NOT NULL,
    kafka_offset    bigint   NOT NULL,
    key_field   varchar(100),
    key_value   varchar(256),
    match_count integer      NOT NULL,
    envelope    jsonb        NOT NULL,
    alert_id    bigint       REFERENCES alerts (id),
    CONSTRAINT log_detections_position_key UNIQUE (topic, kafka_partition, kafka_offset, rule_id)
);

CREATE INDEX log_detections_alert_idx ON log_detections (alert_id, detected_at DESC);
CREATE INDEX log_detections_detected_idx ON log_detections (detected_at DESC);
