"""Altair chart builders (pure: data in, chart out; the UI only displays them)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from wizard.config import PricesFile, Questionnaire
from wizard.cost import ModelCost
from wizard.i18n import t
from wizard.portfolio import Portfolio, RoomRating
from wizard.scoring import Assessment
from wizard.sensitivity import WeightFlip
from wizard.words.fonts import chart_font
from wizard.words.roadmap import RoadmapRow

PALETTE = ["#1f6feb", "#d1242f", "#bf8700", "#1a7f37", "#8250df", "#0e7490"]


GOOD, BAD, NEUTRAL = "#1a7f37", "#d1242f", "#1f6feb"


def _legend(title: str | None = None) -> alt.Legend:
    """A legend under the chart that wraps into two columns, so it fits a phone screen."""
    return alt.Legend(title=title, orient="bottom", columns=2, labelLimit=220)


def _stable_colours(values: Sequence[str]) -> alt.Scale:
    """Palette colours by position in ``values``, the same in every language.

    ``values`` come in id order, which no language changes.
    """
    domain = list(dict.fromkeys(values))
    return alt.Scale(domain=domain, range=PALETTE[: max(len(domain), 1)])


def _verdict_colour(field: str, good: str, bad: str, good_colour: str = GOOD) -> alt.Color:
    """A two-value colour (e.g. above/below floor, positive/negative ROI), legend underneath."""
    return alt.Color(
        f"{field}:N",
        scale=alt.Scale(domain=[good, bad], range=[good_colour, BAD]),
        legend=_legend(),
    )


def _frame_dimensions(q: Questionnaire, result: Assessment, lang: str) -> pd.DataFrame:
    rows = []
    for dim in q.dimensions:
        score = result.dimensions[dim.id]
        rows.append(
            {
                "dimension": dim.title.get(lang),
                "score": None if score is None else round(score, 1),
                "floor": result.floors.get(dim.id),
                "weight": round(result.weights[dim.id] * 100, 1),
                "contribution": round(result.contributions[dim.id], 1),
                "status": t("chart.below_floor", lang)
                if dim.id in {f.dimension for f in result.floors_failed}
                else t("chart.ok", lang),
            }
        )
    return pd.DataFrame(rows)


def dimension_chart(q: Questionnaire, result: Assessment, lang: str) -> alt.LayerChart:
    """Bars of each dimension's score, ticks at its floor, a rule at the threshold."""
    data = _frame_dimensions(q, result, lang)
    order = list(data["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    bars = (
        alt.Chart(data)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("chart.score", lang)),
            y=y,
            color=_verdict_colour(
                "status", t("chart.ok", lang), t("chart.below_floor", lang), NEUTRAL
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title=t("chart.dimension", lang)),
                alt.Tooltip("score:Q", title=t("chart.score", lang)),
                alt.Tooltip("floor:Q", title=t("chart.floor", lang)),
                alt.Tooltip("weight:Q", title=t("chart.weight_pct", lang)),
            ],
        )
    )
    floors = (
        alt.Chart(data.dropna(subset=["floor"]))
        .mark_tick(color="#24292f", thickness=3)
        .encode(x="floor:Q", y=y, tooltip=[alt.Tooltip("floor:Q", title=t("chart.floor", lang))])
    )
    threshold = (
        alt.Chart(pd.DataFrame({"threshold": [result.threshold]}))
        .mark_rule(strokeDash=[6, 4], color="#57606a")
        .encode(x="threshold:Q")
    )
    return (
        (bars + floors + threshold)
        .properties(
            title=alt.Title(
                t("chart.dimensions_title", lang), subtitle=t("chart.dimensions_subtitle", lang)
            ),
            height=alt.Step(44),
        )
        .configure(font=chart_font(lang))
    )


