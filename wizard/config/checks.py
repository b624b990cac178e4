"""Cross-checks pydantic cannot do, each returning ``key.path: message`` lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from wizard.config.ids import (
    BODY_TYPE,
    BUDGET,
    DATA_CLASS,
    JURISDICTIONS,
    MODELS,
    REQUIRED_PROFILE,
    RISK_TIERS,
    ROUTE,
    SECTOR,
)
from wizard.config.models import (
    ANY_BODY,
    MAX_MULTI_OPTIONS,
    PROFILE,
    ChangesFile,
    LawsFile,
    PricesFile,
    Question,
    Questionnaire,
    RestrictionsFile,
    RoutesFile,
    ShowIf,
    UseCaseData,
    WeightProfile,
)


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
    return [
        *unique_id_problems(q),
        *question_problems(q),
        *profile_question_problems(q),
        *dimension_problems(q),
        *roadmap_problems(q),
        *refines_problems(q),
    ]


def refines_problems(q: Questionnaire) -> list[str]:
    """A region question refines ``jurisdictions``.

    It is a multi profile question shown only when one of its countries is chosen, with no
    option id that is also a country's.
    """
    out = []
    countries = _option_set(q, JURISDICTIONS) or set()
    for question in q.questions:
        if question.refines is None:
            continue
        where = f"questions[{question.id}].refines"
        if question.refines != JURISDICTIONS:
            out.append(f"{where}: must be {JURISDICTIONS!r}, got {question.refines!r}")
            continue
        if question.scored or question.type != "multi":
            out.append(f"{where}: must be a multi-choice profile question")
        if question.show_if is None or question.show_if.question != JURISDICTIONS:
            out.append(f"{where}: must be shown only for its countries (show_if: {JURISDICTIONS})")
        for option in question.option_ids:
            if option in countries:
                out.append(f"{where}: option {option!r} is already a country of {JURISDICTIONS}")
    return out


def unique_id_problems(q: Questionnaire) -> list[str]:
    """Ids of dimensions, questions, actions and phases are unique; ``profile`` is reserved."""
    out: list[str] = []
    dims = set(q.dimension_ids)
    rm = q.roadmap
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
    return out


def question_problems(q: Questionnaire) -> list[str]:
    """Check each question on its own and against earlier ones.

    A real dimension, unique and scored options, real actions, sane blockers and exclusive
    options, and ``show_if`` on an earlier question's real options.
    """
    out: list[str] = []
    dims = set(q.dimension_ids)
    actions = q.roadmap.actions_by_id
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
            for i, relief in enumerate(option.relief):
                rwhere = f"{owhere}.relief[{i}]"
                target = q.questions_by_id.get(relief.question)
                if question.type != "single":
                    out.append(f"{rwhere}: only options of a single question can have one")
                elif target is None or not target.scored or target.id == question.id:
                    out.append(
                        f"{rwhere}.question: must be another scored question, "
                        f"got {relief.question!r}"
                    )
                else:
                    for option_id in relief.in_:
                        if option_id not in target.options_by_id:
                            out.append(
                                f"{rwhere}.in: must list options of {relief.question!r}, "
                                f"got {option_id!r}"
                            )
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
        for option_id in question.flip_to:
            if option_id not in question.options_by_id:
                out.append(f"{where}.flip_to: must list its options, got {option_id!r}")
        if question.flip_drop and question.type != "multi":
            out.append(f"{where}.flip_drop: only a multi question can drop options, got single")
        if question.owner is not None and question.owner not in q.roadmap.owners:
            out.append(
                f"{where}.owner: must be a roadmap owner {sorted(q.roadmap.owners)}, "
                f"got {question.owner!r}"
            )
        for i, note in enumerate(question.notes):
            nwhere = f"{where}.notes[{i}].show_if"
            target = note.show_if.question
            if target not in earlier:
                out.append(f"{nwhere}.question: must name an earlier question, got {target!r}")
                continue
            for option_id in note.show_if.in_:
                if option_id not in earlier[target].options_by_id:
                    out.append(f"{nwhere}.in: must list options of {target!r}, got {option_id!r}")
        earlier.setdefault(question.id, question)
    return out


def profile_question_problems(q: Questionnaire) -> list[str]:
    """The profile questions that restrictions and tailoring rely on exist."""
    out: list[str] = []
    profile_ids = {x.id for x in q.questions if x.dimension == PROFILE}
    for required in REQUIRED_PROFILE:
        if required not in profile_ids:
            out.append(f"questions: must include the profile question {required!r}, got none")
    return out


def dimension_problems(q: Questionnaire) -> list[str]:
    """Each dimension has a roadmap owner and at least one question."""
    out: list[str] = []
    rm = q.roadmap
    for dim in q.dimensions:
        if dim.owner not in rm.owners:
            out.append(f"dimensions[{dim.id}].owner: must be a roadmap owner, got {dim.owner!r}")
        if not q.questions_of(dim.id):
            out.append(f"dimensions[{dim.id}]: must have at least one question, got none")
    return out


def roadmap_problems(q: Questionnaire) -> list[str]:
    """Actions name real phases, workstreams, owners and actions, without dependency loops."""
    out: list[str] = []
    dims = set(q.dimension_ids)
    rm = q.roadmap
    actions = rm.actions_by_id
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
    for key in ("unknown_action", "reassess_action", "discovery_action"):
        action_id = getattr(rm, key)
        if action_id is not None and action_id not in actions:
            out.append(f"roadmap.{key}: must name a roadmap action, got {action_id!r}")
    for action in rm.actions:
        where = f"roadmap.actions[{action.id}]"
        conds = [(f"{where}.when[{i}]", c) for i, c in enumerate(action.when)]
        conds += [(f"{where}.unless[{i}]", c) for i, c in enumerate(action.unless)]
        conds += [(f"{where}.when_any[{i}]", c) for i, c in enumerate(action.when_any)]
        for other in action.supersedes:
            if other not in actions:
                out.append(f"{where}.supersedes: must name roadmap actions, got {other!r}")
        conds += [(f"{where}.title_if[{i}].when", a.when) for i, a in enumerate(action.title_if)]
        for cwhere, cond in conds:
            out.extend(_condition_problems(q, cwhere, cond))
    for i, mapping in enumerate(rm.owner_map):
        out.extend(_condition_problems(q, f"roadmap.owner_map[{i}].when", mapping.when))
        for old, new in mapping.map.items():
            for owner in (old, new):
                if owner not in rm.owners:
                    out.append(
                        f"roadmap.owner_map[{i}].map: must map roadmap owners, got {owner!r}"
                    )
    for kind, action_id in rm.restriction_actions.items():
        if action_id not in actions:
            out.append(
                f"roadmap.restriction_actions.{kind}: must name a roadmap action, got {action_id!r}"
            )
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


def _condition_problems(q: Questionnaire, where: str, cond: ShowIf) -> list[str]:
    """A condition names a question and some of its options."""
    target = q.questions_by_id.get(cond.question)
    if target is None:
        return [f"{where}.question: must be a question of {q.id}, got {cond.question!r}"]
    return [
        f"{where}.in: must list options of {cond.question!r}, got {option!r}"
        for option in cond.in_
        if option not in target.options_by_id
    ]


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


def _option_set(q: Questionnaire, qid: str, *extra: str) -> set[str] | None:
    question = q.questions_by_id.get(qid)
    return None if question is None else {*question.option_ids, *extra}


def family_ids(q: Questionnaire) -> set[str] | None:
    """The model families: options of ``models`` except the exclusive "not decided" one."""
    question = q.questions_by_id.get(MODELS)
    if question is None:
        return None
    return {o.id for o in question.options if not o.exclusive}


def restrictions_problems(r: RestrictionsFile, q: Questionnaire) -> list[str]:
    """Check the watchlist against the questionnaire's profile questions.

    Jurisdictions, body types, sectors and model families are option ids of the profile
    questions; a lifted or superseded entry has an end date; ``superseded_by`` names an entry.
    """
    out = []
    valid = {
        "jurisdictions": place_ids(q),
        "bodies": _option_set(q, BODY_TYPE, ANY_BODY),
        "sectors": _option_set(q, SECTOR),
        "families": family_ids(q),
    }
    question_of = {
        "jurisdictions": JURISDICTIONS,
        "bodies": BODY_TYPE,
        "sectors": SECTOR,
        "families": MODELS,
    }

    def check(where: str, kind: str, values: Iterable[str]) -> None:
        allowed = valid[kind]
        if allowed is None:
            return
        for value in values:
            if value not in allowed:
                of = place_names(q) if kind == "jurisdictions" else question_of[kind]
                out.append(f"{where}: must be options of {q.id}:{of}, got {value!r}")

    for dup in _duplicates(e.id for e in r.entries):
        out.append(f"entries[{dup}]: ids must be unique, got {dup!r} twice")
    ids = {e.id for e in r.entries}
    for entry in r.entries:
        where = f"entries[{entry.id}]"
        check(f"{where}.jurisdictions", "jurisdictions", entry.jurisdictions)
        for key in ("binds", "informs"):
            for i, rule in enumerate(getattr(entry, key)):
                check(f"{where}.{key}[{i}].bodies", "bodies", rule.bodies)
                check(f"{where}.{key}[{i}].sectors", "sectors", rule.sectors)
        for key in ("covers", "unclear"):
            for i, cover in enumerate(getattr(entry, key)):
                check(f"{where}.{key}[{i}].families", "families", cover.families)
        if entry.applies_if is not None:
            out.extend(_condition_problems(q, f"{where}.applies_if", entry.applies_if))
        if not entry.binds and not entry.informs:
            out.append(f"{where}.binds: must name who it binds or informs, got neither")
        if not entry.covers and not entry.unclear:
            out.append(f"{where}.covers: must name the pairs it covers or may cover, got neither")
        if entry.kind in ("notice", "advisory") and entry.binds:
            out.append(
                f"{where}.binds: a {entry.kind} is addressed to others and only informs, "
                "got binds (use informs, or kind: directive)"
            )
        if entry.kind == "legal_barrier" and any(ANY_BODY not in r.bodies for r in entry.binds):
            out.append(
                f"{where}.binds: a legal_barrier binds every organisation under the law "
                "(bodies: [any]), got a narrower list"
            )
        if entry.status != "in_force" and entry.until is None:
            out.append(f"{where}.until: a {entry.status} entry must say when it ended, got no date")
        if entry.status == "in_force" and entry.until is not None:
            out.append(f"{where}.until: an in_force entry has no end date, got {entry.until!r}")
        if entry.superseded_by is not None and entry.superseded_by not in ids:
            out.append(f"{where}.superseded_by: must be an entry id, got {entry.superseded_by!r}")
    return out


def routes_problems(r: RoutesFile, q: Questionnaire) -> list[str]:
    """Fit rules must name real questions and options."""
    out = [
        f"routes[{d}]: ids must be unique, got {d!r} twice"
        for d in _duplicates(x.id for x in r.routes)
    ]
    families = family_ids(q)
    for route in r.routes:
        for family in route.families if families is not None else ():
            if family not in families:
                out.append(
                    f"routes[{route.id}].families: must be options of {q.id}:{MODELS}, "
                    f"got {family!r}"
                )
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
    if p.reference not in {m.id for m in p.current}:
        out.append(f"reference: must be the id of a model that is not retired, got {p.reference!r}")
    for model in p.models:
        if model.retired is not None and model.retired < model.as_of:
            out.append(
                f"models[{model.id}].retired: must be on or after its as_of {model.as_of}, "
                f"got {model.retired}"
            )
    if len(p.current) < 2:
        out.append(f"models: at least two must not be retired, got {len(p.current)}")
    if routes is not None:
        for model in p.models:
            if model.route not in routes.by_id:
                out.append(f"models[{model.id}].route: must be a route id, got {model.route!r}")
    return out


def restriction_route_problems(r: RestrictionsFile, routes: RoutesFile) -> list[str]:
    """Each restriction's covered routes must be route ids."""
    return [
        f"entries[{entry.id}].{key}[{i}].routes: must be route ids of data/routes.yaml, "
        f"got {route!r}"
        for entry in r.entries
        for key in ("covers", "unclear")
        for i, cover in enumerate(getattr(entry, key))
        for route in cover.routes
        if route not in routes.by_id
    ]


