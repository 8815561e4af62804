"""台账导入: upload ledger files, check the detected ledger, map columns the importer does not know, import, see
the counts; download blank templates, keep saved header spellings and the units' codes."""

import hashlib
import json
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from kaohe import formats, ingest, overview, spreadsheet, ui
from kaohe.ingest import coverage, roster, template
from kaohe.store import StoreError
from kaohe.ui import t

ui.require_app_shell()

RESULTS_KEY = "import_results"
NOTICE_KEY = "import_notice"  # a message that must survive the rerun after a change (saved, removed, renamed)
MAPPED_COLUMNS_SHOWN = 48  # a file with hundreds of filler columns lists this many in the mapping step


@dataclass(frozen=True)
class Plan:
    """How to import one uploaded file: as which ledger (None: detect) and with which column mapping."""

    name: str
    data: bytes
    ledger: str | None
    mapping: dict[str, str]
    save: bool


def show_error(err: ingest.IngestError) -> None:
    """A refusal in the session's language, shown literally (a file name may hold Markdown)."""
    st.error(t("import.error_line", message=ui.escape_markdown(err.render(ui.lang()))), icon=":material/block:")


def field_name(field: str) -> str:
    """A field (or IGNORE) as the mapping step lists it."""
    return t("import.ignored") if field == ingest.IGNORE else t(f"field.{field}")


def ledger_names() -> dict[str, str]:
    """Each ledger's name in the session's language, worded now: a widget's format_func may run after the script
    (AppTest calls it outside the run, where the session's language is not at hand)."""
    return {name: t(f"ledger.{name}") for name in ingest.LEDGERS}


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


def codes_table(codes: pd.DataFrame) -> pd.DataFrame:
    """The codes a roster's units got: assigned now, or kept from the stored unit of the same name or alias."""
    return pd.DataFrame(
        {
            t("import.code_col.unit_id"): codes["unit_id"],
            t("import.code_col.name"): codes["name"],
            t("import.code_col.kind"): codes["kind"],
            t("import.code_col.state"): [t("import.code_new" if a else "import.code_kept") for a in codes["assigned"]],
        }
    )


def mapping_step(sha: str, base: ingest.FilePreview) -> tuple[str, dict[str, str], bool]:
    """The mapping widgets of one file, starting from how the importer reads it (`base`).

    Returns the ledger chosen, the columns whose field the user changed (header → field or IGNORE) and whether
    to save those spellings. Widget keys carry the file's hash and the ledger: import_map_<sha12>_ledger,
    import_map_<sha12>_<ledger>_<column>, import_map_<sha12>_save.
    """
    ledgers = ingest.load_ledgers()
    ledger = st.selectbox(
        t("import.map_ledger"),
        list(ledgers),
        index=list(ledgers).index(base.ledger),
        format_func=ledger_names().__getitem__,
        key=f"import_map_{sha}_ledger",
    )
    st.caption(t("import.map_help"))
    fields = ledgers[ledger].fields
    options = [ingest.IGNORE, *(f.name for f in fields)]
    required = {f.name for f in fields if f.required}

    shown = {f: t("import.map_required", field=field_name(f)) if f in required else field_name(f) for f in options}

    # Mapped columns first, then the others, so that a file with hundreds of filler columns stays usable.
    mapped = [i for i, m in enumerate(base.mapping) if m.field]
    others = [i for i, m in enumerate(base.mapping) if not m.field]
    listed = sorted((mapped + others)[:MAPPED_COLUMNS_SHOWN])
    changed: dict[str, str] = {}
    grid = st.columns(3)
    for n, i in enumerate(listed):
        column = base.mapping[i]
        automatic = column.field if base.ledger == ledger and column.field in options else ingest.IGNORE
        example = base.examples[i]
        picked = grid[n % 3].selectbox(
            ui.escape_markdown(column.header),
            options,
            index=options.index(automatic or ingest.IGNORE),
            format_func=shown.__getitem__,
            help=t("import.map_example", value=ui.escape_markdown(example)) if example else None,
            key=f"import_map_{sha}_{ledger}_{column.column}",
        )
        if picked != automatic:
            changed[column.header] = picked
    if len(base.mapping) > len(listed):
        st.caption(t("import.map_more", n=len(base.mapping) - len(listed)))
    save = st.checkbox(t("import.map_save"), key=f"import_map_{sha}_save", disabled=not changed)
    return ledger, changed, save


