SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
-- The server uses the time-zone data it was pointed at: run.py starts it
-- with ICU_TIMEZONE_FILES_DIR and passes the version it expects (not in
-- the Makefile's REGRESS: an installed server's data is its operator's).
\getenv expected_tzdata OTAPLAN_TZDATA_VERSION
SELECT otaplan_tzdata_version() = :'expected_tzdata'
       AS tzdata_as_configured;
