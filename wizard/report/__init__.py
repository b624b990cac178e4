"""Plain-language reasons and the machine-readable result (CLI json, app downloads)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.answers import UNKNOWN, AnswerValue
from wizard.config import Question, Questionnaire
from wizard.exports.tables import roadmap_records
from wizard.i18n import t
from wizard.scoring import ACT_NOW, Assessment

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.flips import FlipPlan
    from wizard.guidance import Advice


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def reasons(q: Questionnaire, result: Assessment, lang: str) -> list[str]:
    """Why the decision is what it is; a wait always names every cause."""
    title = {d.id: d.title.get(lang) for d in q.dimensions}
    out: list[str] = []
    for hit in result.blockers:
        out.append(t("reason.blocker", lang, reason=hit.reason.get(lang)))
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


def flip_lines(q: Questionnaire, plan: FlipPlan, lang: str) -> list[str]:
    """The flip plan as concrete steps: blockers, then floors, then score."""
    return [
        t(
            f"flip.step_{change.reason}"
            if plan.target == ACT_NOW
            else f"flip.step_wait_{change.reason}",
            lang,
            question=q.questions_by_id[change.question].text.get(lang),
            old=answer_label(q, change.question, change.old, lang),
            new=answer_label(q, change.question, change.new, lang),
        )
        for change in plan.changes
    ]


def sensitivity_sentence(advice: Advice, lang: str) -> str:
    """How the decision holds over weightings ("act now in 87% of ..."), or why none can."""
    result = advice.result
    if result.blockers or result.floors_failed or result.missing_dimensions:
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
            {"question": b.question, "option": b.option, "reason": b.reason.get(lang)}
            for b in result.blockers
        ],
        "missing_dimensions": list(result.missing_dimensions),
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
            "steps": flip_lines(q, advice.flip, lang),
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
                "sector_assumed": m.sector_assumed,
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
        lines.append(f"  {dim.title.get(lang)}: {text}{suffix}")
    return lines
