-- otaplan 0.4.0 -> 0.5.0 (ALTER EXTENSION otaplan UPDATE): plan sets
-- (doc/rules.md 14).
\echo Use "ALTER EXTENSION otaplan UPDATE" to load this file. \quit

CREATE FUNCTION otaplan_select(plans jsonb, device jsonb, now timestamptz DEFAULT now(),
                               tick int DEFAULT 10)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'otaplan_select'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_validate_set(plans jsonb, now timestamptz DEFAULT now())
RETURNS TABLE(severity text, code text, path text, message text)
AS 'MODULE_PATHNAME', 'otaplan_validate_set'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION otaplan_select(jsonb, jsonb, timestamptz, int) IS
'Which plan of the set (a JSON array of plans) governs the device at now, and its answer, as a line of otaplan select --json (doc/rules.md 14.3)';
COMMENT ON FUNCTION otaplan_validate_set(jsonb, timestamptz) IS
'Every diagnostic of a plan set (a JSON array of plans) as rows: each plan''s under plans[i], then the set''s (doc/rules.md 14.4)';
