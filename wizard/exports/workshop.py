"""Workshop exports: every response as CSV, the group roadmap CSV, and a written summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.exports.tables import roadmap_csv, write_csv
from wizard.i18n import colon, paren, t
from wizard.words.compare import comparison_lines
from wizard.words.markdown import md_escape_user
from wizard.words.restrictions import warning_lines, when_text
from wizard.words.roadmap import advice_rows
from wizard.words.verdict import flip_lines, reasons, sensitivity_sentence
from wizard.words.workshop import (
    cluster_caption,
    decision_lines,
    disagreement_table,
    note_text,
    role_label,
)
from wizard.workshop.analytics import Group, Person, score_people

if TYPE_CHECKING:
    from wizard.compare import Comparison


def _cell(value: object) -> object:
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else value


UNFINISHED = "unfinished"


def responses_csv(
    q: Questionnaire,
    profile: WeightProfile,
    people: Sequence[Person],
    lang: str,
    catalog: Catalog | None = None,
) -> bytes:
    """One row per participant: who, their result, then every answer by question id.

    With the ``catalog`` each result is the one on that person's own page and the dashboard's
    (a restriction that stops them makes it wait).

    Words are in ``lang`` (yes/no, act now/wait). Someone who has not finished has no result:
    their result reads "unfinished" and their overall is empty (dimension scores of the steps
    they answered are kept). Names and every other text cell are formula-safe (a name like
    ``=HYPERLINK(...)`` is written as text), numbers stay numbers.
    """
    fixed = [
        "name",
        "role",
        "submitted",
        "progress",
        "gut_call",
        "decision",
        "overall",
        *q.dimension_ids,
    ]
    header = [
        t(f"workshop.col.{c}", lang) if c in _FIXED_KEYS else q.dimensions_by_id[c].title.get(lang)
        for c in fixed
    ]
    header += [x.id for x in q.questions]
    scores = score_people(q, profile, people, catalog)
    rows = []
    for person, (_, scored) in zip(people, scores.iterrows(), strict=True):
        overall = scored["overall"]
        row: list[object] = [
            person.label,
            role_label(q, person.role, lang),
            t("workshop.flag_yes" if person.submitted else "workshop.flag_no", lang),
            person.progress,
            t(f"decision.{person.gut_call}", lang) if person.gut_call else "",
            t(f"decision.{scored['decision'] if person.submitted else UNFINISHED}", lang),
            None if overall != overall or not person.submitted else round(float(overall), 1),
        ]
        row += [
            None if scored[d] != scored[d] else round(float(scored[d]), 1) for d in q.dimension_ids
        ]
        row += [_cell(person.answers.get(x.id)) for x in q.questions]
        rows.append(row)
    return write_csv(header, rows)


_FIXED_KEYS = {"name", "role", "submitted", "progress", "gut_call", "decision", "overall"}


def group_roadmap_csv(q: Questionnaire, group: Group, lang: str) -> bytes:
    """The roadmap of the group's median answers, in the roadmap CSV format."""
    return roadmap_csv(advice_rows(q, group.median_advice, lang), lang)


def restriction_section(q: Questionnaire, group: Group, lang: str) -> list[str]:
    """Minutes lines on restrictions: the room's flags, warnings, and the binding entries."""
    advice = group.median_advice
    flags = group.restriction_flags
    binding = [m for m in advice.matches if m.binding]
    lines = [
        t(f"workshop.restriction_{kind}", lang, n=flags[kind], m=group.finished)
        for kind in ("blocked", "conflict")
        if flags[kind]
    ]
    lines += [
        line
        for c, line in zip(advice.warnings, warning_lines(q, advice, lang), strict=True)
        if c.code.startswith("restriction")
    ]
    lines += [
        m.entry.who.get(lang)
        + paren(when_text(m.entry, lang), lang)
        + colon(lang)
        + m.entry.scope.get(lang)
        for m in binding
    ]
    if not lines:
        return []
    title = t("restrictions.group_binding", lang)
    return [f"## {title}", "", *[f"- {line}" for line in lines], ""]


