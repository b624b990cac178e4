"""Use cases as people give them: attributes, templates, and reading them from files.

An answers file's ``use_cases``, a backlog CSV, the editor's rows: each read with the same
checks, every problem naming its case and field.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from wizard.answers import answers_error, clean_name, nearest, quoted, value_kind
from wizard.config import Questionnaire, UseCaseData
from wizard.config.ids import (
    BODY_TYPE,
    DATA_CLASS,
    MODELS,
    RISK_TIERS,
    ROUTE,
)
from wizard.errors import AnswersError, Problem

Verdict = Literal["act_now", "wait", "not_allowed"]
NOT_ALLOWED: Verdict = "not_allowed"
VERDICTS: tuple[Verdict, ...] = ("act_now", "wait", "not_allowed")
QUADRANTS = ("start_now", "prepare_first", "strategic_bet", "not_now")
SERVES = ("staff", "customers", "citizens", "patients")
BUILD = ("build", "buy")
#: data classes that need a DPIA before a case starts, and the tiers that need human oversight
NEEDS_DPIA = ("personal", "regulated")
NEEDS_OVERSIGHT = ("high", "annex-i")
PROHIBITED = "prohibited"
#: gate codes that inform without holding the case
NOTES = (
    "family_dropped",
    "advised",
    "duties_build",
    "duties_buy",
    "duties_build_device",
    "duties_buy_device",
    "automated_decisions",
    "fria",
    "gpu_floor",
    "no_price",
    "costs_more",
)
#: hours in a month: a self-hosted model's GPU runs all of them, busy or not
HOURS_A_MONTH = 730
MAX_NAME = 120
MAX_OWNER = 120
#: the columns of a use-case file (CSV) and the keys of a use case in an answers file, in order
COLUMNS = (
    "id",
    "name",
    "template",
    "serves",
    "data_class",
    "risk_tiers",
    "models",
    "route",
    "requests_per_month",
    "tokens_per_request",
    "size",
    "value_per_year",
    "value",
    "weeks_to_value",
    "owner",
    "dpia_done",
    "oversight",
    "build",
    "client_bodies",
)
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")


@dataclass(frozen=True)
class UseCase:
    """One candidate use case as the person gave it.

    ``None`` (or empty): the template's or else the organisation's answer holds.
    """

    id: str
    name: str
    template: str | None = None
    serves: str | None = None
    data_class: str | None = None
    risk_tiers: tuple[str, ...] | None = None
    models: tuple[str, ...] | None = None
    route: str | None = None
    requests_per_month: int | None = None
    tokens_per_request: int | None = None
    size: str | None = None
    value_per_year: float | None = None
    value: str | None = None
    weeks_to_value: int | None = None
    owner: str = ""
    dpia_done: bool | None = None
    oversight: bool | None = None
    build: str | None = None
    client_bodies: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The attributes given, for an answers file (lists as lists; unset ones left out)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == "" or value == ():
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def with_template(case: UseCase, data: UseCaseData | None) -> UseCase:
    """``case`` with its template's attributes where it gives none."""
    template = data.templates_by_id.get(case.template or "") if data is not None else None
    if template is None:
        return case
    return replace(
        case,
        serves=case.serves or template.serves,
        data_class=case.data_class or template.data_class,
        risk_tiers=case.risk_tiers if case.risk_tiers is not None else template.risk_tiers or None,
        size=case.size or template.size,
        value=case.value or template.value,
        weeks_to_value=case.weeks_to_value or template.weeks_to_value,
    )


def template_row(template_id: str, name: str, data: UseCaseData | None) -> dict[str, Any]:
    """A new row from a template: ``name`` and the template's attributes, written out.

    Written into the row (not left to the template) so the table shows what the case will be
    judged on; the person then changes what differs.
    """
    case = with_template(UseCase(id="", name=name, template=template_id), data)
    return {k: v for k, v in case.as_dict().items() if k != "id"}


# --------------------------------------------------------------------------- reading
def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}" if slug else f"uc-{digest}"


_TRUE = {"true", "yes", "y", "1", "是", "done", "x"}
_FALSE = {"false", "no", "n", "0", "否", ""}


