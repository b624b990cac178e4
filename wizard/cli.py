"""Command line: ``python -m wizard validate | template | score | ...`` (docs/contracts.md).

Exit 0 on success, 2 on bad input with a message naming the file and the problem; never a
traceback for bad input. The shell only parses, calls the core and prints.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from wizard.answers import (
    MAX_ANSWERS_BYTES,
    AnswersFile,
    added_since,
    load_answers,
    parse_answers_bytes,
    quoted,
)
from wizard.config import (
    DEFAULT_QUESTIONNAIRE,
    DEFAULT_WEIGHTS,
    Catalog,
    Questionnaire,
    WeightProfile,
    default_config_paths,
    display_path,
    load_catalog,
    load_weights,
    read_regular_file,
    validate_paths,
)
from wizard.errors import AnswersError, ConfigError, WizardError
from wizard.exports.tables import roadmap_csv
from wizard.guidance import Advice, advise
from wizard.i18n import DEFAULT_LANGUAGE, colon, config_root, languages, paren, t
from wizard.portfolio import compare_cases, judge_portfolio, read_use_cases
from wizard.words.answers import template
from wizard.words.compare import comparison_document, comparison_lines
from wizard.words.document import result_document
from wizard.words.portfolio import (
    change_lines,
    changes_document,
    portfolio_document,
    report_lines,
    roadmap_with_cases,
    summary_lines,
    table_records,
)
from wizard.words.restrictions import (
    law_lines,
    restriction_lines,
    route_family_lines,
    warning_lines,
)
from wizard.words.roadmap import RoadmapRow, advice_rows
from wizard.words.verdict import (
    decision_label,
    dimension_lines,
    flip_lines,
    reasons,
    sensitivity_sentence,
)

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = _Parser(prog="python -m wizard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("validate", help="check questionnaires, weight profiles and data files")
    p.add_argument("paths", nargs="*", type=Path, help="files to check (default: all shipped)")

    p = sub.add_parser("template", help="print an answers-file skeleton")
    p.add_argument("--questionnaire", default=DEFAULT_QUESTIONNAIRE)
    p.add_argument("--lang", choices=languages(), default=DEFAULT_LANGUAGE)
    p.add_argument("--weights", default=DEFAULT_WEIGHTS)

    p = sub.add_parser("score", help="score an answers file")
    p.add_argument("answers", type=Path)
    p.add_argument("--weights", help="profile id or path to a profile YAML")
    p.add_argument("--lang", choices=languages())
    p.add_argument("--roadmap", type=Path, help="write the roadmap CSV here")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)

    p = sub.add_parser("report", help="the one-page PDF report of an answers file")
    p.add_argument("answers", type=Path)
    p.add_argument("--weights", help="profile id or path to a profile YAML")
    p.add_argument("--lang", choices=languages())
    p.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    p.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)

    p = sub.add_parser("compare", help="compare answers files over time (oldest first)")
    p.add_argument("answers", type=Path, nargs="+", help="two or more answers files")
    p.add_argument("--weights", help="profile id or path (default: the latest file's)")
    p.add_argument("--lang", choices=languages())
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)

    p = sub.add_parser("data", help="the reference data: its version and what is due a re-check")
    dsub = p.add_subparsers(dest="data_command", required=True, parser_class=_Parser)
    d = dsub.add_parser(
        "status", help="entries past their age, their sources, and what rests on each"
    )
    d.add_argument(
        "--organisations",
        type=Path,
        help="a folder of sample answers files (default: the project's tests/fixtures)",
    )
    d.add_argument("--lang", choices=languages(), default=DEFAULT_LANGUAGE)
    d.add_argument("--format", choices=("text", "json"), default="text")
    d.add_argument("--today", type=date.fromisoformat, help=argparse.SUPPRESS)

    p = sub.add_parser("workshop", help="workshop data from the shell")
    wsub = p.add_subparsers(dest="workshop_command", required=True, parser_class=_Parser)
    e = wsub.add_parser("export", help="responses CSV, group roadmap CSV and summary of a workshop")
    e.add_argument("code")
    e.add_argument("--out", type=Path, default=Path("."), help="folder for the three files")
    e.add_argument("--lang", choices=languages(), default=DEFAULT_LANGUAGE)
    e.add_argument("--database", help="database URL (default: WIZARD_DATABASE_URL or SQLite)")
    r = wsub.add_parser(
        "reset-key", help="give a workshop a new facilitator key (the old one stops working)"
    )
    r.add_argument("code")
    r.add_argument("--database", help="database URL (default: WIZARD_DATABASE_URL or SQLite)")
    return parser


def _one_line(exc: WizardError, shown: int = 3) -> str:
    """The first problems on one line, then how many more there are in all.

    The count includes those an answers error already left out of its own list.
    """
    lines = list(exc.lines)
    left = 0
    if exc.problems and exc.problems[-1].code == "more_problems":
        lines = lines[:-1]
        left = int(str(exc.problems[-1].values["count"]).replace(",", ""))
    left += max(0, len(lines) - shown)
    return "; ".join(lines[:shown]) + (f" (+{left:,} more)" if left else "")


def cmd_validate(paths: Sequence[Path]) -> int:
    """``validate``: check the given config files (default: all); exit 2 on any problem."""
    targets = list(paths) or default_config_paths(config_root())
    if not targets:
        print(t("cli.no_configs", "en", root=config_root()), file=sys.stderr)
        return EXIT_BAD_INPUT
    errors = validate_paths(targets)
    if errors:
        for line in errors:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    for path in targets:
        print(t("cli.valid", "en", path=display_path(path)))
    print(t("cli.all_valid", "en", count=len(targets)))
    return EXIT_OK


def cmd_template(catalog: Catalog, questionnaire: str, lang: str, weights: str) -> int:
    """``template``: print an answers-file skeleton for a questionnaire."""
    print(template(catalog.questionnaire(questionnaire), lang, weights), end="")
    return EXIT_OK


def _profile(
    catalog: Catalog, option: str | None, from_file: str, dims: Sequence[str], where: str
) -> WeightProfile:
    """The weight profile: ``--weights`` (an id or a YAML path), else the file's ``weights``.

    The answers file's field must name a profile id: a file never makes the command read
    another path on the machine.
    """
    if option:
        path = Path(option)
        if option.endswith((".yaml", ".yml")) or path.exists():
            return load_weights(path, dims)
        if option not in catalog.weights:
            raise AnswersError(
                f"--weights: must be one of {sorted(catalog.weights)} or a YAML path, "
                f"got {option!r}"
            )
        return catalog.weights[option]
    if from_file not in catalog.weights:
        raise AnswersError(
            f"{where}: weights: must be one of {sorted(catalog.weights)} (a profile id; give a "
            f"profile file with --weights), got {quoted(from_file)}"
        )
    return catalog.weights[from_file]


def read_capped(path: Path, limit: int, where: str) -> bytes:
    """A regular file's bytes, at most ``limit`` (see ``read_regular_file``), as answers input."""
    try:
        return read_regular_file(path, limit, where)
    except ConfigError as exc:
        raise AnswersError(exc.lines) from None


