-- No two sources share a topic, decided by the database: the API's check reads before it writes, so two concurrent
-- changes could both pass it. Rows changed behind the API to share a topic stop the migration with the topic named
-- (the catalog has those sources out of service meanwhile); an admin gives one of them another topic, then restarts.
DO $$
DECLARE
    shared record;
BEGIN
    SELECT config_params->>'topic' AS topic, string_agg(source_name, ', ' ORDER BY source_name) AS sources
    INTO shared
    FROM data_source_config
    WHERE config_params ? 'topic'
    GROUP BY config_params->>'topic'
    HAVING count(*) > 1
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'sources % share topic %; give one of them another topic before upgrading', shared.sources, shared.topic;
    END IF;
END
$$;

CREATE UNIQUE INDEX data_source_config_topic_key ON data_source_config ((config_params->>'topic'));
