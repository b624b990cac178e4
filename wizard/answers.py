"""The answers contract: checking answers against a questionnaire, and the answers file.

An answers dict maps question id -> option id (single), a list of option ids (multi), or
:data:`UNKNOWN`. The answers file wraps it with the questionnaire id, version, language and
weight profile (see docs/contracts.md). Loading is all-or-nothing: it returns a new object or raises
:class:`AnswersError`, so a rejected upload never touches answers already held.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from wizard.config import (
    Questionnaire,
    ShowIf,
    loc_to_path,
    nesting_depth,
    parse_yaml_text,
    short_repr,
)
from wizard.errors import AnswersError, Problem
from wizard.languages import DEFAULT_LANGUAGE, languages, table
from wizard.safe_yaml import yaml_error

UNKNOWN = "unknown"
ANSWERS_SCHEMA_VERSION = 2  # 2: data_version and decision recorded (1 still loads)
MAX_ANSWERS_BYTES = 1_000_000
MAX_NAME_CHARS = 80
#: an error lists at most this many problems, then says how many more there are
MAX_PROBLEMS = 20
#: a value quoted in an error line is cut to this many characters; a list to this many items
MAX_QUOTED_CHARS = 60
MAX_QUOTED_ITEMS = 5

AnswerValue = str | list[str]
Answers = dict[str, AnswerValue]


def clean_name(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """Normalise a free-text name: NFKC, no control characters, single spaces, at most ``limit``.

    Raises:
        AnswersError: the text is longer than ``limit`` after cleaning.
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))
    # control and format characters go, except the zero-width (non-)joiners that Persian,
    # Indic and emoji sequences need to spell a name right (U+200C, U+200D)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\u200c\u200d")
    text = re.sub(r" +", " ", text).strip()
    if len(text) > limit:
        raise refused("respondent.name", "field_too_long", limit=limit, got=len(text))
    return text


class Respondent(BaseModel):
    """Who answered (free text, cleaned on load): shown in workshops and exports."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    name: str = Field(default="", max_length=400)
    role: str = Field(default="", max_length=64)


class AnswersFile(BaseModel):
    """What the app downloads for save/resume and the CLI reads."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    schema_version: int = Field(ge=1)
    questionnaire: str = Field(min_length=1, max_length=64)
    questionnaire_version: str = Field(min_length=1, max_length=32)
    language: str = Field(default=DEFAULT_LANGUAGE, min_length=1, max_length=16)
    weights: str = Field(default="balanced", min_length=1, max_length=64)
    answers: dict[str, Any] = {}  # checked against the questionnaire by answer_issues
    respondent: Respondent | None = None
    saved_on: date | None = None  # the day the file was saved (orders a comparison over time)
    #: the reference data's version it was scored with, and the verdict then: a later look
    #: lists the world's changes since, and tells a verdict moved by the world from one moved
    #: by the answers
    data_version: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    decision: Literal["act_now", "wait"] | None = None
    #: candidate use cases (each a mapping of attributes; checked by ``portfolio.read_use_cases``)
    use_cases: list[Any] | None = None

    @field_validator("data_version", mode="before")
    @classmethod
    def _a_real_day(cls, value: Any) -> Any:
        # written unquoted, YAML reads 2026-12-04 as a date: take it as the day it names; a
        # text must name a real day (0000-00-00 or 2025-02-30 would order nothing)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise PydanticCustomError("date_real", "must be a real date") from None
        return value

    @field_validator("saved_on")
    @classmethod
    def _not_in_the_future(cls, value: date | None) -> date | None:
        # a day of slack: the saving machine's time zone may be ahead of this one's
        if value is not None and value > date.today() + timedelta(days=1):
            raise PydanticCustomError("date_future", "the day is in the future")
        return value


def visible_ids(q: Questionnaire, answers: Mapping[str, AnswerValue]) -> set[str]:
    """Questions shown for these answers: ``show_if`` needs a shown parent with a listed option."""
    shown: set[str] = set()
    for question in q.questions:
        cond = question.show_if
        if cond is None:
            shown.add(question.id)
            continue
        if cond.question not in shown:
            continue
        value = answers.get(cond.question)
        chosen = value if isinstance(value, list | tuple) else [value]
        if any(option_id in cond.in_ for option_id in chosen):
            shown.add(question.id)
    return shown


def only_visible(q: Questionnaire, answers: Mapping[str, AnswerValue]) -> Answers:
    """The answers without those to questions that branching now hides."""
    shown = visible_ids(q, answers)
    return {qid: value for qid, value in answers.items() if qid in shown}


