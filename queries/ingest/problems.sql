-- The reason each rejected row of the file being imported cannot be loaded, every problem of the row listed.
-- grain: one row per rejected data row. parameters: none; reads the frame ingest_rejected_frame
-- (source_row, field, raw, problem: every staged cell of the rejected rows) registered on this cursor.
-- Each problem is worded from ingest_messages with the column header as it appears in the file.
create or replace temp table ingest_rejected as select * from ingest_rejected_frame;
create or replace temp table ingest_problems as
with worded as (
    select
        c.source_row,
        f.position,
        replace(
            replace(replace(m.template, '{header}', f.header), '{value}', coalesce(c.raw, '')),
            '{expected}', coalesce(f.expected, '')
        ) as message
    from ingest_rejected as c
    inner join ingest_fields as f on f.field = c.field
    inner join ingest_messages as m on m.problem = c.problem
),

final as (
    select source_row, string_agg(message, '；' order by position) as reason  -- cjk: a rejected row keeps its reasons as text (see the issue-12 report)
    from worded
    group by source_row
)

select * from final;
