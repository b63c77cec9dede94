SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- Plan sets (doc/rules.md 14): otaplan_select and otaplan_validate_set on
-- every public case of select.jsonl and set-validate.jsonl, the errors of
-- a set that is none, and the set's cache.
CREATE TABLE set_cases (file text, line text);
\copy set_cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/select.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE set_cases SET file = 'select' WHERE file IS NULL;
\copy set_cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/set-validate.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE set_cases SET file = 'set-validate' WHERE file IS NULL;
SELECT file, count(*) FROM set_cases GROUP BY file ORDER BY file;

-- One row a device; compared in what select.jsonl's README compares:
-- plan, eligible, reason, components, push, and each other candidate's
-- plan, reason and outranked_by.
CREATE FUNCTION compared(line jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('plan', line->'plan', 'eligible', line->'eligible',
                            'reason', line->'reason', 'components', line->'components',
                            'push', line->'push',
                            'others', coalesce((SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                                                  'plan', o->'plan', 'reason', o->'reason',
                                                  'outranked_by', o->'outranked_by')) ORDER BY n)
                                                  FROM jsonb_array_elements(line->'others')
                                                       WITH ORDINALITY AS x(o, n)), '[]'))
$$;
CREATE TABLE selections AS
SELECT doc->>'case' AS name, d.ordinality AS device,
       otaplan_select(doc->'plans', d.value, (doc->>'now')::timestamptz, (doc->>'tick')::int) AS got,
       doc->'expected'->((d.ordinality - 1)::int) AS expected
  FROM set_cases c, LATERAL (SELECT c.line::jsonb AS doc) j,
       LATERAL jsonb_array_elements(doc->'fleet') WITH ORDINALITY AS d
 WHERE c.file = 'select';
SELECT count(DISTINCT name) AS cases, count(*) AS devices,
       count(*) FILTER (WHERE compared(got) <> compared(expected)) AS differences,
       count(*) FILTER (WHERE got->>'id' <> expected->>'id') AS other_ids,
       count(*) FILTER (WHERE got->'plan' = 'null') AS no_plan
  FROM selections;
SELECT name, device, got, expected FROM selections WHERE compared(got) <> compared(expected) LIMIT 5;

-- The set's own diagnostics, as a multiset, and no error but the set's.
CREATE TABLE set_diagnostics AS
SELECT doc->>'case' AS name, v.severity, v.code, v.path
  FROM set_cases c, LATERAL (SELECT c.line::jsonb AS doc) j,
       LATERAL otaplan_validate_set(doc->'plans', '2026-12-01T00:00:00Z') v
 WHERE c.file = 'set-validate';
CREATE TABLE set_expected AS
SELECT doc->>'case' AS name, e->>'severity' AS severity, e->>'code' AS code, e->>'path' AS path
  FROM set_cases c, LATERAL (SELECT c.line::jsonb AS doc) j,
       LATERAL jsonb_array_elements(doc->'expected') e
 WHERE c.file = 'set-validate';
SELECT (SELECT count(*) FROM set_cases WHERE file = 'set-validate') AS cases,
       (SELECT count(*) FROM set_expected) AS expected,
       (SELECT count(*) FROM ((SELECT name, severity, code, path FROM set_diagnostics
                                WHERE code IN ('name_duplicate', 'upgrade_cycle')
                               EXCEPT ALL TABLE set_expected)
                              UNION ALL
                              (TABLE set_expected
                               EXCEPT ALL SELECT name, severity, code, path FROM set_diagnostics
                                           WHERE code IN ('name_duplicate', 'upgrade_cycle'))) x)
       AS differences,
       (SELECT count(*) FROM set_diagnostics
         WHERE severity = 'error' AND code <> 'name_duplicate') AS other_errors;

