"""The verdict in words: the decision, why, how robust, and what would change it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.config import Questionnaire
from wizard.i18n import colon, t
from wizard.scoring import ACT_NOW, Assessment, BlockerHit
from wizard.words.answers import answer_label

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.flips import FlipPlan
    from wizard.guidance import Advice


def score_text(value: float | None) -> str:
    """A score as a whole number, or "-" when there is none."""
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
                score=score_text(fail.score),
                floor=score_text(fail.floor),
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
    if hit.entries and all(e.kind == "legal_barrier" for e in hit.entries):
        return t("reason.legal_barrier_blocker", lang, family=family, who=who)
    return t("reason.restriction_blocker", lang, family=family, who=who)


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
            own = flip_owner(q, change.question)
            owner = q.roadmap.owners.get(dict(plan.owners).get(own, own))
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
