"""The use-case portfolio: a verdict per candidate use case, in no language.

A use case overrides the organisation's answers where it differs (its data class, risk tiers,
models, route, DPIA, oversight, the client whose rules bind it as a supplier); the rest stays
the organisation's. Each case is judged on its own (never against the other cases): the
organisation's readiness for that case (the four dimensions, scored as today) and the case's own
gates (a binding rule on its models and route, a prohibited practice, personal data without a
DPIA, a high-risk case without human oversight). Then its monthly cost on the cheapest model it
may use, its value against that cost, and its quadrant.
"""

from wizard.portfolio.cases import (
    BUILD,
    COLUMNS,
    MAX_CSV_BYTES,
    MAX_NAME,
    MAX_OWNER,
    NEEDS_DPIA,
    NEEDS_OVERSIGHT,
    NOT_ALLOWED,
    NOTES,
    PROHIBITED,
    QUADRANTS,
    SERVES,
    VERDICTS,
    UseCase,
    Verdict,
    case_key,
    max_cases,
    merge_by_id,
    parse_use_case_csv,
    read_each,
    read_use_cases,
    template_row,
    with_template,
)
from wizard.portfolio.judge import (
    CaseResult,
    Gate,
    Portfolio,
    case_answers,
    judge_case,
    judge_portfolio,
    quadrant_of,
    rank,
)
from wizard.portfolio.plan import (
    PILOT_STAGGER_WEEKS,
    PILOT_START_WEEK,
    CaseChanges,
    CaseMove,
    CaseStep,
    case_plan,
    compare_cases,
)
from wizard.portfolio.room import (
    RoomRating,
    most_disputed,
    room_portfolio,
    room_ratings,
)

__all__ = [
    "BUILD",
    "COLUMNS",
    "CaseChanges",
    "CaseMove",
    "CaseResult",
    "CaseStep",
    "Gate",
    "MAX_CSV_BYTES",
    "MAX_NAME",
    "MAX_OWNER",
    "NEEDS_DPIA",
    "NEEDS_OVERSIGHT",
    "NOTES",
    "NOT_ALLOWED",
    "PILOT_STAGGER_WEEKS",
    "PILOT_START_WEEK",
    "PROHIBITED",
    "Portfolio",
    "QUADRANTS",
    "RoomRating",
    "SERVES",
    "UseCase",
    "VERDICTS",
    "Verdict",
    "case_answers",
    "case_plan",
    "compare_cases",
    "judge_case",
    "judge_portfolio",
    "max_cases",
    "most_disputed",
    "case_key",
    "merge_by_id",
    "parse_use_case_csv",
    "quadrant_of",
    "rank",
    "read_each",
    "read_use_cases",
    "room_portfolio",
    "room_ratings",
    "template_row",
    "with_template",
]
