-- The API's traffic filters read traffic_data by sender, category and verdict. Without these indexes a filter that
-- matches little (an address that never sent anything) reads every row of every daily partition in reach.
-- Indexes on the partitioned parent are created on every partition, present and future.
CREATE INDEX traffic_data_sender_received_idx ON traffic_data (sender_ip, received_at DESC);
CREATE INDEX traffic_data_category_received_idx ON traffic_data (category, received_at DESC);
CREATE INDEX traffic_data_attack_received_idx ON traffic_data (received_at DESC) WHERE is_attack;

-- GET /api/v1/stats counts a window by source, category and verdict: an index-only scan of this index reads none of
-- the features or flow columns of the rows.
CREATE INDEX traffic_data_stats_idx ON traffic_data (received_at) INCLUDE (data_source, category, is_attack);
