"""Every chart builder gives a valid Vega-Lite spec with the data and encodings it promises."""

from __future__ import annotations

import altair as alt
import pytest

from tests.conftest import best_answers, worst_answers
from wizard.cost import Usage, compare
from wizard.guidance import advise
from wizard.words.charts import (
    clusters_chart,
    contribution_chart,
    cost_chart,
    cost_datasets,
    dimension_chart,
    gantt_chart,
    readiness_chart,
    spread_chart,
    tornado_chart,
    weights_compare_chart,
)
from wizard.words.roadmap import advice_rows
from wizard.workshop.analytics import Person, analyse

PROFILE = {
    "sector": "retail",
    "jurisdictions": ["tw"],
    "body_type": ["private"],
    "models": ["open-weights"],
    "size": "lt250",
    "role": "cio",
}


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The chart as Vega-Lite, validated against the schema (to_dict validates)."""
    spec = chart.to_dict(validate=True)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    return spec


def encodings(spec: dict) -> set[str]:
    """Every field any layer or facet encodes."""
    out: set[str] = set()
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "field" in node and isinstance(node["field"], str):
                out.add(node["field"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out


@pytest.fixture(scope="module")
def advice(catalog, questionnaire):
    answers = {**PROFILE, **worst_answers(questionnaire)}
    return advise(catalog, questionnaire, catalog.profile("balanced"), answers)


@pytest.fixture(scope="module")
def group(catalog, questionnaire):
    people = [
        Person(f"P{i}", "cio" if i % 2 else "cfo", {**PROFILE, **answers}, True, 6, gut)
        for i, (answers, gut) in enumerate(
            [(best_answers(questionnaire), "act_now"), (worst_answers(questionnaire), "wait")] * 5
        )
    ]
    return analyse(catalog, questionnaire, catalog.profile("balanced"), people)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_result_charts(questionnaire, advice, lang) -> None:
    """Dimension, contribution, Gantt and tornado charts: valid specs over their fields."""
    result = advice.result
    dims = spec_of(dimension_chart(questionnaire, result, lang))
    assert {"score", "dimension"} <= encodings(dims)
    assert "contribution" in encodings(spec_of(contribution_chart(questionnaire, result, lang)))
    gantt = spec_of(gantt_chart(advice_rows(questionnaire, advice, lang), lang))
    assert {"start", "end", "workstream", "phase"} <= encodings(gantt)
    tornado = spec_of(tornado_chart(questionnaire, advice.sensitivity.flips, lang))
    assert tornado["layer"] or tornado.get("mark")


def test_cost_chart_reads_its_named_datasets(catalog) -> None:
    """The cost chart names its data; cost_datasets fills exactly those names."""
    spec = spec_of(cost_chart("en"))
    rows = cost_datasets(compare(catalog.prices.models, Usage()), 2_000.0, "en")
    names = {n for n in ("costs", "value") if n in str(spec)}
    assert names and names <= set(rows)


def test_workshop_charts(questionnaire, catalog, group) -> None:
    """Spread, readiness, clusters and implied-weights charts: valid specs over their fields."""
    people = group.people
    assert "score" in encodings(spec_of(spread_chart(questionnaire, people, "zh-TW")))
    ready = spec_of(readiness_chart(people, 60, "zh-TW", group.clusters and group.clusters.labels))
    assert {"readiness", "urgency_score"} <= encodings(ready)
    assert group.clusters is not None and group.implied is not None
    clusters = spec_of(clusters_chart(group.clusters.labels, group.clusters.xy, people, "zh-TW"))
    assert {"x", "y", "group"} <= encodings(clusters)
    weights = weights_compare_chart(
        questionnaire,
        group.implied.weights,
        catalog.profile("balanced").normalised(questionnaire.dimension_ids),
        "zh-TW",
    )
    assert {"weight", "source"} <= encodings(spec_of(weights))


def test_colours_follow_ids_not_labels(questionnaire, advice) -> None:
    """The same dimension gets the same colour in English and Chinese."""

    def colour_of(lang: str) -> list[str]:
        spec = spec_of(contribution_chart(questionnaire, advice.result, lang))
        scale = next(
            layer["encoding"]["color"]["scale"]
            for layer in spec["layer"]
            if "color" in layer.get("encoding", {})
        )
        return scale["range"][: len(scale["domain"])]

    assert colour_of("en") == colour_of("zh-TW")


def test_the_matrices_label_points_by_number_and_a_shared_point_once() -> None:
    """On a phone, names beside points collide: each point reads its table number, and cases
    on the same place share one label ("1, 3") instead of printing on top of each other."""
    from wizard.portfolio import RoomRating
    from wizard.words.charts import room_matrix_chart

    rated = [
        RoomRating("a", "A very long use-case name that would run off a phone", 3, 4.0, 4.0, 1, 0),
        RoomRating("b", "Second", 2, 2.0, 5.0, 0, 1),
        RoomRating("c", "Third", 3, 4.0, 4.0, 2, 2),
    ]
    chart = room_matrix_chart(rated, "en")
    spec = chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    labels = {(r["feasibility"], r["value"]): r["label"] for r in rows if r["label"]}
    assert labels == {(4.0, 4.0): "1, 3", (5.0, 2.0): "2"}
    assert sorted(r["name"] for r in rows)[0].startswith("A very long")  # the tooltip keeps it
    assert "title" not in spec  # the page's heading: a chart title is cut on a phone
    # the axes tick the five ratings only, not 25 fractions from the corner labels' layers
    axes = [
        layer["encoding"][axis]["axis"]
        for layer in spec["layer"]
        for axis in ("x", "y")
        if axis in layer.get("encoding", {}) and layer["encoding"][axis].get("axis") is not None
    ]
    assert axes and all(a["values"] == [1, 2, 3, 4, 5] for a in axes)


def test_the_portfolio_matrix_places_a_held_case_left_but_its_tooltip_shows_the_real_score() -> (
    None
):
    """A case held by a gate sits left of the line whatever its score; hovering shows the
    readiness and value the table shows, not where the point was placed."""
    from datetime import date

    from tests.samples import CATALOG, Q
    from wizard.portfolio import judge_portfolio, read_use_cases
    from wizard.words.charts import portfolio_chart

    answers = {**best_answers(Q), "role": "cio", "sector": "finance", "jurisdictions": ["tw"]}
    cases = read_use_cases(
        [{"name": "Chatbot", "template": "customer-chatbot", "dpia_done": "no"}],
        Q,
        CATALOG.use_cases,
        "test",
    )
    profile = CATALOG.profile("balanced")
    portfolio = judge_portfolio(CATALOG, Q, profile, answers, cases, "act_now", date(2026, 12, 5))
    (held,) = portfolio.cases
    assert held.verdict == "wait" and held.readiness is not None
    assert held.readiness > held.threshold
    spec = portfolio_chart(portfolio, held.threshold, 50_000, "en").to_dict()
    (row,) = [r for r in next(iter(spec["datasets"].values())) if r.get("name") == "Chatbot"]
    assert row["readiness"] < held.threshold  # placed left of the line
    assert row["score"] == round(held.readiness, 1)  # the tooltip's figure is the table's
    tooltip = spec["layer"][0]["encoding"]["tooltip"]
    assert {"score", "yearly"} <= {x["field"] for x in tooltip}
