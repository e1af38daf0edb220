-- SecureWatch initial schema. Applied once by SchemaMigrator inside an advisory lock.

CREATE TABLE ip_whitelist (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network     cidr         NOT NULL,
    description varchar(500) NOT NULL DEFAULT '',
    is_active   boolean      NOT NULL DEFAULT true,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    created_by  varchar(100) NOT NULL,
    -- The application stores canonical networks (IPv4-mapped IPv6 folded to IPv4), and cidr equality
    -- ignores spelling, so this constraint is what makes concurrent duplicate inserts produce one row.
    CONSTRAINT ip_whitelist_network_key UNIQUE (network)
);

-- Containment queries (network >>= address) for ad-hoc investigation; the service itself matches in memory.
CREATE INDEX ip_whitelist_network_gist ON ip_whitelist USING gist (network inet_ops);

CREATE TABLE data_source_config (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_name   varchar(64)  NOT NULL,
    is_enabled    boolean      NOT NULL,
    description   varchar(500) NOT NULL DEFAULT '',
    config_params jsonb        NOT NULL DEFAULT '{}'::jsonb,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT data_source_config_source_name_key UNIQUE (source_name)
);

INSERT INTO data_source_config (source_name, is_enabled, description, config_params) VALUES
    ('packet_capture', false, 'Connections observed by the SecureWatch capture agent (header28 features).',
     '{"interface": "any", "bpf_filter": "ip or ip6", "buffer_size": 1000, "topic": "captured-traffic"}'),
    ('external_kafka', false, 'Records sent by whitelisted external providers.',
     '{"topic": "external-traffic"}'),
    ('internal_kafka', true, 'Records produced by internal collectors.',
     '{"topic": "network-traffic"}');

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz  NOT NULL DEFAULT now(),
    actor       varchar(100) NOT NULL,
    action      varchar(16)  NOT NULL,
    entity      varchar(64)  NOT NULL,
    entity_id   varchar(64)  NOT NULL,
    before      jsonb,
    after       jsonb
);

CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at);

-- Scored traffic is the high-volume table: daily range partitions on received_at let retention drop whole
-- partitions instead of deleting rows.
CREATE TABLE traffic_data (
    id                 bigint GENERATED ALWAYS AS IDENTITY,
    received_at        timestamptz NOT NULL,
    observed_at        timestamptz,
    event_id           uuid        NOT NULL,
    data_source        varchar(64) NOT NULL,
    sender_ip          inet,
    src_ip             inet,
    dst_ip             inet,
    src_port           integer,
    dst_port           integer,
    protocol           varchar(8),
    feature_set        varchar(16) NOT NULL,
    features           jsonb       NOT NULL,
    kafka_topic        varchar(249),
    kafka_partition    integer,
    kafka_offset       bigint,
    is_attack          boolean     NOT NULL,
    attack_probability real        NOT NULL,
    category           varchar(16) NOT NULL,
    model_version      varchar(64) NOT NULL,
    response_action    varchar(32),
    PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);

CREATE INDEX traffic_data_source_received_idx ON traffic_data (data_source, received_at DESC);
CREATE INDEX traffic_data_received_idx ON traffic_data (received_at DESC);

-- A unique constraint on a partitioned table must include the partition key, so event_id and the Kafka
-- position cannot be unique on traffic_data itself. This unpartitioned ledger holds them; the pipeline
-- inserts here first and writes traffic_data only when the ledger row is new.
CREATE TABLE traffic_ingest_keys (
    event_id        uuid         PRIMARY KEY,
    received_at     timestamptz  NOT NULL,
    kafka_topic     varchar(249),
    kafka_partition integer,
    kafka_offset    bigint,
    CONSTRAINT traffic_ingest_keys_position_key UNIQUE (kafka_topic, kafka_partition, kafka_offset)
);

CREATE INDEX traffic_ingest_keys_received_idx ON traffic_ingest_keys (received_at);

-- Rows outside every daily partition land here rather than failing the insert.
CREATE TABLE traffic_data_default PARTITION OF traffic_data DEFAULT;

CREATE FUNCTION securewatch_ensure_traffic_partitions(days_back integer, days_ahead integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    day date;
    created integer := 0;
    part text;
BEGIN
    FOR day IN SELECT generate_series(current_date - days_back, current_date + days_ahead, interval '1 day')::date LOOP
        part := format('traffic_data_%s', to_char(day, 'YYYYMMDD'));
        IF to_regclass(part) IS NULL
           AND NOT EXISTS (SELECT 1 FROM traffic_data_default
                           WHERE received_at >= day AND received_at < day + 1) THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF traffic_data FOR VALUES FROM (%L) TO (%L)',
                           part, day::timestamptz, (day + 1)::timestamptz);
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END $$;

CREATE FUNCTION securewatch_apply_traffic_retention(retain_days integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
    cutoff date := current_date - retain_days;
BEGIN
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'traffic_data' AND c.relname ~ '^traffic_data_[0-9]{8}$'
          AND to_date(substring(c.relname from 14), 'YYYYMMDD') < cutoff
    LOOP
        EXECUTE format('DROP TABLE %I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    DELETE FROM traffic_data_default WHERE received_at < cutoff;
    DELETE FROM traffic_ingest_keys WHERE received_at < cutoff;
    RETURN dropped;
END $$;

SELECT securewatch_ensure_traffic_partitions(1, 7);

-- Every instance keeps the whitelist and source settings in memory; these notifications tell them to reload.
CREATE FUNCTION securewatch_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], TG_OP);
    RETURN NULL;
END $$;

CREATE TRIGGER ip_whitelist_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ip_whitelist
    FOR EACH STATEMENT EXECUTE FUNCTION securewatch_notify_change('securewatch_whitelist');

CREATE TRIGGER data_source_config_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON data_source_config
    FOR EACH STATEMENT EXECUTE FUNCTION securewatch_notify_change('securewatch_sources');
