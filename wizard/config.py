"""Config schemas and loaders: YAML -> frozen pydantic models, with errors that name file and key.

Every loader raises :class:`~wizard.errors.ConfigError` whose lines read
``path: key.path: what was expected, got what was found``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from wizard import PROJECT_ROOT
from wizard.errors import ConfigError

SCHEMA_VERSION = 1
PROFILE = "profile"
MAX_CONFIG_BYTES = 2_000_000
MAX_MULTI_OPTIONS = 12
ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"

QUESTIONNAIRES_DIR = PROJECT_ROOT / "questionnaires"
WEIGHTS_DIR = PROJECT_ROOT / "weights"
DATA_DIR = PROJECT_ROOT / "data"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class LText(_Frozen):
    """A text in every supported language."""

    en: str = Field(min_length=1)
    zh_TW: str = Field(alias="zh-TW", min_length=1)

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` (English for anything but ``zh-TW``)."""
        return self.zh_TW if lang == "zh-TW" else self.en


Id = Field(pattern=ID_PATTERN, min_length=1, max_length=64)


# --------------------------------------------------------------------------- questionnaire
class Option(_Frozen):
    id: str = Id
    label: LText
    score: float | None = Field(default=None, ge=0, le=100)
    blocker: LText | None = None
    actions: tuple[str, ...] = ()
    exclusive: bool = False  # multi only: cannot be chosen together with other options


class ShowIf(_Frozen):
    question: str
    in_: tuple[str, ...] = Field(alias="in", min_length=1)


class Question(_Frozen):
    id: str = Id
    dimension: str
    type: Literal["single", "multi"]
    text: LText
    help: LText
    weight: float = Field(default=1.0, ge=0)
    refs: tuple[str, ...] = ()
    show_if: ShowIf | None = None
    unknown: bool = False
    unknown_score: float | None = Field(default=None, ge=0, le=100)
    aggregate: Literal["mean", "min", "max", "sum"] = "mean"
    required: bool = True
    options: tuple[Option, ...] = Field(min_length=2)

    @property
    def scored(self) -> bool:
        """True for questions that count towards a dimension score."""
        return self.dimension != PROFILE

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @cached_property
    def options_by_id(self) -> dict[str, Option]:
        return {o.id: o for o in self.options}

    @cached_property
    def conservative_score(self) -> float:
        """Score given to "don't know": the configured one, else the worst option's."""
        if self.unknown_score is not None:
            return self.unknown_score
        return min(o.score or 0.0 for o in self.options)


class Dimension(_Frozen):
    id: str = Id
    title: LText
    owner: str = "cio"


class Phase(_Frozen):
    id: str = Id
    title: LText
    plan: Literal["act_now", "wait"]
    start_week: int = Field(ge=0)
    end_week: int = Field(ge=1)


class Action(_Frozen):
    id: str = Id
    plan: Literal["act_now", "wait", "both", "triggered"]
    phase: str
    wait_phase: str | None = None
    workstream: str
    owner: str
    priority: Literal["high", "medium", "low"] = "medium"
    weeks: int = Field(default=2, ge=1, le=104)
    depends_on: tuple[str, ...] = ()
    title: LText
    metric: LText


class Roadmap(_Frozen):
    reassess_weeks: int = Field(default=12, ge=1, le=104)
    gap_below: float = Field(default=50, ge=0, le=100)
    phases: tuple[Phase, ...] = Field(min_length=1)
    workstreams: dict[str, LText]
    owners: dict[str, LText]
    priorities: dict[str, LText]
    actions: tuple[Action, ...] = Field(min_length=1)
    dimension_actions: dict[str, tuple[str, ...]] = {}
    unknown_action: str
    reassess_action: str

    @cached_property
    def actions_by_id(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions}

    @cached_property
    def phases_by_id(self) -> dict[str, Phase]:
        return {p.id: p for p in self.phases}


class Questionnaire(_Frozen):
    schema_version: Literal[1]
    id: str = Id
    version: str = Field(pattern=r"^\d+(\.\d+)*$")
    title: LText
    description: LText | None = None
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)
    roadmap: Roadmap

    @cached_property
    def dimension_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dimensions)

    @cached_property
    def dimensions_by_id(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @cached_property
    def questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)

    def questions_of(self, dimension: str) -> tuple[Question, ...]:
        """Questions of one dimension (or ``profile``) in questionnaire order."""
        return tuple(q for q in self.questions if q.dimension == dimension)

    @cached_property
    def major_version(self) -> int:
        return int(self.version.split(".")[0])


