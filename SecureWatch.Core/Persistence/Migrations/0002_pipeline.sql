-- The scoring pipeline: provider signing secrets, the traffic row id in the ingest ledger, and self-healing
-- decisions with the traffic row each came from.

-- AES-GCM ciphertext (see SigningSecretProtector); never returned by the API.
ALTER TABLE ip_whitelist ADD COLUMN signing_secret bytea;

-- The embedded Kafka keeps nothing across restarts, so a topic/partition/offset can come back for a different
-- record; event_id alone is the idempotency key. The position stays indexed to recognise a redelivery.
ALTER TABLE traffic_ingest_keys DROP CONSTRAINT traffic_ingest_keys_position_key;
CREATE INDEX traffic_ingest_keys_position_idx ON traffic_ingest_keys (kafka_topic, kafka_partition, kafka_offset);

-- Allocated from traffic_data's identity before the row is written, so a redelivered record finds its row
-- without scanning traffic_data (which has no index on event_id).
ALTER TABLE traffic_ingest_keys ADD COLUMN traffic_id bigint;

CREATE TABLE response_actions (
    id                  uuid         PRIMARY KEY,
    decided_at          timestamptz  NOT NULL,
    rule_id             varchar(100) NOT NULL,
    action              varchar(32)  NOT NULL,
    target              varchar(64)  NOT NULL,
    dry_run             boolean      NOT NULL,
    category            varchar(16)  NOT NULL,
    attack_probability  real         NOT NULL,
    expires_at          timestamptz,
    traffic_id          bigint       NOT NULL,
    traffic_received_at timestamptz  NOT NULL,
    event_id            uuid         NOT NULL,
    data_source         varchar(64)  NOT NULL,
    -- The entry a quarantine_provider decision deactivated, so that undo can reactivate exactly it.
    whitelist_entry_id  bigint,
    undone_at           timestamptz,
    undone_by           varchar(100)
);

CREATE INDEX response_actions_decided_idx ON response_actions (decided_at DESC);