def contribution_chart(q: Questionnaire, result: Assessment, lang: str) -> alt.LayerChart:
    """One stacked bar: the points each dimension adds to the overall, against the threshold."""
    data = _frame_dimensions(q, result, lang)
    data["order"] = range(len(data))
    data["label"] = t("chart.overall", lang)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "sum(contribution):Q",
                scale=alt.Scale(domain=[0, 100]),
                title=t("chart.points", lang),
            ),
            y=alt.Y("label:N", title=None),
            color=alt.Color(
                "dimension:N",
                sort=list(data["dimension"]),
                scale=_stable_colours(list(data["dimension"])),
                legend=_legend(),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("dimension:N", title=t("chart.dimension", lang)),
                alt.Tooltip("contribution:Q", title=t("chart.points", lang)),
                alt.Tooltip("weight:Q", title=t("chart.weight_pct", lang)),
            ],
        )
    )
    threshold = (
        alt.Chart(pd.DataFrame({"threshold": [result.threshold]}))
        .mark_rule(strokeDash=[6, 4], color="#24292f", size=2)
        .encode(x="threshold:Q")
    )
    return (
        (bars + threshold)
        .properties(
            title=alt.Title(
                t("chart.contribution_title", lang),
                subtitle=t("chart.contribution_subtitle", lang),
            ),
            height=alt.Step(56),
        )
        .configure(font=chart_font(lang))
    )


def gantt_chart(rows: Sequence[RoadmapRow], lang: str) -> alt.Chart:
    """A timeline of the roadmap: one bar per action, by phase, coloured by workstream."""
    data = pd.DataFrame(
        [
            {
                "n": i + 1,
                "label": f"{i + 1}. {r.action}",
                "action": r.action,
                "phase": r.phase,
                "workstream": r.workstream,
                "owner": r.owner,
                "start": r.start_week,
                "end": r.end_week,
            }
            for i, r in enumerate(rows)
        ]
    )
    if data.empty:
        data = pd.DataFrame(
            columns=["n", "label", "action", "phase", "workstream", "owner", "start", "end"]
        )
    phases = list(dict.fromkeys(data["phase"]))
    return (
        alt.Chart(data)
        .mark_bar(cornerRadius=3, height=14)
        .encode(
            x=alt.X("start:Q", title=t("chart.weeks", lang), axis=alt.Axis(tickMinStep=1)),
            x2="end:Q",
            y=alt.Y("label:N", sort=alt.SortField("n"), title=None, axis=alt.Axis(labelLimit=300)),
            color=alt.Color(
                "workstream:N",
                scale=_stable_colours(list(data["workstream"])),
                legend=_legend(t("csv.workstream", lang)),
            ),
            tooltip=[
                alt.Tooltip("action:N", title=t("csv.action", lang)),
                alt.Tooltip("phase:N", title=t("csv.phase", lang)),
                alt.Tooltip("owner:N", title=t("csv.owner", lang)),
                alt.Tooltip("start:Q", title=t("csv.start_week", lang)),
                alt.Tooltip("end:Q", title=t("csv.end_week", lang)),
            ],
        )
        .properties(height=alt.Step(20), width=520)
        .facet(
            row=alt.Row(
                "phase:N",
                sort=phases,
                title=None,
                header=alt.Header(
                    labelAngle=0, labelAlign="left", labelFontWeight="bold", labelOrient="top"
                ),
            ),
        )
        .resolve_scale(y="independent")
        .properties(title=t("chart.gantt_title", lang))
        .configure(font=chart_font(lang))
    )


