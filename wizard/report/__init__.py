"""Plain-language reasons and the machine-readable result (CLI json, app downloads)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wizard.answers import UNKNOWN, AnswerValue, visible_ids
from wizard.config import PricesFile, Question, Questionnaire, Restriction
from wizard.cost import ModelCost, Usage, saving
from wizard.exports.tables import roadmap_records
from wizard.i18n import colon, date_text, money, paren, t
from wizard.roadmap import family_names
from wizard.scoring import ACT_NOW, Assessment, BlockerHit

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.cautions import Caution
    from wizard.compare import Comparison
    from wizard.flips import FlipPlan
    from wizard.guidance import Advice
    from wizard.restrictions import RestrictionMatch
    from wizard.routes import RouteFit


#: "&" too: Markdown decodes named entities (&colon; &period; &commat;) back into characters
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md_escape(text: str) -> str:
    """Escape text from users or files so Markdown shows it literally (no links, no HTML).

    The app's pages and the Markdown files it writes (the workshop minutes) both use it.
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


#: GitHub-flavoured Markdown links bare URLs and e-mail addresses even when escaped; a word
#: joiner (invisible, zero width) after the scheme or before the @ stops it
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www|file)(?=\\?[:.])|(?=@)")
WORD_JOINER = "\u2060"


def md_escape_user(text: str) -> str:
    """Text a user typed (a workshop title, a name, a file name) for a Markdown element.

    Escaped as ``md_escape`` does, and bare URLs and e-mail addresses in it are not turned
    into links: what the user typed is shown as they typed it, nothing more.
    """
    escaped = md_escape(text)
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, escaped)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def reasons(q: Questionnaire, result: Assessment, lang: str, *, blockers: bool = True) -> list[str]:
    """Why the decision is what it is; a wait always names every cause.

    ``blockers=False`` leaves the blockers out, for a page that shows them on their own.
    """
    title = {d.id: d.title.get(lang) for d in q.dimensions}
    out: list[str] = []
    for hit in result.blockers if blockers else ():
        out.append(t("reason.blocker", lang, reason=blocker_text(q, hit, lang)))
    for fail in result.floors_failed:
        out.append(
            t(
                "reason.floor_failed",
                lang,
                dimension=title[fail.dimension],
                score=_fmt(fail.score),
                floor=_fmt(fail.floor),
            )
        )
    for dim in result.missing_dimensions:
        out.append(t("reason.missing", lang, dimension=title[dim]))
    if result.overall is not None:
        key = (
            "reason.above_threshold"
            if result.overall >= result.threshold
            else "reason.below_threshold"
        )
        line = t(key, lang, overall=f"{result.overall:.1f}", threshold=f"{result.threshold:g}")
        # the threshold is the headline reason of an act-now and of a plain score wait
        if result.decision == ACT_NOW or result.overall < result.threshold:
            out.insert(0 if result.decision == ACT_NOW else len(out), line)
    if result.unknowns:
        out.append(t("reason.unknowns", lang, count=len(result.unknowns)))
    if result.insufficient:  # the headline: no decision can rest on these answers
        share = f"{result.unknown_question_share:.0%}"
        out.insert(0, t("reason.not_enough_info", lang, share=share))
    return out


def decision_label(result: Assessment, lang: str) -> str:
    """The verdict's words: act now, wait, or wait for lack of information."""
    if result.insufficient:
        return t("decision.insufficient", lang)
    return t(f"decision.{result.decision}", lang)


def blocker_text(q: Questionnaire, hit: BlockerHit, lang: str) -> str:
    """Why a blocker forces wait: the option's reason, or the restriction the engine found."""
    if hit.reason is not None:
        return hit.reason.get(lang)
    question = q.questions_by_id.get(hit.question)
    option = question.options_by_id.get(hit.option) if question is not None else None
    family = option.label.get(lang) if option is not None else hit.option
    who = t("wizard.list_sep", lang).join(e.who.get(lang) for e in hit.entries)
    return t("reason.restriction_blocker", lang, family=family, who=who)


def entry_names(entries: Sequence[Restriction], lang: str) -> str:
    """Watchlist entries by name, listed."""
    return t("wizard.list_sep", lang).join(e.who.get(lang) for e in entries)