# --------------------------------------------------------------------------- weights
class WeightProfile(_Frozen):
    schema_version: Literal[1]
    id: str = Id
    title: LText
    description: LText
    dimension_weights: dict[str, float]
    threshold: float = Field(ge=0, le=100)
    floors: dict[str, float] = {}

    @field_validator("dimension_weights")
    @classmethod
    def _non_negative(cls, value: dict[str, float]) -> dict[str, float]:
        for key, weight in value.items():
            if weight < 0:
                raise _KeyedError(key, f"must be >= 0, got {weight:g}")
        if value and sum(value.values()) <= 0:
            raise ValueError("must have at least one weight > 0")
        return value

    @field_validator("floors")
    @classmethod
    def _floor_range(cls, value: dict[str, float]) -> dict[str, float]:
        for key, floor in value.items():
            if not 0 <= floor <= 100:
                raise _KeyedError(key, f"must be between 0 and 100, got {floor:g}")
        return value

    def normalised(self, dimension_ids: Sequence[str]) -> dict[str, float]:
        """Weights over ``dimension_ids`` summing to 1 (missing dimensions weigh 0)."""
        raw = [max(0.0, float(self.dimension_weights.get(d, 0.0))) for d in dimension_ids]
        total = sum(raw)
        if total <= 0:
            raise ConfigError(
                f"weights/{self.id}: dimension_weights: must give a weight > 0 to at least one "
                f"of {', '.join(dimension_ids)}, got none"
            )
        return {d: w / total for d, w in zip(dimension_ids, raw, strict=True)}


class _KeyedError(ValueError):
    """A validator error that belongs to one key of a mapping (so the message can name it)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"@{key}@{message}")


def _date_to_text(value: Any) -> Any:
    """YAML reads 2025-01-30 as a date; the models keep ISO text."""
    return value.isoformat() if isinstance(value, date) else value


#: An ISO day (YAML dates accepted), e.g. "2025-01-30".
IsoDate = Annotated[str, BeforeValidator(_date_to_text), Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
#: A day, or a month for facts reported only that precisely, e.g. "2025-01".
DayOrMonth = Annotated[
    str, BeforeValidator(_date_to_text), Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")
]


# --------------------------------------------------------------------------- reference data
class Restriction(_Frozen):
    id: str = Id
    who: LText
    date: DayOrMonth
    date_note: LText | None = None
    scope: LText
    jurisdictions: tuple[str, ...] = Field(min_length=1)
    sectors: tuple[str, ...] = Field(min_length=1)
    routes: tuple[str, ...] = ("lowcost-vendor-api",)
    source: str = Field(min_length=3)
    as_of: IsoDate


class RestrictionsFile(_Frozen):
    schema_version: Literal[1]
    as_of: IsoDate
    disclaimer: LText
    entries: tuple[Restriction, ...] = Field(min_length=1)


class FitRule(_Frozen):
    """Adds ``delta`` to a route's fit when ``question`` is answered with one of ``options``."""

    question: str
    options: tuple[str, ...] = Field(min_length=1)
    delta: float = Field(ge=-100, le=100)


class Route(_Frozen):
    """A way to adopt low-cost GenAI, with its data exposure and cost profile."""

    id: str = Id
    title: LText
    summary: LText
    data_exposure: Literal["low", "medium", "high"]
    exposure_note: LText
    cost_note: LText
    base: float = Field(ge=0, le=100)
    decision_bonus: dict[Literal["act_now", "wait"], float] = {}
    fit: tuple[FitRule, ...] = ()
    watch_only: bool = False  # "wait and watch": adopts nothing yet


class RoutesFile(_Frozen):
    schema_version: Literal[1]
    as_of: IsoDate
    routes: tuple[Route, ...] = Field(min_length=2)

    @cached_property
    def by_id(self) -> dict[str, Route]:
        return {r.id: r for r in self.routes}


class ModelPrice(_Frozen):
    """Published price of one model, USD per million tokens."""

    id: str = Id
    name: str = Field(min_length=1)
    vendor: str = Field(min_length=1)
    route: str
    reasoning: bool = False
    input_cache_hit: float | None = Field(default=None, ge=0)
    input: float = Field(ge=0)
    output: float = Field(ge=0)
    source: str = Field(min_length=3)
    as_of: IsoDate
    note: LText | None = None