def summary_markdown(
    q: Questionnaire,
    profile: WeightProfile,
    title: str,
    group: Group,
    lang: str,
    top: int = 5,
    since: Comparison | None = None,
    use_cases: Sequence[str] = (),
) -> str:
    """A written summary to paste into minutes: decision by both rules, splits, clusters.

    With ``since``, also what moved since the facilitator's previous workshop; with
    ``use_cases`` (``words.portfolio.room_report_lines``), how the room rated the use cases.
    """
    result = group.median_advice.result
    n = group.total
    lines = [
        f"# {md_escape_user(title)}",  # the facilitator's words, never Markdown
        "",
        t("workshop.summary.people", lang, n=n, profile=profile.title.get(lang)),
        "",
        f"## {t('workshop.summary.decision', lang)}",
        "",
        *[f"- {line}" for line in decision_lines(group.decision, lang)],
        "- " + t("workshop.agreement", lang, share=f"{group.agreement:.0%}"),
        "- " + sensitivity_sentence(group.median_advice, lang),
        "",
        *[f"- {line}" for line in reasons(q, result, lang)],
        "",
        *restriction_section(q, group, lang),
        f"## {t('workshop.summary.flip', lang)}",
        "",
        *[
            f"{i}. {line}"
            for i, line in enumerate(flip_lines(q, group.median_advice.flip, lang), start=1)
        ],
        "",
        f"## {t('workshop.disagreements_title', lang)}",
        "",
    ]
    table = disagreement_table(q, group.splits.head(top), lang)
    for _, row in table.iterrows():
        lines.append(f"- {row['text']}{paren(row['dimension'], lang)}{colon(lang)}{row['split']}")
    if table.empty:
        lines.append(t("workshop.disagreements_none", lang))
    lines += [
        "",
        f"## {t('workshop.clusters_title', lang)}",
        "",
        cluster_caption(q, group.clusters, lang)
        if group.clusters
        else note_text(group.cluster_note, lang),
        "",
    ]
    if since is not None and len(since.snapshots) >= 2:
        # the labels are the workshops' titles: user text, escaped; the rest is the app's words
        escaped = replace(
            since,
            snapshots=tuple(replace(x, label=md_escape_user(x.label)) for x in since.snapshots),
        )
        lines += [f"## {t('workshop.since_title', lang, title=escaped.snapshots[0].label)}", ""]
        for line in comparison_lines(q, escaped, lang)[1:]:
            lines.append(line if line.startswith("  - ") else f"- {line.strip()}")
        lines.append("")
    if use_cases:  # the cases' names are the facilitator's text: escaped
        head, *each = use_cases
        lines += [f"## {t('workshop.uc.title', lang)}", "", md_escape_user(head), ""]
        lines += [f"- {md_escape_user(line)}" for line in each]
        lines.append("")
    lines += [f"## {t('workshop.implied_title', lang)}", ""]
    if group.implied is None:
        lines.append(note_text(group.implied_note, lang))
    else:
        weights = profile.normalised(q.dimension_ids)
        for dim in q.dimensions:
            lines.append(
                f"- {dim.title.get(lang)}{colon(lang)}{group.implied.weights[dim.id]:.0%} "
                f"({t('workshop.profile_weight', lang)} {weights[dim.id]:.0%})"
            )
    return "\n".join(lines).rstrip() + "\n"


#: the use-case ratings CSV's columns (docs/contracts.md), in order
RATING_COLUMNS = ("id", "name", "raters", "value", "feasibility", "spread", "room", "verdict")


def ratings_csv(records: Sequence[dict], lang: str) -> bytes:
    """The room's use-case ratings (``words.portfolio.room_records``) as a CSV in ``lang``."""
    header = [
        t("workshop.uc.csv_id", lang),
        t("workshop.uc.csv_case", lang),
        t("workshop.uc.col_raters", lang),
        t("workshop.uc.col_value", lang),
        t("workshop.uc.col_feasibility", lang),
        t("workshop.uc.col_spread", lang),
        t("workshop.uc.col_room", lang),
        t("workshop.uc.col_verdict", lang),
    ]
    # an empty cell, not the page's "-" (which a spreadsheet would take for a formula)
    return write_csv(
        header, (["" if r[c] == "-" else r[c] for c in RATING_COLUMNS] for r in records)
    )
