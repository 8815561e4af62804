-- The reason each rejected row of the file being imported cannot be loaded, every problem of the row listed.
-- grain: one row per data row with at least one problem. parameters: none.
-- Each problem is worded from ingest_messages with the column header as it appears in the file.
create or replace temp table ingest_problems as
with bad_cells as (
    select c.source_row, c.field, c.problem from ingest_cells as c where c.problem is not null
),

raw_cells as (
    unpivot (select * from ingest_stage semi join bad_cells using (source_row))
    on columns(* exclude (source_row)) into name field value raw
),

worded as (
    select
        b.source_row,
        f.position,
        replace(
            replace(replace(m.template, '{header}', f.header), '{value}', coalesce(ingest_trim(r.raw), '')),
            '{expected}', coalesce(f.expected, '')
        ) as message
    from bad_cells as b
    inner join ingest_fields as f on f.field = b.field
    inner join ingest_messages as m on m.problem = b.problem
    inner join raw_cells as r on r.source_row = b.source_row and r.field = b.field
),

final as (
    select source_row, string_agg(message, '；' order by position) as reason
    from worded
    group by source_row
)

select * from final
