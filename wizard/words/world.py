"""What changed in the world since an earlier assessment, in words and as a document."""

from __future__ import annotations

from typing import Any

from wizard.config import Catalog, Questionnaire
from wizard.i18n import date_text, t
from wizard.world import SinceLast, WorldNews


def _family(q: Questionnaire, family: str, lang: str) -> str:
    from wizard.words.roadmap import family_names

    return family_names(q, family, lang)


def news_document(
    q: Questionnaire, catalog: Catalog, news: WorldNews | None, lang: str
) -> dict[str, Any] | None:
    """The world's changes since the earlier file (ids, dates, sources and words in ``lang``)."""
    if news is None:
        return None
    return {
        "since_data_version": news.since,
        "data_version": news.now,
        "since_recorded": news.recorded,
        "changes": [
            {
                "date": c.date,
                "kind": c.kind,
                "restriction": c.restriction,
                "law": c.law,
                "model": c.model,
                "text": c.text.get(lang),
                "source": c.source,
            }
            for c in news.changes
        ],
        "prices": [
            {
                "route": m.route,
                "family": m.family,
                "before": m.before,
                "now": m.now,
                "fell_by": round(m.fell_by, 3),
                "text": price_line(q, catalog, m, lang),
            }
            for m in news.prices
        ],
    }


def price_line(q: Questionnaire, catalog: Catalog, move: Any, lang: str) -> str:
    """One price that fell, as a sentence."""
    route = catalog.routes.by_id.get(move.route)
    return t(
        "world.price_fell",
        lang,
        family=_family(q, move.family, lang),
        route=route.title.get(lang) if route is not None else move.route,
        share=f"{move.fell_by * 100:.0f}",
        before=f"{move.before:,.2f}",
        now=f"{move.now:,.2f}",
    )


def news_lines(q: Questionnaire, catalog: Catalog, news: WorldNews | None, lang: str) -> list[str]:
    """A heading, then one line per change that concerns the organisation (none: one line)."""
    if news is None:
        return []
    since = date_text(news.since, lang)
    head = t(
        "world.heading" if news.recorded else "world.heading_unrecorded",
        lang,
        since=since,
        now=date_text(news.now, lang),
        count=len(news.changes) + len(news.prices),
    )
    if not news:
        return [head, t("world.none", lang)]
    lines = [head]
    for change in news.changes:
        lines.append(
            t(
                "world.change",
                lang,
                date=date_text(change.date, lang),
                kind=t(f"world.kind.{change.kind}", lang),
                text=change.text.get(lang),
            )
        )
    lines += [price_line(q, catalog, m, lang) for m in news.prices]
    return lines


def moved_text(world_moved: bool | None, answers_moved: bool, lang: str) -> str:
    """Whether the verdict moved because of the world, the answers, both or neither."""
    if world_moved is None:
        key = "answers" if answers_moved else "unknown"
    elif world_moved and answers_moved:
        key = "both"
    elif world_moved:
        key = "world"
    else:
        key = "answers" if answers_moved else "neither"
    return t(f"world.moved.{key}", lang)


def since_lines(
    q: Questionnaire, catalog: Catalog, since: SinceLast | None, lang: str
) -> list[str]:
    """For a page or the PDF: the heading, what moved the verdict, then each change."""
    if since is None:
        return []
    lines = news_lines(q, catalog, since.news, lang)
    moved = moved_text(since.world_moved, since.answers_moved, lang)
    if since.then is not None and since.now:
        moved += " " + t(
            "world.moved_detail",
            lang,
            then=t(f"decision.{since.then}", lang),
            version=date_text(since.news.since, lang) if since.news is not None else "-",
            today=t(f"decision.{since.then_today}", lang),
            now=t(f"decision.{since.now}", lang),
        )
    return [lines[0], moved, *lines[1:]]


def status_lines(status: Any, q: Questionnaire, lang: str) -> list[str]:
    """``python -m wizard data status`` in words: the version, then each entry due."""
    lines = [
        t(
            "data_status.head",
            lang,
            version=status.version or "-",
            today=date_text(status.today, lang),
            due=len(status.due),
            checked=status.checked,
            days=status.max_age_days,
        )
    ]
    if not status.due:
        lines.append(t("data_status.none_due", lang))
    for entry in status.due:
        lines.append(
            t(
                f"data_status.{entry.kind}",
                lang,
                id=entry.id,
                as_of=date_text(entry.as_of, lang),
                days=entry.age_days,
                source=entry.source,
            )
        )
        if entry.kind != "restriction":
            continue
        if not entry.effects:
            lines.append(
                "    " + t("data_status.no_effect", lang, organisations=status.organisations)
            )
        for effect in entry.effects:
            lines.append(
                "    "
                + t(
                    "data_status.effect",
                    lang,
                    organisation=effect.organisation,
                    now=t(f"decision.{effect.now}", lang),
                    lapsed=t(f"decision.{effect.lapsed}", lang),
                )
            )
    return lines


def moved_detail(cmp: Any, lang: str) -> str:
    """The three verdicts behind ``moved_text``.

    The earlier file's when saved, its answers on today's data, the latest answers (empty when
    the earlier file recorded no verdict).
    """
    if len(cmp.snapshots) < 2:
        return ""
    old, new = cmp.snapshots[-2], cmp.snapshots[-1]
    if old.recorded_decision is None:
        return ""
    return t(
        "world.moved_detail",
        lang,
        then=t(f"decision.{old.recorded_decision}", lang),
        version=date_text(old.data_version, lang) if old.data_version else "-",
        today=t(f"decision.{old.result.decision}", lang),
        now=t(f"decision.{new.result.decision}", lang),
    )
