-- Temporary macros that turn a ledger's raw text cells into values; created on the import's own cursor.
-- grain: none (definitions only). parameters: none.
-- Every macro returns NULL for text it cannot read, so that the caller can say why in the clerk's words.

-- Values arrive trimmed, and date and number columns NFKC-normalised (full-width digits made ASCII), by the
-- staging step in kaohe.ingest.body; what is left here is thousands separators.
create or replace temp macro ingest_digits(s) as replace(s, ',', '');

-- A choice or yes/no spelling without any whitespace (matches kaohe.ingest.ledgers.normalise_value).
create or replace temp macro ingest_squash(s) as
    regexp_replace(s, '[\s\x{3000}\x{00a0}]+', '', 'g');

-- A calendar date, only within years a ledger can plausibly cover.
create or replace temp macro ingest_ymd(y, m, d) as
    case when y between 1949 and 2099 then try_cast(printf('%04d-%02d-%02d', y, m, d) as date) end;

create or replace temp macro ingest_plausible(d) as case when year(d) between 1949 and 2099 then d end;

-- A time of day after a date is read only to be checked (a ledger keeps the day): hours 0-23, minutes and
-- seconds 0-59; no time at all is fine.
create or replace temp macro ingest_time_ok(parts) as
    case
        when parts.hh = '' then true
        else try_cast(parts.hh as integer) < 24 and try_cast(parts.mi as integer) < 60
            and coalesce(try_cast(nullif(parts.ss, '') as integer), 0) < 60
    end;

-- A date written with separators, split into its parts (all '' when the text is not such a date).
create or replace temp macro ingest_date_parts(v) as
    regexp_extract(
        v,
        '^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?'  -- cjk: date spellings offices write
        || '(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$',
        ['y', 'm', 'd', 'hh', 'mi', 'ss']
    );

-- A date with an impossible time after it ("2025-03-05T25:00"): rejected, never read as the bare date.
create or replace temp macro ingest_bad_time(v) as
    case when ingest_date_parts(v).y <> '' then not ingest_time_ok(ingest_date_parts(v)) else false end;

-- 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 (a valid time after it is ignored), 20240305, or an Excel serial
-- number (days since 1899-12-30, which absorbs Excel's phantom 1900-02-29). Plain nested expressions, no
-- subqueries: a macro with a subquery becomes a correlated join per cell.
create or replace temp macro ingest_date_from_parts(v, ymd) as
    case
        when ymd.y <> '' and ingest_time_ok(ymd) then ingest_ymd(ymd.y::integer, ymd.m::integer, ymd.d::integer)
        when ymd.y <> '' then null
        when regexp_full_match(v, '\d{8}') then ingest_ymd(v[1:4]::integer, v[5:6]::integer, v[7:8]::integer)
        when regexp_full_match(v, '\d{5}(\.\d+)?') and floor(v::double) between 17899 and 73050
            then date '1899-12-30' + floor(v::double)::integer
    end;

create or replace temp macro ingest_date_from(v) as ingest_date_from_parts(v, ingest_date_parts(v));

-- The common ISO spelling takes a fast cast; everything else goes through the patterns above.
create or replace temp macro ingest_parse_date(v) as
    case
        when regexp_full_match(v, '\d{4}-\d{2}-\d{2}')
            then ingest_plausible(try_cast(v as date))
        else ingest_date_from(v)
    end;

-- A number with an optional sign and a unit after it ("12人", "1.5小时", "３名"): struct(sign, number).
create or replace temp macro ingest_number_parts(raw) as
    case
        when regexp_full_match(raw, '\d{1,15}') then {'sign': '', 'number': raw}
        else regexp_extract(
            ingest_digits(raw), '^([+-]?)\s*(\d+(?:\.\d*)?|\.\d+)\s*[^\d.+-]*$', ['sign', 'number']
        )
    end;