def tornado_chart(q: Questionnaire, flips: Sequence[WeightFlip], lang: str) -> alt.LayerChart:
    """Per dimension, the change of its weight (percentage points) that would flip the decision."""
    rows = []
    for flip in flips:
        change = flip.change
        rows.append(
            {
                "dimension": q.dimensions_by_id[flip.dimension].title.get(lang),
                "change": None if change is None else round(change * 100, 1),
                "label": t("chart.no_flip", lang)
                if change is None
                else t("chart.flip_at", lang, weight=f"{flip.flip_at * 100:.0f}"),
                "direction": t("chart.increase", lang)
                if (change or 0) > 0
                else t("chart.decrease", lang),
            }
        )
    data = pd.DataFrame(rows)
    data["change"] = pd.to_numeric(data["change"], errors="coerce")
    data["abs"] = data["change"].abs()
    order = list(data.sort_values("abs", na_position="last")["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))
    bars = (
        alt.Chart(data.dropna(subset=["change"]))
        .mark_bar(cornerRadius=3)
        .encode(
            x=alt.X(
                "change:Q",
                title=t("chart.weight_change", lang),
                scale=alt.Scale(domain=[-100, 100]),
            ),
            y=y,
            color=_verdict_colour(
                "direction", t("chart.increase", lang), t("chart.decrease", lang)
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title=t("chart.dimension", lang)),
                alt.Tooltip("label:N", title=t("chart.flip", lang)),
            ],
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, color="#57606a")
        .encode(
            x=alt.value(0),
            y=y,
            text="label:N",
        )
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#24292f").encode(x="x:Q")
    return (
        (bars + zero + labels)
        .properties(
            title=alt.Title(
                t("chart.tornado_title", lang), subtitle=t("chart.tornado_subtitle", lang)
            ),
            height=alt.Step(40),
        )
        .configure(font=chart_font(lang))
    )


COST_DATA, VALUE_DATA = "costs", "value"


def cost_datasets(
    costs: Sequence[ModelCost], monthly_value: float, lang: str
) -> dict[str, list[dict[str, object]]]:
    """The rows :func:`cost_chart` reads by name: one per model, and the monthly value."""
    rows = [
        {
            "order": i,
            "model": c.model.name.get(lang),
            "cost": round(c.total, 2),
            "roi": t("cost.positive", lang)
            if c.total < monthly_value
            else t("cost.negative", lang),
        }
        for i, c in enumerate(costs)
    ]
    return {COST_DATA: rows, VALUE_DATA: [{"value": monthly_value}]}


def cost_chart(lang: str) -> alt.LayerChart:
    """Monthly cost per model and the monthly value as a rule (bars past it lose money).

    The chart reads named datasets (:func:`cost_datasets`), so the same spec serves every usage
    the user types: only the data changes.
    """
    bars = (
        alt.Chart(alt.NamedData(COST_DATA))
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X("cost:Q", title=t("cost.axis", lang)),
            y=alt.Y(
                "model:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=240)
            ),
            color=_verdict_colour("roi", t("cost.positive", lang), t("cost.negative", lang)),
            tooltip=[alt.Tooltip("model:N"), alt.Tooltip("cost:Q", format=",.2f")],
        )
    )
    value = (
        alt.Chart(alt.NamedData(VALUE_DATA))
        .mark_rule(strokeDash=[6, 4], color="#24292f", size=2)
        .encode(x="value:Q")
    )
    return (
        (bars + value)
        .properties(
            title=alt.Title(t("cost.chart_title", lang), subtitle=t("cost.chart_subtitle", lang)),
            height=alt.Step(40),
        )
        .configure(font=chart_font(lang))
    )


def spread_chart(q: Questionnaire, people: pd.DataFrame, lang: str) -> alt.Chart:
    """Each participant's score per dimension, coloured by role: where the room spreads out."""
    rows = [
        {
            "dimension": dim.title.get(lang),
            "score": round(float(r[dim.id]), 1),
            "who": r["label"],
            "role": r["role"],
        }
        for _, r in people.iterrows()
        for dim in q.dimensions
        if r[dim.id] == r[dim.id]
    ]
    data = pd.DataFrame(rows, columns=["dimension", "score", "who", "role"])
    return (
        alt.Chart(data)
        .mark_circle(size=70, opacity=0.7)
        .encode(
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("chart.score", lang)),
            y=alt.Y(
                "dimension:N",
                sort=[d.title.get(lang) for d in q.dimensions],
                title=None,
                axis=alt.Axis(labelLimit=240),
            ),
            yOffset=alt.YOffset("role:N"),
            color=alt.Color(
                "role:N",
                scale=_stable_colours(list(data["role"])),
                legend=_legend(t("workshop.col.role", lang)),
            ),
            tooltip=["who:N", "role:N", "score:Q"],
        )
        .properties(title=t("workshop.chart_spread", lang), height=alt.Step(18))
        .configure(font=chart_font(lang))
    )


