"""Answers as people read them: option labels, refusals of a file, the file skeleton."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.answers import ANSWERS_SCHEMA_VERSION, UNKNOWN, AnswerValue, render_problem
from wizard.config import Question, Questionnaire
from wizard.errors import Problem, WizardError
from wizard.i18n import strings, t

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    pass


def problem_text(problem: Problem, lang: str = "en") -> str:
    """One problem of a refused file as a line in ``lang``: ``where: expected, got found``."""
    return render_problem(problem, strings(lang))


def problem_lines(exc: WizardError, lang: str) -> list[str]:
    """The error's lines in ``lang`` where it carries language-free problems, else as raised."""
    return [problem_text(p, lang) for p in exc.problems] if exc.problems else list(exc.lines)


def option_text(question: Question, option_id: str, lang: str) -> str:
    """One option as people read it in ``lang``, "don't know" included."""
    if option_id == UNKNOWN:
        return t("wizard.dont_know", lang)
    return question.options_by_id[option_id].label.get(lang)


def answer_label(q: Questionnaire, qid: str, value: AnswerValue | None, lang: str) -> str:
    """An answer as the user saw it: option labels in ``lang``, or "(not answered)"."""
    if value is None or value == []:
        return t("review.unanswered", lang)
    question = q.questions_by_id[qid]
    chosen = [value] if isinstance(value, str) else value
    return t("wizard.list_sep", lang).join(option_text(question, v, lang) for v in chosen)


def template(q: Questionnaire, lang: str = "en", weights: str = "balanced") -> str:
    """An answers-file skeleton listing every question with its options as comments."""
    lines = [
        f"# {q.title.get(lang)}",
        f"# {t('template.header', lang)}",
        f"schema_version: {ANSWERS_SCHEMA_VERSION}",
        f"questionnaire: {q.id}",
        f'questionnaire_version: "{q.version}"',
        f"language: {lang}",
        f"weights: {weights}",
        "answers:",
    ]
    for question in q.questions:
        lines.append(f"  # [{question.dimension}] {question.text.get(lang)}")
        if question.show_if is not None:
            lines.append(
                "  #   "
                + t(
                    "template.only_if",
                    lang,
                    question=question.show_if.question,
                    options=", ".join(question.show_if.in_),
                )
            )
        kind = t(f"template.pick_{question.type}", lang)
        extra = t("template.or_unknown", lang) if question.unknown else ""
        lines.append(f"  #   {kind}{extra}:")
        for option in question.options:
            lines.append(f"  #     {option.id}: {option.label.get(lang)}")
        lines.append(f"  {question.id}: {'[]' if question.type == 'multi' else 'null'}")
    return "\n".join(lines) + "\n"