def _assess(
    catalog: Catalog, args: argparse.Namespace
) -> tuple[Questionnaire, Advice, str, WeightProfile, AnswersFile]:
    """Read and assess ``args.answers`` (for score and report).

    Returns the questionnaire, the advice, the language, the weight profile and the file.
    """
    where = str(args.answers)
    data = read_capped(args.answers, MAX_ANSWERS_BYTES, where)
    ident = parse_answers_bytes(data, where).get("questionnaire")
    if ident is None:
        raise AnswersError(f"{where}: questionnaire: is required, got nothing")
    if not isinstance(ident, str) or ident not in catalog.questionnaires:
        raise AnswersError(
            f"{where}: questionnaire: must be one of {sorted(catalog.questionnaires)}, "
            f"got {ident!r}"
        )
    q = catalog.questionnaires[ident]
    doc = load_answers(data, q, where)
    lang = args.lang or doc.language
    profile = _profile(catalog, args.weights, doc.weights, q.dimension_ids, where)
    added = added_since(q, doc)
    if added:
        print(
            t(
                "cli.new_questions",
                lang,
                path=where,
                version=doc.questionnaire_version,
                current=q.version,
                questions=", ".join(added),
            ),
            file=sys.stderr,
        )
    advice = advise(catalog, q, profile, doc.answers, args.today)
    return q, advice, lang, profile, doc