def warning_text(
    q: Questionnaire,
    caution: Caution,
    lang: str,
    route_titles: Mapping[str, str] | None = None,
) -> str:
    """One warning of the result as a sentence in ``lang`` (route ids put in words)."""
    values = dict(caution.values)
    words: dict[str, str | int | float] = {"who": entry_names(caution.entries, lang)}
    if "question" in values and "answer" in values:
        question = q.questions_by_id[str(values["question"])]
        words["answer"] = option_text(question, str(values["answer"]), lang)
    if "family" in values:
        words["family"] = family_names(q, str(values["family"]), lang)
    if "route" in values:
        words["route"] = (route_titles or {}).get(str(values["route"]), str(values["route"]))
    for key in ("as_of", "days", "max_days", "share"):
        if key in values:
            words[key] = date_text(values[key], lang) if key == "as_of" else values[key]
    return t(f"warning.{caution.code}", lang, **words)


def route_titles(advice: Advice, lang: str) -> dict[str, str]:
    """The routes' titles in ``lang``, by id (warnings and restrictions name routes by id)."""
    return {f.route.id: f.route.title.get(lang) for f in advice.routes}


def warning_lines(q: Questionnaire, advice: Advice, lang: str) -> list[str]:
    """Every warning of the advice as a sentence."""
    titles = route_titles(advice, lang)
    return [warning_text(q, c, lang, titles) for c in advice.warnings]


def when_text(entry: Restriction, lang: str) -> str:
    """The entry's date (as precisely as it was reported) and, if it ended, when."""
    start = (
        entry.date_note.get(lang) if entry.date_note is not None else date_text(entry.date, lang)
    )
    if entry.status == "in_force":
        return start
    end = (
        entry.until_note.get(lang)
        if entry.until_note is not None
        else date_text(entry.until or "", lang)
    )
    return t(f"restrictions.period_{entry.status}", lang, start=start, end=end)


def coverage_text(
    q: Questionnaire,
    entry: Restriction,
    route_titles: Mapping[str, str],
    lang: str,
    standing: str = "binding",
) -> str:
    """What the entry rules out, and what it may cover, per route, in words.

    For a related entry: what it rules out for the bodies it binds; for history: what it
    covered while in force.
    """
    parts = []
    for key in ("covers", "unclear"):
        label = key
        if key == "covers" and not entry.in_force:
            label = "covered_then"
        elif key == "covers" and standing == "related":
            label = "covers_related"
        pieces = [
            t(
                "restrictions.pair",
                lang,
                models=family_names(q, ",".join(c.families), lang),
                routes=t("restrictions.route_or", lang).join(
                    route_titles.get(r, r) for r in c.routes
                ),
            )
            for c in getattr(entry, key)
        ]
        if pieces:
            pairs = t("wizard.list_sep", lang).join(pieces)
            parts.append(t(f"restrictions.{label}", lang, pairs=pairs))
    return t("wizard.sentence_sep", lang).join(parts)


def match_facts(
    q: Questionnaire,
    match: RestrictionMatch,
    lang: str,
    matches: Sequence[RestrictionMatch] = (),
) -> str:
    """Standing, status, certainty, who it binds and what replaced it, as one caption line."""
    entry = match.entry
    bits = [t(f"restrictions.status_{entry.status}", lang)]
    if entry.certainty == "reported":
        bits.append(t("restrictions.reported", lang))
    if match.bodies:
        body_q = q.questions_by_id.get("body_type")
        labels = [
            body_q.options_by_id[b].label.get(lang)
            if body_q is not None and b in body_q.options_by_id
            else b
            for b in match.bodies
        ]
        key = {
            "binding": "restrictions.binds_you",
            "related": "restrictions.informs_you",
            "history": "restrictions.applied_to",
        }[match.standing]
        bits.append(t(key, lang, bodies=t("wizard.list_sep", lang).join(labels)))
    if match.assumed and match.standing == "binding":
        bits.append(t("restrictions.assumed", lang))
    if entry.superseded_by is not None:
        later = next((m.entry for m in matches if m.entry.id == entry.superseded_by), None)
        who = later.who.get(lang) if later is not None else entry.superseded_by
        bits.append(t("restrictions.superseded_by", lang, who=who))
    return " · ".join(bits)


def route_family_lines(q: Questionnaire, fit: RouteFit, lang: str) -> list[str]:
    """Which model families a route is allowed with, which to check, which are ruled out."""
    return [line for _, line in route_family_notes(q, fit, lang)]


