-- otaplan 0.3.0 -> 0.4.0 (ALTER EXTENSION otaplan UPDATE): every function
-- gets its comment.
\echo Use "ALTER EXTENSION otaplan UPDATE" to load this file. \quit

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
COMMENT ON FUNCTION otaplan_bucket(text, text) IS
'The rollout bucket b(d) of a device ID under a salt, 0 to 9999 (doc/rules.md 11.1)';
COMMENT ON FUNCTION otaplan_tzdata_version() IS
'The version of the time-zone data the server''s otaplan runs on (doc/rules.md 2.5)';
