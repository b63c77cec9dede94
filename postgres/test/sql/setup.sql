SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- The extension installs, with the functions of doc/rules.md section 12,
-- all STABLE, PARALLEL SAFE and STRICT.
CREATE EXTENSION otaplan;
SELECT extversion FROM pg_extension WHERE extname = 'otaplan';
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments,
       pg_get_function_result(p.oid) AS result,
       p.provolatile, p.proparallel, p.proisstrict
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'otaplan'
 ORDER BY p.proname;
-- Every function has its comment (\df+ shows it).
SELECT p.proname AS without_comment
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'otaplan'
 WHERE obj_description(p.oid, 'pg_proc') IS NULL;