class Claim(_Frozen):
    text: LText
    source: str = Field(min_length=3)


class PricesFile(_Frozen):
    schema_version: Literal[1]
    as_of: IsoDate
    max_age_days: int = Field(ge=1, le=3650)
    currency: Literal["USD"]
    reference: str
    disclaimer: LText
    models: tuple[ModelPrice, ...] = Field(min_length=2)
    claims: tuple[Claim, ...] = ()


# --------------------------------------------------------------------------- error formatting
def display_path(path: Path | str) -> str:
    """Path relative to the project root when inside it, else as given."""
    p = Path(path)
    try:
        return p.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


def short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def loc_to_path(loc: Sequence[Any], raw: Any) -> str:
    """Render a pydantic location, naming list items by their ``id`` when they have one."""
    parts: list[str] = []
    node = raw
    for element in loc:
        if isinstance(element, int):
            item = node[element] if isinstance(node, list) and element < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{ident}]" if isinstance(ident, str) else f"[{element}]")
            node = item
        else:
            parts.append(("." if parts else "") + str(element))
            node = node.get(element) if isinstance(node, dict) else None
    return "".join(parts) or "(top)"


_MESSAGES: dict[str, str] = {
    "missing": "is required, got nothing",
    "extra_forbidden": "is not a known key, got {input}",
    "greater_than_equal": "must be >= {ge}, got {input}",
    "less_than_equal": "must be <= {le}, got {input}",
    "greater_than": "must be > {gt}, got {input}",
    "string_type": "must be text, got {input}",
    "string_too_short": "must not be empty, got {input}",
    "string_too_long": "must be at most {max_length} characters, got {input}",
    "string_pattern_mismatch": "must match {pattern}, got {input}",
    "float_parsing": "must be a number, got {input}",
    "float_type": "must be a number, got {input}",
    "int_parsing": "must be a whole number, got {input}",
    "int_type": "must be a whole number, got {input}",
    "int_from_float": "must be a whole number, got {input}",
    "bool_type": "must be true or false, got {input}",
    "bool_parsing": "must be true or false, got {input}",
    "literal_error": "must be one of {expected}, got {input}",
    "list_type": "must be a list, got {input}",
    "tuple_type": "must be a list, got {input}",
    "dict_type": "must be a mapping, got {input}",
    "model_type": "must be a mapping, got {input}",
    "model_attributes_type": "must be a mapping, got {input}",
    "too_short": "must have at least {min_length} items, got {actual_length}",
}


def format_validation_error(where: str, exc: ValidationError, raw: Any) -> list[str]:
    """Turn a pydantic error into ``where: key.path: expected, got found`` lines."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        ctx = dict(err.get("ctx") or {})
        message = err["msg"]
        if err["type"] == "value_error":
            message = str(ctx.get("error", message))
            match = re.match(r"^@(.+?)@(.*)$", message, flags=re.S)
            if match:
                loc.append(match.group(1))
                message = match.group(2)
        elif err["type"] in _MESSAGES:
            values = {
                k: short_repr(v) if k == "input" else f"{v:g}" if isinstance(v, float) else v
                for k, v in ctx.items()
            }
            values.setdefault("input", short_repr(err.get("input")))
            values.setdefault("actual_length", ctx.get("actual_length", "fewer"))
            try:
                message = _MESSAGES[err["type"]].format(**values)
            except (KeyError, IndexError):
                message = f"{err['msg'].lower()}, got {values['input']}"
        else:
            message = f"{message[:1].lower()}{message[1:]}, got {short_repr(err.get('input'))}"
        lines.append(f"{where}: {loc_to_path(loc, raw)}: {message}")
    return lines


# --------------------------------------------------------------------------- reading files
class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (no billion-laughs expansion)."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases are not allowed", event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


#: Project config files are trusted: libyaml's safe loader when present (4x faster start-up).
_TRUSTED_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_with(loader_class: type, text: str) -> Any:
    """One YAML document through a safe loader class (what ``yaml.load`` does inside)."""
    loader = loader_class(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_yaml_text(text: str) -> Any:
    """Parse YAML with the safe loader, refusing anchors, aliases and python tags.

    Raises:
        yaml.YAMLError: the text is not acceptable YAML.
    """
    return _load_with(_NoAliasLoader, text)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"line {mark.line + 1}: cannot be read as YAML: {problem}"
    return f"(top): cannot be read as YAML: {problem}"


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a config file into a mapping, or raise ConfigError naming the file."""
    where = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{where}: (file): cannot be read, got {exc.strerror}") from exc
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{where}: (file): must be at most {MAX_CONFIG_BYTES} bytes, got {len(data)}"
        )
    try:
        raw = _load_with(_TRUSTED_LOADER, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: (file): must be UTF-8 text, got {exc.reason}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: {_yaml_problem(exc)}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: (top): must be a mapping, got {type(raw).__name__}")
    return raw


def _build(model: type[BaseModel], where: str, raw: dict[str, Any]) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(where, exc, raw)) from exc