def route_family_notes(q: Questionnaire, fit: RouteFit, lang: str) -> list[tuple[str, str]]:
    """Like :func:`route_family_lines`, each with its kind: allowed, check, confirm, ruled_out."""
    out: list[tuple[str, str]] = []
    allowed = fit.allowed_families
    if allowed:
        models = family_names(q, ",".join(allowed), lang)
        out.append(("allowed", t("routes.allowed_with", lang, models=models)))
    for status in fit.families:
        if status.status == "allowed":
            if status.related:
                who = entry_names([m.entry for m in status.related], lang)
                models = family_names(q, status.family, lang)
                out.append(("check", t("routes.family_related", lang, models=models, who=who)))
            continue
        who = entry_names([m.entry for m in status.by], lang)
        models = family_names(q, status.family, lang)
        key = f"routes.family_{status.status}"
        out.append((status.status, t(key, lang, models=models, who=who)))
    return out


def grouped_matches(advice: Advice) -> dict[str, list[RestrictionMatch]]:
    """The matched entries by standing: binding, related, history (empty groups kept)."""
    out: dict[str, list[RestrictionMatch]] = {"binding": [], "related": [], "history": []}
    for match in advice.matches:
        out[match.standing].append(match)
    return out


def entry_notes(q: Questionnaire, match: RestrictionMatch, advice: Advice, lang: str) -> list[str]:
    """What to say under a matched entry: standing and status, what it covers, its source."""
    entry = match.entry
    as_of = date_text(entry.as_of, lang)
    return [
        match_facts(q, match, lang, advice.matches),
        coverage_text(q, entry, route_titles(advice, lang), lang, match.standing),
        t("results.source", lang, source=entry.source, as_of=as_of),
    ]


def restriction_lines(q: Questionnaire, advice: Advice, lang: str) -> list[str]:
    """The matched restrictions as text lines, grouped binding / related / history."""
    out: list[str] = []
    groups = grouped_matches(advice)
    if not groups["binding"]:
        out.append(f"  {t('restrictions.none_binding', lang)}")
    for standing, matches in groups.items():
        if not matches:
            continue
        out.append(f"  {t(f'restrictions.group_{standing}', lang)}{colon(lang).rstrip()}")
        for m in matches:
            head = m.entry.who.get(lang) + paren(when_text(m.entry, lang), lang)
            out.append(f"  - {head}{colon(lang)}{m.entry.scope.get(lang)}")
            out.extend(f"    {note}" for note in entry_notes(q, m, advice, lang))
    return out


def law_lines(advice: Advice, lang: str) -> list[str]:
    """The laws the advice names: name, what it asks, how sure the tool is, source and date."""
    out = []
    for law in advice.laws:
        sure = t(f"laws.certainty_{law.certainty}", lang)
        if law.certainty_note is not None:
            sure += t("wizard.list_sep", lang) + law.certainty_note.get(lang)
        out.append(
            t(
                "laws.line",
                lang,
                name=law.name.get(lang),
                summary=law.summary.get(lang),
                certainty=sure,
                source=law.source,
                as_of=date_text(law.as_of, lang),
            )
        )
    return out


def option_text(question: Question, option_id: str, lang: str) -> str:
    """One option as people read it in ``lang``, "don't know" included."""
    if option_id == UNKNOWN:
        return t("wizard.dont_know", lang)
    return question.options_by_id[option_id].label.get(lang)


def answer_label(q: Questionnaire, qid: str, value: AnswerValue | None, lang: str) -> str:
    """An answer as the user saw it: option labels in ``lang``, or "(not answered)"."""
    if value is None or value == []:
        return t("review.unanswered", lang)
    question = q.questions_by_id[qid]
    chosen = [value] if isinstance(value, str) else value
    return t("wizard.list_sep", lang).join(option_text(question, v, lang) for v in chosen)


def flip_owner(q: Questionnaire, qid: str) -> str:
    """Who acts on a question: its own owner, else its dimension's, else the CIO."""
    question = q.questions_by_id[qid]
    if question.owner is not None:
        return question.owner
    dim = q.dimensions_by_id.get(question.dimension)
    return dim.owner if dim is not None else "cio"