def laws_problems(f: LawsFile, q: Questionnaire) -> list[str]:
    """Law ids unique; jurisdictions are options of the questionnaire's ``jurisdictions``."""
    out = [
        f"laws[{d}]: ids must be unique, got {d!r} twice" for d in _duplicates(x.id for x in f.laws)
    ]
    places = place_ids(q)
    bodies = _option_set(q, BODY_TYPE, ANY_BODY)
    for law in f.laws:
        for place in law.jurisdictions if places is not None else ():
            if place not in places:
                out.append(
                    f"laws[{law.id}].jurisdictions: must be options of {q.id}:{place_names(q)}, "
                    f"got {place!r}"
                )
        for duty in law.duties:
            for body in duty.bodies if bodies is not None else ():
                if body not in bodies:
                    out.append(
                        f"laws[{law.id}].duties[{duty.id}].bodies: must be options of "
                        f"{q.id}:{BODY_TYPE} or 'any', got {body!r}"
                    )
            if duty.applies_if is not None:
                out.extend(
                    _condition_problems(
                        q, f"laws[{law.id}].duties[{duty.id}].applies_if", duty.applies_if
                    )
                )
    return out


def place_ids(q: Questionnaire) -> set[str] | None:
    """Every place an entry may name: options of ``jurisdictions`` and of its regions."""
    if JURISDICTIONS not in q.questions_by_id:
        return None
    return {o for qid in q.place_questions for o in q.questions_by_id[qid].option_ids}


