-- External providers are who they say only when they sign: require_signature is on for external_kafka unless an
-- admin turned it off explicitly (a row that already has the key keeps its value).
UPDATE data_source_config
SET config_params = config_params || '{"require_signature": true}'::jsonb
WHERE source_name = 'external_kafka' AND NOT config_params ? 'require_signature';