def flip_lines(q: Questionnaire, plan: FlipPlan, lang: str) -> list[str]:
    """The flip plan as concrete steps: blockers, then floors, then score.

    Each says who acts and roughly how long it takes; a question's ``flip_hint`` gives the step
    its own words ("drop the prohibited use case", not "relabel the tier").
    """
    out = []
    for change in plan.changes:
        question = q.questions_by_id[change.question]
        old = answer_label(q, change.question, change.old, lang)
        new = answer_label(q, change.question, change.new, lang)
        if plan.target == ACT_NOW and question.flip_hint is not None:
            hint = question.flip_hint.get(lang).format(old=old, new=new)
            line = t(f"flip.hint_{change.reason}", lang, hint=hint)
        else:
            key = (
                f"flip.step_{change.reason}"
                if plan.target == ACT_NOW
                else (f"flip.step_wait_{change.reason}")
            )
            line = t(key, lang, question=question.text.get(lang), old=old, new=new)
        if plan.target == ACT_NOW:
            owner = q.roadmap.owners.get(flip_owner(q, change.question))
            line += t(
                "flip.who_when",
                lang,
                owner=owner.get(lang) if owner is not None else "",
                weeks=question.effort_weeks,
            )
        out.append(line)
    return out


def sensitivity_sentence(advice: Advice, lang: str) -> str:
    """How the decision holds over weightings ("act now in 87% of ..."), or why none can."""
    result = advice.result
    if result.blockers or result.floors_failed or result.missing_dimensions or result.insufficient:
        return t("sens.weights_cannot", lang)
    share = advice.sensitivity.agree_share
    return t(
        f"sens.share_{result.decision}",
        lang,
        pct=f"{share:.0%}",
        draws=f"{advice.sensitivity.draws:,}",
    )


def result_document(q: Questionnaire, weights_id: str, advice: Advice, lang: str) -> dict[str, Any]:
    """The ``score --format json`` document (keys are part of the CLI contract)."""
    result, matches, roadmap = advice.result, advice.matches, advice.roadmap(q, lang)
    return {
        "decision": result.decision,
        "overall": result.overall,
        "threshold": result.threshold,
        "weights": weights_id,
        "dimensions": dict(result.dimensions),
        "floors_failed": [
            {"dimension": f.dimension, "score": f.score, "floor": f.floor}
            for f in result.floors_failed
        ],
        "blockers": [
            {
                "question": b.question,
                "option": b.option,
                "reason": blocker_text(q, b, lang),
                "restrictions": [e.id for e in b.entries],
            }
            for b in result.blockers
        ],
        "warnings": [
            {"id": c.id, "code": c.code, "text": text}
            for c, text in zip(advice.warnings, warning_lines(q, advice, lang), strict=True)
        ],
        "intended_models": list(advice.intended),
        "laws": [
            {
                "id": law.id,
                "name": law.name.get(lang),
                "summary": law.summary.get(lang),
                "certainty": law.certainty,
                "source": law.source,
                "as_of": law.as_of,
            }
            for law in advice.laws
        ],
        "missing_dimensions": list(result.missing_dimensions),
        "not_enough_information": result.insufficient,
        "unknowns": list(result.unknowns),
        "confidence": advice.confidence,
        "confidence_before_sensitivity": result.confidence,
        "sensitivity": {
            "draws": advice.sensitivity.draws,
            "agree_share": advice.sensitivity.agree_share,
            "act_now_share": advice.sensitivity.act_share,
            "sentence": sensitivity_sentence(advice, lang),
            "weight_flips": {f.dimension: f.flip_at for f in advice.sensitivity.flips},
        },
        "flip": {
            "target": advice.flip.target,
            "found": advice.flip.found,
            "steps": flip_lines(q, advice.flip, lang) if advice.flip.found else [],
            "changes": [
                {"question": c.question, "from": c.old, "to": c.new, "reason": c.reason}
                for c in advice.flip.changes
            ],
        },
        "routes": [
            {
                "id": fit.route.id,
                "title": fit.route.title.get(lang),
                "fit": fit.fit,
                "allowed": fit.allowed,
                "ruled_out_by": [m.entry.id for m in fit.ruled_out_by],
                "allowed_models": list(fit.allowed_families),
                "confirm_models": list(fit.with_status("confirm")),
                "ruled_out_models": list(fit.with_status("ruled_out")),
                "serves_intended_models": fit.serves_intent,
            }
            for fit in advice.routes
        ],
        "reasons": reasons(q, result, lang),
        "restrictions": [
            {
                "id": m.entry.id,
                "who": m.entry.who.get(lang),
                "scope": m.entry.scope.get(lang),
                "date": m.entry.date,
                "source": m.entry.source,
                "as_of": m.entry.as_of,
                "matched_jurisdictions": list(m.jurisdictions),
                "sector_assumed": m.assumed,
                "status": m.entry.status,
                "until": m.entry.until,
                "binding": m.standing,
                "matched_bodies": list(m.bodies),
                "assumed": m.assumed,
                "certainty": m.entry.certainty,
                "covers": [
                    {"routes": list(c.routes), "models": list(c.families)} for c in m.entry.covers
                ],
                "unclear": [
                    {"routes": list(c.routes), "models": list(c.families)} for c in m.entry.unclear
                ],
            }
            for m in matches
        ],
        "roadmap": roadmap_records(roadmap),
        "language": lang,
    }