def file_card(upload: Any, saved: tuple[ingest.SavedSpelling, ...]) -> Plan | None:
    """Preview one upload, with its mapping step; return how to import it, or None when it cannot be."""
    data: bytes = upload.getvalue()
    name = str(upload.name)
    sha = hashlib.sha256(data).hexdigest()[:12]
    st.markdown(f"**{ui.escape_markdown(name)}**")
    chosen = st.session_state.get(f"import_map_{sha}_ledger")
    problem: ingest.IngestError | None = None
    try:
        base = ingest.preview_file(data, name, chosen, saved=saved)
    except ingest.HeaderMismatch as mismatch:
        if not isinstance(mismatch.closest, ingest.FilePreview):  # no header row at all: nothing to map
            show_error(mismatch)
            return None
        base, problem = mismatch.closest, mismatch
    except ingest.IngestError as err:
        show_error(err)
        return None
    # What is wrong comes first, above the mapping step, though it is known only once the step has been read.
    alerts = st.container()
    with st.expander(t("import.map_title"), expanded=problem is not None, icon=":material/table_convert:"):
        ledger, changed, save = mapping_step(sha, base)
    preview = base
    if changed or ledger != base.ledger:
        try:
            preview = ingest.preview_file(data, name, ledger, mapping=changed, saved=saved)
            problem = None
        except ingest.HeaderMismatch as mismatch:
            closest = mismatch.closest
            preview, problem = (closest if isinstance(closest, ingest.FilePreview) else base), mismatch
        except ingest.IngestError as err:
            show_error(err)
            return None
    if problem is not None:
        with alerts:
            show_error(problem)
            missing = [t(f"field.{f}") for f in preview.missing]
            if missing:
                st.warning(t("import.map_missing", fields=t("list.separator").join(missing)), icon=":material/rule:")
    details = [ui.pair(t("import.detected"), f"**{t(f'ledger.{preview.ledger}')}**")]
    if preview.sheet:
        details.append(ui.pair(t("import.sheet"), ui.escape_markdown(preview.sheet)))
    if preview.encoding:
        details.append(ui.pair(t("import.encoding"), preview.encoding))
    details.append(ui.pair(t("import.header_row"), preview.header_row))
    st.markdown(t("format.dot").join(details))
    left, right = st.columns([1, 2])
    with left:
        st.caption(t("import.mapping"))
        ui.table(mapping_table(preview), hide_index=True)
    if len(preview.rows.columns):  # nothing mapped yet: no preview to show
        with right:
            st.caption(t("import.preview"))
            ui.table(preview.rows.head(20), hide_index=True)
    if preview.needs_codes:
        st.info(t("import.codes_needed"), icon=":material/tag:")
    note = coverage.absent_note(ingest.load_ledgers()[preview.ledger], preview.absent)
    if note is not None and problem is None:
        st.caption(":material/info: " + ui.escape_markdown(note.render(ui.lang())))
    if problem is not None:
        return None
    return Plan(name, data, ledger if changed else chosen, changed, save)


def show_result(index: int, result: ingest.ImportResult) -> None:
    """The counts of one imported file, the codes a roster's units got, notes, rejected rows and their download."""
    file_name = ui.escape_markdown(result.file_name)
    with st.container(border=True):
        st.markdown(f"**{file_name}** · {t(f'ledger.{result.ledger}')}")
        if result.already_imported:
            st.info(t("import.already"), icon=":material/info:")
        for column, key, value in zip(
            st.columns(4),
            ("import.loaded", "import.skipped", "import.duplicate", "import.rejected"),
            (result.loaded, result.skipped, result.duplicate, result.rejected),
            strict=True,
        ):
            column.metric(t(key), ui.fmt_count(value))
        for warning in result.warnings:
            st.warning(ui.escape_markdown(warning.render(ui.lang())), icon=":material/info:")
        if len(result.codes):
            st.caption(t("import.codes"))
            ui.table(codes_table(result.codes), hide_index=True, key=f"import_codes_table_{index}")
        if result.rejected:
            st.warning(t("import.done_with_rejects", file=file_name, n=result.rejected))
            st.caption(t("import.rejects_table"))
            ui.table(
                rejects_table(result.rejects),
                hide_index=True,
                key=f"import_rejects_table_{index}",
                column_config={t("import.reason"): st.column_config.TextColumn(width="large")},
            )
            ui.download_button(
                t("import.rejects_download"),
                partial(ingest.rejects_workbook, result.rejects, ui.lang()),
                file_name=t("import.rejects_file", name=result.file_name.rsplit(".", 1)[0]),
                mime=spreadsheet.XLSX_MIME,
                key=f"import_rejects_download_{index}",
                icon=":material/download:",
            )
        elif not result.already_imported:
            st.success(t("import.done", file=file_name), icon=":material/check_circle:")


def templates_section() -> None:
    """A blank template per ledger, written when the button is clicked (units from the roster)."""
    with st.expander(t("import.template"), icon=":material/download:"):
        st.caption(t("import.template_help"))
        ledger = st.selectbox(
            t("import.template_ledger"),
            ingest.LEDGERS,
            index=ingest.LEDGERS.index("services"),
            format_func=ledger_names().__getitem__,
            key="import_template_ledger",
        )
        language = ui.lang()

        def workbook() -> bytes:
            store = ui.get_store()
            units, categories = template.roster_names(store), template.service_categories(store)
            return template.template_workbook(ledger, units, categories, language)

        ui.download_button(
            t("import.template_download"),
            workbook,
            file_name=template.template_file_name(ledger, language),
            mime=spreadsheet.XLSX_MIME,
            key="import_template_download",
            icon=":material/description:",
        )


