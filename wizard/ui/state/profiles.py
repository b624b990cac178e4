"""The weight profile, its slider overrides, and the cost calculator's inputs."""

from __future__ import annotations

from typing import Any

import streamlit as st

from wizard.config.catalog import DEFAULT_WEIGHTS
from wizard.ui.state.keys import (
    COST,
    CUSTOM,
    PRICES,
    PROFILE,
    PROFILE_WIDGET,
    WEIGHTS_PARAM,
    cost_key,
    price_key,
    weight_key,
)
from wizard.ui.state.session import _forget_widgets


def profile_id() -> str:
    """The chosen weight profile's id."""
    return str(st.session_state[PROFILE])


def set_profile_id(value: str) -> None:
    """Use weight profile ``value``; the URL keeps it (``?weights=``) so a reload does too."""
    st.session_state[PROFILE] = value
    wanted = value != DEFAULT_WEIGHTS or WEIGHTS_PARAM in st.query_params
    if wanted and st.query_params.get(WEIGHTS_PARAM) != value:
        st.query_params[WEIGHTS_PARAM] = value


def custom() -> dict[str, Any] | None:
    """Slider overrides of the chosen profile, or None when the profile is used as shipped."""
    return st.session_state[CUSTOM]


def set_custom(value: dict[str, Any] | None) -> None:
    """Set the slider overrides; None returns to the profile as shipped."""
    st.session_state[CUSTOM] = value
    if value is None:
        _forget_widgets(lambda k: k.startswith(weight_key("")))


def sync_profile(key: str) -> None:
    """on_change of a profile choice (widget ``key``): a new base profile drops slider overrides."""
    value = st.session_state.get(key)
    if value:
        choose_profile(value, keep=key)


def choose_profile(value: str, keep: str | None = None) -> None:
    """Use weight profile ``value`` as shipped; the other profile widgets are seeded anew."""
    set_profile_id(value)
    set_custom(None)
    _forget_widgets(lambda k: k.startswith(PROFILE_WIDGET) and k != keep)


def store_custom_from_sliders(dimension_ids: list[str]) -> None:
    """on_change of any weight slider: read all of them into the custom overrides."""
    ss = st.session_state
    floors = {d: float(ss[weight_key(f"floor::{d}")]) for d in dimension_ids}
    ss[CUSTOM] = {
        "dimension_weights": {d: float(ss[weight_key(d)]) for d in dimension_ids},
        "threshold": float(ss[weight_key("threshold")]),
        "floors": {d: v for d, v in floors.items() if v > 0},  # 0 means no floor
    }


def cost_usage() -> dict[str, float]:
    """The calculator's usage inputs the user changed (the rest keep their defaults)."""
    return st.session_state[COST]


def copy_cost(name: str) -> None:
    """on_change of a calculator input."""
    st.session_state[COST][name] = float(st.session_state[cost_key(name)])


def price_overrides() -> dict[str, dict[str, float]]:
    """``{model_id: {field: price}}`` the user typed over the published prices."""
    return st.session_state[PRICES]


def copy_price(model_id: str, field: str) -> None:
    """on_change of a price input."""
    st.session_state[PRICES].setdefault(model_id, {})[field] = float(
        st.session_state[price_key(model_id, field)]
    )
