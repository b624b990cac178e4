"""Show Altair charts fast on reruns: each chart's Vega-Lite spec is built once per input.

Building an Altair chart and validating it costs tens of milliseconds; Streamlit then turns its
datasets into Arrow. Both happen once per distinct input (per user, in session state); a rerun
only sends the prepared spec. Charts whose numbers follow live input (the cost calculator) read
named datasets, so only those rows are converted on each run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import altair as alt
import streamlit as st

from wizard.ui import state


def _arrow_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Rows as an Arrow IPC stream, the form Streamlit sends chart data in."""
    import pyarrow as pa

    table = pa.Table.from_pylist(rows)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _arrow(datasets: dict[str, Any]) -> dict[str, Any]:
    """Datasets as Arrow bytes up front, so Streamlit does not convert them on every rerun."""
    out = {}
    for name, rows in datasets.items():
        try:
            out[name] = _arrow_bytes(rows) if isinstance(rows, list) else rows
        except (ImportError, TypeError, ValueError):
            out[name] = rows  # Streamlit converts what pyarrow could not
    return out


def _prepared_spec(build: Callable[[], alt.TopLevelMixin]) -> dict[str, Any]:
    spec = build().to_dict()
    if "datasets" in spec:
        spec["datasets"] = _arrow(spec["datasets"])
    return spec


def show_chart(
    name: str,
    key: Hashable,
    build: Callable[[], alt.TopLevelMixin],
    width: str = "stretch",
    datasets: dict[str, list[dict[str, Any]]] | None = None,
    height: int | None = None,
) -> None:
    """Display the chart ``build()`` makes, rebuilding it only when ``key`` changes.

    ``datasets`` fills the chart's named data (``alt.NamedData``) on every run.
    """
    # one slot per language: switching back and forth rebuilds nothing
    slot = f"chart::{name}::{state.lang()}"
    spec = dict(state.memo(slot, key, lambda: _prepared_spec(build)))
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **_arrow(datasets)}
    if height is None:
        st.vega_lite_chart(spec, width=width)  # Streamlit pops datasets: it gets a copy
    else:
        st.vega_lite_chart(spec, width=width, height=height)