def _since(
    catalog: Catalog, q: Questionnaire, profile: WeightProfile, doc: AnswersFile, lang: str
) -> list[str]:
    """A file scored with older reference data: the world's changes since, in words.

    A file that records neither a data version nor a day it was saved (one filled in from the
    template) is a first assessment: nothing to tell.
    """
    from wizard.words.world import since_lines
    from wizard.world import since_last

    if doc.data_version is None and doc.saved_on is None:
        return []
    found = since_last(
        catalog, q, profile, doc.answers, doc.data_version, doc.decision, doc.answers
    )
    return since_lines(q, catalog, found, lang)


def cmd_report(catalog: Catalog, args: argparse.Namespace) -> int:
    """``report``: the one-page PDF of an answers file."""
    from wizard.exports.pdf import ReportInput, build_report

    q, advice, lang, profile, doc = _assess(catalog, args)
    who = doc.respondent.name if doc.respondent is not None else ""
    today = args.today or date.today()
    since = _since(catalog, q, profile, doc, lang)
    cases = read_use_cases(doc.use_cases, q, catalog.use_cases, str(args.answers))
    lines: tuple[str, ...] = ()
    roadmap: tuple[RoadmapRow, ...] = ()
    if cases:
        portfolio = judge_portfolio(
            catalog, q, profile, doc.answers, cases, advice.result.decision, today
        )
        lines = report_lines(portfolio, lang)
        roadmap = tuple(roadmap_with_cases(q, catalog, advice, portfolio, doc.answers, lang))
    info = ReportInput(
        profile, today, subject=who, since=tuple(since), portfolio=lines, roadmap=roadmap
    )
    data = build_report(catalog, q, advice, lang, info)
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        raise AnswersError(f"--out: {args.out}: cannot be written: {exc.strerror}") from None
    print(args.out)
    return EXIT_OK


def cmd_compare(catalog: Catalog, args: argparse.Namespace) -> int:
    """``compare``: scores, decisions, changed answers and closed roadmap rows over time."""
    from wizard.compare import compare, snapshot, with_world

    if len(args.answers) < 2:
        raise AnswersError("compare: needs at least two answers files")
    docs = []
    for path in args.answers:
        where = str(path)
        data = read_capped(path, MAX_ANSWERS_BYTES, where)
        ident = parse_answers_bytes(data, where).get("questionnaire")
        if not isinstance(ident, str) or ident not in catalog.questionnaires:
            raise AnswersError(
                f"{where}: questionnaire: must be one of {sorted(catalog.questionnaires)}, "
                f"got {ident!r}"
            )
        docs.append(
            (
                path,
                catalog.questionnaires[ident],
                load_answers(data, catalog.questionnaires[ident], where),
            )
        )
    q = docs[-1][1]
    if any(other.id != q.id for _, other, _ in docs):
        raise AnswersError("compare: the files are for different questionnaires")
    latest = docs[-1][2]
    lang = args.lang or latest.language
    profile = _profile(catalog, args.weights, latest.weights, q.dimension_ids, str(docs[-1][0]))
    snaps = [
        snapshot(q, advise(catalog, q, profile, doc.answers, args.today), doc, path.name)
        for path, _, doc in docs
    ]
    result = with_world(catalog, q, compare(q, profile, snaps))
    changes = None
    if any(doc.use_cases for _, _, doc in docs[-2:]):
        pair = []
        for (path, _, doc), snap in list(zip(docs, snaps, strict=True))[-2:]:
            cases = read_use_cases(doc.use_cases, q, catalog.use_cases, str(path))
            decision = snap.advice.result.decision
            pair.append(
                judge_portfolio(catalog, q, profile, doc.answers, cases, decision, args.today)
            )
        changes = compare_cases(pair[0], pair[1])
    if args.format == "json":
        doc_out = comparison_document(q, result, lang, catalog)
        if changes is not None:
            doc_out["use_cases"] = changes_document(changes)
        print(json.dumps(doc_out, ensure_ascii=False, indent=2))
    else:
        print("\n".join(comparison_lines(q, result, lang, catalog)))
        if changes is not None:
            print(f"{t('portfolio.changes.title', lang)}{colon(lang).rstrip()}")
            print("\n".join(f"  - {line}" for line in change_lines(changes, lang)))
    return EXIT_OK