def value_kind(value: Any) -> str:
    """What a value is, in words a user knows (a locale key under ``kind.``)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "other"


def quoted(value: object) -> str:
    """A value for an error line, cut to ``MAX_QUOTED_CHARS`` (a 600 KB id is not printed)."""
    text = str(value)
    return text if len(text) <= MAX_QUOTED_CHARS else text[: MAX_QUOTED_CHARS - 3] + "..."


def first_items(values: Sequence[object]) -> tuple[str, int]:
    """(the first few values, quoted and joined; how many more there are)."""
    shown = ", ".join(quoted(v) for v in values[:MAX_QUOTED_ITEMS])
    return shown, max(0, len(values) - MAX_QUOTED_ITEMS)


def nearest(got: object, valid: Iterable[str], n: int = 3) -> str:
    """The valid ids closest to ``got`` (for "did you mean"), joined; never the whole list."""
    choices = list(valid)
    found = difflib.get_close_matches(str(got)[:MAX_QUOTED_CHARS], choices, n=n, cutoff=0.0)
    return ", ".join(found or choices[:n])


def render_problem(problem: Problem, texts: Mapping[str, str]) -> str:
    """One problem as a line from a locale's table: ``where: expected, got found``.

    A ``more`` value (items left out of ``got``) is said after it: "and 149,995 more". The
    words package gives ``texts`` of the reader's language; the error's own lines are English.
    """
    values = {
        k: texts.get(f"kind.{v}", str(v)) if k == "kind" else v for k, v in problem.values.items()
    }
    more = values.pop("more", 0)
    if more and "got" in values:
        values["got"] = f"{values['got']}{texts['problem.and_more'].format(count=f'{more:,}')}"
    text = texts.get(f"problem.{problem.code}", problem.code).format(**values)
    return f"{problem.where}: {text}" if problem.where else text


def english(problem: Problem) -> str:
    """A problem in the default language: the text of the error's own lines (logs, tests)."""
    return render_problem(problem, table(DEFAULT_LANGUAGE))


def answers_error(problems: list[Problem]) -> AnswersError:
    """An AnswersError whose English lines and problems say the same.

    At most ``MAX_PROBLEMS`` are listed; one more line says how many were left out.
    """
    if len(problems) > MAX_PROBLEMS:
        left = len(problems) - MAX_PROBLEMS
        where = problems[0].where.split(": ")[0] if ": " in problems[0].where else ""
        problems = [
            *problems[:MAX_PROBLEMS],
            Problem(where, "more_problems", {"count": f"{left:,}"}),
        ]
    return AnswersError([english(p) for p in problems], problems)


def refused(where: str, code: str, **values: Any) -> AnswersError:
    """An AnswersError for one problem (``problem.<code>`` with ``values``) at ``where``."""
    return answers_error([Problem(where, code, values)])


def answer_issues(q: Questionnaire, answers: Mapping[str, Any], source: str = "") -> list[Problem]:
    """Check every answer against the questionnaire: one problem per answer that does not fit."""
    out: list[Problem] = []
    prefix = f"{source}: " if source else ""
    for qid, value in answers.items():
        where = f"{prefix}answers.{quoted(qid)}"
        question = q.questions_by_id.get(qid)
        if question is None:
            out.append(
                Problem(
                    where,
                    "unknown_question",
                    {
                        "questionnaire": q.id,
                        "got": quoted(qid),
                        "near": nearest(qid, q.questions_by_id),
                    },
                )
            )
            continue
        if value is None:
            continue
        if value == UNKNOWN:
            if not question.unknown:
                out.append(Problem(where, "no_unknown", {}))
            continue
        ids = question.option_ids
        if question.type == "single":
            if not isinstance(value, str):
                out.append(Problem(where, "single_type", {"kind": value_kind(value)}))
            elif value not in question.options_by_id:
                near = nearest(value, ids)
                out.append(Problem(where, "single_option", {"options": near, "got": quoted(value)}))
            continue
        if not isinstance(value, list | tuple):
            out.append(Problem(where, "multi_type", {"kind": value_kind(value)}))
            continue
        odd = next((v for v in value if not isinstance(v, str)), None)
        if odd is not None or any(not isinstance(v, str) for v in value):
            out.append(Problem(where, "multi_items", {"kind": value_kind(odd)}))
            continue
        wrong = [v for v in dict.fromkeys(value) if v not in question.options_by_id]
        if wrong:  # one line for all of them, however many
            got, more = first_items(wrong)
            # the nearest valid id of each wrong one shown (not only of the first)
            near = ", ".join(dict.fromkeys(nearest(w, ids, n=1) for w in wrong[:MAX_QUOTED_ITEMS]))
            out.append(Problem(where, "multi_option", {"options": near, "got": got, "more": more}))
        if len(set(value)) != len(value):
            twice = [v for v, n in _counts(value).items() if n > 1]
            got, more = first_items(twice)
            out.append(Problem(where, "repeated", {"got": got, "more": more}))
        alone = [
            v for v in value if v in question.options_by_id and question.options_by_id[v].exclusive
        ]
        if alone and len(value) > 1:
            got, more = first_items(value)
            out.append(Problem(where, "exclusive", {"option": alone[0], "got": got, "more": more}))
    return out


