-- otaplan 0.5.0: the SQL interface of doc/rules.md section 12.  Each
-- release ships its full script and an upgrade script from the release
-- before (otaplan--0.4.0--0.5.0.sql), so that ALTER EXTENSION otaplan
-- UPDATE works; postgres/test/sql/upgrade.sql checks that both give the
-- same functions.
\echo Use "CREATE EXTENSION otaplan" to load this file. \quit

-- Every function but otaplan_tzdata_version() is IMMUTABLE: its answer
-- depends on its arguments and the time-zone data alone, which count as
-- fixed between refreshes (as for PostgreSQL's own timezone(text,
-- timestamptz); doc/rules.md 12 says what an operator does after one).  A
-- call that leaves now to its default now() is stable as a whole.  Every
-- function is PARALLEL SAFE (evaluation shares nothing) and STRICT (a NULL
-- argument gives NULL, no error).

-- The reasons of otaplan_eligible(): an enum, so that a condition on it is
-- evaluated on a postgres_fdw shard (a text compared with 'ok' is not:
-- doc/rules.md 12.1); comparisons with 'ok' work as with text.
CREATE TYPE otaplan_reason AS ENUM (
  'ok', 'plan_not_active', 'plan_terminated', 'plan_ended', 'plan_suspended', 'plan_not_started',
  'wrong_product', 'blacklisted', 'not_whitelisted', 'outside_rollout', 'rollout_pending',
  'already_succeeded', 'retries_exhausted', 'in_progress', 'no_applicable_component', 'low_signal',
  'low_battery', 'component_missing', 'at_target', 'source_mismatch', 'version_not_specified',
  'version_unordered', 'below_range', 'above_range', 'newer_than_target', 'appointment_missed',
  'no_plan');

CREATE FUNCTION otaplan_validate(plan jsonb, now timestamptz DEFAULT now())
RETURNS TABLE(severity text, code text, path text, message text)
AS 'MODULE_PATHNAME', 'otaplan_validate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_evaluate(plan jsonb, device jsonb, now timestamptz DEFAULT now(),
                                 tick int DEFAULT 10)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'otaplan_evaluate'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_eligible(plan jsonb, device jsonb, now timestamptz DEFAULT now())
RETURNS otaplan_reason
AS 'MODULE_PATHNAME', 'otaplan_eligible'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_next_push(plan jsonb, device jsonb, now timestamptz DEFAULT now(),
                                  tick int DEFAULT 10)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'otaplan_next_push'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_windows(plan jsonb, "from" timestamptz, "to" timestamptz)
RETURNS SETOF tstzrange
AS 'MODULE_PATHNAME', 'otaplan_windows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_explain(plan jsonb, device jsonb, now timestamptz DEFAULT now(),
                                tick int DEFAULT 10)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'otaplan_explain'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_select(plans jsonb, device jsonb, now timestamptz DEFAULT now(),
                               tick int DEFAULT 10)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'otaplan_select'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_validate_set(plans jsonb, now timestamptz DEFAULT now())
RETURNS TABLE(severity text, code text, path text, message text)
AS 'MODULE_PATHNAME', 'otaplan_validate_set'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_bucket(salt text, device_id text)
RETURNS int
AS 'MODULE_PATHNAME', 'otaplan_bucket'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_tzdata_version()
RETURNS text
AS 'MODULE_PATHNAME', 'otaplan_tzdata_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

-- What each function answers, for \df+ and the catalog.
COMMENT ON TYPE otaplan_reason IS
'Why a device may not be upgraded: ok first, then the checks of doc/rules.md 5 in their order (with 11''s between), the components'' reasons (5, 13), appointment_missed (6) and no_plan (14.3)';
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