def _to_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError


def _to_number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return float(value) + 0.0  # -0.0 reads as 0
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "").replace(" ", "")
        if text.startswith("$"):
            text = text[1:]
        if len(text) > 40:
            raise ValueError  # no amount or volume takes forty digits
        return float(text) + 0.0
    raise ValueError


def _to_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[;|,]", value) if p.strip()]
    if isinstance(value, list | tuple):
        return list(value)
    raise TypeError


def _choices(q: Questionnaire, data: UseCaseData | None) -> dict[str, tuple[str, ...] | None]:
    def options(qid: str) -> tuple[str, ...] | None:
        question = q.questions_by_id.get(qid)
        return tuple(question.option_ids) if question is not None else None

    routes = options(ROUTE)
    families = q.questions_by_id.get(MODELS)
    return {
        "template": tuple(data.templates_by_id) if data is not None else (),
        "serves": SERVES,
        "data_class": options(DATA_CLASS),
        "risk_tiers": options(RISK_TIERS),
        "models": tuple(o.id for o in families.options) if families is not None else None,
        "route": tuple(r for r in routes if r != "none") if routes is not None else None,
        "size": tuple(data.sizes) if data is not None else (),
        "value": tuple(data.values) if data is not None else (),
        "build": BUILD,
        "client_bodies": options(BODY_TYPE),
    }


_MULTI = ("risk_tiers", "models", "client_bodies")
_INTS = {"requests_per_month": 0, "tokens_per_request": 1, "weeks_to_value": 1}
_MAXIMA = {"requests_per_month": 10**9, "tokens_per_request": 10**6, "weeks_to_value": 104}
_BOOLS = ("dpia_done", "oversight")


def max_cases(data: UseCaseData | None) -> int:
    """How many use cases a portfolio may hold."""
    return data.max_cases if data is not None else 15


def read_use_cases(
    raw: Any,
    q: Questionnaire,
    data: UseCaseData | None,
    source: str = "answers file",
) -> tuple[UseCase, ...]:
    """Validate a list of use cases (from an answers file, a CSV file or the editor).

    Raises:
        AnswersError: one problem per wrong field, each naming ``use_cases[i].field``.
    """
    prefix = f"{source}: " if source else ""
    where0 = f"{prefix}use_cases"
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise AnswersError(
            [f"{where0}: must be a list of use cases, got {value_kind(raw)}"],
            [Problem(where0, "multi_type", {"kind": value_kind(raw)})],
        )
    most = max_cases(data)
    if len(raw) > most:
        problem = Problem(where0, "too_many_use_cases", {"limit": most, "got": len(raw)})
        raise AnswersError(
            [f"{where0}: must hold at most {most} use cases, got {len(raw)}"], [problem]
        )
    choices = _choices(q, data)
    problems: list[Problem] = []
    cases: list[UseCase] = []
    seen: set[str] = set()
    unknown: set[str] = set()
    for i, item in enumerate(raw):
        where = f"{prefix}use_cases[{i}]"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, "field_mapping", {"kind": value_kind(item)}))
            continue
        values: dict[str, Any] = {}
        failed: set[str] = set()
        for key, value in item.items():
            key = _shown(key).strip()
            at = f"{where}.{key}"
            if key not in COLUMNS:
                # once per wrong column, and only the first few: a file of thousands of
                # made-up columns costs no more than one with a typo
                if key not in unknown and len(unknown) < MAX_UNKNOWN_NAMED:
                    unknown.add(key)
                    near = nearest(key, COLUMNS)
                    got = f"{quoted(key)} ({near})"
                    problems.append(Problem(at, "field_unknown", {"got": got}))
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                values[key] = _field(key, value, choices, at, problems)
            except _Skip:
                failed.add(key)
                continue
        name = values.get("name")
        if not name:
            if "name" not in failed:  # a name that did not fit says so once, not twice
                problems.append(Problem(f"{where}.name", "field_missing", {}))
            continue
        ident = values.pop("id", None) or _slug(name)
        if ident in seen:
            problems.append(Problem(f"{where}.id", "repeated_use_case", {"got": quoted(ident)}))
            continue
        seen.add(ident)
        cases.append(UseCase(id=ident, **values))
    if problems:
        raise answers_error(problems)
    return tuple(cases)