def cmd_score(catalog: Catalog, args: argparse.Namespace) -> int:
    """``score``: assess an answers file; text or JSON, and the roadmap CSV on request."""
    q, advice, lang, profile, doc = _assess(catalog, args)
    result, matches, rows = advice.result, advice.matches, advice_rows(q, advice, lang)
    cases = read_use_cases(doc.use_cases, q, catalog.use_cases, str(args.answers))
    portfolio = None
    if cases:
        portfolio = judge_portfolio(
            catalog, q, profile, doc.answers, cases, result.decision, args.today
        )
        rows = roadmap_with_cases(q, catalog, advice, portfolio, doc.answers, lang)
    since = _since(catalog, q, profile, doc, lang)
    if args.roadmap is not None:
        try:
            args.roadmap.write_bytes(roadmap_csv(rows, lang))
        except OSError as exc:
            raise AnswersError(f"{args.roadmap}: cannot be written: {exc.strerror}") from exc
    if args.format == "json":
        doc_out = result_document(q, profile.id, advice, lang)
        doc_out["data_version"] = catalog.data_version
        if portfolio is not None:
            doc_out["use_cases"] = portfolio_document(q, catalog, portfolio, lang)
            doc_out["use_case_summary"] = summary_lines(q, catalog, portfolio, lang)
        if since:
            from wizard.words.world import news_document
            from wizard.world import world_news

            news = world_news(catalog, q, doc.answers, doc.data_version)
            doc_out["since_last_assessment"] = {
                **(news_document(q, catalog, news, lang) or {}),
                "lines": since,
            }
        print(json.dumps(doc_out, ensure_ascii=False, indent=2))
        return EXIT_OK
    c = colon(lang)
    for line in since[:1]:  # the world's changes since the file was scored come first
        print(line)
    for line in since[1:]:
        print(f"  - {line}")
    conf = f"{advice.confidence:.0%}"
    overall = "-" if result.overall is None else f"{result.overall:.1f}"
    print(f"{t('cli.decision', lang)}{c}{decision_label(result, lang)}")
    print(
        f"{t('cli.overall', lang)}{c}{overall}   {t('cli.threshold', lang)}{c}"
        f"{result.threshold:g}   {t('cli.confidence', lang)}{c}{conf}"
    )
    for line in warning_lines(q, advice, lang):
        print(f"{t('cli.warning', lang)}{c}{line}")
    print(f"{t('cli.dimensions', lang)}{c.rstrip()}")
    print("\n".join(dimension_lines(q, result, lang)))
    print(f"{t('cli.reasons', lang)}{c.rstrip()}")
    for line in reasons(q, result, lang):
        print(f"  - {line}")
    print(f"{t('cli.robustness', lang)}{c}{sensitivity_sentence(advice, lang)}")
    print(f"{t('cli.flip_' + advice.flip.target, lang)}{c.rstrip()}")
    steps = flip_lines(q, advice.flip, lang) if advice.flip.found else [t("flip.none", lang)]
    for line in steps:
        print(f"  - {line}")
    if advice.top_route is not None:
        top = advice.top_route
        print(f"{t('cli.top_route', lang)}{c}{top.route.title.get(lang)}")
        for line in route_family_lines(q, top, lang):
            print(f"  {line}")
    print(f"{t('cli.restrictions', lang)}{c.rstrip()}")
    if not matches:
        print(f"  {t('cli.no_restrictions', lang)}")
    else:
        print("\n".join(restriction_lines(q, advice, lang)))
    lines = law_lines(advice, lang)
    if lines:
        print(f"{t('laws.title', lang)}{c.rstrip()}")
        print("\n".join(f"  - {line}" for line in lines))
    if portfolio is not None:
        print(f"{t('portfolio.cli_title', lang)}{c.rstrip()}")
        for line in summary_lines(q, catalog, portfolio, lang):
            print(f"  {line}")
        for i, record in enumerate(table_records(q, catalog, portfolio, lang), 1):
            parts = (
                f"{record['verdict']}{paren(record['quadrant'], lang)}",
                f"{t('portfolio.col.cost', lang)}{c}{record['cost']}",
                f"{t('portfolio.col.value', lang)}{c}{record['value']}",
            )
            print(f"  {i}. {record['name']}{c}{t('wizard.clause_sep', lang).join(parts)}")
            print(f"     {record['reasons']}")
    if args.roadmap is not None:
        print(t("cli.roadmap_written", lang, path=args.roadmap, rows=len(rows)))
    else:
        print(t("cli.roadmap_rows", lang, rows=len(rows)))
    return EXIT_OK