def dimension_lines(q: Questionnaire, result: Assessment, lang: str) -> list[str]:
    """``Security: 72 (floor 40)`` lines for text output."""
    lines = []
    for dim in q.dimensions:
        score = result.dimensions[dim.id]
        floor = result.floors.get(dim.id)
        text = t("cli.not_assessed", lang) if score is None else f"{score:.1f}"
        suffix = t("cli.floor", lang, floor=f"{floor:g}") if floor is not None else ""
        lines.append(f"  {dim.title.get(lang)}{colon(lang)}{text}{suffix}")
    return lines


def model_status(fits: Mapping[str, RouteFit], route: str, family: str | None) -> tuple[str, list]:
    """(allowed | confirm | ruled_out, the entries that say so) of a model for the organisation.

    A model on a route the advice rules out is ruled out; with a family, its family's status on
    its route decides (a restriction that "may cover" it: confirm first).
    """
    fit = fits.get(route)
    if fit is None:
        return "allowed", []
    for status in fit.families:
        if family is not None and status.family == family:
            return status.status, [m.entry for m in status.by]
    if not fit.allowed:
        return "ruled_out", [m.entry for m in fit.ruled_out_by]
    return "allowed", []


def cost_lines(
    prices: PricesFile,
    costs: Sequence[ModelCost],
    closed: Mapping[str, RouteFit],
    usage: Usage,
    lang: str,
    rates: Mapping[str, Any] | None = None,
    fits: Mapping[str, RouteFit] | None = None,
) -> tuple[list[str], bool, list[ModelCost]]:
    """The cost verdict in ``lang``: the saving against the reference model and the ROI lines.

    Models ruled out for the organisation (their route in ``closed``, or with ``fits`` their
    family on their route) are left out when others remain; a model that a binding restriction
    may cover gets a "confirm first" line. Returns the lines, whether any usable model costs
    more than the value it brings, and the usable models.
    """
    sep = t("wizard.list_sep", lang)
    status = {
        c.model.id: model_status(fits, c.model.route, c.model.family)
        if fits is not None
        else (("ruled_out", []) if c.model.route in closed else ("allowed", []))
        for c in costs
    }
    usable = [c for c in costs if status[c.model.id][0] != "ruled_out"] or list(costs)
    if not any(c.model.id == prices.reference for c in usable) and len(usable) >= 2:
        usable = list(costs)  # no reference left to compare against: the plain comparison
    good = [c.model.name.get(lang) for c in usable if c.total < usage.monthly_value]
    bad = [c.model.name.get(lang) for c in usable if c.total >= usage.monthly_value]
    if len(usable) == 1:
        only = usable[0]
        lines = [
            t(
                "cost.only",
                lang,
                model=only.model.name.get(lang),
                cost=money(only.total, lang, rates),
            )
        ]
    else:
        cheapest, ref, share = saving(usable, prices.reference)
        lines = [
            t(
                "cost.saving",
                lang,
                cheap=cheapest.model.name.get(lang),
                cheap_cost=money(cheapest.total, lang, rates),
                share=share,
                ref=ref.model.name.get(lang),
                ref_cost=money(ref.total, lang, rates),
            )
        ]
    if good:
        value = money(usage.monthly_value, lang, rates)
        lines.append(t("cost.roi_positive", lang, value=value, models=sep.join(good)))
    if bad:
        lines.append(t("cost.roi_negative", lang, models=sep.join(bad)))
    doubtful = [c for c in usable if status[c.model.id][0] == "confirm"]
    if doubtful:
        entries = list(dict.fromkeys(e for c in doubtful for e in status[c.model.id][1]))
        lines.insert(  # right after the saving: it qualifies the price it names
            1,
            t(
                "cost.confirm_first",
                lang,
                models=sep.join(c.model.name.get(lang) for c in doubtful),
                who=entry_names(entries, lang) if entries else "-",
            ),
        )
    return lines, bool(bad), usable