#: How many different wrong column names a file's refusal names (each with its nearest).
MAX_UNKNOWN_NAMED = 10


def _shown(value: Any, limit: int = 60) -> str:
    """A value as text for a message, cut (and a number too long to print, said so)."""
    try:
        return str(value)[:limit]
    except ValueError:  # an integer of more than 4,300 digits
        return "(a number of thousands of digits)"


class _Skip(Exception):
    """A field that did not fit: its problem is recorded, the field left out."""


def _field(
    key: str,
    value: Any,
    choices: Mapping[str, tuple[str, ...] | None],
    at: str,
    problems: list[Problem],
) -> Any:
    def fail(code: str, **found: Any) -> _Skip:
        problems.append(Problem(at, code, found))
        return _Skip()

    if key in ("name", "owner"):
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise fail("field_text", kind=value_kind(value))
        limit = MAX_NAME if key == "name" else MAX_OWNER
        raw = _shown(value, 10_001)
        if len(raw) > 10_000:
            raise fail("field_too_long", limit=limit, got=f"{len(raw):,}+")
        text = clean_name(raw, 10_000)
        if len(text) > limit:
            raise fail("field_too_long", limit=limit, got=len(text))
        if key == "name" and not text:
            raise fail("field_empty")
        return text
    if key == "id":
        text = str(value).strip()
        if not _ID.match(text):
            raise fail("use_case_id", got=quoted(text[:60]))
        return text
    if key in _MULTI:
        try:
            items = [_shown(x, 200).strip() for x in _to_list(value)][:50]
        except TypeError:
            raise fail("multi_type", kind=value_kind(value)) from None
        allowed = choices.get(key)
        wrong = [x for x in items if allowed is not None and x not in allowed]
        if wrong:
            near = nearest(wrong[0][:60], allowed or ())
            raise fail("multi_option", options=near, got=wrong[0][:60], more="")
        return tuple(dict.fromkeys(items))
    if key in _BOOLS:
        try:
            return _to_bool(value)
        except ValueError:
            raise fail("field_bool", got=quoted(_shown(value))) from None
    if key in _INTS or key == "value_per_year":
        try:
            number = _to_number(value)
        except (ValueError, TypeError, OverflowError):
            raise fail("field_number", got=quoted(_shown(value))) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise fail("field_number", got=quoted(_shown(value)))
        low = _INTS.get(key, 0)
        if number < low:
            raise fail("field_min", limit=low, got=f"{number:g}")
        high = _MAXIMA.get(key, 10**12)
        if number > high:
            raise fail("field_max", limit=f"{high:,}", got=f"{number:,.0f}")
        if key in _INTS:
            if number != int(number):
                raise fail("field_integer", got=f"{number:g}")
            return int(number)
        return float(number)
    allowed = choices.get(key)
    text = str(value).strip()
    if allowed is not None and text not in allowed:
        raise fail("single_option", options=nearest(text, allowed), got=text[:60])
    return text


# --------------------------------------------------------------------------- a backlog file
MAX_CSV_BYTES = 1_000_000
MAX_CSV_ROWS = 200  # read no further: far more than any portfolio holds