def readiness_chart(
    people: pd.DataFrame, threshold: float, lang: str, cluster: Sequence[int] | None = None
) -> alt.LayerChart:
    """Readiness (security, ethics, budget) against urgency, one point per participant."""
    data = people[["label", "role", "readiness", "urgency_score", "decision"]].copy()
    data["decision"] = [t(f"decision.{d}", lang) for d in data["decision"]]
    data["group"] = [f"{c + 1}" for c in cluster] if cluster is not None else data["role"]
    data = data.dropna(subset=["readiness", "urgency_score"])
    points = (
        alt.Chart(data)
        .mark_circle(size=90, opacity=0.8)
        .encode(
            x=alt.X(
                "readiness:Q", scale=alt.Scale(domain=[0, 100]), title=t("workshop.readiness", lang)
            ),
            y=alt.Y(
                "urgency_score:Q",
                scale=alt.Scale(domain=[0, 100]),
                title=t("workshop.urgency", lang),
            ),
            color=alt.Color(
                "group:N",
                scale=_stable_colours(
                    sorted(data["group"]) if cluster is not None else list(data["group"])
                ),
                legend=_legend(
                    t("workshop.group" if cluster is not None else "workshop.col.role", lang)
                ),
            ),
            shape=alt.Shape("decision:N", title=t("workshop.col.decision", lang)),
            tooltip=[
                "label:N",
                "role:N",
                "decision:N",
                alt.Tooltip("readiness:Q", format=".0f"),
                alt.Tooltip("urgency_score:Q", format=".0f"),
            ],
        )
    )
    rules = alt.Chart(pd.DataFrame({"v": [threshold]})).mark_rule(
        strokeDash=[6, 4], color="#57606a"
    )
    return (
        (points + rules.encode(x="v:Q") + rules.encode(y="v:Q"))
        .properties(title=t("workshop.chart_readiness", lang), height=360)
        .configure(font=chart_font(lang))
    )


def clusters_chart(
    labels: Sequence[int], xy: Sequence[tuple[float, float]], people: pd.DataFrame, lang: str
) -> alt.Chart:
    """The like-minded groups on a 2-D projection of everyone's answers."""
    data = pd.DataFrame(
        {
            "x": [p[0] for p in xy],
            "y": [p[1] for p in xy],
            "group": [f"{c + 1}" for c in labels],
            "who": list(people["label"]),
            "role": list(people["role"]),
        }
    )
    return (
        alt.Chart(data)
        .mark_circle(size=90, opacity=0.8)
        .encode(
            x=alt.X("x:Q", title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("y:Q", title=None, axis=alt.Axis(labels=False, ticks=False)),
            color=alt.Color(
                "group:N",
                scale=_stable_colours(sorted(data["group"])),
                legend=_legend(t("workshop.group", lang)),
            ),
            tooltip=["who:N", "role:N", "group:N"],
        )
        .properties(title=t("workshop.chart_clusters", lang), height=320)
        .configure(font=chart_font(lang))
    )


def weights_compare_chart(
    q: Questionnaire, implied: dict[str, float], profile_weights: dict[str, float], lang: str
) -> alt.Chart:
    """The weights the gut calls imply, beside the profile's."""
    rows = []
    for dim in q.dimensions:
        rows.append(
            {
                "dimension": dim.title.get(lang),
                "source": t("workshop.implied", lang),
                "weight": round(implied[dim.id] * 100, 1),
            }
        )
        rows.append(
            {
                "dimension": dim.title.get(lang),
                "source": t("workshop.profile", lang),
                "weight": round(profile_weights[dim.id] * 100, 1),
            }
        )
    data = pd.DataFrame(rows)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("weight:Q", title=t("chart.weight_pct", lang)),
            y=alt.Y(
                "dimension:N",
                sort=[d.title.get(lang) for d in q.dimensions],
                title=None,
                axis=alt.Axis(labelLimit=240),
            ),
            yOffset="source:N",
            color=alt.Color(
                "source:N",
                scale=alt.Scale(
                    domain=[t("workshop.implied", lang), t("workshop.profile", lang)],
                    range=["#8250df", "#1f6feb"],
                ),
                legend=_legend(),
            ),
            tooltip=["dimension:N", "source:N", "weight:Q"],
        )
        .properties(title=t("workshop.implied_title", lang), height=alt.Step(18))
        .configure(font=chart_font(lang))
    )


