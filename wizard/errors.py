"""Domain exceptions. Only the shells (CLI, Streamlit pages) turn them into messages."""

from __future__ import annotations

from typing import Any, NamedTuple


class Problem(NamedTuple):
    """One thing wrong, language-free: where (file and key), a message code and its values.

    ``wizard.answers.problem_text`` renders it in a language (locale key ``problem.<code>``).
    """

    where: str
    code: str
    values: dict[str, Any]


class WizardError(Exception):
    """Base class: carries one or more human-readable lines naming what was wrong.

    ``problems`` holds the same, language-free, when the raiser could give them (so a page can
    show them in the user's language); ``lines`` is always the English text.
    """

    def __init__(self, lines: list[str] | str, problems: list[Problem] | None = None) -> None:
        self.lines: list[str] = [lines] if isinstance(lines, str) else list(lines)
        self.problems: list[Problem] = list(problems or [])
        super().__init__("\n".join(self.lines))


class ConfigError(WizardError):
    """A questionnaire, weight profile or reference data file is invalid.

    Each line reads ``path: key.path: what was expected, got what was found``.
    """


class AnswersError(WizardError):
    """An answers file (upload or CLI input) is unreadable or does not fit the questionnaire."""


class WorkshopError(WizardError):
    """A refused workshop operation; ``reason`` is a stable id the UI translates."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)