def comparison_document(q: Questionnaire, cmp: Comparison, lang: str) -> dict[str, Any]:
    """A comparison over time, machine-readable (``compare --format json``), words in ``lang``."""
    series = cmp.snapshots
    rows_by_id: dict[str, str] = {}
    asked: list[set[str]] = [set(), set()]
    if len(series) >= 2:
        for snap in series[-2:]:
            rows_by_id.update({r.id: r.action for r in snap.advice.roadmap(q, lang)})
        asked = [visible_ids(q, snap.answers) for snap in series[-2:]]

    def said(qid: str, value: AnswerValue | None, shown: set[str]) -> str:
        # a question that branching no longer shows is not an unanswered one
        if value in (None, []) and qid not in shown:
            return t("compare.no_longer_asked", lang)
        return answer_label(q, qid, value, lang)

    return {
        "snapshots": [
            {
                "label": s.label,
                "saved_on": s.saved_on.isoformat() if s.saved_on else None,
                "questionnaire_version": s.version,
                "decision": s.result.decision,
                "overall": None if s.result.overall is None else round(s.result.overall, 1),
                "dimensions": {
                    d: None if v is None else round(v, 1) for d, v in s.result.dimensions.items()
                },
            }
            for s in series
        ],
        "changes": [
            {
                "question": c.question,
                "text": q.questions_by_id[c.question].text.get(lang),
                "before": c.before,
                "after": c.after,
                "before_text": said(c.question, c.before, asked[0]),
                "after_text": said(c.question, c.after, asked[1]),
                "points": c.points,
            }
            for c in cmp.changes
        ],
        "closed": [{"id": i, "action": rows_by_id.get(i, i)} for i in cmp.closed],
        "dropped": [{"id": i, "action": rows_by_id.get(i, i)} for i in cmp.dropped],
        "opened": [{"id": i, "action": rows_by_id.get(i, i)} for i in cmp.opened],
        "not_compared": list(cmp.not_compared),
    }


def comparison_lines(q: Questionnaire, cmp: Comparison, lang: str) -> list[str]:
    """The comparison as text lines (``compare``), in ``lang``."""
    doc = comparison_document(q, cmp, lang)
    c = colon(lang)
    lines = [t("compare.series", lang) + c.rstrip()]
    dims = [d.id for d in q.dimensions]
    for snap in doc["snapshots"]:
        when = date_text(snap["saved_on"], lang) if snap["saved_on"] else t("compare.no_date", lang)
        scores = t("wizard.list_sep", lang).join(
            f"{q.dimensions_by_id[d].title.get(lang)} {_fmt(snap['dimensions'].get(d))}"
            for d in dims
        )
        lines.append(
            t(
                "compare.row",
                lang,
                label=snap["label"],
                when=when,
                version=snap["questionnaire_version"],
                decision=t(f"decision.{snap['decision']}", lang),
                overall=_fmt(snap["overall"]),
                scores=scores,
            )
        )
    if len(doc["snapshots"]) < 2:
        return lines
    old = doc["snapshots"][-2]["label"]
    lines.append(t("compare.changes", lang, old=old) + c.rstrip())
    for change in doc["changes"] or [{"none": True}]:
        if "none" in change:
            lines.append("  - " + t("compare.no_changes", lang))
            continue
        points = (
            ""
            if change["points"] is None
            else t("compare.points", lang, points=f"{change['points']:+.1f}")
        )
        lines.append(
            f"  - {change['text']}{c}{change['before_text']} -> {change['after_text']}{points}"
        )
    if doc["closed"]:
        lines.append(t("compare.closed", lang, old=old) + c.rstrip())
        lines += [f"  - {row['action']}" for row in doc["closed"]]
    if doc["dropped"]:
        lines.append(t("compare.dropped", lang) + c.rstrip())
        lines += [f"  - {row['action']}" for row in doc["dropped"]]
    if doc["opened"]:
        lines.append(t("compare.opened", lang) + c.rstrip())
        lines += [f"  - {row['action']}" for row in doc["opened"]]
    if doc["not_compared"]:
        names = t("wizard.list_sep", lang).join(
            q.questions_by_id[i].text.get(lang) for i in doc["not_compared"]
        )
        lines.append(t("compare.not_compared", lang, questions=names))
    return lines
