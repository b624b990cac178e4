"""Restrictions, warnings, routes and laws in words: what binds, what to check, whose rule."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from wizard.config import Questionnaire, Restriction
from wizard.i18n import colon, date_text, paren, t
from wizard.words.answers import option_text
from wizard.words.roadmap import family_names

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.cautions import Caution
    from wizard.guidance import Advice
    from wizard.restrictions import RestrictionMatch
    from wizard.routes import RouteFit


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
    words: dict[str, str | int | float] = {
        "who": entry_names(caution.entries, lang),
        "count": len(caution.entries),
    }
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
        elif key == "covers" and entry.kind in ("notice", "advisory"):
            label = f"covers_{entry.kind}"  # addressed to others: it binds no body
        elif key == "covers" and entry.kind == "legal_barrier":
            label = "covers_legal_barrier"
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
    elif entry.certainty == "fairly_confident":
        bits.append(t("restrictions.fairly_confident", lang))
    elif entry.certainty == "uncertain":
        bits.append(t("restrictions.uncertain", lang))
    if match.bodies:
        body_q = q.questions_by_id.get("body_type")
        labels = [
            body_q.options_by_id[b].label.get(lang)
            if body_q is not None and b in body_q.options_by_id
            else b
            for b in match.bodies
        ]
        if entry.kind == "legal_barrier" and match.standing == "binding":
            bits.append(t("restrictions.binds_every_controller", lang))
            labels = []
        key = {
            "binding": "restrictions.binds_you",
            "related": "restrictions.informs_you",
            "history": "restrictions.applied_to",
        }[match.standing]
        if labels:
            bits.append(t(key, lang, bodies=t("wizard.list_sep", lang).join(labels)))
    if match.assumed and match.standing == "binding":
        bits.append(t("restrictions.assumed", lang))
    if match.unmet:  # related only because its condition does not hold for these answers
        bits.append(t("restrictions.condition_unmet", lang))
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
        t(f"restrictions.kind_{entry.kind}", lang),
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
