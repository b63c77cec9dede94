SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- Compiled plans are cached per backend by content: a query over many rows
-- compiles its plan once, a changed plan is compiled again (never answered
-- from the old entry), and the old one is still cached afterwards.
SET max_parallel_workers_per_gather = 0;
\set plan '{"name": "cache", "product": "lamp-1", "timezone": "Asia/Shanghai", "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active", "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2}, "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}'
CREATE TABLE lamps AS
SELECT jsonb_build_object('id', 'lamp-' || i, 'product', 'lamp-1',
                          'versions', jsonb_build_object('wifi', CASE WHEN i % 4 = 0 THEN '2.0' ELSE '1.0' END)) AS doc
  FROM generate_series(1, 1000) i;
CREATE TABLE plans AS
SELECT n, CASE WHEN n % 2 = 0 THEN :'plan'::jsonb
               ELSE jsonb_set(:'plan', '{end}', '"2026-02-01T00:00"') END AS plan
  FROM generate_series(1, 6) n;
SET client_min_messages = debug1;
SELECT otaplan_eligible(:'plan', doc, '2026-03-01T00:00:00Z') AS reason, count(*)
  FROM lamps GROUP BY 1 ORDER BY 1;
SELECT otaplan_eligible(:'plan', doc, '2026-03-01T00:00:00Z') AS reason, count(*)
  FROM lamps GROUP BY 1 ORDER BY 1;
-- The same plan with another end: another entry, another answer.
SELECT otaplan_eligible(jsonb_set(:'plan', '{end}', '"2026-02-01T00:00"'), doc, '2026-03-01T00:00:00Z')
       AS reason, count(*)
  FROM lamps GROUP BY 1 ORDER BY 1;
SELECT otaplan_eligible(:'plan', doc, '2026-03-01T00:00:00Z') AS reason, count(*)
  FROM lamps GROUP BY 1 ORDER BY 1;
-- The same content typed with its keys in another order is the same plan.
SELECT otaplan_eligible(('{"components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}], ' ||
        '"push_window": {"end_hour": 2, "start_hour": 0}, "mode": "silent", "state": "active", "end": "2026-12-31T00:00", ' ||
        '"start": "2026-01-01T00:00", "timezone": "Asia/Shanghai", "product": "lamp-1", "name": "cache"}')::jsonb,
        doc, '2026-03-01T00:00:00Z') AS reason, count(*)
  FROM lamps GROUP BY 1 ORDER BY 1;
-- Nine plans in turn: the cache keeps eight, so the first is compiled again.
SELECT count(DISTINCT otaplan_next_push(jsonb_set(:'plan', '{name}', to_jsonb('plan ' || p)),
                                        (SELECT doc FROM lamps LIMIT 1), '2026-03-01T00:00:00Z'))
  FROM generate_series(1, 9) p;
SELECT otaplan_next_push(jsonb_set(:'plan', '{name}', to_jsonb('plan 1'::text)),
                         (SELECT doc FROM lamps LIMIT 1), '2026-03-01T00:00:00Z');
-- Plans from a column: each row's own plan, two compilations, and the
-- answers follow the rows.
SELECT n, otaplan_eligible(jsonb_set(plan, '{name}', '"from a column"'), (SELECT doc FROM lamps LIMIT 1),
                           '2026-03-01T00:00:00Z') AS reason
  FROM plans ORDER BY n;
DROP TABLE plans;
RESET client_min_messages;
-- Issue 26: the cache holds what it counts (the compiled plans' own memory
-- contexts), not the plans' parsed JSON; otaplan.plan_cache_memory bounds
-- it, and the plan in use is always kept.  Two plans of 20,000 listed IDs:
-- whitelisted lamps are answered from the compiled lists alone.
CREATE TABLE big AS
SELECT k, jsonb_set(jsonb_set(:'plan', '{name}', to_jsonb('big ' || k)), '{whitelist}',
                    (SELECT jsonb_agg('lamp-' || i) FROM generate_series(1, 20000) i)) AS plan
  FROM generate_series(1, 2) k;
SELECT k, otaplan_eligible(plan, (SELECT doc FROM lamps LIMIT 1), '2026-03-01T00:00:00Z'),
       otaplan_eligible(plan, '{"id": "lamp-99999", "product": "lamp-1", "versions": {}}',
                        '2026-03-01T00:00:00Z')
  FROM big ORDER BY k;
SELECT count(*) >= 2 AS contexts, sum(total_bytes) > 2 * 20000 * 16 AS counted,
       sum(total_bytes) < 2 * 8 * 1024 * 1024 AS no_json_tree
  FROM pg_backend_memory_contexts WHERE name = 'otaplan compiled plan';
SET client_min_messages = debug1;
SET otaplan.plan_cache_memory = '64kB';
-- Below one plan's size: each plan in turn is compiled again.
SELECT k, otaplan_eligible(plan, (SELECT doc FROM lamps LIMIT 1), '2026-03-01T00:00:00Z')
  FROM big, generate_series(1, 2) r ORDER BY r, k;
RESET client_min_messages;
SELECT count(*) AS cached_contexts
  FROM pg_backend_memory_contexts WHERE name = 'otaplan compiled plan';
RESET otaplan.plan_cache_memory;
-- Plans stored out of line (TOAST) from a join, a row's plan changing in
-- pairs (1, 1, 2, 2, 1, 1): a call site skips the lookup only while the
-- TOAST pointer is the last row's; each row is answered by its own plan.
CREATE TABLE toasted AS
SELECT k, CASE k WHEN 1 THEN plan ELSE jsonb_set(plan, '{state}', '"suspended"') END AS plan
  FROM big;
SELECT r, t.k, otaplan_eligible(t.plan, '{"id": "lamp-5", "product": "lamp-1", "versions": {"wifi": "1.0"}}',
                                '2026-03-01T00:00:00Z') AS reason
  FROM generate_series(0, 5) r, LATERAL (SELECT * FROM toasted WHERE k = 1 + (r / 2) % 2) t
 ORDER BY r;
-- And as an initplan's value, the same for every row.
SELECT otaplan_eligible((SELECT plan FROM toasted WHERE k = 2), doc, '2026-03-01T00:00:00Z') AS reason,
       count(*)
  FROM lamps GROUP BY 1 ORDER BY 1;
DROP TABLE big, toasted;
DROP TABLE lamps;