def place_names(q: Questionnaire) -> str:
    """The place questions for an error line: ``jurisdictions`` (or with its regions)."""
    regions = q.place_questions[1:]
    return JURISDICTIONS + (f" or {', '.join(regions)}" if regions else "")


def changes_problems(
    log: ChangesFile,
    restrictions: RestrictionsFile | None,
    laws: LawsFile | None,
    prices: PricesFile | None,
) -> list[str]:
    """Each change names a known entry, law or model, and no version is newer than the data's."""
    out = []
    if log.baseline >= log.version:
        out.append(f"baseline: must be before version {log.version}, got {log.baseline}")
    known = {
        "restriction": None if restrictions is None else {e.id for e in restrictions.entries},
        "law": None if laws is None else {x.id for x in laws.laws},
        "model": None if prices is None else {m.id for m in prices.models},
    }
    for i, change in enumerate(log.changes):
        where = f"changes[{i}]"
        if change.version > log.version or change.version <= log.baseline:
            out.append(
                f"{where}.version: must be after {log.baseline} and at most {log.version}, "
                f"got {change.version}"
            )
        named = [k for k in known if getattr(change, k) is not None]
        if len(named) != 1:
            out.append(f"{where}: must name one restriction, law or model, got {named or 'none'}")
        for key in named:
            ids = known[key]
            if ids is not None and getattr(change, key) not in ids:
                out.append(f"{where}.{key}: must be a known id, got {getattr(change, key)!r}")
        if change.kind == "price" and (change.price_from is None or change.price_to is None):
            out.append(f"{where}: a price change must give price_from and price_to")
        if change.kind == "lifted" and restrictions is not None and change.restriction:
            entry = restrictions.by_id.get(change.restriction)
            if entry is not None and entry.in_force:
                out.append(f"{where}: says {entry.id!r} was lifted, but the entry is in force")
    return out


