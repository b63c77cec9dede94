SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- Hostile input: each a clean SQL error with its SQLSTATE, never a crash.
\set VERBOSITY default
\set plan '{"name": "errors", "product": "lamp-1", "timezone": "Asia/Shanghai", "start": "2026-01-01T00:00", "end": "2026-12-31T00:00", "state": "active", "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 2}, "components": [{"type": "module", "id": "wifi", "method": "full", "target_version": "2.0"}]}'
\set device '{"id": "dev-1", "product": "lamp-1", "versions": {"wifi": "1.0"}}'
\set ON_ERROR_STOP 0
-- Not an object, wrong types, an invalid plan (the first code in the
-- message, every diagnostic in DETAIL).
SELECT otaplan_eligible('[]', :'device', '2026-03-01T00:00:00Z');
SELECT otaplan_eligible('"plan"', :'device', '2026-03-01T00:00:00Z');
SELECT otaplan_eligible('{"name": 5, "product": ["x"], "push_window": "0-2"}', :'device', '2026-03-01T00:00:00Z');
SELECT otaplan_eligible(jsonb_set(:'plan', '{components,0,target_version}', '"bad v"'), :'device', '2026-03-01T00:00:00Z');
-- Bad devices.
SELECT otaplan_eligible(:'plan', '{"id": 5}', '2026-03-01T00:00:00Z');
SELECT otaplan_eligible(:'plan', '{"id": "dev-1", "product": "lamp-1", "versions": {}, "stateAt": "x"}', '2026-03-01T00:00:00Z');
SELECT otaplan_eligible(:'plan', '{"id": "dev-1", "product": "lamp-1", "versions": {}, "state": "refused"}', '2026-03-01T00:00:00Z');
SELECT otaplan_eligible(:'plan', '[1, 2, 3]', '2026-03-01T00:00:00Z');
SELECT otaplan_eligible(:'plan', jsonb_build_object('id', repeat('x', 200), 'product', 'lamp-1', 'versions', '{}'::jsonb), '2026-03-01T00:00:00Z');
-- Instants out of range, and a tick that is none.
SELECT otaplan_next_push(:'plan', :'device', 'infinity');
SELECT otaplan_next_push(:'plan', :'device', '-infinity');
SELECT otaplan_next_push(:'plan', :'device', '1999-12-31T23:59:59Z');
SELECT otaplan_next_push(:'plan', :'device', '2100-01-01T00:00:00Z');
SELECT otaplan_next_push(:'plan', :'device', '2026-03-01T00:00:00Z', 7);
SELECT otaplan_next_push(:'plan', :'device', '2026-03-01T00:00:00Z', -2147483648);
SELECT count(*) FROM otaplan_windows(:'plan', '2026-03-01T00:00:00Z', 'infinity');
SELECT * FROM otaplan_validate(:'plan', '-infinity');
-- A huge list: one entry past the limit of 1,000,000.
SELECT code, path FROM otaplan_validate(jsonb_set(:'plan', '{blacklist}',
         (SELECT jsonb_agg('dev-' || i) FROM generate_series(1, 1000001) i)), '2026-03-01T00:00:00Z')
 WHERE severity = 'error';
SELECT otaplan_eligible(jsonb_set(:'plan', '{blacklist}',
         (SELECT jsonb_agg('dev-' || i) FROM generate_series(1, 1000001) i)), :'device', '2026-03-01T00:00:00Z');
-- Deep nesting and odd values inside the plan.
-- (tzdata_stale left out: it depends on the machine's time-zone data)
SELECT count(*) FROM otaplan_validate(jsonb_set(:'plan', '{strategy}', '{"retry_count": 1e300, "min_signal": -1e-300}'), '2026-03-01T00:00:00Z')
 WHERE code <> 'tzdata_stale';
SELECT count(*) FROM otaplan_validate(jsonb_set(:'plan', '{texts}', (SELECT ('{"a": ' || repeat('[', 2000) || repeat(']', 2000) || '}')::jsonb)), '2026-03-01T00:00:00Z')
 WHERE code <> 'tzdata_stale';
SELECT otaplan_bucket('', '');
-- The SQLSTATE of each kind: invalid plan or device 22023, an instant out
-- of range 22008.
CREATE FUNCTION pg_temp.sqlstate_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT kind, pg_temp.sqlstate_of(q) FROM (VALUES
    ('plan not an object', $q$SELECT otaplan_eligible('[]', '{}', '2026-03-01T00:00:00Z')$q$),
    ('invalid plan', $q$SELECT otaplan_eligible('{"name": 5}', '{}', '2026-03-01T00:00:00Z')$q$),
    ('invalid device', $q$SELECT otaplan_evaluate('$q$ || :'plan' || $q$', '{"id": 5}', '2026-03-01T00:00:00Z')$q$),
    ('instant out of range', $q$SELECT otaplan_next_push('$q$ || :'plan' || $q$', '$q$ || :'device' || $q$', 'infinity')$q$),
    ('bad tick', $q$SELECT otaplan_explain('$q$ || :'plan' || $q$', '$q$ || :'device' || $q$', '2026-03-01T00:00:00Z', 7)$q$)
) AS t(kind, q);
-- A long query can be cancelled (here by a statement timeout).
SET statement_timeout = '300ms';
SELECT count(otaplan_next_push(:'plan', jsonb_build_object('id', 'dev-' || i, 'product', 'lamp-1', 'versions', '{}'::jsonb), '2026-03-01T00:00:00Z'))
  FROM (SELECT generate_series(1, 100000000) AS i) AS stream;
RESET statement_timeout;
-- After all of them, the same backend still answers.
SELECT otaplan_eligible(:'plan', :'device', '2026-03-01T00:00:00Z');