def history_chart(
    q: Questionnaire, snapshots: Sequence[dict], threshold: float, lang: str
) -> alt.LayerChart:
    """Overall and dimension scores over the compared assessments, oldest on the left.

    ``snapshots`` are the ``comparison_document`` rows (label, overall, dimensions).
    """
    overall = t("results.overall", lang)
    order = [f"{i + 1}. {s['label']}" for i, s in enumerate(snapshots)]
    rows = []
    for point, snap in zip(order, snapshots, strict=True):
        rows.append({"when": point, "series": overall, "score": snap["overall"]})
        for dim in q.dimensions:
            rows.append(
                {
                    "when": point,
                    "series": dim.title.get(lang),
                    "score": snap["dimensions"].get(dim.id),
                }
            )
    data = pd.DataFrame(rows)
    series = [overall, *(d.title.get(lang) for d in q.dimensions)]
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("when:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelLimit=160)),
            y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("chart.score", lang)),
            color=alt.Color(
                "series:N", scale=alt.Scale(domain=series, range=PALETTE), legend=_legend()
            ),
            strokeWidth=alt.condition(alt.datum.series == overall, alt.value(3.5), alt.value(1.5)),
            tooltip=["when:N", "series:N", "score:Q"],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"threshold": [threshold]}))
        .mark_rule(strokeDash=[4, 4], color="#555")
        .encode(y="threshold:Q")
    )
    return (lines + rule).properties(height=260).configure(font=chart_font(lang))


TIER_COLOURS = {"frontier": "#d1242f", "low-cost": "#1f6feb", "open-weights": "#1a7f37"}