def writable_folder(path: Path) -> Path:
    """``--out``: an existing folder we may write in, or one we can create; one line otherwise."""
    if path.exists() and not path.is_dir():
        raise AnswersError(f"--out: must be a folder, got a file: {path}")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnswersError(f"--out: cannot create the folder {path}: {exc.strerror}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise AnswersError(f"--out: cannot write in the folder {path}")
    return path


def cmd_data_status(catalog: Catalog, args: argparse.Namespace) -> int:
    """``data status``: entries due a re-check, with their sources and what rests on them."""
    from dataclasses import asdict

    from wizard.data_status import data_status
    from wizard.settings import project_root
    from wizard.words.world import status_lines

    folder = args.organisations or project_root() / "tests" / "fixtures"
    samples = []
    if folder.is_dir():
        q = catalog.questionnaire()
        for path in sorted(folder.glob("answers-*.yaml")):
            data = read_capped(path, MAX_ANSWERS_BYTES, str(path))
            samples.append((path.stem.removeprefix("answers-"), load_answers(data, q, str(path))))
    elif args.organisations is not None:
        raise AnswersError(f"--organisations: must be a folder of answers files, got {folder}")
    status = data_status(catalog, args.today or date.today(), samples)
    if args.format == "json":
        print(json.dumps(asdict(status), ensure_ascii=False, indent=2))
    else:
        print("\n".join(status_lines(status, catalog.questionnaire(), args.lang)))
    return EXIT_OK


def cmd_workshop_export(catalog: Catalog, args: argparse.Namespace) -> int:
    """The dashboard's three exports, from the shell (shell access is the facilitator's)."""
    # the workshop modules (SQLAlchemy, pandas) only for this command: validate stays quick
    from wizard.exports.workshop import group_roadmap_csv, responses_csv, summary_markdown
    from wizard.storage import open_existing
    from wizard.workshop.analytics import analyse, persons_from, since_previous

    if args.out.exists() and not args.out.is_dir():
        raise AnswersError(f"--out: must be a folder, got a file: {args.out}")
    # read only: an auditor's copy or a read-only mount exports as well as the live file; and
    # before --out is created, so a typo there makes nothing
    store = open_existing(args.database, read_only=True)
    try:
        found, people = store.all_participants(args.code)
        previous = store.previous(args.code)
    finally:
        store.dispose()
    q = catalog.questionnaire(found.questionnaire)
    profile = catalog.profile(found.weights)
    persons = persons_from(q, people)
    if not persons:
        raise AnswersError(f"workshop {found.code}: has no participants yet, nothing to export")
    out = writable_folder(args.out)
    group = analyse(catalog, q, profile, persons)
    files = {
        f"workshop-{found.code}-responses.csv": responses_csv(
            q, profile, persons, args.lang, catalog
        ),
    }
    if group is None:  # nobody finished: no group roadmap or summary to write yet
        print(t("workshop.no_finished_cli", args.lang), file=sys.stderr)
    else:
        files[f"workshop-{found.code}-roadmap-{args.lang}.csv"] = group_roadmap_csv(
            q, group, args.lang
        )
        since = since_previous(catalog, q, profile, found.title, group, previous)
        rated: tuple = ()
        room_lines: tuple[str, ...] = ()
        if found.use_cases:
            from wizard.exports.workshop import ratings_csv
            from wizard.portfolio import room_portfolio
            from wizard.words.portfolio import room_records, room_report_lines, shown_cases

            scores = [dict(p.ratings) for p in people if p.submitted]
            rated = room_portfolio(
                catalog,
                q,
                profile,
                shown_cases(found.use_cases, catalog.use_cases, args.lang),
                scores,
                group.median_answers,
                group.median_advice.result.decision,
            )
            files[f"workshop-{found.code}-use-cases-{args.lang}.csv"] = ratings_csv(
                room_records(*rated, args.lang), args.lang
            )
            room_lines = room_report_lines(*rated, args.lang)
        files[f"workshop-{found.code}-summary.md"] = summary_markdown(
            q, profile, found.title, group, args.lang, since=since, use_cases=room_lines
        ).encode("utf-8")
        files[f"workshop-{found.code}-report-{args.lang}.pdf"] = _group_pdf(
            catalog, q, profile, group, found.title, args.lang, rated
        )
    for name, data in files.items():
        try:
            (out / name).write_bytes(data)
        except OSError as exc:
            raise AnswersError(f"{out / name}: cannot be written: {exc.strerror}") from exc
        print(out / name)
    return EXIT_OK


def _group_pdf(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    group: Any,
    title: str,
    lang: str,
    rated: tuple = (),
) -> bytes:
    """The group's one-page PDF; in English, with a note, where no Chinese font exists."""
    from wizard.exports.pdf import ReportError, group_report
    from wizard.words.portfolio import room_report_lines

    def build(target: str) -> bytes:
        cases = room_report_lines(*rated, target) if rated else ()
        return group_report(catalog, q, profile, group, title, target, date.today(), cases)

    try:
        return build(lang)
    except ReportError as exc:
        print(f"warning: {exc.lines[0]}", file=sys.stderr)
        return build("en")


def cmd_workshop_reset_key(args: argparse.Namespace) -> int:
    """A facilitator who lost the key gets a new one from a machine with database access."""
    from wizard.storage import open_existing

    store = open_existing(args.database)
    try:
        key = store.reset_key(args.code)
    finally:
        store.dispose()
    print(key)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        return _run(argv)
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.paths)
        catalog = load_catalog(config_root())
        if args.command == "template":
            return cmd_template(catalog, args.questionnaire, args.lang, args.weights)
        if args.command == "workshop" and args.workshop_command == "reset-key":
            return cmd_workshop_reset_key(args)
        if args.command == "workshop":
            return cmd_workshop_export(catalog, args)
        if args.command == "report":
            return cmd_report(catalog, args)
        if args.command == "data":
            return cmd_data_status(catalog, args)
        if args.command == "compare":
            return cmd_compare(catalog, args)
        return cmd_score(catalog, args)
    except WizardError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
