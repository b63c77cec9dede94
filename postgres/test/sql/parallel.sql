SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- The same query over 200,000 devices with 0 and 2 parallel workers gives
-- the same answers.
\set plan '{"name": "parallel", "product": "lamp-1", "timezone": "Europe/Berlin", "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active", "mode": "silent", "push_window": {"start_hour": 1, "end_hour": 5, "weekdays": ["mon", "wed", "fri"]}, "blacklist": ["lamp-17", "lamp-99"], "rollout": {"spread": true, "phases": [{"start": "2026-03-01T00:00", "percent": 20}, {"start": "2026-03-20T00:00", "percent": 90}]}, "strategy": {"min_battery": 30}, "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}'
CREATE TABLE fleet AS
SELECT i AS n, jsonb_build_object('id', 'lamp-' || i, 'product', CASE WHEN i % 31 = 0 THEN 'other' ELSE 'lamp-1' END,
                          'versions', jsonb_build_object('wifi', CASE WHEN i % 7 = 0 THEN '2.0' ELSE '1.0' END),
                          'battery', i % 100) AS doc
  FROM generate_series(1, 200000) i;
ANALYZE fleet;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- One digest of every answer, in device order: the functions run in the
-- scan, inside the workers when there are any.
CREATE VIEW digest AS
SELECT count(*) AS devices, count(DISTINCT at) > 10 AS spread_over_ticks,
       md5(string_agg(coalesce(at::text, '-') || ' ' || reason, ',' ORDER BY n)) AS answers
  FROM (SELECT n, otaplan_next_push(:'plan', doc, '2026-03-10T00:00:00Z') AS at,
               otaplan_eligible(:'plan', doc, '2026-03-10T00:00:00Z') AS reason FROM fleet) t;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS SELECT * FROM digest;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT * FROM digest;
CREATE TABLE parallel AS SELECT * FROM digest;
SELECT s.devices, s.spread_over_ticks, s.answers = p.answers AS same_answers
  FROM serial s, parallel p;
SELECT otaplan_eligible(:'plan', doc, '2026-03-10T00:00:00Z') AS reason, count(*)
  FROM fleet GROUP BY 1 ORDER BY 1;
DROP VIEW digest;
DROP TABLE fleet, serial, parallel;
