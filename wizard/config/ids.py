"""The question ids the engine itself reads (restrictions, tailoring, workshops), in one place.

A questionnaire may use any other ids; these must exist where the engine needs them, and the
validator says so (``profile_question_problems``).
"""

from __future__ import annotations

#: profile questions the restrictions are matched on
JURISDICTIONS = "jurisdictions"
SECTOR = "sector"
BODY_TYPE = "body_type"  # optional: without it every entry is assumed to bind
MODELS = "models"  # optional: the intended model families
#: profile questions the roadmap and the workshop read
SIZE = "size"
ROLE = "role"  # a workshop compares views by role: participants join with one of its options

#: profile questions every questionnaire must have
REQUIRED_PROFILE = (SECTOR, JURISDICTIONS, ROLE)

#: questions a use case overrides for itself (the use-case portfolio)
DATA_CLASS = "sec_data_class"
DPIA = "sec_dpia"
ROUTE = "sec_route"
RISK_TIERS = "eth_euai_tier"
OVERSIGHT = "eth_oversight"
TRANSPARENCY = "eth_transparency"
RESIDENCY = "sec_residency"
CONFORMITY = "eth_conformity"
INFRA = "bud_infra"
BUDGET = "bud_amount"  # the committed yearly budget: the portfolio's running cost is set against it
#: the INFRA answer that says the organisation already runs its own GPUs: a self-hosted case
#: then pays no GPU of its own by the month
OWN_GPUS = "gpus"

#: the roadmap action the use cases' pilots take the place of: they start when it would and
#: wait for what it waits for (evaluation, security review, policy, ...)
PILOTS_ACTION = "an-pilots"
#: the roadmap action that shortlists use cases: a listed portfolio is that shortlist
SHORTLIST_ACTION = "an-shortlist"
