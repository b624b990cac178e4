"""A comparison over time in words and as a machine-readable document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.answers import AnswerValue, visible_ids
from wizard.config import Catalog, Questionnaire
from wizard.i18n import colon, date_text, t
from wizard.words.answers import answer_label
from wizard.words.roadmap import advice_rows
from wizard.words.verdict import score_text as _fmt
from wizard.words.world import moved_detail, moved_text, news_document, news_lines

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.compare import Comparison


def comparison_document(
    q: Questionnaire, cmp: Comparison, lang: str, catalog: Catalog | None = None
) -> dict[str, Any]:
    """A comparison over time, machine-readable (``compare --format json``), words in ``lang``.

    With the catalog, the world's changes since the earlier file come first (``world``), and
    ``moved_by`` says whether the verdict moved because of the world or the answers.
    """
    series = cmp.snapshots
    rows_by_id: dict[str, str] = {}
    asked: list[set[str]] = [set(), set()]
    if len(series) >= 2:
        for snap in series[-2:]:
            rows_by_id.update({r.id: r.action for r in advice_rows(q, snap.advice, lang)})
        asked = [visible_ids(q, snap.answers) for snap in series[-2:]]

    def said(qid: str, value: AnswerValue | None, shown: set[str]) -> str:
        # a question that branching no longer shows is not an unanswered one
        if value in (None, []) and qid not in shown:
            return t("compare.no_longer_asked", lang)
        return answer_label(q, qid, value, lang)

    world = news_document(q, catalog, cmp.world, lang) if catalog is not None else None
    return {
        "world": world,
        "moved_by": {
            "world": cmp.world_moved,
            "answers": cmp.answers_moved,
            "text": moved_text(cmp.world_moved, cmp.answers_moved, lang),
            "detail": moved_detail(cmp, lang),
        },
        "snapshots": [
            {
                "label": s.label,
                "data_version": s.data_version,
                "recorded_decision": s.recorded_decision,
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


def comparison_lines(
    q: Questionnaire, cmp: Comparison, lang: str, catalog: Catalog | None = None
) -> list[str]:
    """The comparison as text lines (``compare``), in ``lang``: the world's changes first."""
    doc = comparison_document(q, cmp, lang, catalog)
    c = colon(lang)
    lines: list[str] = []
    if catalog is not None and cmp.world is not None:
        world = news_lines(q, catalog, cmp.world, lang)
        lines += [world[0], *(f"  - {line}" for line in world[1:])]
    if len(doc["snapshots"]) >= 2:
        lines.append(doc["moved_by"]["text"])
        if doc["moved_by"]["detail"]:
            lines.append("  " + doc["moved_by"]["detail"])
    lines.append(t("compare.series", lang) + c.rstrip())
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
