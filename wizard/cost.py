"""Monthly run cost per model and the sign of the ROI, from usage the user enters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from wizard.config import ModelPrice, PricesFile

PRICE_FIELDS = ("input_cache_hit", "input", "output")
#: what a typed price (USD per million tokens) and GPU hourly rate (USD) may be; outside this a
#: value is refused with a message and the published one is used
MAX_PRICE = 10_000.0
MIN_GPU_RATE, MAX_GPU_RATE = 0.01, 1_000.0


@dataclass(frozen=True)
class Usage:
    """What a use case consumes per month; tokens are per request."""

    requests: float = 50_000
    input_tokens: float = 1_500
    output_tokens: float = 500
    reasoning_share: float = 0.6  # share of a reasoning model's billed output that is reasoning
    cache_hit_share: float = 0.3  # share of input tokens served from the provider's cache
    monthly_value: float = 10_000  # USD of value per month (hours saved x cost, revenue)


@dataclass(frozen=True)
class ModelCost:
    """One model's monthly cost at a given usage."""

    model: ModelPrice
    input_cost: float
    output_cost: float

    @property
    def total(self) -> float:
        """Input plus output cost per month."""
        return self.input_cost + self.output_cost


def valid_price(value: object) -> bool:
    """Whether a typed price is a number from 0 to ``MAX_PRICE`` USD per million tokens."""
    return isinstance(value, int | float) and 0 <= float(value) <= MAX_PRICE


def valid_gpu_rate(value: object) -> bool:
    """Whether a typed GPU hourly rate is from ``MIN_GPU_RATE`` to ``MAX_GPU_RATE`` USD."""
    return isinstance(value, int | float) and MIN_GPU_RATE <= float(value) <= MAX_GPU_RATE


def with_overrides(
    models: Sequence[ModelPrice], overrides: Mapping[str, Mapping[str, float]]
) -> list[ModelPrice]:
    """Prices with the user's edits applied (``{model_id: {field: price}}``).

    A negative or absurd price is not applied (:func:`refused_overrides` names it).
    """
    out = []
    for model in models:
        changes = {
            k: float(v)
            for k, v in overrides.get(model.id, {}).items()
            if k in PRICE_FIELDS and valid_price(v)
        }
        out.append(model.model_copy(update=changes) if changes else model)
    return out


def refused_overrides(
    models: Sequence[ModelPrice], overrides: Mapping[str, Mapping[str, float]], gpu_slot: str
) -> list[tuple[str, str, float]]:
    """The typed values not applied: (model id or ``gpu_slot``, field, value)."""
    known = {m.id for m in models}
    out = []
    for model_id, fields in overrides.items():
        for field, value in fields.items():
            if model_id == gpu_slot:
                ok = valid_gpu_rate(value)
            else:
                ok = model_id not in known or field not in PRICE_FIELDS or valid_price(value)
            if not ok:
                out.append((model_id, field, float(value)))
    return out


def monthly_cost(model: ModelPrice, usage: Usage) -> ModelCost:
    """USD per month. Reasoning models bill their reasoning as output tokens."""
    hit = min(max(usage.cache_hit_share, 0.0), 1.0)
    hit_price = model.input if model.input_cache_hit is None else model.input_cache_hit
    per_input = hit * hit_price + (1 - hit) * model.input
    input_cost = usage.requests * usage.input_tokens * per_input / 1e6
    share = min(max(usage.reasoning_share, 0.0), 0.95) if model.reasoning else 0.0
    billed_output = usage.output_tokens / (1 - share)
    output_cost = usage.requests * billed_output * model.output / 1e6
    return ModelCost(model, input_cost, output_cost)


def compare(models: Sequence[ModelPrice], usage: Usage) -> list[ModelCost]:
    """Every model's monthly cost, cheapest first."""
    return sorted((monthly_cost(m, usage) for m in models), key=lambda c: c.total)


def saving(costs: Sequence[ModelCost], reference: str) -> tuple[ModelCost, ModelCost, float]:
    """(cheapest, reference, share saved by the cheapest against the reference)."""
    cheapest = costs[0]
    ref = next(c for c in costs if c.model.id == reference)
    share = 1 - cheapest.total / ref.total if ref.total > 0 else 0.0
    return cheapest, ref, share


def price_age_days(prices: PricesFile, today: date) -> int:
    """Days since the newest price point."""
    return (today - date.fromisoformat(prices.newest)).days


def at_gpu_rate(models: Sequence[ModelPrice], hourly_rate: float | None) -> list[ModelPrice]:
    """Self-hosted models priced at the user's GPU hourly rate (None, out of range: the file's)."""
    if hourly_rate is None or not valid_gpu_rate(hourly_rate):
        return list(models)
    return [m.at_rate(hourly_rate) for m in models]


def is_stale(prices: PricesFile, today: date) -> bool:
    """Whether the price list is older than its ``max_age_days``."""
    return price_age_days(prices, today) > prices.max_age_days
