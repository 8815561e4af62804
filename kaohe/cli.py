"""The `kaohe` command: build the demo database, import ledgers, run read-only SQL, manage users, back up.

Exit status: 0 on success (an import with quarantined rows is a success and says so), 1 on a clear error
about the input, 2 on a usage error. `--json` prints exactly one JSON object on stdout, an error included
(`{"error": {"code": …, "message": …}}`). A database the running app holds, one that is not a whole
database, or a disk that is full is said in words with what to do, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from kaohe.access import AccessDenied
from kaohe.ingest.ledgers import LEDGERS
from kaohe.labels import LabelledError, label
from kaohe.store import Store, StoreError, default_db_path

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
LEDGER_CHOICES = LEDGERS  # every ledger kaohe/ingest/ledgers.toml defines


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(label("cli.usage_error").format(message=message), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None, help=label("cli.help.db"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `kaohe` command, its help in the process's language ($KAOHE_LANG)."""
    parser = _Parser(prog="kaohe", description=label("cli.help.description"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = sub.add_parser("demo", help=label("cli.help.demo"))
    _db_option(demo)
    demo.add_argument("--json", action="store_true", help=label("cli.help.json"))

    imp = sub.add_parser("import", help=label("cli.help.import"))
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _db_option(imp)
    imp.add_argument("--ledger", choices=LEDGER_CHOICES, default=None)
    imp.add_argument(
        "--map",
        default=None,
        metavar=label("cli.help.map_metavar"),
        help=label("cli.help.map"),
    )
    imp.add_argument("--json", action="store_true", help=label("cli.help.json"))
    imp.add_argument("--user", default="cli", help=label("cli.help.user"))

    template = sub.add_parser("template", help=label("cli.help.template"))
    template.add_argument(
        "ledger", choices=LEDGER_CHOICES, metavar="LEDGER", help=label("list.separator").join(LEDGER_CHOICES)
    )
    template.add_argument("--out", type=Path, default=None, help=label("cli.help.template_out"))
    _db_option(template)

    sql = sub.add_parser("sql", help=label("cli.help.sql"))
    sql.add_argument("statement")
    _db_option(sql)
    sql.add_argument("--format", choices=["csv", "json"], default="csv")
    sql.add_argument("--max-rows", type=int, default=10_000)

    score = sub.add_parser("score", help=label("cli.help.score"))
    score.add_argument("--period", required=True, help=label("cli.help.period"))
    _db_option(score)
    score.add_argument("--scheme", type=Path, default=None, help=label("cli.help.scheme_file"))
    score.add_argument(
        "--as-of", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
        help=label("cli.help.as_of"),
    )  # fmt: skip
    score.add_argument("--published", action="store_true", help=label("cli.help.published"))
    score.add_argument("--out", type=Path, default=None, help=label("cli.help.score_out"))
    score.add_argument("--issuer", default=None, help=label("cli.help.score_issuer"))
    score.add_argument("--json", action="store_true", help=label("cli.help.score_json"))
    checks = sub.add_parser("checks", help=label("cli.help.checks"))
    checks.add_argument("--period", required=True, help=label("cli.help.period"))
    _db_option(checks)
    checks.add_argument("--json", action="store_true", help=label("cli.help.checks_json"))
    report = sub.add_parser("report", help=label("cli.help.report"))
    report.add_argument("--period", required=True, help=label("cli.help.report_period"))
    report.add_argument("--out", type=Path, required=True, help=label("cli.help.report_out"))
    _db_option(report)
    report.add_argument("--issuer", default=None, help=label("cli.help.report_issuer"))
    report.add_argument(
        "--date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help=label("cli.help.report_date")
    )
    report.add_argument("--number", default=None, help=label("cli.help.report_number"))
    report.add_argument("--json", action="store_true", help=label("cli.help.json"))
    _users_parser(sub)
    _scheme_parser(sub)

    backup = sub.add_parser("backup", help=label("cli.help.backup"))
    _db_option(backup)
    backup.add_argument("--out", type=Path, default=None, metavar="DIR", help=label("cli.help.backup_out"))
    backup.add_argument("--json", action="store_true", help=label("cli.help.json"))

    restore = sub.add_parser("restore", help=label("cli.help.restore"))
    restore.add_argument("file", type=Path, metavar="FILE", help=label("cli.help.restore_file"))
    _db_option(restore)
    restore.add_argument("--json", action="store_true", help=label("cli.help.json"))
    return parser


def _scheme_parser(sub: Any) -> None:
    """`kaohe scheme import|list|activate`: scoring methods stored as versions, one of them in force per period."""
    scheme = sub.add_parser("scheme", help=label("cli.help.scheme"))
    actions = scheme.add_subparsers(dest="scheme_command", required=True, parser_class=_Parser)
    imp = actions.add_parser("import", help=label("cli.help.scheme_import"))
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--activate", action="store_true", help=label("cli.help.scheme_activate_flag"))
    _db_option(imp)
    listing = actions.add_parser("list", help=label("cli.help.scheme_list"))
    listing.add_argument("--period", required=True)
    _db_option(listing)
    listing.add_argument("--json", action="store_true", help=label("cli.help.json"))
    act = actions.add_parser("activate", help=label("cli.help.scheme_activate"))
    act.add_argument("--period", required=True)
    act.add_argument("--version", type=int, required=True)
    act.add_argument("--note", default=None, help=label("cli.help.scheme_note"))
    _db_option(act)


def _users_parser(sub: Any) -> None:
    """`kaohe users add|disable|enable|passwd|list`; passwords come from a prompt or stdin, never an argument."""
    users = sub.add_parser("users", help=label("cli.help.users"))
    actions = users.add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    add = actions.add_parser("add", help=label("cli.help.users_add"))
    add.add_argument("name", metavar="NAME", help=label("cli.help.user_name"))
    add.add_argument("--role", required=True, choices=["secretary", "assessor", "analyst", "branch", "leader", "admin"])
    add.add_argument("--unit", default=None, metavar="UNIT_ID", help=label("cli.help.unit"))
    add.add_argument("--leader", default=None, metavar=label("cli.help.leader_metavar"), help=label("cli.help.leader"))
    add.add_argument("--display-name", default=None, help=label("cli.help.display_name"))
    add.add_argument("--password-stdin", action="store_true", help=label("cli.help.password_stdin"))
    _db_option(add)
    for name in ("disable", "enable", "unlock"):
        action = actions.add_parser(name, help=label(f"cli.help.users_{name}"))
        action.add_argument("name", metavar="NAME")
        _db_option(action)
    passwd = actions.add_parser("passwd", help=label("cli.help.users_passwd"))
    passwd.add_argument("name", metavar="NAME")
    passwd.add_argument("--password-stdin", action="store_true", help=label("cli.help.password_stdin"))
    _db_option(passwd)
    listing = actions.add_parser("list", help=label("cli.help.users_list"))
    _db_option(listing)
    listing.add_argument("--json", action="store_true", help=label("cli.help.json"))


def _result_dict(result: Any) -> dict[str, Any]:
    data = asdict(result)
    data.pop("rejects", None)
    codes = data.pop("codes", None)
    if codes is not None and len(codes):
        data["codes"] = codes[["source_row", "unit_id", "name", "assigned"]].to_dict("records")
    if "warnings" in data:
        data["warnings"] = [w.render() for w in result.warnings]
    return data


def _import_summary(r: Any) -> str:
    """One file's counts: loaded, duplicate, skipped, rejected."""
    return label("cli.import.summary").format(
        file=r.file_name,
        ledger=r.ledger,
        loaded=r.loaded,
        duplicate=r.duplicate,
        skipped=r.skipped,
        rejected=r.rejected,
    )


def _cmd_demo(args: argparse.Namespace) -> int:
    from kaohe.demo_build import build_demo

    db = args.db or default_db_path()
    with Store(db) as store:
        results = build_demo(store)
    summary = {
        "db": str(db),
        "files": [_result_dict(r) for r in results],
        "rows_loaded": sum(r.loaded for r in results),
        "rows_rejected": sum(r.rejected for r in results),
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        for r in results:
            print(_import_summary(r))
        print(label("cli.demo.built").format(db=db))
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from kaohe.ingest import IngestError, import_path, parse_map

    try:
        mapping = parse_map(args.map) if args.map else None
    except IngestError as exc:
        print(label("cli.usage_error").format(message=exc), file=sys.stderr)
        return EXIT_USAGE
    db = args.db or default_db_path()
    results, errors = [], []
    with Store(db) as store:
        for path in args.files:
            try:
                results.append(import_path(store, path, ledger=args.ledger, mapping=mapping, user=args.user))
            except (IngestError, StoreError) as exc:
                errors.append({"file": str(path), "error": str(exc)})
            except OSError as exc:
                errors.append(
                    {"file": str(path), "error": label("cli.import.unreadable").format(why=exc.strerror or exc)}
                )
    if args.json:
        payload = {"db": str(db), "files": [_result_dict(r) for r in results], "errors": errors}
        print(json.dumps(payload, ensure_ascii=False, default=str))
    else:
        for r in results:
            if r.already_imported:
                print(label("cli.import.already").format(file=r.file_name))
                continue
            print(_import_summary(r))
            for row in r.rejects.itertuples():
                print("  " + label("cli.import.reject").format(row=row.source_row, reason=row.reason))
            for code in r.codes.itertuples():
                state = label("import.code_new" if code.assigned else "import.code_kept")
                print("  " + label("cli.import.code").format(unit_id=code.unit_id, name=code.name, state=state))
            for warning in r.warnings:
                print("  " + label("format.pair").format(field=label("import.warning"), value=warning))
        for e in errors:
            print(label("cli.import.failed").format(file=e["file"], error=e["error"]), file=sys.stderr)
    return EXIT_INPUT if errors else EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from kaohe.ingest.template import roster_names, service_categories, template_file_name, template_workbook

    db = args.db or default_db_path()
    units: list[str] = []
    categories: list[str] = []
    if db.exists():  # the drop-downs list the roster when there is a database; a template never creates one
        with Store(db) as store:
            units, categories = roster_names(store), service_categories(store)
    out = args.out or Path(template_file_name(args.ledger))
    try:
        out.write_bytes(template_workbook(args.ledger, units, categories))
    except OSError as exc:
        print(f"kaohe template: {exc}", file=sys.stderr)
        return EXIT_INPUT
    print(label("template.written").format(file=out, n=len(units)))
    return EXIT_OK


def _cmd_sql(args: argparse.Namespace) -> int:
    from kaohe import spreadsheet
    from kaohe.sandbox import SandboxError, run_readonly

    db = args.db or default_db_path()
    try:
        result = run_readonly(db, args.statement, row_cap=args.max_rows)
    except SandboxError as exc:
        print(f"kaohe sql: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.format == "json":
        rows = json.loads(result.frame.to_json(orient="records", date_format="iso", force_ascii=False))
        print(json.dumps({"rows": rows, "truncated": result.truncated}, ensure_ascii=False))
    else:
        # Through the one spreadsheet writer: output redirected to a .csv must not carry live formulas.
        sys.stdout.write(spreadsheet.csv_text(result.frame, line_terminator="\n"))
        if result.truncated_by == "bytes":
            megabytes = f"{result.byte_cap / 1024 / 1024:g}"
            print(label("sandbox.truncated_bytes").format(n=len(result.frame), megabytes=megabytes), file=sys.stderr)
        elif result.truncated:
            print(label("cli.sql.truncated").format(n=args.max_rows), file=sys.stderr)
    return EXIT_OK


def _score_json(shown: Any) -> dict[str, Any]:
    result = shown.score

    def records(frame: Any) -> list[dict[str, Any]]:
        return list(json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False)))

    from kaohe.labels import current_language
    from kaohe.scoring import explained

    lines = records(result.lines.assign(explanation=explained(result.lines, result.scheme, current_language())))
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        by_unit.setdefault(line["unit_id"], []).append(line)
    adjustments: dict[str, list[dict[str, Any]]] = {}
    for item in records(result.adjustments):
        adjustments.setdefault(item["unit_id"], []).append(item)
    units = []
    for unit in records(result.units):
        unit["dimensions"] = {d: unit.pop(d) for d in result.dimensions}
        unit["lines"] = by_unit.get(unit["unit_id"], [])
        unit["adjustments"] = adjustments.get(unit["unit_id"], [])
        units.append(unit)
    scheme = {"id": result.scheme.id, "version": result.scheme.version, "name": result.scheme.name}
    publication = shown.publication
    return {
        "period": result.period.code,
        "status": shown.status.value,
        "provisional": shown.status.value == "provisional",
        "as_of": None if result.as_of is None else result.as_of.isoformat(),
        "pending": result.pending,
        "units_scored": shown.units_scored,
        "publication": None
        if publication is None
        else {
            "revision": publication.revision,
            "published_at": publication.published_at.isoformat(),
            "published_by": publication.published_by,
            "result_hash": publication.result_hash,
            "matches": publication.result_hash == result.result_hash,
        },
        "scheme": scheme,
        "result_hash": result.result_hash,
        "units": units,
    }


def _cmd_score(args: argparse.Namespace) -> int:
    from kaohe import formats, results
    from kaohe.access import LOCAL_VIEWER
    from kaohe.export import format_of, gather, record_export, write_export
    from kaohe.export_content import ExportError
    from kaohe.labels import current_language
    from kaohe.periods import PeriodError, parse_period
    from kaohe.scheme import SchemeError, load_scheme
    from kaohe.scoring import ScoringError

    db = args.db or default_db_path()
    lang = current_language()
    try:
        period = parse_period(args.period)
        scheme = load_scheme(args.scheme) if args.scheme is not None else None
        if args.out is not None:
            format_of(args.out)  # refuse a wrong suffix before the work of scoring
        with Store(db) as store:
            as_of = args.as_of if args.as_of is not None else results.default_cutoff(store, period)
            # The command line acts for the local user, who may see comments and the data-quality details.
            shown = results.view(
                store, LOCAL_VIEWER, period, as_of=as_of, scheme=scheme, published=args.published or None
            )
            if args.out is not None:
                context = gather(store, shown, LOCAL_VIEWER, lang=lang, issuer=args.issuer)
                write_export(context, args.out)
                record_export(store, context, format_of(args.out))
    except (PeriodError, SchemeError, ScoringError, ExportError, OSError) as exc:
        print(f"kaohe score: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except AccessDenied as exc:
        print(f"kaohe score: {exc}", file=sys.stderr)
        return EXIT_INPUT
    if args.json:
        print(json.dumps(_score_json(shown), ensure_ascii=False))
        return EXIT_OK
    result = shown.score
    provisional = shown.status is results.Status.PROVISIONAL
    units = result.units.assign(
        total=[formats.score(v) for v in result.units["total"]],
        grade=[formats.grade(g, provisional, lang) for g in result.units["grade"]],
        **{d: [formats.score(v) for v in result.units[d]] for d in result.dimensions},
    )
    columns = ["rank", "unit", "kind", "total", "grade", *result.dimensions]
    names = {c: label(f"score.{c}", lang) for c in ("rank", "unit", "kind", "total", "grade")}
    table = units[columns].rename(columns=names)
    print(label("cli.score.heading", lang).format(name=result.scheme.name, period=period.code, n=shown.units_scored))
    print(formats.status(shown, lang))
    print(table.to_string(index=False))
    for row in units[units["vetoed"]].itertuples():
        vetoed = label("format.note", lang).format(text=row.unit, note=row.veto_reason)
        print(label("format.pair", lang).format(field=label("score.vetoed", lang), value=vetoed))
    print(label("format.pair", lang).format(field=label("score.result_hash", lang), value=result.result_hash))
    if args.out is not None:
        print(label("cli.written", lang).format(path=args.out))
    return EXIT_OK


# How many of a flag's rows the text listing prints (--json lists them all).
CHECK_ROWS_SHOWN = 10


def _cmd_checks(args: argparse.Namespace) -> int:
    from kaohe import checks
    from kaohe.access import LOCAL_VIEWER
    from kaohe.labels import current_language
    from kaohe.periods import PeriodError, parse_period

    lang = current_language()
    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        print(f"kaohe checks: {exc}", file=sys.stderr)
        return EXIT_INPUT
    with Store(args.db or default_db_path()) as store:
        # The command line acts for the local user, who may read the assessors' working papers.
        found = checks.report(store, LOCAL_VIEWER, period)
    if args.json:
        print(json.dumps(checks.as_json(found, lang), ensure_ascii=False))
        return EXIT_OK
    flags = found.flags
    print(label("cli.checks.heading", lang).format(period=period.code, n=len(flags), open=len(found.open_flags)))
    for _, reason in found.skipped:
        print(label(reason, lang))
    for record in flags.to_dict("records"):
        flag = {str(k): v for k, v in record.items()}
        status = label(f"check.status.{flag['status']}", lang)
        name = label(f"check.{flag['check_id']}.name", lang)
        print()
        print(
            label("cli.checks.flag", lang).format(status=status, unit=flag["unit"], unit_id=flag["unit_id"], check=name)
        )
        print(f"  {checks.explain(flag, lang)}")
        if flag["stale"]:
            print(f"  {label('check.stale', lang)}")
        if flag["verdict"] is not None:
            print("  " + label("cli.checks.review", lang).format(by=flag["reviewed_by"], note=flag["note"]))
        rows = found.rows_of(str(flag["unit_id"]), str(flag["check_id"]), str(flag["subject"]))
        for row in rows.head(CHECK_ROWS_SHOWN).to_dict("records"):
            note = checks.row_note(str(flag["check_id"]), row["figures"], lang)
            place = label("cli.checks.row", lang).format(file=row["source_file"], row=row["source_row"])
            gap = label("format.gap", lang)
            print("  - " + gap.join(str(part) for part in (place, row["row_date"], row["detail"], note) if part))
        if len(rows) > CHECK_ROWS_SHOWN:
            print("  " + label("cli.checks.more", lang).format(n=len(rows)))
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from kaohe import report, report_files
    from kaohe.access import LOCAL_VIEWER
    from kaohe.export_content import ExportError
    from kaohe.labels import current_language
    from kaohe.periods import PeriodError, parse_period

    db = args.db or default_db_path()
    lang = current_language()
    try:
        period = parse_period(args.period)
        fmt = report.format_of(args.out)
        with Store(db) as store:
            made = report.build(
                store, LOCAL_VIEWER, period, issuer=args.issuer, issued_on=args.date, number=args.number, lang=lang
            )
            args.out.write_bytes(report_files.report_bytes(made, fmt))
            report.record(store, LOCAL_VIEWER, made, fmt)
    except (PeriodError, ExportError, OSError) as exc:
        print(f"kaohe report: {exc}", file=sys.stderr)
        return EXIT_INPUT
    revision = made.publication.revision
    if args.json:
        payload = {
            "period": period.code,
            "out": str(args.out),
            "format": fmt,
            "revision": revision,
            "result_hash": made.publication.result_hash,
            "units": made.units_scored,
            "grades": dict(made.grades),
            "recommended": made.recommended["unit"].tolist(),
            "ineligible": made.ineligible["unit"].tolist(),
            "awards_confirmed": made.awards_confirmed,
            "rectification_items": len(made.rectify),
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(label("cli.report.written", lang).format(path=args.out, period=period.code, revision=revision))
        if made.honour is not None and not made.awards_confirmed:
            print(label("report.unconfirmed", lang), file=sys.stderr)
    return EXIT_OK


def _read_password(from_stdin: bool) -> str:
    """A new password from one line of stdin, or typed twice at a prompt that does not echo it."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass(label("cli.password.new"))
    if getpass.getpass(label("cli.password.again")) != first:
        from kaohe.auth import AuthError

        raise AuthError("auth.error.passwords_differ")
    return first


def _cmd_users(args: argparse.Namespace) -> int:
    from kaohe.access import LOCAL_VIEWER
    from kaohe.auth import Accounts, AuthError

    db = args.db or default_db_path()
    # Whoever can run this command can open the database file anyway: it acts as the local user.
    viewer = LOCAL_VIEWER
    try:
        with Store(db) as store:
            accounts = Accounts(store)
            if args.users_command == "add":
                password = _read_password(args.password_stdin)
                account = accounts.add_user(
                    viewer,
                    args.name,
                    password,
                    args.role,
                    display_name=args.display_name,
                    unit_id=args.unit,
                    leader=args.leader,
                )
                scope = label("cli.users.unit").format(unit=account.unit_id) if account.unit_id else ""
                scope += label("cli.users.leader").format(leader=account.leader) if account.leader else ""
                print(label("cli.users.added").format(user=account.user_name, role=account.role.value, scope=scope))
            elif args.users_command == "unlock":
                accounts.unlock(viewer, args.name)
                print(label("users.unlocked_done").format(user=args.name))
            elif args.users_command in ("disable", "enable"):
                accounts.set_disabled(viewer, args.name, args.users_command == "disable")
                print(label(f"users.{args.users_command}d_done").format(user=args.name))
            elif args.users_command == "passwd":
                accounts.set_password(viewer, args.name, _read_password(args.password_stdin))
                print(label("cli.users.password_reset").format(user=args.name))
            else:
                listed = accounts.accounts(viewer)
                if args.json:
                    payload = {"users": [asdict(a) | {"role": a.role.value} for a in listed]}
                    print(json.dumps(payload, ensure_ascii=False, default=str))
                else:
                    for a in listed:
                        state = label(f"cli.users.{'disabled' if a.disabled else 'locked' if a.locked else 'active'}")
                        scope = a.unit_id or a.leader or "-"
                        print(f"{a.user_name}\t{a.display_name}\t{a.role.value}\t{scope}\t{state}")
                    if not listed:
                        print(label("cli.users.none"))
    except AuthError as exc:
        print(f"kaohe users: {exc}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _cmd_scheme(args: argparse.Namespace) -> int:
    from kaohe import workflow
    from kaohe.access import LOCAL_VIEWER
    from kaohe.periods import PeriodError, parse_period
    from kaohe.scheme import SchemeError, load_scheme

    db = args.db or default_db_path()
    try:
        with Store(db) as store:
            if args.scheme_command == "import":
                scheme = load_scheme(args.file)
                put_in_force = workflow.adopt_scheme(store, LOCAL_VIEWER, scheme)
                if args.activate and not put_in_force:
                    current = workflow.in_force(store, scheme.period)
                    if (current.scheme.id, current.scheme.version) != (scheme.id, scheme.version):
                        workflow.activate(store, LOCAL_VIEWER, scheme.id, scheme.version)
                    put_in_force = True
                state = label("cli.scheme.in_force" if put_in_force else "cli.scheme.not_in_force")
                print(label("cli.scheme.imported").format(scheme=scheme.label, name=scheme.name, state=state))
            elif args.scheme_command == "list":
                period = parse_period(args.period)
                force = workflow.in_force(store, period)
                rows = workflow.versions(store, force.scheme.id)
                listed = [
                    {"version": int(r["version"]), "name": str(r["name"]), "saved_by": r["saved_by"],
                     "in_force": int(r["version"]) == force.scheme.version}
                    for r in rows.to_dict("records")
                ]  # fmt: skip
                if args.json:
                    payload = {"period": period.code, "scheme_id": force.scheme.id, "in_force": force.scheme.version,
                               "from_file": not listed, "versions": listed}  # fmt: skip
                    print(json.dumps(payload, ensure_ascii=False, default=str))
                else:
                    said = label("cli.scheme.current")
                    print(said.format(period=period.code, scheme=force.scheme.label, name=force.scheme.name))
                    for item in listed:
                        mark = label("cli.scheme.current_mark") if item["in_force"] else ""
                        line = label("cli.scheme.version").format(
                            version=item["version"], name=item["name"], by=item["saved_by"] or "—", mark=mark
                        )
                        print("  " + line)
                    if not listed:
                        print("  " + label("cli.scheme.from_file").format(source=force.scheme.source))
            else:
                period = parse_period(args.period)
                scheme_id = workflow.in_force(store, period).scheme.id
                done = workflow.activate(store, LOCAL_VIEWER, scheme_id, args.version, args.note)
                print(label("cli.scheme.activated").format(scheme=done.scheme.label, name=done.scheme.name))
    except (PeriodError, SchemeError) as exc:
        print(f"kaohe scheme: {exc}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _cmd_backup(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kaohe.backup import make_backup, settings_from_env

    db = args.db or default_db_path()
    settings = settings_from_env(Path(db))
    if args.out is not None:
        settings = replace(settings, folder=args.out)
    with Store(db) as store:
        made = make_backup(store, settings)
    if args.json:
        payload = {"db": str(db), "backup": str(made.path), "bytes": made.size, "kept": settings.keep}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(label("backup.made").format(path=made.path, size=f"{made.size / 1024 / 1024:.1f} MB"))
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from kaohe.backup import restore

    db = Path(args.db or default_db_path())
    done = restore(db, args.file)
    if args.json:
        payload = {
            "db": str(done.database),
            "restored_from": str(args.file),
            "schema_version": done.schema_version,
            "replaced": None if done.replaced is None else str(done.replaced),
        }
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(label("backup.restored").format(backup=args.file, path=done.database, version=done.schema_version))
        if done.replaced is not None:
            print(label("backup.replaced_kept").format(path=done.replaced))
    return EXIT_OK


COMMANDS = {
    "demo": _cmd_demo,
    "import": _cmd_import,
    "sql": _cmd_sql,
    "score": _cmd_score,
    "checks": _cmd_checks,
    "report": _cmd_report,
    "users": _cmd_users,
    "scheme": _cmd_scheme,
    "template": _cmd_template,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `kaohe` command and return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except LabelledError as err:
        # The database held by the app, unreadable, a full disk, a backup that will not do: said, not traced.
        if getattr(args, "json", False) or getattr(args, "format", None) == "json":
            print(json.dumps({"error": {"code": err.key, "message": str(err)}}, ensure_ascii=False))
        else:
            print(f"kaohe {args.command}: {err}", file=sys.stderr)
        return EXIT_INPUT
