"""Every setting the app reads from its environment, in one place.

Each function reads its variable when called (tests and the deploy recipe set them per process).
``docs/settings.md`` lists them.
"""

from __future__ import annotations

import os

#: Addresses of the reverse proxies whose ``X-Forwarded-For`` is believed (comma-separated).
TRUSTED_PROXIES_ENV = "WIZARD_TRUSTED_PROXIES"


def trusted_proxies() -> tuple[str, ...]:
    """The proxies named in ``WIZARD_TRUSTED_PROXIES`` (empty: none is trusted)."""
    raw = os.environ.get(TRUSTED_PROXIES_ENV, "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())