def parse_use_case_csv(data: bytes, source: str = "use cases CSV") -> list[dict[str, str]]:
    """A backlog kept in a spreadsheet: rows of a CSV file with a header row naming the keys.

    Only ``name`` is required. A cell this app wrote with a ``'`` before a formula-like text
    reads back without it. Raises AnswersError naming what is wrong.
    """
    if len(data) > MAX_CSV_BYTES:
        size = f"{len(data) / 1e6:.1f}"
        raise AnswersError(
            [f"{source}: must be at most 1 MB, got {size} MB"],
            [Problem(source, "too_big", {"limit": 1, "size": size})],
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError(
            [f"{source}: must be UTF-8 text"], [Problem(source, "not_utf8", {})]
        ) from None
    import csv
    import io

    # the delimiter from the header line alone; the quote is always '"' (a spreadsheet's, and
    # ours): guessing it from cells that end in "'" would shift cells into other columns
    # a spreadsheet saved with old Mac line ends (CR only) reads like any other
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', strict=True)
    try:
        rows = []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) > MAX_CSV_ROWS:
                break  # the case limit refuses the file; no need to read it all
    except csv.Error as exc:
        problem = Problem(source, "csv_unreadable", {"line": reader.line_num})
        raise AnswersError(
            [f"{source}: cannot be read as CSV near line {reader.line_num} ({exc})"], [problem]
        ) from None
    if not rows:
        raise AnswersError([f"{source}: holds no rows"], [Problem(source, "csv_no_name", {})])
    header = [re.sub(r"[\s\-]+", "_", h.strip().lower()) for h in rows[0]]
    header = ["name" if h in ("use_case", "use_case_name") else h for h in header]
    if "name" not in header:
        raise AnswersError(
            [f"{source}: the first row must name the columns, one of them 'name'"],
            [Problem(f"{source}: (header)", "csv_no_name", {})],
        )
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        got = ", ".join(repeated)[:80]
        raise AnswersError(
            [f"{source}: (header): must not repeat a column, got {got}"],
            [Problem(f"{source}: (header)", "repeated", {"got": got})],
        )
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            where = f"{source}: row {number}"
            problem = Problem(where, "csv_extra_cells", {"count": len(header), "got": len(row)})
            raise AnswersError(
                [f"{where}: must have at most {len(header)} cells, got {len(row)}"], [problem]
            )
        record = {}
        for key, cell in zip(header, row, strict=False):
            if not key:
                continue
            value = cell.strip()
            if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
                value = value[1:]
            record[key] = value
        out.append(record)
    return out


def read_each(
    raw: Sequence[Any], q: Questionnaire, data: UseCaseData | None, source: str = "use cases"
) -> tuple[tuple[UseCase, ...], list[Problem]]:
    """Every row that reads, and the problems of the others (each naming its row's number).

    For an editor: a row still being typed does not hold back the rest.
    """
    cases: list[UseCase] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    most = max_cases(data)
    if len(raw) > most:  # a stored list is not trusted to keep the limit: the first ones count
        where = f"{source}: use_cases" if source else "use_cases"
        problems.append(Problem(where, "too_many_use_cases", {"limit": most, "got": len(raw)}))
        raw = list(raw)[:most]
    for i, row in enumerate(raw):
        try:
            (case,) = read_use_cases([row], q, data, source)
        except AnswersError as exc:
            prefix = f"{source}: " if source else ""
            head = f"{prefix}use_cases[0]"
            problems.extend(
                p._replace(where=p.where.replace(head, f"{prefix}use_cases[{i}]", 1))
                for p in exc.problems
            )
            continue
        if case.id in seen:
            where = f"{source}: use_cases[{i}].id" if source else f"use_cases[{i}].id"
            problems.append(Problem(where, "repeated_use_case", {"got": quoted(case.id)}))
            continue
        seen.add(case.id)
        cases.append(case)
    return tuple(cases), problems


def case_key(row: Mapping[str, Any]) -> str:
    """The id a row is read under: its own, else the one its name gives (as the export writes).

    A row added from a template or typed in the table carries no id; the CSV the editor
    exports names it by this key, so importing that file again finds the row.
    """
    given = str(row.get("id") or "").strip()
    if given:
        return given
    try:
        name = clean_name(str(row.get("name") or ""), 10_000)
    except AnswersError:
        return ""
    return _slug(name) if name else ""


def merge_by_id(
    current: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """The list with the file's rows: a row whose id is already listed replaces that case.

    Importing the exported backlog again (edited in a spreadsheet) updates the cases instead of
    listing each twice; rows without an id are matched by the id their name gives. Returns the
    list and how many cases were updated.
    """
    merged = [dict(c) for c in current]
    at = {key: i for i, c in enumerate(merged) if (key := case_key(c))}
    updated = 0
    for row in rows:
        key = case_key(row)
        if key and key in at:
            merged[at[key]] = {**dict(row), "id": key}
            updated += 1
        else:
            merged.append(dict(row))
    return merged, updated
