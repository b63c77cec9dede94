SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- The last test: 0.3.0 installed and updated gives the functions of a
-- fresh 0.5.0 install, each with the same volatility, arguments, result and
-- comment.  The view reads the catalog, so it outlives the extension.
CREATE VIEW otaplan_functions AS
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS arguments,
       pg_get_function_result(p.oid) AS result, p.provolatile, p.proparallel, p.proisstrict,
       obj_description(p.oid, 'pg_proc') AS comment
  FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'otaplan';
CREATE TABLE fresh AS TABLE otaplan_functions;
SELECT count(*) AS functions, count(comment) AS commented FROM fresh;
DROP EXTENSION otaplan CASCADE;
CREATE EXTENSION otaplan VERSION '0.3.0';
SELECT extversion FROM pg_extension WHERE extname = 'otaplan';
SELECT count(comment) AS commented_in_0_3_0 FROM otaplan_functions;
ALTER EXTENSION otaplan UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'otaplan';
CREATE TABLE updated AS TABLE otaplan_functions;
-- Rows of one and not the other: none.
(TABLE fresh EXCEPT TABLE updated) UNION ALL (TABLE updated EXCEPT TABLE fresh);
SELECT otaplan_bucket('smart-lock_v2', 'lock-0001') AS still_answers;
