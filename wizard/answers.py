"""The answers contract: checking answers against a questionnaire, and the answers file.

An answers dict maps question id -> option id (single), a list of option ids (multi), or
:data:`UNKNOWN`. The answers file wraps it with the questionnaire id, version, language and
weight profile (see DESIGN.md). Loading is all-or-nothing: it returns a new object or raises
:class:`AnswersError`, so a rejected upload never touches answers already held.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wizard import LANGUAGES
from wizard.config import Questionnaire, format_validation_error, parse_yaml_text
from wizard.errors import AnswersError
from wizard.i18n import t

UNKNOWN = "unknown"
ANSWERS_SCHEMA_VERSION = 1
MAX_ANSWERS_BYTES = 1_000_000
MAX_NAME_CHARS = 80

AnswerValue = str | list[str]
Answers = dict[str, AnswerValue]


def clean_name(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """Normalise a free-text name: NFKC, no control characters, single spaces, at most ``limit``.

    Raises:
        AnswersError: the text is longer than ``limit`` after cleaning.
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r" +", " ", text).strip()
    if len(text) > limit:
        raise AnswersError(f"respondent.name: must be at most {limit} characters, got {len(text)}")
    return text


class Respondent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(default="", max_length=400)
    role: str = Field(default="", max_length=64)


class AnswersFile(BaseModel):
    """What the app downloads for save/resume and the CLI reads."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    schema_version: int = Field(ge=1)
    questionnaire: str = Field(min_length=1, max_length=64)
    questionnaire_version: str = Field(min_length=1, max_length=32)
    language: Literal["en", "zh-TW"] = "en"
    weights: str = Field(default="balanced", min_length=1, max_length=64)
    answers: dict[str, Any] = {}  # checked against the questionnaire by answer_problems
    respondent: Respondent | None = None


def _as_list(value: AnswerValue) -> list[str]:
    return list(value) if isinstance(value, list | tuple) else [value]


def answer_problems(q: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """Check every answer against the questionnaire; ``answers.<id>: ...`` lines, empty if fine."""
    out: list[str] = []
    for qid, value in answers.items():
        where = f"answers.{qid}"
        question = q.questions_by_id.get(qid)
        if question is None:
            out.append(f"{where}: must be a question id of {q.id}, got {qid!r}")
            continue
        if value is None:
            continue
        if value == UNKNOWN:
            if not question.unknown:
                out.append(f"{where}: this question does not offer {UNKNOWN!r}, got {UNKNOWN!r}")
            continue
        if question.type == "single":
            if not isinstance(value, str):
                out.append(f"{where}: must be one option id, got {type(value).__name__}")
            elif value not in question.options_by_id:
                out.append(f"{where}: must be one of {list(question.option_ids)}, got {value!r}")
            continue
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            out.append(f"{where}: must be a list of option ids, got {type(value).__name__}")
            continue
        for option_id in value:
            if option_id not in question.options_by_id:
                out.append(
                    f"{where}: must list options of {list(question.option_ids)}, got {option_id!r}"
                )
        if len(set(value)) != len(value):
            out.append(f"{where}: must not repeat an option, got {list(value)}")
    return out


def check_answers(q: Questionnaire, answers: Mapping[str, Any]) -> Answers:
    """Return a clean copy of ``answers`` (None and empty lists dropped) or raise AnswersError."""
    problems = answer_problems(q, answers)
    if problems:
        raise AnswersError(problems)
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
) -> AnswersFile:
    """Wrap checked answers into an answers file for ``q``."""
    return AnswersFile(
        schema_version=ANSWERS_SCHEMA_VERSION,
        questionnaire=q.id,
        questionnaire_version=q.version,
        language=language if language in LANGUAGES else "en",
        weights=weights,
        answers=check_answers(q, answers),
        respondent=respondent,
    )


def dump_answers(doc: AnswersFile, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """Serialise an answers file (UTF-8 text; Chinese kept readable)."""
    data = doc.model_dump(exclude_none=True)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def parse_answers_bytes(data: bytes, source: str = "answers file") -> dict[str, Any]:
    """Decode an untrusted upload into a mapping, refusing anything unsafe or oversized."""
    if len(data) > MAX_ANSWERS_BYTES:
        raise AnswersError(
            f"{source}: must be at most {MAX_ANSWERS_BYTES // 1_000_000} MB, "
            f"got {len(data) / 1_000_000:.1f} MB"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(f"{source}: must be UTF-8 text, got undecodable bytes") from exc
    try:
        raw = json.loads(text) if text.lstrip().startswith("{") else parse_yaml_text(text)
    except json.JSONDecodeError as exc:
        raise AnswersError(f"{source}: line {exc.lineno}: is not valid JSON: {exc.msg}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "could not determine a constructor" in str(exc):
            problem = "tags such as !!python are not allowed"
        raise AnswersError(f"{source}: {line}is not acceptable YAML: {problem}") from exc
    except RecursionError as exc:
        raise AnswersError(f"{source}: is nested too deeply") from exc
    if not isinstance(raw, dict):
        raise AnswersError(f"{source}: must be a mapping of keys, got {type(raw).__name__}")
    return raw


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
        raise AnswersError(
            f"{source}: schema_version: must be {ANSWERS_SCHEMA_VERSION} or older "
            f"(this app is older than the file), got {version}"
        )
    if isinstance(raw.get("answers"), dict):
        raw = {**raw, "answers": {str(k): _unbool(v) for k, v in raw["answers"].items()}}
    try:
        doc = AnswersFile.model_validate(raw)
    except ValidationError as exc:
        raise AnswersError(format_validation_error(source, exc, raw)) from exc
    if doc.questionnaire != q.id:
        raise AnswersError(f"{source}: questionnaire: must be {q.id!r}, got {doc.questionnaire!r}")
    major = doc.questionnaire_version.split(".")[0]
    if major != str(q.major_version):
        raise AnswersError(
            f"{source}: questionnaire_version: must be {q.major_version}.x to match this "
            f"questionnaire ({q.version}), got {doc.questionnaire_version!r}"
        )
    problems = answer_problems(q, doc.answers)
    if problems:
        raise AnswersError([f"{source}: {p}" for p in problems])
    respondent = doc.respondent
    if respondent is not None:
        respondent = Respondent(name=clean_name(respondent.name), role=respondent.role)
    return doc.model_copy(
        update={"answers": check_answers(q, doc.answers), "respondent": respondent}
    )


def template(q: Questionnaire, lang: str = "en", weights: str = "balanced") -> str:
    """An answers-file skeleton listing every question with its options as comments."""
    lines = [
        f"# {q.title.get(lang)}",
        f"# {t('template.header', lang)}",
        f"schema_version: {ANSWERS_SCHEMA_VERSION}",
        f"questionnaire: {q.id}",
        f'questionnaire_version: "{q.version}"',
        f"language: {lang}",
        f"weights: {weights}",
        "answers:",
    ]
    for question in q.questions:
        lines.append(f"  # [{question.dimension}] {question.text.get(lang)}")
        if question.show_if is not None:
            lines.append(
                "  #   "
                + t(
                    "template.only_if",
                    lang,
                    question=question.show_if.question,
                    options=", ".join(question.show_if.in_),
                )
            )
        kind = t(f"template.pick_{question.type}", lang)
        extra = t("template.or_unknown", lang) if question.unknown else ""
        lines.append(f"  #   {kind}{extra}:")
        for option in question.options:
            lines.append(f"  #     {option.id}: {option.label.get(lang)}")
        lines.append(f"  {question.id}: {'[]' if question.type == 'multi' else 'null'}")
    return "\n".join(lines) + "\n"
