-- otaplan 0.3.0: the SQL interface of doc/rules.md section 12.  Later
-- versions ship an upgrade script otaplan--0.3.0--X.Y.Z.sql beside a full
-- otaplan--X.Y.Z.sql, so that ALTER EXTENSION otaplan UPDATE works.
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

CREATE FUNCTION otaplan_bucket(salt text, device_id text)
RETURNS int
AS 'MODULE_PATHNAME', 'otaplan_bucket'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

CREATE FUNCTION otaplan_tzdata_version()
RETURNS text
AS 'MODULE_PATHNAME', 'otaplan_tzdata_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