# --------------------------------------------------------------------------- cross-checks
def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dup: list[str] = []
    for ident in ids:
        if ident in seen and ident not in dup:
            dup.append(ident)
        seen.add(ident)
    return dup


def questionnaire_problems(q: Questionnaire) -> list[str]:
    """Cross-reference checks pydantic cannot do: ``key.path: message`` strings."""
    out: list[str] = []
    dims = set(q.dimension_ids)
    rm = q.roadmap
    actions = rm.actions_by_id
    for dup in _duplicates(q.dimension_ids):
        out.append(f"dimensions[{dup}]: ids must be unique, got {dup!r} twice")
    if PROFILE in dims:
        out.append(f"dimensions[{PROFILE}]: {PROFILE!r} is reserved for unscored questions")
    for dup in _duplicates(x.id for x in q.questions):
        out.append(f"questions[{dup}]: ids must be unique, got {dup!r} twice")
    for dup in _duplicates(a.id for a in rm.actions):
        out.append(f"roadmap.actions[{dup}]: ids must be unique, got {dup!r} twice")
    for dup in _duplicates(p.id for p in rm.phases):
        out.append(f"roadmap.phases[{dup}]: ids must be unique, got {dup!r} twice")

    earlier: dict[str, Question] = {}
    for question in q.questions:
        where = f"questions[{question.id}]"
        if question.dimension != PROFILE and question.dimension not in dims:
            out.append(
                f"{where}.dimension: must be one of {sorted(dims | {PROFILE})}, "
                f"got {question.dimension!r}"
            )
        for dup in _duplicates(question.option_ids):
            out.append(f"{where}.options[{dup}]: ids must be unique, got {dup!r} twice")
        if (
            question.scored
            and question.type == "multi"
            and len(question.options) > MAX_MULTI_OPTIONS
        ):
            out.append(
                f"{where}.options: a scored multi question must have at most {MAX_MULTI_OPTIONS} "
                f"options, got {len(question.options)}"
            )
        for option in question.options:
            owhere = f"{where}.options[{option.id}]"
            if option.id == "unknown":
                out.append(f"{owhere}.id: 'unknown' is reserved for don't know, got 'unknown'")
            if question.scored and option.score is None:
                out.append(f"{owhere}.score: is required on a scored question, got nothing")
            if option.exclusive and question.type != "multi":
                out.append(f"{owhere}.exclusive: only a multi question can have one, got single")
            for action_id in option.actions:
                if action_id not in actions:
                    out.append(f"{owhere}.actions: must name roadmap actions, got {action_id!r}")
        if question.scored:
            open_scores = [
                o.score for o in question.options if o.blocker is None and o.score is not None
            ]
            for option in question.options:
                if (
                    option.blocker is not None
                    and open_scores
                    and (option.score or 0) > min(open_scores)
                ):
                    out.append(
                        f"{where}.options[{option.id}].score: a blocker option must score no "
                        f"higher than the other options ({min(open_scores):g}), "
                        f"got {option.score:g}"
                    )
        if question.show_if is not None:
            target = question.show_if.question
            if target == question.id or (target in q.questions_by_id and target not in earlier):
                out.append(
                    f"{where}.show_if.question: must name an earlier question, "
                    f"got {target!r} (later or itself)"
                )
            elif target not in earlier:
                out.append(f"{where}.show_if.question: must name a question, got {target!r}")
            else:
                for option_id in question.show_if.in_:
                    if option_id not in earlier[target].options_by_id:
                        out.append(
                            f"{where}.show_if.in: must list options of {target!r}, "
                            f"got {option_id!r}"
                        )
        earlier.setdefault(question.id, question)

    profile_ids = {x.id for x in q.questions if x.dimension == PROFILE}
    for required in ("sector", "jurisdictions"):
        if required not in profile_ids:
            out.append(f"questions: must include the profile question {required!r}, got none")
    for dim in q.dimensions:
        if dim.owner not in rm.owners:
            out.append(f"dimensions[{dim.id}].owner: must be a roadmap owner, got {dim.owner!r}")
        if not q.questions_of(dim.id):
            out.append(f"dimensions[{dim.id}]: must have at least one question, got none")

    for action in rm.actions:
        where = f"roadmap.actions[{action.id}]"
        for key, phase_id in (("phase", action.phase), ("wait_phase", action.wait_phase)):
            if phase_id is not None and phase_id not in rm.phases_by_id:
                out.append(f"{where}.{key}: must name a roadmap phase, got {phase_id!r}")
        if action.workstream not in rm.workstreams:
            out.append(
                f"{where}.workstream: must be a roadmap workstream, got {action.workstream!r}"
            )
        if action.owner not in rm.owners:
            out.append(f"{where}.owner: must be a roadmap owner, got {action.owner!r}")
        for dep in action.depends_on:
            if dep not in actions:
                out.append(f"{where}.depends_on: must name roadmap actions, got {dep!r}")
    for dim_id, ids in rm.dimension_actions.items():
        if dim_id not in dims:
            out.append(
                f"roadmap.dimension_actions.{dim_id}: must be a dimension id, got {dim_id!r}"
            )
        for action_id in ids:
            if action_id not in actions:
                out.append(
                    f"roadmap.dimension_actions.{dim_id}: must name roadmap actions, "
                    f"got {action_id!r}"
                )
    for key in ("unknown_action", "reassess_action"):
        action_id = getattr(rm, key)
        if action_id not in actions:
            out.append(f"roadmap.{key}: must name a roadmap action, got {action_id!r}")
    for priority in ("high", "medium", "low"):
        if priority not in rm.priorities:
            out.append(f"roadmap.priorities: must include {priority!r}, got nothing")
    for phase in rm.phases:
        if phase.end_week <= phase.start_week:
            out.append(
                f"roadmap.phases[{phase.id}].end_week: must be > start_week "
                f"({phase.start_week}), got {phase.end_week}"
            )
    cycle = _find_cycle({a.id: a.depends_on for a in rm.actions})
    if cycle:
        out.append(f"roadmap.actions: depends_on must not loop, got {' -> '.join(cycle)}")
    return out


