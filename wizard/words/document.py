"""The machine-readable result (``score --format json``), its words in a language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.config import Questionnaire
from wizard.words.restrictions import warning_lines
from wizard.words.roadmap import advice_rows, roadmap_records
from wizard.words.verdict import blocker_text, flip_lines, reasons, sensitivity_sentence

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.guidance import Advice


def result_document(q: Questionnaire, weights_id: str, advice: Advice, lang: str) -> dict[str, Any]:
    """The ``score --format json`` document (keys are part of the CLI contract)."""
    result, matches, roadmap = advice.result, advice.matches, advice_rows(q, advice, lang)
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