-- The worked example of doc/rules.md 14: a release, a stepping stone, a
-- hotfix; devices on 1.x, 2.0 and 2.1, one whitelisted for the hotfix.
\set release '{"name": "Release 2.1", "product": "lock-1", "timezone": "UTC", "start": "2027-01-01T00:00", "end": "2027-03-01T00:00", "state": "active", "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 24}, "components": [{"type": "module", "id": "fw", "method": "full", "target_version": "2.1.0", "version_order": "semver", "min_version": "2.0.0"}]}'
\set stone '{"name": "Stepping stone 2.0", "product": "lock-1", "timezone": "UTC", "start": "2027-01-01T00:00", "end": "2027-03-01T00:00", "state": "active", "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 24}, "components": [{"type": "module", "id": "fw", "method": "full", "target_version": "2.0.0", "version_order": "semver", "below_version": "2.0.0"}]}'
\set hotfix '{"name": "Hotfix", "priority": 10, "product": "lock-1", "timezone": "UTC", "start": "2027-01-01T00:00", "end": "2027-03-01T00:00", "state": "active", "mode": "silent", "push_window": {"start_hour": 0, "end_hour": 24}, "whitelist": ["lock-3"], "components": [{"type": "module", "id": "fw", "method": "full", "target_version": "2.1.1", "version_order": "semver"}]}'
SELECT d.id, s->>'plan' AS plan, s->>'reason' AS reason, s->'push'->>'status' AS push,
       jsonb_array_length(s->'others') AS others
  FROM (VALUES ('lock-1', '1.4.0'), ('lock-2', '2.0.0'), ('lock-3', '2.0.0'), ('lock-4', '2.1.0')) d(id, v),
       LATERAL (SELECT otaplan_select(jsonb_build_array(:'release'::jsonb, :'stone'::jsonb, :'hotfix'::jsonb),
                                      jsonb_build_object('id', d.id, 'product', 'lock-1',
                                                         'versions', jsonb_build_object('fw', d.v)),
                                      '2027-01-05T18:00:00Z') AS s) x
 ORDER BY d.id;
-- (tzdata_stale depends on the machine's time-zone data: left out.)
SELECT * FROM otaplan_validate_set(jsonb_build_array(:'release'::jsonb, :'stone'::jsonb, :'hotfix'::jsonb),
                                   '2026-12-01T00:00:00Z') WHERE code <> 'tzdata_stale';

-- The set is compiled once per query, and again when it changes.
CREATE TABLE locks AS
SELECT jsonb_build_object('id', 'lock-' || i, 'product', 'lock-1',
                          'versions', jsonb_build_object('fw', CASE WHEN i % 3 = 0 THEN '2.0.0' ELSE '1.0.0' END),
                          'plans', CASE WHEN i % 5 = 0 THEN '{"Release 2.1": {"state": "upgrading", "state_at": "2027-01-05T17:00:00Z"}}'::jsonb
                                        ELSE '{}'::jsonb END) AS doc
  FROM generate_series(1, 300) i;
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = debug1;
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb, :'stone'::jsonb), doc, '2027-01-05T18:00:00Z')->>'plan' AS plan,
       count(*)
  FROM locks GROUP BY 1 ORDER BY 1;
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb, :'stone'::jsonb), doc, '2027-01-05T18:00:00Z')->>'plan' AS plan,
       count(*)
  FROM locks GROUP BY 1 ORDER BY 1;
SELECT otaplan_select(jsonb_build_array(:'stone'::jsonb), doc, '2027-01-05T18:00:00Z')->>'reason' AS reason,
       count(*)
  FROM locks GROUP BY 1 ORDER BY 1;
RESET client_min_messages;
SELECT count(*) AS set_contexts FROM pg_backend_memory_contexts WHERE name = 'otaplan compiled plan set';

-- What is no set, and an invalid set: clean errors (22023).
\set VERBOSITY default
\set ON_ERROR_STOP 0
\set device '{"id": "lock-1", "product": "lock-1", "versions": {"fw": "1.0.0"}}'
SELECT otaplan_select(:'release', :'device', '2027-01-05T18:00:00Z');
SELECT otaplan_select('[]', :'device', '2027-01-05T18:00:00Z');
SELECT otaplan_select('"plans"', :'device', '2027-01-05T18:00:00Z');
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb, 5), :'device', '2027-01-05T18:00:00Z');
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb, '{"name": 5}'::jsonb), :'device', '2027-01-05T18:00:00Z');
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb, :'release'::jsonb), :'device', '2027-01-05T18:00:00Z');
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb), '{"id": "lock-1", "product": "lock-1", "versions": {}, "state": "upgrading"}', '2027-01-05T18:00:00Z');
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb), :'device', '2027-01-05T18:00:00Z', 7);
SELECT otaplan_select(jsonb_build_array(:'release'::jsonb), :'device', 'infinity');
SELECT * FROM otaplan_validate_set('{}');
SELECT code, path FROM otaplan_validate_set(jsonb_build_array(:'release'::jsonb, :'release'::jsonb), '2026-12-01T00:00:00Z')
 WHERE code <> 'tzdata_stale';
\set ON_ERROR_STOP 1
SELECT 'still here' AS after_errors;
DROP TABLE set_cases, selections, set_diagnostics, set_expected, locks;
DROP FUNCTION compared(jsonb);
