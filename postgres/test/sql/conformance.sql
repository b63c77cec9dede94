SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- Every public conformance case (evaluate and windows, base and rollout;
-- the evaluate cases of version order),
-- loaded into tables and compared in SQL with the expected answers.
-- psql reads them (\copy), from the folder OTAPLAN_CONFORMANCE_DIR names.
CREATE TABLE cases (file text, line text);
\copy cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/evaluate.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE cases SET file = 'evaluate' WHERE file IS NULL;
\copy cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/rollout-evaluate.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE cases SET file = 'rollout-evaluate' WHERE file IS NULL;
\copy cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/versions-evaluate.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE cases SET file = 'versions-evaluate' WHERE file IS NULL;
\copy cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/windows.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE cases SET file = 'windows' WHERE file IS NULL;
\copy cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/rollout-windows.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE cases SET file = 'rollout-windows' WHERE file IS NULL;
\copy cases (line) FROM PROGRAM 'cat "$OTAPLAN_CONFORMANCE_DIR"/buckets.jsonl' WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
UPDATE cases SET file = 'buckets' WHERE file IS NULL;
SELECT file, count(*) FROM cases GROUP BY file ORDER BY file;

-- One row a device: the answer next to the expected line.
CREATE TABLE device_answers AS
SELECT c.file, doc->>'case' AS name, d.ordinality AS device,
       otaplan_evaluate(doc->'plan', d.value, (doc->>'now')::timestamptz, (doc->>'tick')::int) AS got,
       doc->'expected'->((d.ordinality - 1)::int) AS expected
  FROM cases c, LATERAL (SELECT c.line::jsonb AS doc) j,
       LATERAL jsonb_array_elements(doc->'fleet') WITH ORDINALITY AS d
 WHERE c.file IN ('evaluate', 'rollout-evaluate', 'versions-evaluate');
SELECT file, count(*) AS devices, count(*) FILTER (WHERE got <> expected) AS differences
  FROM device_answers GROUP BY file ORDER BY file;
SELECT name, device, got, expected FROM device_answers WHERE got <> expected LIMIT 5;

-- otaplan_explain carries the same reason and push for every device.
SELECT count(*) FILTER (WHERE e->'reason' <> a.expected->'reason' OR e->'push' <> a.expected->'push')
       AS explain_differences
  FROM device_answers a, cases c, LATERAL (SELECT c.line::jsonb AS doc) j,
       LATERAL (SELECT otaplan_explain(doc->'plan', doc->'fleet'->((a.device - 1)::int),
                                       (doc->>'now')::timestamptz, (doc->>'tick')::int) AS e) x
 WHERE c.file = a.file AND doc->>'case' = a.name;

-- Windows: the intervals, as the program prints them.
CREATE TABLE window_answers AS
SELECT c.file, doc->>'case' AS name,
       coalesce((SELECT jsonb_agg(jsonb_build_object(
                   'start', to_char(lower(r) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   'end', to_char(upper(r) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                   ORDER BY lower(r))
                   FROM otaplan_windows(doc->'plan', (doc->>'from')::timestamptz,
                                        (doc->>'to')::timestamptz) AS r), '[]') AS got,
       doc->'expected' AS expected
  FROM cases c, LATERAL (SELECT c.line::jsonb AS doc) j
 WHERE c.file IN ('windows', 'rollout-windows');
SELECT file, count(*) AS cases, count(*) FILTER (WHERE got <> expected) AS differences
  FROM window_answers GROUP BY file ORDER BY file;

-- Buckets: the test vectors of SPEC 11.1.
SELECT count(*) AS vectors,
       count(*) FILTER (WHERE otaplan_bucket(doc->>'salt', doc->>'id') <> (doc->>'bucket')::int)
       AS differences
  FROM cases c, LATERAL (SELECT c.line::jsonb AS doc) j WHERE c.file = 'buckets';
DROP TABLE cases, device_answers, window_answers;