def _counts(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def upgrade_answers(q: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers saved under an older minor version, in today's shape.

    A question that became multi-select (the EU AI Act tiers, 1.2) takes its single saved
    option as a one-item list; anything else is left for the checks to judge.
    """
    out = dict(answers)
    for qid, value in answers.items():
        question = q.questions_by_id.get(qid)
        if (
            question is not None
            and question.type == "multi"
            and isinstance(value, str)
            and value in question.options_by_id
        ):
            out[qid] = [value]
    return out


def check_answers(q: Questionnaire, answers: Mapping[str, Any]) -> Answers:
    """Return a clean copy of ``answers`` (None and empty lists dropped) or raise AnswersError."""
    answers = upgrade_answers(q, answers)
    problems = answer_issues(q, answers)
    if problems:
        raise answers_error(problems)
    clean: Answers = {}
    for qid, value in answers.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            continue
        clean[qid] = value if isinstance(value, str) else list(value)
    return clean


# --------------------------------------------------------------------------- answers file
def make_answers_file(
    q: Questionnaire,
    answers: Mapping[str, AnswerValue],
    *,
    language: str,
    weights: str,
    respondent: Respondent | None = None,
    saved_on: date | None = None,
    data_version: str | None = None,
    decision: str | None = None,
    use_cases: Sequence[Mapping[str, Any]] | None = None,
) -> AnswersFile:
    """Wrap checked answers into an answers file for ``q``.

    With the data version and the verdict they were scored with, and the use cases, when given.
    """
    return AnswersFile(
        schema_version=ANSWERS_SCHEMA_VERSION,
        questionnaire=q.id,
        questionnaire_version=q.version,
        language=language if language in languages() else DEFAULT_LANGUAGE,
        weights=weights,
        answers=check_answers(q, only_visible(q, answers)),
        respondent=respondent,
        saved_on=saved_on,
        data_version=data_version,
        decision=decision,
        use_cases=[dict(c) for c in use_cases] if use_cases else None,
    )


def dump_answers(doc: AnswersFile, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """Serialise an answers file (UTF-8 text; Chinese kept readable)."""
    data = doc.model_dump(exclude_none=True, mode="json")
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    import yaml  # only when a file is written

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def parse_answers_bytes(data: bytes, source: str = "answers file") -> dict[str, Any]:
    """Decode an untrusted upload into a mapping, refusing anything unsafe or oversized."""
    if len(data) > MAX_ANSWERS_BYTES:
        raise refused(
            source, "too_big", limit=MAX_ANSWERS_BYTES // 1_000_000, size=f"{len(data) / 1e6:.1f}"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refused(source, "not_utf8") from exc
    try:
        as_json = source.lower().endswith(".json") or (
            not source.lower().endswith((".yaml", ".yml")) and text.lstrip().startswith("{")
        )
        raw = (
            json.loads(text, object_pairs_hook=_unique_pairs) if as_json else parse_yaml_text(text)
        )
    except _RepeatedKey as exc:
        raise refused(
            source, "duplicate_key", line=_line_of_second(text, exc.key), key=quoted(exc.key)
        ) from None
    except json.JSONDecodeError as exc:
        raise refused(source, "bad_json", line=exc.lineno, problem=exc.msg) from exc
    except yaml_error() as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        code = "bad_yaml"
        if "tag:yaml.org,2002:merge" in str(exc):
            code = "yaml_merge"
        elif "could not determine a constructor" in str(exc):
            code = "python_tag"
        elif "anchors and aliases" in str(exc):
            code = "yaml_alias"
        elif "found duplicate key" in str(exc):
            key = re.search(r"found duplicate key '(.*)'", str(exc))
            raise refused(
                source, "duplicate_key", line=line, key=key.group(1) if key else "?"
            ) from exc
        raise refused(source, code, line=line, problem=quoted(problem)) from exc
    except RecursionError as exc:
        raise refused(source, "too_deep") from exc
    except ValueError as exc:  # an integer of more than 4,300 digits: nothing we would read
        raise refused(source, "number_too_long") from exc
    # an answers file is 3 levels deep; nothing needs more
    if nesting_depth(raw, MAX_DEPTH) > MAX_DEPTH:
        raise refused(source, "too_deep")
    if not isinstance(raw, dict):
        raise refused(source, "not_mapping", kind=value_kind(raw))
    return raw


class _RepeatedKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The JSON object hook: a key given twice in one object is refused (not the last kept)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _RepeatedKey(key)
        out[key] = value
    return out


def _line_of_second(text: str, key: str) -> int | str:
    """The line where ``key`` appears the second time in a JSON text ("?" if not found)."""
    found = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    return text.count("\n", 0, found[1]) + 1 if len(found) > 1 else "?"


#: the deepest nesting an answers file may have (it needs 3: file > answers > list)
MAX_DEPTH = 8


def _unbool(value: Any) -> Any:
    """Undo YAML 1.1 reading a bare ``yes``/``no`` option id as a boolean."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return [_unbool(v) for v in value]
    return value


def load_answers(data: bytes | str, q: Questionnaire, source: str = "answers file") -> AnswersFile:
    """Parse and validate an answers file against ``q``; all-or-nothing.

    Raises:
        AnswersError: with one line per problem, each naming the key.
    """
    raw = parse_answers_bytes(data.encode("utf-8") if isinstance(data, str) else data, source)
    version = raw.get("schema_version")
    if isinstance(version, int) and version > ANSWERS_SCHEMA_VERSION:
        raise refused(source, "newer_schema", version=ANSWERS_SCHEMA_VERSION, got=version)
    if isinstance(raw.get("answers"), dict):
        raw = {**raw, "answers": {str(k): _unbool(v) for k, v in raw["answers"].items()}}
        raw["answers"] = upgrade_answers(q, raw["answers"])
    try:
        doc = AnswersFile.model_validate(raw)
    except ValidationError as exc:
        raise answers_error(_field_problems(source, exc, raw)) from exc
    if doc.language not in languages():
        raise refused(
            source, "field_choice_language", expected=", ".join(languages()), got=doc.language
        )
    if doc.questionnaire != q.id:
        raise refused(source, "wrong_questionnaire", expected=q.id, got=doc.questionnaire)
    major = doc.questionnaire_version.split(".")[0]
    if major != str(q.major_version):
        raise refused(
            source,
            "wrong_version",
            major=q.major_version,
            version=q.version,
            got=doc.questionnaire_version,
        )
    problems = answer_issues(q, doc.answers, source)
    if problems:
        raise answers_error(problems)
    respondent = doc.respondent
    if respondent is not None:
        respondent = Respondent(name=clean_name(respondent.name), role=respondent.role)
    return doc.model_copy(
        update={"answers": check_answers(q, doc.answers), "respondent": respondent}
    )


_FIELD_CODES = {
    "missing": "field_missing",
    "extra_forbidden": "field_unknown",
    "string_type": "field_text",
    "string_too_short": "field_empty",
    "string_too_long": "field_too_long",
    "int_type": "field_integer",
    "int_parsing": "field_integer",
    "int_from_float": "field_integer",
    "greater_than_equal": "field_min",
    "literal_error": "field_choice",
    "date_parsing": "field_date",
    "date_from_datetime_parsing": "field_date",
    "date_from_datetime_inexact": "field_date",
    "date_type": "field_date",
    "date_future": "field_future",
    "dict_type": "field_mapping",
    "model_type": "field_mapping",
    "model_attributes_type": "field_mapping",
}


def _field_problems(source: str, exc: ValidationError, raw: Any) -> list[Problem]:
    """The answers file's own keys that do not fit, as problems (messages in every language)."""
    out = []
    for err in exc.errors(include_url=False):
        ctx = dict(err.get("ctx") or {})
        values = {
            "got": short_repr(err.get("input")),
            "kind": value_kind(err.get("input")),
            "limit": ctx.get("max_length", ctx.get("ge", "")),
            "expected": ctx.get("expected", ""),
        }
        where = f"{source}: {loc_to_path(list(err['loc']), raw)}"
        out.append(Problem(where, _FIELD_CODES.get(err["type"], "field_other"), values))
    return out


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def added_since(q: Questionnaire, doc: AnswersFile) -> list[str]:
    """Questions a file from an older questionnaire version leaves open (asked since then).

    Empty for a file of the current version: its open questions are simply unanswered.
    """
    if _version_key(doc.questionnaire_version) >= _version_key(q.version):
        return []
    shown = visible_ids(q, doc.answers)
    older = _version_key(doc.questionnaire_version)
    return [
        x.id
        for x in q.questions
        if x.id in shown
        and doc.answers.get(x.id) in (None, [])
        and (x.required or (x.added_in is not None and _version_key(x.added_in) > older))
    ]


def chosen_options(value: object) -> list[str]:
    """The options an answer holds: one for single, several for multi, none if unanswered."""
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def holds(cond: ShowIf, answers: Mapping[str, Any]) -> bool:
    """Whether the answer to ``cond.question`` includes one of ``cond.in_``."""
    return bool(set(chosen_options(answers.get(cond.question))) & set(cond.in_))