def spellings_section() -> None:
    """The header spellings users saved, each removable (audited)."""
    saved = ingest.spellings_table(ui.get_store())
    if saved.empty:
        return
    with st.expander(t("import.aliases", n=len(saved)), icon=":material/spellcheck:"):
        st.caption(t("import.aliases_help"))
        ui.table(
            pd.DataFrame(
                {
                    t("import.alias_col.ledger"): [t(f"ledger.{x}") for x in saved["ledger"]],
                    t("import.alias_col.header"): saved["header"],
                    t("import.alias_col.field"): [field_name(f) for f in saved["field"]],
                    t("import.alias_col.saved_by"): [formats.person(w, ui.lang()) for w in saved["saved_by"]],
                    t("import.alias_col.saved_at"): saved["saved_at"].dt.strftime("%Y-%m-%d %H:%M"),
                }
            ),
            hide_index=True,
            key="import_aliases_table",
        )
        rows = list(saved.itertuples(index=False))
        ledgers = ledger_names()
        choices = [f"{ledgers[r.ledger]} · {r.header} → {field_name(r.field)}" for r in rows]
        picked = st.selectbox(
            t("import.alias_pick"), range(len(rows)), format_func=choices.__getitem__, key="import_alias_pick"
        )
        if st.button(t("import.alias_remove"), key="import_alias_remove", icon=":material/delete:"):
            row = rows[picked]
            try:
                ingest.remove_spelling(ui.get_store(), ui.current_viewer(), str(row.ledger), str(row.spelling))
            except ingest.IngestError as err:
                show_error(err)
            else:
                st.session_state[NOTICE_KEY] = t("import.alias_removed", header=row.header)
                st.rerun()


def codes_section() -> None:
    """The units' codes, and a form to change one (audited; refused once assessor input names the unit)."""
    units = roster.unit_codes(ui.get_store())
    with st.expander(t("import.units"), icon=":material/tag:"):
        if units.empty:
            st.caption(t("import.units_empty"))
            return
        st.caption(t("import.units_help"))
        ui.table(
            pd.DataFrame(
                {
                    t("import.code_col.unit_id"): units["unit_id"],
                    t("import.code_col.name"): units["name"],
                    t("import.code_col.kind"): units["kind"],
                }
            ),
            hide_index=True,
            key="import_units_table",
        )
        names = dict(zip(units["unit_id"], units["name"], strict=True))
        left, right = st.columns([2, 1])
        unit_id = left.selectbox(
            t("import.code_unit"),
            list(names),
            format_func=ui.named_choice(names),
            key="import_code_unit",
        )
        new_code = right.text_input(t("import.code_new_value"), key="import_code_new", max_chars=roster.CODE_LENGTH)
        if st.button(t("import.code_save"), key="import_code_save", icon=":material/edit:"):
            try:
                done = roster.set_unit_code(ui.get_store(), ui.current_viewer(), unit_id, new_code)
            except ingest.IngestError as err:
                show_error(err)
            else:
                st.session_state[NOTICE_KEY] = done.render(ui.lang())
                st.rerun()


st.title(t("page.import"))
if notice := st.session_state.pop(NOTICE_KEY, None):
    st.success(ui.escape_markdown(notice), icon=":material/check_circle:")
templates_section()
uploads = ui.file_uploader(t("import.upload"), ["xlsx", "csv"], accept_multiple_files=True, key="import_files")

saved_spellings = ingest.saved_spellings(ui.get_store())
ready: list[Plan] = []
for upload in uploads or []:
    with st.container(border=True):
        plan = file_card(upload, saved_spellings)
    if plan is not None:
        ready.append(plan)

if not uploads:
    st.info(t("import.no_files"), icon=":material/upload_file:")
elif ready and st.button(
    t("format.name_code", name=t("import.button"), code=t("import.ready", n=len(ready))),
    type="primary",
    key="import_submit",
    icon=":material/upload:",
):
    results: list[ingest.ImportResult] = []
    # The import acts for the signed-in user: the library checks their right, and imports/audit record their name.
    viewer = ui.current_viewer()
    for plan in ready:
        try:
            if plan.save and plan.mapping and plan.ledger:
                saved_n = ingest.save_spellings(ui.get_store(), viewer, plan.ledger, plan.mapping)
                st.success(t("import.map_saved", n=saved_n), icon=":material/spellcheck:")
            results.append(
                ingest.import_file(
                    ui.get_store(),
                    plan.data,
                    plan.name,
                    ledger=plan.ledger,
                    mapping=plan.mapping or None,
                    viewer=viewer,
                    user=viewer.user,
                    lang=ui.lang(),
                )
            )
        except ingest.IngestError as err:
            show_error(err)
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
    ui.table(
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
                t("history.imported_by"): [formats.person(w, ui.lang()) for w in history["imported_by"]],
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
        ui.table(
            table,
            hide_index=True,
            key="import_stored_rejects",
            column_config={t("import.reason"): st.column_config.TextColumn(width="large")},
        )
        ui.download_button(
            t("import.stored_rejects_download"),
            partial(ingest.rejects_workbook, stored, ui.lang()),
            file_name=t("import.rejects_file", name=t("import.rejects_all")),
            mime=spreadsheet.XLSX_MIME,
            key="import_stored_rejects_download",
            icon=":material/download:",
        )

spellings_section()
codes_section()
