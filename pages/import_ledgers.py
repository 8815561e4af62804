"""台账导入: upload ledger files, check the detected ledger, column mapping and preview, import, see the counts."""

import json
from functools import partial

import pandas as pd
import streamlit as st

from kaohe import ingest, overview, spreadsheet, ui
from kaohe.store import StoreError
from kaohe.ui import t

ui.require_app_shell()

RESULTS_KEY = "import_results"


def mapping_table(preview: ingest.FilePreview) -> pd.DataFrame:
    """The file's headers beside the fields they load into (ignored columns say so)."""
    return pd.DataFrame(
        {
            t("import.header_col"): [m.header for m in preview.mapping],
            t("import.field_col"): [t(f"field.{m.field}") if m.field else t("import.ignored") for m in preview.mapping],
        }
    )


def rejects_table(rejects: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows as the clerk knows them: row number, reason, then the values under the file's own headers."""
    raw = pd.DataFrame([json.loads(str(value)) for value in rejects["raw"]], dtype="string")
    head = pd.DataFrame({t("import.source_row"): rejects["source_row"], t("import.reason"): rejects["reason"]})
    return pd.concat([head.reset_index(drop=True), raw.reset_index(drop=True)], axis=1)


def show_result(index: int, result: ingest.ImportResult) -> None:
    """The counts of one imported file, its rejected rows and their download."""
    with st.container(border=True):
        st.markdown(f"**{result.file_name}** · {t(f'ledger.{result.ledger}')}")
        if result.already_imported:
            st.info(t("import.already"), icon=":material/info:")
        for column, key, value in zip(
            st.columns(4),
            ("import.loaded", "import.skipped", "import.duplicate", "import.rejected"),
            (result.loaded, result.skipped, result.duplicate, result.rejected),
            strict=True,
        ):
            column.metric(t(key), ui.fmt_count(value))
        if result.rejected:
            st.warning(t("import.done_with_rejects", file=result.file_name, n=result.rejected))
            st.caption(t("import.rejects_table"))
            st.dataframe(
                rejects_table(result.rejects),
                hide_index=True,
                key=f"import_rejects_table_{index}",
                column_config={t("import.reason"): st.column_config.TextColumn(width="large")},
            )
            ui.download_button(
                t("import.rejects_download"),
                partial(ingest.rejects_workbook, result.rejects),
                file_name=f"退回行_{result.file_name.rsplit('.', 1)[0]}.xlsx",
                mime=spreadsheet.XLSX_MIME,
                key=f"import_rejects_download_{index}",
                icon=":material/download:",
            )
        elif not result.already_imported:
            st.success(t("import.done", file=result.file_name), icon=":material/check_circle:")


st.title(t("page.import"))
uploads = st.file_uploader(t("import.upload"), type=["xlsx", "csv"], accept_multiple_files=True, key="import_files")

ready: list[tuple[str, bytes]] = []
for upload in uploads or []:
    data = upload.getvalue()
    with st.container(border=True):
        st.markdown(f"**{upload.name}**")
        try:
            preview = ingest.preview_file(data, upload.name)
        except ingest.IngestError as err:
            st.error(f"{t('import.error')}：{err}", icon=":material/block:")
            continue
        details = [f"{t('import.detected')}：**{t(f'ledger.{preview.ledger}')}**"]
        if preview.sheet:
            details.append(f"{t('import.sheet')}：{preview.sheet}")
        if preview.encoding:
            details.append(f"{t('import.encoding')}：{preview.encoding}")
        details.append(f"{t('import.header_row')}：{preview.header_row}")
        st.markdown("　·　".join(details))
        left, right = st.columns([1, 2])
        with left:
            st.caption(t("import.mapping"))
            st.dataframe(mapping_table(preview), hide_index=True)
        with right:
            st.caption(t("import.preview"))
            st.dataframe(preview.rows.head(20), hide_index=True)
        ready.append((upload.name, data))

if not uploads:
    st.info(t("import.no_files"), icon=":material/upload_file:")
elif ready and st.button(
    f"{t('import.button')}（{t('import.ready', n=len(ready))}）",
    type="primary",
    key="import_submit",
    icon=":material/upload:",
):
    results: list[ingest.ImportResult] = []
    # The import acts for the signed-in user: the library checks their right, and imports/audit record their name.
    viewer = ui.current_viewer()
    for file_name, data in ready:
        try:
            results.append(ingest.import_file(ui.get_store(), data, file_name, viewer=viewer, user=viewer.user))
        except ingest.IngestError as err:
            st.error(f"{t('import.error')}：{err}", icon=":material/block:")
        except StoreError as err:
            # A full disk or an unwritable file: this file was rolled back whole; say so and what to do.
            st.error(err.text(ui.lang()), icon=":material/block:")
    # Kept in the session so the counts survive the reruns that downloads and other widgets cause.
    st.session_state[RESULTS_KEY] = results

if st.session_state.get(RESULTS_KEY):
    st.subheader(t("import.results"))
    for index, result in enumerate(st.session_state[RESULTS_KEY]):
        show_result(index, result)

st.subheader(t("import.history"))
history = overview.import_history(ui.source(), ui.current_viewer())
if history.empty:
    st.caption(t("import.history_empty"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("history.imported_at"): history["imported_at"].dt.strftime("%Y-%m-%d %H:%M:%S"),
                t("history.file_name"): history["file_name"],
                t("history.ledger"): [t(f"ledger.{ledger}") for ledger in history["ledger"]],
                t("history.rows_read"): history["rows_read"],
                t("import.loaded"): history["rows_loaded"],
                t("import.skipped"): history["rows_skipped"],
                t("import.duplicate"): history["rows_duplicate"],
                t("import.rejected"): history["rows_rejected"],
                t("history.imported_by"): history["imported_by"],
            }
        ),
        hide_index=True,
        key="import_history",
    )

stored = overview.stored_rejects(ui.source(), ui.current_viewer())
if not stored.empty:
    with st.expander(t("import.stored_rejects", n=f"{len(stored):,}")):
        table = rejects_table(stored)
        table.insert(0, t("history.file_name"), stored["file_name"].to_numpy())
        st.dataframe(
            table,
            hide_index=True,
            key="import_stored_rejects",
            column_config={t("import.reason"): st.column_config.TextColumn(width="large")},
        )
        ui.download_button(
            t("import.stored_rejects_download"),
            partial(ingest.rejects_workbook, stored),
            file_name="退回行_全部.xlsx",
            mime=spreadsheet.XLSX_MIME,
            key="import_stored_rejects_download",
            icon=":material/download:",
        )