def _find_cycle(graph: dict[str, Sequence[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt in graph and state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if state.get(node) is None:
            found = visit(node)
            if found:
                return found
    return None


def weights_problems(w: WeightProfile, dimension_ids: Iterable[str]) -> list[str]:
    """Check a profile's dimension ids against the questionnaire's dimensions."""
    dims = list(dimension_ids)
    out = []
    for key in ("dimension_weights", "floors"):
        for dim_id in getattr(w, key):
            if dim_id not in dims:
                out.append(f"{key}.{dim_id}: must be one of {dims}, got {dim_id!r}")
    if not out and sum(w.dimension_weights.get(d, 0.0) for d in dims) <= 0:
        out.append(f"dimension_weights: must give a weight > 0 to one of {dims}, got none")
    return out


def restrictions_problems(r: RestrictionsFile, q: Questionnaire) -> list[str]:
    """Check that restriction jurisdictions and sectors are option ids of the profile questions."""
    out = []
    jurisdictions = set(q.questions_by_id["jurisdictions"].option_ids)
    sectors = set(q.questions_by_id["sector"].option_ids) | {"all"}
    for dup in _duplicates(e.id for e in r.entries):
        out.append(f"entries[{dup}]: ids must be unique, got {dup!r} twice")
    for entry in r.entries:
        for j in entry.jurisdictions:
            if j not in jurisdictions:
                out.append(
                    f"entries[{entry.id}].jurisdictions: must be options of "
                    f"{q.id}:jurisdictions, got {j!r}"
                )
        for s in entry.sectors:
            if s not in sectors:
                out.append(
                    f"entries[{entry.id}].sectors: must be options of {q.id}:sector, got {s!r}"
                )
    return out


def routes_problems(r: RoutesFile, q: Questionnaire) -> list[str]:
    """Fit rules must name real questions and options."""
    out = [
        f"routes[{d}]: ids must be unique, got {d!r} twice"
        for d in _duplicates(x.id for x in r.routes)
    ]
    for route in r.routes:
        for i, rule in enumerate(route.fit):
            where = f"routes[{route.id}].fit[{i}]"
            question = q.questions_by_id.get(rule.question)
            if question is None:
                out.append(f"{where}.question: must be a question of {q.id}, got {rule.question!r}")
                continue
            for option in rule.options:
                if option not in question.options_by_id:
                    out.append(
                        f"{where}.options: must be options of {rule.question!r}, got {option!r}"
                    )
    return out


def prices_problems(p: PricesFile, routes: RoutesFile | None) -> list[str]:
    """Model ids unique, the reference a listed model, routes real."""
    out = [
        f"models[{d}]: ids must be unique, got {d!r} twice"
        for d in _duplicates(m.id for m in p.models)
    ]
    if p.reference not in {m.id for m in p.models}:
        out.append(f"reference: must be a model id, got {p.reference!r}")
    if routes is not None:
        for model in p.models:
            if model.route not in routes.by_id:
                out.append(f"models[{model.id}].route: must be a route id, got {model.route!r}")
    return out


def restriction_route_problems(r: RestrictionsFile, routes: RoutesFile) -> list[str]:
    """Each restriction's routes must be route ids."""
    return [
        f"entries[{entry.id}].routes: must be route ids of data/routes.yaml, got {route!r}"
        for entry in r.entries
        for route in entry.routes
        if route not in routes.by_id
    ]


# --------------------------------------------------------------------------- loaders
def _load(
    path: Path, model: type[BaseModel], check: Callable[[Any], list[str]] | None = None
) -> Any:
    """Read, validate with ``model``, then cross-check; every problem names the file."""
    where = display_path(path)
    loaded = _build(model, where, read_yaml_mapping(path))
    problems = check(loaded) if check is not None else []
    if problems:
        raise ConfigError([f"{where}: {p}" for p in problems])
    return loaded


def load_questionnaire(path: Path) -> Questionnaire:
    """Load and fully validate one questionnaire file."""
    return _load(path, Questionnaire, questionnaire_problems)


def load_weights(path: Path, dimension_ids: Iterable[str] | None = None) -> WeightProfile:
    """Load a weight profile; with ``dimension_ids`` also check it against a questionnaire."""
    dims = list(dimension_ids) if dimension_ids is not None else None
    return _load(
        path, WeightProfile, (lambda w: weights_problems(w, dims)) if dims is not None else None
    )


def load_restrictions(path: Path, questionnaire: Questionnaire | None = None) -> RestrictionsFile:
    """Load the restrictions watchlist; with a questionnaire also check its ids."""
    return _load(
        path,
        RestrictionsFile,
        (lambda r: restrictions_problems(r, questionnaire)) if questionnaire is not None else None,
    )


def load_routes(path: Path, questionnaire: Questionnaire | None = None) -> RoutesFile:
    """Load the adoption routes; with a questionnaire also check the fit rules' ids."""
    return _load(
        path,
        RoutesFile,
        (lambda r: routes_problems(r, questionnaire)) if questionnaire is not None else None,
    )


def load_prices(path: Path, routes: RoutesFile | None = None) -> PricesFile:
    """Load the model price list; with routes also check each model's route."""
    return _load(path, PricesFile, lambda p: prices_problems(p, routes))


@dataclass(frozen=True)
class Catalog:
    """Everything the app and the CLI read from disk, validated together."""

    questionnaires: dict[str, Questionnaire]
    weights: dict[str, WeightProfile]
    restrictions: RestrictionsFile
    routes: RoutesFile
    prices: PricesFile

    def profile(self, ident: str) -> WeightProfile:
        """The weight profile ``ident``; the default one if it is gone (e.g. a renamed file)."""
        found = self.weights.get(ident)
        if found is not None:
            return found
        return self.weights.get(DEFAULT_WEIGHTS) or self.weights[sorted(self.weights)[0]]

    def questionnaire(self, ident: str | None = None) -> Questionnaire:
        """The questionnaire with ``ident`` (default: the first one, sorted by id)."""
        if ident is None:
            return self.questionnaires[sorted(self.questionnaires)[0]]
        try:
            return self.questionnaires[ident]
        except KeyError:
            raise ConfigError(
                f"questionnaire: must be one of {sorted(self.questionnaires)}, got {ident!r}"
            ) from None


DEFAULT_QUESTIONNAIRE = "genai-readiness"
DEFAULT_WEIGHTS = "balanced"


def load_catalog(root: Path = PROJECT_ROOT) -> Catalog:
    """Load and cross-check every shipped config; all problems are raised together."""
    errors: list[str] = []
    questionnaires: dict[str, Questionnaire] = {}
    weights: dict[str, WeightProfile] = {}
    for path in sorted((root / "questionnaires").glob("*.yaml")):
        try:
            q = load_questionnaire(path)
        except ConfigError as exc:
            errors.extend(exc.lines)
            continue
        if q.id in questionnaires:
            errors.append(f"{display_path(path)}: id: must be unique, got {q.id!r} twice")
        questionnaires[q.id] = q
    all_dims = sorted({d for q in questionnaires.values() for d in q.dimension_ids})
    for path in sorted((root / "weights").glob("*.yaml")):
        try:
            w = load_weights(path, all_dims if questionnaires else None)
        except ConfigError as exc:
            errors.extend(exc.lines)
            continue
        if w.id in weights:
            errors.append(f"{display_path(path)}: id: must be unique, got {w.id!r} twice")
        weights[w.id] = w
    first = questionnaires[sorted(questionnaires)[0]] if questionnaires else None
    restrictions = routes = prices = None
    try:
        restrictions = load_restrictions(root / "data" / "restrictions.yaml", first)
    except ConfigError as exc:
        errors.extend(exc.lines)
    try:
        routes = load_routes(root / "data" / "routes.yaml", first)
        if restrictions is not None:
            errors.extend(
                f"{display_path(root / 'data' / 'restrictions.yaml')}: {p}"
                for p in restriction_route_problems(restrictions, routes)
            )
    except ConfigError as exc:
        errors.extend(exc.lines)
    try:
        prices = load_prices(root / "data" / "model_prices.yaml", routes)
    except ConfigError as exc:
        errors.extend(exc.lines)
    if not questionnaires and not errors:
        errors.append(f"{display_path(root / 'questionnaires')}: (folder): no questionnaire found")
    if not weights and not errors:
        errors.append(f"{display_path(root / 'weights')}: (folder): no weight profile found")
    if errors:
        raise ConfigError(errors)
    assert restrictions is not None and routes is not None and prices is not None
    return Catalog(questionnaires, weights, restrictions, routes, prices)


def kind_of(path: Path, raw: dict[str, Any]) -> str:
    """Guess a config file's kind from its folder, then from its keys."""
    parent = path.resolve().parent.name
    if parent == "questionnaires" or "questions" in raw:
        return "questionnaire"
    if parent == "weights" or "dimension_weights" in raw:
        return "weights"
    if "entries" in raw:
        return "restrictions"
    if "routes" in raw:
        return "routes"
    if "models" in raw:
        return "prices"
    return "unknown"


def validate_paths(paths: Sequence[Path]) -> list[str]:
    """Validate the given files (each by its kind); return error lines, empty when all is well.

    Weight profiles and restrictions are also checked against the shipped questionnaire.
    """
    errors: list[str] = []
    reference: Questionnaire | None = None
    default_q = QUESTIONNAIRES_DIR / f"{DEFAULT_QUESTIONNAIRE}.yaml"
    for path in paths:
        try:
            raw = read_yaml_mapping(path)
            kind = kind_of(path, raw)
            if kind == "questionnaire":
                load_questionnaire(path)
                continue
            if reference is None and default_q.exists():
                try:
                    reference = load_questionnaire(default_q)
                except ConfigError:
                    reference = None
            if kind == "weights":
                load_weights(path, reference.dimension_ids if reference else None)
            elif kind == "restrictions":
                load_restrictions(path, reference)
            elif kind == "routes":
                load_routes(path, reference)
            elif kind == "prices":
                routes_path = path.parent / "routes.yaml"
                load_prices(path, load_routes(routes_path) if routes_path.exists() else None)
            else:
                errors.append(
                    f"{display_path(path)}: (top): must be a questionnaire, weight profile, "
                    f"restrictions, routes or prices file, got keys {sorted(raw)[:5]}"
                )
        except ConfigError as exc:
            errors.extend(exc.lines)
    return errors


def default_config_paths(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every config file the project ships, for ``validate`` without arguments."""
    return [
        *sorted((root / "questionnaires").glob("*.yaml")),
        *sorted((root / "weights").glob("*.yaml")),
        *sorted((root / "data").glob("restrictions*.yaml")),
        *sorted((root / "data").glob("routes*.yaml")),
        *sorted((root / "data").glob("model_prices*.yaml")),
    ]
