"""Plain-language reasons and the machine-readable result (CLI json, app downloads)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wizard.config import Questionnaire
from wizard.export import roadmap_records
from wizard.i18n import t
from wizard.restrictions import RestrictionMatch
from wizard.roadmap import RoadmapRow
from wizard.scoring import ACT_NOW, Assessment


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


def result_document(
    q: Questionnaire,
    weights_id: str,
    result: Assessment,
    matches: Sequence[RestrictionMatch],
    roadmap: Sequence[RoadmapRow],
    lang: str,
) -> dict[str, Any]:
    """The ``score --format json`` document (keys are part of the CLI contract)."""
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
        "confidence": result.confidence,
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
