-- Record one import with its counts.
-- grain: one row per imported file. parameters: $import_id, $file_name, $sha256, $ledger, $sheet, $encoding,
-- $header_row, $rows_read, $rows_loaded, $rows_skipped, $rows_duplicate, $rows_rejected, $imported_by.
insert into imports (
    import_id, file_name, sha256, ledger, sheet, encoding, header_row, rows_read, rows_loaded, rows_skipped,
    rows_duplicate, rows_rejected, imported_by
)
values (
    $import_id, $file_name, $sha256, $ledger, $sheet, $encoding, $header_row, $rows_read, $rows_loaded,
    $rows_skipped, $rows_duplicate, $rows_rejected, $imported_by
)
