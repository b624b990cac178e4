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
    """The cheapest model and its saving against OpenAI o1, with positive and negative ROI."""
    costs = compare(catalog.prices.models, Usage())
    cheapest, ref, share = saving(costs, catalog.prices.reference)
    assert cheapest.model.id == "deepseek-v3" and ref.model.id == "openai-o1"
    assert share == pytest.approx(1 - cheapest.total / ref.total)
    assert share > 0.95
    assert [c.model.id for c in costs] == ["deepseek-v3", "deepseek-r1", "openai-o1"]


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
    as_of = date.fromisoformat(catalog.prices.as_of)
    assert price_age_days(catalog.prices, date(2026, 11, 28)) == (date(2026, 11, 28) - as_of).days
    assert is_stale(catalog.prices, date(2026, 11, 28))
    assert not is_stale(catalog.prices, as_of)