def removal_problems(
    old: RestrictionsFile, new: RestrictionsFile, log: ChangesFile | None = None
) -> list[str]:
    """A newer watchlist never drops a binding entry silently.

    Every entry of ``old`` that was in force and bound someone must still be in ``new``: in
    force, or lifted or superseded (with its end date), and such an end is in the change log.
    """
    out = []
    logged = {c.restriction for c in log.changes} if log is not None else set()
    for entry in old.entries:
        if not entry.in_force or not entry.binds:
            continue
        now = new.by_id.get(entry.id)
        if now is None:
            out.append(
                f"entries[{entry.id}]: a binding entry must stay (lifted or superseded), got none"
            )
        elif not now.in_force and log is not None and entry.id not in logged:
            out.append(f"entries[{entry.id}]: ended ({now.status}) with no change-log record")
    return out


def use_case_problems(f: UseCaseData, q: Questionnaire, routes: RoutesFile | None) -> list[str]:
    """Template ids unique, their attributes known ids, the routes named those of the file."""
    out = [
        f"templates[{d}]: ids must be unique, got {d!r} twice"
        for d in _duplicates(t.id for t in f.templates)
    ]
    choices = {
        "data_class": _option_set(q, DATA_CLASS),
        "risk_tiers": _option_set(q, RISK_TIERS),
        "size": set(f.sizes),
        "value": set(f.values),
    }
    for t in f.templates:
        for field, allowed in choices.items():
            value = getattr(t, field)
            for item in value if isinstance(value, tuple) else (value,):
                if allowed is not None and item is not None and item not in allowed:
                    out.append(
                        f"templates[{t.id}].{field}: must be one of {sorted(allowed)}, got {item!r}"
                    )
    for field, qid in (
        ("fria_body_types", BODY_TYPE),
        ("fria_sectors", SECTOR),
        ("government_bodies", BODY_TYPE),
    ):
        allowed = _option_set(q, qid)
        for item in getattr(f, field):
            if allowed is not None and item not in allowed:
                out.append(f"{field}: must be options of {qid}, got {item!r}")
    actions = set(q.roadmap.actions_by_id) if q.roadmap is not None else None
    for action, when in f.pilot_waits_only_if.items():
        if actions is not None and action not in actions:
            out.append(f"pilot_waits_only_if.{action}: must be a roadmap action id, got {action!r}")
        for field in ("data_class", "risk_tiers"):
            allowed = choices[field]
            for item in getattr(when, field):
                if allowed is not None and item not in allowed:
                    out.append(
                        f"pilot_waits_only_if.{action}.{field}: must be one of "
                        f"{sorted(allowed)}, got {item!r}"
                    )
    bodies = _option_set(q, BODY_TYPE)
    if f.contractor_body is not None and bodies is not None and f.contractor_body not in bodies:
        out.append(f"contractor_body: must be an option of {BODY_TYPE}, got {f.contractor_body!r}")
    budgets = _option_set(q, BUDGET)
    for item, amount in f.budgets.items():
        if budgets is not None and item not in budgets:
            out.append(f"budgets.{item}: must be an option of {BUDGET}, got {item!r}")
        if amount < 0:
            out.append(f"budgets.{item}: must be 0 or more, got {amount!r}")
    for item in f.fria_templates:
        if item not in f.templates_by_id:
            out.append(f"fria_templates: must name templates of this file, got {item!r}")
    answers = _option_set(q, ROUTE)
    known = {r.id for r in routes.routes} if routes is not None else None
    for answer, ids in f.routes.items():
        if answers is not None and answer not in answers:
            out.append(f"routes.{answer}: must be an option of sec_route, got {answer!r}")
        for rid in ids:
            if known is not None and rid not in known:
                out.append(f"routes.{answer}: must name routes of data/routes.yaml, got {rid!r}")
    return out
