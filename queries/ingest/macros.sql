-- Temporary macros that turn a ledger's raw text cells into values; created on the import's own cursor.
-- grain: none (definitions only). parameters: none.
-- Every macro returns NULL for text it cannot read, so that the caller can say why in the clerk's words.

-- Whitespace a clerk cannot see: ASCII blanks, the ideographic space, no-break space and a stray BOM.
create or replace temp macro ingest_trim(s) as
    trim(s, ' ' || chr(9) || chr(10) || chr(13) || chr(12288) || chr(160) || chr(65279));

-- Full-width digits and signs typed with a Chinese input method, and thousands separators.
create or replace temp macro ingest_ascii_digits(s) as
    replace(replace(translate(s, '０１２３４５６７８９．－＋／', '0123456789.-+/'), ',', ''), '，', '');

-- A choice or yes/no spelling without any whitespace (matches kaohe.ingest.ledgers.normalise_value).
create or replace temp macro ingest_squash(s) as
    regexp_replace(s, '[\s\x{3000}\x{00a0}]+', '', 'g');

-- A calendar date, only within years a ledger can plausibly cover.
create or replace temp macro ingest_ymd(y, m, d) as
    case when y between 1949 and 2099 then try_cast(printf('%04d-%02d-%02d', y, m, d) as date) end;

-- 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 (a time after it is ignored), 20240305, or an Excel serial
-- number (days since 1899-12-30, which absorbs Excel's phantom 1900-02-29).
create or replace temp macro ingest_parse_date(raw) as (
    with s as (select ingest_ascii_digits(raw) as v)
    select
        case
            when regexp_full_match(v, '(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?([ T]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?')
                then ingest_ymd(
                    regexp_extract(v, '^(\d{4})', 1)::integer,
                    regexp_extract(v, '^\d{4}\s*[-/.年]\s*(\d{1,2})', 1)::integer,
                    regexp_extract(v, '^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*(\d{1,2})', 1)::integer
                )
            when regexp_full_match(v, '\d{8}')
                then ingest_ymd(v[1:4]::integer, v[5:6]::integer, v[7:8]::integer)
            when regexp_full_match(v, '\d{5}(\.\d+)?')
                then case when floor(v::double) between 17899 and 73050
                    then date '1899-12-30' + floor(v::double)::integer end
        end
    from s
);

-- A number with an optional sign and a unit after it ("12人", "1.5小时", "３名"): struct(sign, number).
create or replace temp macro ingest_number_parts(raw) as
    regexp_extract(
        ingest_ascii_digits(raw), '^([+-]?)\s*(\d+(?:\.\d*)?|\.\d+)\s*[^\d.+-]*$', ['sign', 'number']
    );
