SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- Each function on the example night plan (examples/night-plan.json).
\set plan '{"name": "Night-time firmware 2.4 for smart locks", "product": "smart-lock_v2", "timezone": "Asia/Shanghai", "start": "2026-12-01T00:00", "end": "2027-03-01T00:00", "activated_at": "2026-11-30T09:00:00Z", "state": "active", "mode": "silent", "active_push": true, "push_window": {"start_hour": 0, "end_hour": 2}, "refusal_retry_minutes": 120, "strategy": {"retry_count": 2, "min_signal": -110, "min_battery": 30}, "blacklist": ["lock-0013", "lock-0042", "lock-0077"], "components": [{"type": "module", "id": "wifi-fw", "method": "delta", "source_version": "2.3.1", "target_version": "2.4.0"}, {"type": "mcu", "id": "mcu.ctrl", "method": "full", "target_version": "1.8", "specified_versions": "1.6;1.7;1.7.1"}]}'
\set device '{"id": "lock-0007", "product": "smart-lock_v2", "versions": {"wifi-fw": "2.3.1", "mcu.ctrl": "1.7"}, "signal": -80, "battery": 70}'
\set weak '{"id": "lock-0008", "product": "smart-lock_v2", "versions": {"wifi-fw": "2.3.1"}, "signal": -118}'

SELECT * FROM otaplan_validate(:'plan', '2026-11-24T00:00:00Z') WHERE code <> 'tzdata_stale';
-- The expected output holds no time-zone version: the message's is masked.
SELECT severity, code, path, regexp_replace(message, '\(version [0-9]{4}[a-z]\)', '(version V)') AS message
  FROM otaplan_validate('{"name": "", "product": "x y", "timezone": "Mars/Olympus"}', '2026-11-24T00:00:00Z')
 WHERE code <> 'tzdata_stale';
SELECT otaplan_evaluate(:'plan', :'device', '2026-12-02T15:00:00Z');
SELECT otaplan_evaluate(:'plan', :'device', '2026-12-02T15:00:00Z', 0);
SELECT otaplan_eligible(:'plan', :'device', '2026-12-02T15:00:00Z');
SELECT otaplan_eligible(:'plan', :'weak', '2026-12-02T15:00:00Z');
SELECT otaplan_next_push(:'plan', :'device', '2026-12-02T15:00:00Z');
SELECT otaplan_next_push(:'plan', :'device', '2026-12-02T17:01:00Z', 15);
-- NULL unless push_at: a blacklisted device is never pushed.
SELECT otaplan_next_push(:'plan', '{"id": "lock-0013", "product": "smart-lock_v2", "versions": {}}',
                         '2026-12-02T15:00:00Z') IS NULL AS never_pushed;
-- The defaults: now() and tick 10 (the plan ends in 2027, so now() may be
-- past it; the answer is a timestamptz or NULL, never an error).
SELECT pg_typeof(otaplan_next_push(:'plan', :'device')), otaplan_eligible(:'plan', :'device') IS NOT NULL;
-- STRICT: a NULL argument is a NULL answer.
SELECT otaplan_eligible(NULL, :'device', '2026-12-02T15:00:00Z') IS NULL AS null_plan,
       otaplan_next_push(:'plan', :'device', NULL) IS NULL AS null_now;
-- Windows of Berlin's user-confirm plan across the night its clocks go back.
SELECT r FROM otaplan_windows('{"name": "Berlin", "product": "cam-3", "timezone": "Europe/Berlin", "region": "intl", "start": "2026-10-01T00:00", "end": "2026-11-01T00:00", "state": "active", "mode": "user_confirm", "auto_upgrade_window": {"start_hour": 2, "end_hour": 4}, "texts": {"en": "New firmware"}, "components": [{"type": "module", "id": "main", "method": "full", "target_version": "4.3.0"}]}',
                              '2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z') AS r;
SELECT count(*) FROM otaplan_windows(:'plan', '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z');
-- The explanation: the checks in order, T0 and the push.
SELECT e->'reason' AS reason, e->'t0' AS t0, e->'push' AS push,
       jsonb_array_length(e->'checks') AS checks,
       (SELECT string_agg(c->>'check', ',') FROM jsonb_array_elements(e->'checks') c
         WHERE (c->>'failed')::bool) AS failed
  FROM otaplan_explain(:'plan', :'weak', '2026-12-02T15:00:00Z') AS e;
SELECT c->>'detail' FROM otaplan_explain(:'plan', :'weak', '2026-12-02T15:00:00Z') AS e,
       jsonb_array_elements(e->'checks') c WHERE c->>'check' = 'low_signal';
-- SPEC 11.5's buckets.
SELECT id, otaplan_bucket('smart-lock_v2', id)
  FROM unnest(ARRAY['lock-0001', 'lock-0002', 'lock-0003', 'lock-0004']) AS id;
-- SPEC 12: the functions are IMMUTABLE (otaplan_tzdata_version STABLE), so
-- an expression index may use them, and otaplan_eligible is an enum whose
-- comparisons with a reason's name work as with text, ordered as the checks.
CREATE TABLE indexed (id text PRIMARY KEY);
INSERT INTO indexed SELECT 'lock-' || lpad(i::text, 4, '0') FROM generate_series(1, 200) i;
CREATE INDEX indexed_bucket ON indexed (otaplan_bucket('smart-lock_v2', id));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM indexed WHERE otaplan_bucket('smart-lock_v2', id) < 100;
SELECT count(*) FROM indexed WHERE otaplan_bucket('smart-lock_v2', id) < 2000;
RESET enable_seqscan;
DROP TABLE indexed;
SELECT p.proname, p.provolatile FROM pg_proc p
 WHERE p.proname IN ('otaplan_tzdata_version', 'otaplan_eligible', 'otaplan_select') ORDER BY 1;
SELECT pg_typeof(otaplan_eligible(:'plan', :'weak', '2026-12-02T15:00:00Z')) AS type,
       otaplan_eligible(:'plan', :'weak', '2026-12-02T15:00:00Z') = 'low_signal' AS equals,
       otaplan_eligible(:'plan', :'weak', '2026-12-02T15:00:00Z') IN ('ok', 'low_signal') AS listed,
       otaplan_eligible(:'plan', :'weak', '2026-12-02T15:00:00Z')::text AS as_text,
       'ok'::otaplan_reason < 'plan_not_active' AND 'low_battery'::otaplan_reason < 'component_missing'
       AS ordered;
SELECT count(*) AS labels, min(e) AS first, max(e) AS last
  FROM unnest(enum_range(NULL::otaplan_reason)) e;
