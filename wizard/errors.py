"""Domain exceptions. Only the shells (CLI, Streamlit pages) turn them into messages."""

from __future__ import annotations


class WizardError(Exception):
    """Base class: carries one or more human-readable lines naming what was wrong."""

    def __init__(self, lines: list[str] | str) -> None:
        self.lines: list[str] = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))


class ConfigError(WizardError):
    """A questionnaire, weight profile or reference data file is invalid.

    Each line reads ``path: key.path: what was expected, got what was found``.
    """


class AnswersError(WizardError):
    """An answers file (upload or CLI input) is unreadable or does not fit the questionnaire."""
