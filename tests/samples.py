"""The shipped catalog and a tiny answer set, shared by the scoring tests."""

from __future__ import annotations

from wizard.config import load_catalog

CATALOG = load_catalog()


Q = CATALOG.questionnaire("genai-readiness")


PROFILES = list(CATALOG.weights.values())


GOOD = {"a1": "y", "a2": "p", "b1": ["m", "n"], "b2": ["s", "t"]}
