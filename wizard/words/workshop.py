"""The workshop's sentences: the group decision, why groups differ, why a figure is missing."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from wizard.config import Questionnaire
from wizard.i18n import t
from wizard.words.answers import option_text
from wizard.workshop.analytics import Clusters, GroupDecision, Note


def majority_text(decision: GroupDecision, lang: str) -> str:
    """The majority rule's sentence: its decision and share, or "no majority" on a tie."""
    if decision.majority is None:
        return t("workshop.rule_no_majority", lang, acts=decision.acts, waits=decision.waits)
    return t(
        "workshop.rule_majority",
        lang,
        decision=t(f"decision.{decision.majority}", lang),
        share=f"{decision.majority_share:.0%}",
    )


def agreement_text(decision: GroupDecision, lang: str) -> str:
    """Whether the two rules agree; a tie is said as a tie, never as agreement."""
    if decision.majority is None:
        return t(
            "workshop.rules_tie", lang, decision=t(f"decision.{decision.median.decision}", lang)
        )
    return t("workshop.rules_agree" if decision.rules_agree else "workshop.rules_differ", lang)


def decision_lines(decision: GroupDecision, lang: str) -> list[str]:
    """The group decision by both rules as sentences, with how many people it rests on.

    Used by the dashboard, the summary, the group PDF and the participants' view: the same
    words everywhere, ties and splits named as such.
    """
    median = decision.median
    overall = "-" if median.overall is None else f"{median.overall:.1f}"
    return [
        t("workshop.finished_of", lang, finished=decision.finished, total=decision.total),
        t(
            "workshop.rule_median",
            lang,
            decision=t(f"decision.{median.decision}", lang),
            overall=overall,
        ),
        majority_text(decision, lang),
        agreement_text(decision, lang),
    ]


def note_text(note: Note | None, lang: str) -> str:
    """A language-free note from the analytics, as a sentence in ``lang``."""
    if note is None:
        return ""
    key, values = note
    return t(key, lang, **dict(values))


def cluster_caption(q: Questionnaire, clusters: Clusters, lang: str) -> str:
    """For each like-minded group, the dimension on which it differs most, in ``lang``."""
    return " ".join(
        t(
            "workshop.cluster_line",
            lang,
            group=trait.group,
            n=trait.size,
            dimension=q.dimensions_by_id[trait.dimension].title.get(lang),
            direction=t("workshop.higher" if trait.higher else "workshop.lower", lang),
            points=f"{trait.points:.0f}",
        )
        for trait in clusters.traits
    )


def split_text(q: Questionnaire, question_id: str, picks: Sequence, lang: str) -> str:
    """How the room answered one question: "Option A (3); Option B (1)"."""
    question = q.questions_by_id[question_id]
    return t("wizard.list_sep", lang).join(
        f"{option_text(question, option, lang)} ({count})" for option, count in picks
    )


def disagreement_table(q: Questionnaire, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The disagreements with their words: question, dimension, spread and the answers given."""
    return pd.DataFrame(
        {
            "question": frame["question"],
            "text": [q.questions_by_id[i].text.get(lang) for i in frame["question"]],
            "dimension": [q.dimensions_by_id[d].title.get(lang) for d in frame["dimension"]],
            "spread": frame["spread"],
            "split": [
                split_text(q, i, picks, lang)
                for i, picks in zip(frame["question"], frame["picks"], strict=True)
            ],
        }
    )


def role_label(q: Questionnaire, role: str, lang: str) -> str:
    """A role id as people read it (the profile question's option label), else as given."""
    option = (
        q.questions_by_id["role"].options_by_id.get(role) if "role" in q.questions_by_id else None
    )
    return option.label.get(lang) if option is not None else role


def series_table(q: Questionnaire, doc: dict, lang: str, dates: bool = True) -> pd.DataFrame:
    """A comparison's assessments as a table in ``lang``: label, date, decision, scores."""
    snaps = doc["snapshots"]
    columns: dict[str, list] = {t("compare.col_file", lang): [s["label"] for s in snaps]}
    if dates:
        columns[t("compare.col_date", lang)] = [s["saved_on"] or "" for s in snaps]
    columns[t("compare.col_decision", lang)] = [t(f"decision.{s['decision']}", lang) for s in snaps]
    columns[t("results.overall", lang)] = [s["overall"] for s in snaps]
    for d in q.dimensions:
        columns[d.title.get(lang)] = [s["dimensions"].get(d.id) for s in snaps]
    return pd.DataFrame(columns)


def changes_table(doc: dict, lang: str) -> pd.DataFrame:
    """A comparison's changed answers as a table in ``lang``: question, before, now, points."""
    changes = doc["changes"]
    return pd.DataFrame(
        {
            t("workshop.col.question", lang): [c["text"] for c in changes],
            t("compare.col_before", lang): [c["before_text"] for c in changes],
            t("compare.col_after", lang): [c["after_text"] for c in changes],
            t("compare.col_points", lang): [c["points"] for c in changes],
        }
    )
