-- otaplan 0.5.0: the SQL interface of doc/rules.md section 12.  Each
-- release ships its full script and an upgrade script from the release
-- before (otaplan--0.4.0--0.5.0.sql), so that ALTER EXTENSION otaplan
-- UPDATE works; postgres/test/sql/upgrade.sql checks that both give the
-- same functions.
\echo Use "CREATE EXTENSION otaplan" to load this file. \quit

-- Every function is STABLE (the answers depend on the time-zone data),
-- PARALLEL SAFE (evaluation shares nothing) and STRICT (a NULL argument
-- gives NULL, no error).

CREATE FUNCTION otaplan_validate(plan jsonb, now timestamptz DEFAULT now())
RETURNS TABLE(severity text, code text, path text, message text)
AS 'MODULE_PATHNAME', 'otaplan_validate'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_evaluate(plan jsonb, device jsonb, now timestamptz DEFAULT now(),
                                 tick int DEFAULT 10)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'otaplan_evaluate'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_eligible(plan jsonb, device jsonb, now timestamptz DEFAULT now())
RETURNS text
AS 'MODULE_PATHNAME', 'otaplan_eligible'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_next_push(plan jsonb, device jsonb, now timestamptz DEFAULT now(),
                                  tick int DEFAULT 10)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'otaplan_next_push'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_windows(plan jsonb, "from" timestamptz, "to" timestamptz)
RETURNS SETOF tstzrange
AS 'MODULE_PATHNAME', 'otaplan_windows'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_explain(plan jsonb, device jsonb, now timestamptz DEFAULT now(),
                                tick int DEFAULT 10)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'otaplan_explain'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_select(plans jsonb, device jsonb, now timestamptz DEFAULT now(),
                               tick int DEFAULT 10)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'otaplan_select'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_validate_set(plans jsonb, now timestamptz DEFAULT now())
RETURNS TABLE(severity text, code text, path text, message text)
AS 'MODULE_PATHNAME', 'otaplan_validate_set'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_bucket(salt text, device_id text)
RETURNS int
AS 'MODULE_PATHNAME', 'otaplan_bucket'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_tzdata_version()
RETURNS text
AS 'MODULE_PATHNAME', 'otaplan_tzdata_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

-- What each function answers, for \df+ and the catalog.
COMMENT ON FUNCTION otaplan_validate(jsonb, timestamptz) IS
'Every diagnostic of the plan (doc/rules.md 7) as rows (severity, code, path, message), as otaplan validate --json gives them';
COMMENT ON FUNCTION otaplan_evaluate(jsonb, jsonb, timestamptz, int) IS
'One device''s eligibility and next push under the plan at now, as a line of otaplan evaluate --json (doc/rules.md 5, 6)';
COMMENT ON FUNCTION otaplan_eligible(jsonb, jsonb, timestamptz) IS
'The eligibility reason of the device under the plan at now: ok, or the first check that fails (doc/rules.md 5)';
COMMENT ON FUNCTION otaplan_next_push(jsonb, jsonb, timestamptz, int) IS
'When the platform next pushes the plan to the device, at or after now, on ticks of tick minutes; NULL unless push_at (doc/rules.md 6)';
COMMENT ON FUNCTION otaplan_windows(jsonb, timestamptz, timestamptz) IS
'The plan''s governing window as maximal [start, end) ranges within [from, to), as otaplan windows (doc/rules.md 2.2, 11.3, 11.4)';
COMMENT ON FUNCTION otaplan_explain(jsonb, jsonb, timestamptz, int) IS
'One device''s whole decision: every check with the values compared, each component, how the push was found (doc/rules.md 9.1)';
COMMENT ON FUNCTION otaplan_select(jsonb, jsonb, timestamptz, int) IS
'Which plan of the set (a JSON array of plans) governs the device at now, and its answer, as a line of otaplan select --json (doc/rules.md 14.3)';
COMMENT ON FUNCTION otaplan_validate_set(jsonb, timestamptz) IS
'Every diagnostic of a plan set (a JSON array of plans) as rows: each plan''s under plans[i], then the set''s (doc/rules.md 14.4)';
COMMENT ON FUNCTION otaplan_bucket(text, text) IS
'The rollout bucket b(d) of a device ID under a salt, 0 to 9999 (doc/rules.md 11.1)';
COMMENT ON FUNCTION otaplan_tzdata_version() IS
'The version of the time-zone data the server''s otaplan runs on (doc/rules.md 2.5)';
