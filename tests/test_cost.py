"""Monthly cost per model, ROI sign, price overrides and the stale-price warning."""

from __future__ import annotations

from datetime import date

import pytest

from wizard.cost import (
    Usage,
    compare,
    is_stale,
    monthly_cost,
    price_age_days,
    saving,
    with_overrides,
)


def _model(catalog, ident):
    return next(m for m in catalog.prices.models if m.id == ident)


def test_chat_model_cost_by_hand(catalog) -> None:
    """DeepSeek-V3: 1M requests x 1,000 input tokens at 30% cache hits, 200 output tokens."""
    usage = Usage(
        requests=1_000_000,
        input_tokens=1_000,
        output_tokens=200,
        cache_hit_share=0.3,
        reasoning_share=0.6,
    )
    cost = monthly_cost(_model(catalog, "deepseek-v3"), usage)
    assert cost.input_cost == pytest.approx(1_000 * (0.3 * 0.07 + 0.7 * 0.27))  # 210
    assert cost.output_cost == pytest.approx(200 * 1.10)  # reasoning share ignored: not reasoning
    assert cost.total == pytest.approx(430.0)


def test_reasoning_models_bill_their_thinking_as_output(catalog) -> None:
    """At a 0.6 reasoning share, billed output is 2.5x the visible output."""
    usage = Usage(requests=1_000, input_tokens=0, output_tokens=1_000, reasoning_share=0.6)
    r1 = monthly_cost(_model(catalog, "deepseek-r1"), usage)
    assert r1.output_cost == pytest.approx(1_000 * 1_000 / 0.4 * 2.19 / 1e6)


def test_saving_against_the_frontier_reference(catalog) -> None:
    """Today's prices: the cheapest current model and its saving against the frontier
    reference; retired models (R1, V3, o1) are history, not in the comparison."""
    costs = compare(catalog.prices.current, Usage())
    cheapest, ref, share = saving(costs, catalog.prices.reference)
    assert ref.model.id == catalog.prices.reference and ref.model.tier == "frontier"
    assert cheapest.model.tier in ("low-cost", "open-weights")
    assert share == pytest.approx(1 - cheapest.total / ref.total)
    assert share > 0.9
    ids = {c.model.id for c in costs}
    assert not ids & {"deepseek-r1", "deepseek-v3", "openai-o1"}
    assert [c.total for c in costs] == sorted(c.total for c in costs)


def test_the_series_keeps_early_2025_as_history_and_dates_every_point(catalog) -> None:
    """The seed's early-2025 prices stay (retired, dated) so the chart shows the collapse:
    the frontier and the low-cost tier both fell since then."""
    prices = catalog.prices
    o1 = _model(catalog, "openai-o1")
    r1 = _model(catalog, "deepseek-r1")
    assert o1.retired and r1.retired and o1.as_of.startswith("2025-02")
    frontier_now = min(m.output for m in prices.current if m.tier == "frontier")
    low_now = min(m.output for m in prices.current if m.tier == "low-cost")
    assert frontier_now < o1.output and low_now < r1.output
    assert {m.tier for m in prices.current} == {"frontier", "low-cost", "open-weights"}
    assert all(m.source for m in prices.models)


def test_self_hosting_is_gpu_hours_times_the_hourly_rate(catalog) -> None:
    """The self-hosted price follows the GPU hourly rate the user types."""
    from wizard.cost import at_gpu_rate

    hosted = next(m for m in catalog.prices.current if m.gpu_hours is not None)
    assert hosted.output == pytest.approx(hosted.gpu_hours.output * catalog.prices.gpu_hourly_rate)
    doubled = at_gpu_rate([hosted], catalog.prices.gpu_hourly_rate * 2)[0]
    assert doubled.output == pytest.approx(hosted.output * 2)
    usage = Usage()
    assert monthly_cost(doubled, usage).total == pytest.approx(
        2 * monthly_cost(hosted, usage).total
    )


def test_user_prices_override_and_negatives_are_ignored(catalog) -> None:
    """A typed price replaces the published one; a negative price is refused."""
    models = with_overrides(
        catalog.prices.models, {"openai-o1": {"output": 4.4, "input": -3}, "ghost": {"input": 1}}
    )
    o1 = next(m for m in models if m.id == "openai-o1")
    assert o1.output == 4.4 and o1.input == 15.0
    assert _model(catalog, "openai-o1").output == 60.0  # the catalog itself is untouched


def test_stale_prices_are_flagged(catalog) -> None:
    """A list older than max_age_days is stale; a fresh one is not."""
    newest = date.fromisoformat(catalog.prices.newest)
    assert newest == max(date.fromisoformat(m.as_of) for m in catalog.prices.models)
    later = date(2027, 12, 1)
    assert price_age_days(catalog.prices, later) == (later - newest).days
    assert is_stale(catalog.prices, later)
    assert not is_stale(catalog.prices, newest)


def test_the_cost_verdict_leaves_out_banned_models_and_qualifies_doubtful_ones(catalog) -> None:
    """A Taiwan agency: DeepSeek's hosted API and, since November 2025, its weights on a
    third-party host are both out of the comparison. A Commonwealth agency in Australia, whose
    direction may cover DeepSeek's weights, gets them with a "confirm first" line naming it."""
    from datetime import date as _date

    import yaml

    from tests.conftest import FIXTURES
    from wizard.guidance import advise
    from wizard.words.cost import cost_lines

    q = catalog.questionnaire()
    doc = yaml.safe_load((FIXTURES / "answers-tw-agency-deepseek-api.yaml").read_text("utf-8"))
    costs = compare(catalog.prices.current, Usage())

    def usable_and_lines(answers):
        advice = advise(catalog, q, catalog.profile("balanced"), answers, _date(2026, 12, 5))
        closed = {f.route.id: f for f in advice.routes if not f.allowed}
        fits = {f.route.id: f for f in advice.routes}
        lines, _, usable = cost_lines(catalog.prices, costs, closed, Usage(), "en", None, fits)
        return {c.model.id for c in usable}, lines

    ids, lines = usable_and_lines(doc["answers"])
    assert "deepseek-v3-2" not in ids and "openai-gpt-5" in ids
    assert "deepseek-v3-2-hosted" not in ids
    assert not any(line.startswith("Confirm first") for line in lines)
    ids, lines = usable_and_lines({**doc["answers"], "jurisdictions": ["au"]})
    assert "deepseek-v3-2" not in ids and "deepseek-v3-2-hosted" in ids
    assert any(
        line.startswith("Confirm first") and "PSPF" in line and "DeepSeek-V3.2" in line
        for line in lines
    )


def test_negative_or_absurd_typed_values_are_refused_and_named(catalog) -> None:
    """A negative GPU rate, a rate of a million and a negative price are not applied; each is
    named so the page can say so; the published values stand."""
    from wizard.cost import at_gpu_rate, refused_overrides

    models = catalog.prices.current
    typed = {"__gpu__": {"rate": -5.0}, models[0].id: {"output": -1.0, "input": 0.5}}
    assert refused_overrides(models, typed, "__gpu__") == [
        ("__gpu__", "rate", -5.0),
        (models[0].id, "output", -1.0),
    ]
    applied = with_overrides(models, typed)
    assert applied[0].output == models[0].output and applied[0].input == 0.5
    hosted = [m for m in models if m.gpu_hours is not None]
    assert at_gpu_rate(hosted, 1_000_000.0) == hosted and at_gpu_rate(hosted, -5.0) == hosted