def price_history_chart(prices: PricesFile, gpu_rate: float, lang: str) -> alt.LayerChart:
    """Price per million output tokens over time, log scale: frontier, low-cost, open weights.

    Every dated point of the series (retired ones included) is drawn; each tier's points are
    joined in date order, so the collapse since early 2025 shows as falling lines.
    """
    rows = []
    for model in prices.models:
        priced = model.at_rate(gpu_rate)
        rows.append(
            {
                "date": model.as_of,
                "price": max(priced.output, 0.001),
                "tier": t(f"cost.tier_{model.tier}", lang),
                "model": model.name.get(lang),
                "certainty": t(f"cost.certainty_{model.certainty}", lang),
            }
        )
    data = pd.DataFrame(rows).sort_values("date")
    tiers = [t(f"cost.tier_{k}", lang) for k in TIER_COLOURS]
    colour = alt.Color(
        "tier:N",
        scale=alt.Scale(domain=tiers, range=list(TIER_COLOURS.values())),
        legend=_legend(),
    )
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y-%m", labelAngle=0)),
        y=alt.Y(
            "price:Q",
            scale=alt.Scale(type="log"),
            title=t("cost.history_axis", lang),
        ),
        color=colour,
    )
    lines = base.mark_line(strokeDash=[3, 2], opacity=0.6)
    points = base.mark_point(filled=True, size=70).encode(
        tooltip=["model:N", "date:T", "price:Q", "tier:N", "certainty:N"]
    )
    return (
        (lines + points)
        .properties(height=260, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure(font=chart_font(lang))
        .configure_legend(orient="top")
    )


def short_label(text: str, limit: int = 28) -> str:
    """User text cut safely for a chart label (whole characters, an ellipsis when cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shared_labels(data: pd.DataFrame, at: tuple[str, str]) -> pd.DataFrame:
    """One label per place: cases on the same point read "1, 3" once, not on top of each other."""
    if data.empty:
        return data
    joined = data.groupby(list(at), sort=False)["label"].transform(", ".join)
    first = ~data.duplicated(subset=list(at))
    return data.assign(label=joined.where(first, ""))


def portfolio_chart(
    portfolio: Portfolio, threshold: float, high_value_from: float, lang: str
) -> alt.LayerChart:
    """Value against readiness, one point per use case, in the four named quadrants."""
    rows = [
        {
            "label": str(rank),  # the table's "#": names would collide on a phone
            "name": short_label(r.case.name, 80),
            # placed in its quadrant: a case held by a gate sits left of the line whatever its
            # score, one not allowed as planned also below it (the tooltip keeps the figures)
            "readiness": round(
                r.readiness or 0.0
                if r.verdict == "act_now"
                else min(r.readiness or 0.0, threshold - 2),
                1,
            ),
            "value": max(
                r.value_per_year
                if r.verdict != "not_allowed"
                else min(r.value_per_year, high_value_from / 2),
                1000.0,
            ),
            # the figures the table shows, not where the point is placed
            "score": None if r.readiness is None else round(r.readiness, 1),
            "yearly": r.value_per_year,
            "verdict": t(f"portfolio.verdict.{r.verdict}", lang),
            "quadrant": t(f"portfolio.quadrant.{r.quadrant}", lang),
        }
        for rank, r in enumerate(portfolio.cases, start=1)
    ]
    data = _shared_labels(
        pd.DataFrame(
            rows,
            columns=[
                "label",
                "name",
                "readiness",
                "value",
                "score",
                "yearly",
                "verdict",
                "quadrant",
            ],
        ),
        ("readiness", "value"),
    )
    verdicts = [t(f"portfolio.verdict.{v}", lang) for v in ("act_now", "wait", "not_allowed")]
    top = max([high_value_from * 20, *(r["value"] for r in rows)])
    x = alt.X("readiness:Q", scale=alt.Scale(domain=[0, 100]), title=t("portfolio.matrix.x", lang))
    y = alt.Y(
        "value:Q",
        scale=alt.Scale(type="log", domain=[1000, top]),
        title=t("portfolio.matrix.y", lang),
        axis=alt.Axis(format="~s"),
    )
    points = (
        alt.Chart(data)
        .mark_circle(size=140, opacity=0.85)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=verdicts, range=[GOOD, "#bf8700", BAD]),
                legend=_legend(t("portfolio.col.verdict", lang)),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=t("portfolio.col.name", lang)),
                alt.Tooltip("verdict:N", title=t("portfolio.col.verdict", lang)),
                alt.Tooltip("quadrant:N", title=t("portfolio.col.quadrant", lang)),
                alt.Tooltip("score:Q", format=".0f", title=t("portfolio.col.readiness", lang)),
                alt.Tooltip("yearly:Q", format=",.0f", title=t("portfolio.col.value", lang)),
            ],
        )
    )
    labels = points.mark_text(
        align="left", dx=9, fontSize=12, fontWeight="bold", color="#24292f"
    ).encode(text="label:N")
    corners = pd.DataFrame(
        [
            {
                "readiness": 98,
                "value": top / 1.3,
                "text": t("portfolio.quadrant.start_now", lang),
                "align": "right",
            },
            {
                "readiness": 2,
                "value": top / 1.3,
                "text": t("portfolio.quadrant.prepare_first", lang),
                "align": "left",
            },
            {
                "readiness": 98,
                "value": 1300,
                "text": t("portfolio.quadrant.strategic_bet", lang),
                "align": "right",
            },
            {
                "readiness": 2,
                "value": 1300,
                "text": t("portfolio.quadrant.not_now", lang),
                "align": "left",
            },
        ]
    )
    names = [
        alt.Chart(corners[corners["align"] == side])
        .mark_text(align=side, fontWeight="bold", color="#57606a", fontSize=12)
        .encode(x="readiness:Q", y="value:Q", text="text:N")
        for side in ("left", "right")
    ]
    rule = alt.Chart(pd.DataFrame({"x": [threshold], "y": [high_value_from]})).mark_rule(
        strokeDash=[6, 4], color="#57606a"
    )
    return (
        # the title is the page's heading: a chart's own title is cut on a phone
        alt.layer(points, labels, *names, rule.encode(x="x:Q"), rule.encode(y="y:Q"))
        .properties(height=380, description=t("portfolio.matrix.title", lang))
        .configure(font=chart_font(lang))
    )


def room_matrix_chart(rated: Sequence[RoomRating], lang: str) -> alt.LayerChart:
    """The room's medians: value against feasibility, one point per rated use case."""
    rows = [
        {
            "label": str(rank),  # the table's "#": names would collide on a phone
            "name": short_label(r.name, 80),
            "value": r.value,
            "feasibility": r.feasibility,
            "raters": r.raters,
            "spread": r.disagreement,
        }
        for rank, r in enumerate(rated, start=1)
        if r.value is not None and r.feasibility is not None
    ]
    data = _shared_labels(
        pd.DataFrame(rows, columns=["label", "name", "value", "feasibility", "raters", "spread"]),
        ("feasibility", "value"),
    )
    scale = alt.Scale(domain=[0.5, 5.5])
    ratings = alt.Axis(values=[1, 2, 3, 4, 5], format="d")  # the five ratings, no fractions
    points = (
        alt.Chart(data)
        .mark_circle(opacity=0.85, color=NEUTRAL)
        .encode(
            x=alt.X("feasibility:Q", scale=scale, axis=ratings, title=t("workshop.uc.x", lang)),
            y=alt.Y("value:Q", scale=scale, axis=ratings, title=t("workshop.uc.y", lang)),
            size=alt.Size("raters:Q", legend=None, scale=alt.Scale(range=[80, 400])),
            tooltip=[
                alt.Tooltip("name:N", title=t("portfolio.col.name", lang)),
                alt.Tooltip("value:Q", title=t("workshop.uc.col_value", lang)),
                alt.Tooltip("feasibility:Q", title=t("workshop.uc.col_feasibility", lang)),
                alt.Tooltip("raters:Q", title=t("workshop.uc.col_raters", lang)),
                alt.Tooltip("spread:Q", title=t("workshop.uc.col_spread", lang)),
            ],
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=10, fontSize=12, fontWeight="bold", color="#24292f")
        .encode(
            x=alt.X("feasibility:Q", scale=scale, axis=None),
            y=alt.Y("value:Q", scale=scale, axis=None),
            text="label:N",  # not the points' size: that would be the font size
        )
    )
    corners = pd.DataFrame(
        [
            {"x": 5.4, "y": 5.4, "text": t("portfolio.quadrant.start_now", lang), "side": "right"},
            {
                "x": 0.6,
                "y": 5.4,
                "text": t("portfolio.quadrant.prepare_first", lang),
                "side": "left",
            },
            {
                "x": 5.4,
                "y": 0.6,
                "text": t("portfolio.quadrant.strategic_bet", lang),
                "side": "right",
            },
            {"x": 0.6, "y": 0.6, "text": t("portfolio.quadrant.not_now", lang), "side": "left"},
        ]
    )
    names = [
        alt.Chart(corners[corners["side"] == side])
        .mark_text(align=side, fontWeight="bold", color="#57606a", fontSize=12)
        .encode(x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), text="text:N")
        for side in ("left", "right")
    ]
    rule = alt.Chart(pd.DataFrame({"v": [3.0]})).mark_rule(strokeDash=[6, 4], color="#57606a")
    return (
        alt.layer(
            points,
            labels,
            *names,
            rule.encode(x=alt.X("v:Q", axis=None)),
            rule.encode(y=alt.Y("v:Q", axis=None)),
        )
        .properties(height=360, description=t("workshop.uc.matrix_title", lang))
        .configure(font=chart_font(lang))
    )
