-- otaplan 0.4.0 -> 0.5.0 (ALTER EXTENSION otaplan UPDATE): plan sets
-- (doc/rules.md 14), the functions IMMUTABLE, and otaplan_eligible() an
-- enum (doc/rules.md 12, 12.1).  otaplan_eligible() is dropped and created
-- again (a function's result type cannot be altered): a view or index that
-- uses it must be dropped before the update and made again after it.
\echo Use "ALTER EXTENSION otaplan UPDATE" to load this file. \quit

CREATE TYPE otaplan_reason AS ENUM (
  'ok', 'plan_not_active', 'plan_terminated', 'plan_ended', 'plan_suspended', 'plan_not_started',
  'wrong_product', 'blacklisted', 'not_whitelisted', 'outside_rollout', 'rollout_pending',
  'already_succeeded', 'retries_exhausted', 'in_progress', 'no_applicable_component', 'low_signal',
  'low_battery', 'component_missing', 'at_target', 'source_mismatch', 'version_not_specified',
  'version_unordered', 'below_range', 'above_range', 'newer_than_target', 'appointment_missed',
  'no_plan');

ALTER FUNCTION otaplan_validate(jsonb, timestamptz) IMMUTABLE;
ALTER FUNCTION otaplan_evaluate(jsonb, jsonb, timestamptz, int) IMMUTABLE;
ALTER FUNCTION otaplan_next_push(jsonb, jsonb, timestamptz, int) IMMUTABLE;
ALTER FUNCTION otaplan_windows(jsonb, timestamptz, timestamptz) IMMUTABLE;
ALTER FUNCTION otaplan_explain(jsonb, jsonb, timestamptz, int) IMMUTABLE;
ALTER FUNCTION otaplan_bucket(text, text) IMMUTABLE;

DROP FUNCTION otaplan_eligible(jsonb, jsonb, timestamptz);
CREATE FUNCTION otaplan_eligible(plan jsonb, device jsonb, now timestamptz DEFAULT now())
RETURNS otaplan_reason
AS 'MODULE_PATHNAME', 'otaplan_eligible'
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

COMMENT ON FUNCTION otaplan_select(jsonb, jsonb, timestamptz, int) IS
'Which plan of the set (a JSON array of plans) governs the device at now, and its answer, as a line of otaplan select --json (doc/rules.md 14.3)';
COMMENT ON FUNCTION otaplan_validate_set(jsonb, timestamptz) IS
'Every diagnostic of a plan set (a JSON array of plans) as rows: each plan''s under plans[i], then the set''s (doc/rules.md 14.4)';
COMMENT ON TYPE otaplan_reason IS
'Why a device may not be upgraded: ok first, then the checks of doc/rules.md 5 in their order (with 11''s between), the components'' reasons (5, 13), appointment_missed (6) and no_plan (14.3)';
COMMENT ON FUNCTION otaplan_eligible(jsonb, jsonb, timestamptz) IS
'The eligibility reason of the device under the plan at now: ok, or the first check that fails (doc/rules.md 5)';
