-- Freeze one publication: the header with the frozen rows as JSON (the only statement that writes
-- published_results; there is no update or delete).
-- grain: one new row, returned. parameters: $period, $revision, $scheme_id, $scheme_version, $scheme_hash,
-- $result_hash, $dimensions (list), $units, $lines, $adjustments (JSON text), $published_by, $published_at, $note.
insert into published_results (
    period, revision, scheme_id, scheme_version, scheme_hash, result_hash, dimensions, units, lines, adjustments,
    published_by, published_at, note
)
values (
    $period, $revision, $scheme_id, $scheme_version, $scheme_hash, $result_hash, $dimensions, $units, $lines,
    $adjustments, $published_by, $published_at, $note
)
returning publication_id
