"""Run cost in words: the saving against the reference model, the sign of the ROI."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wizard.config import PricesFile
from wizard.cost import ModelCost, Usage, saving
from wizard.i18n import money, t
from wizard.words.restrictions import entry_names

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    from wizard.routes import RouteFit


def model_status(fits: Mapping[str, RouteFit], route: str, family: str | None) -> tuple[str, list]:
    """(allowed | confirm | ruled_out, the entries that say so) of a model for the organisation.

    A model on a route the advice rules out is ruled out; with a family, its family's status on
    its route decides (a restriction that "may cover" it: confirm first).
    """
    fit = fits.get(route)
    if fit is None:
        return "allowed", []
    for status in fit.families:
        if family is not None and status.family == family:
            return status.status, [m.entry for m in status.by]
    if not fit.allowed:
        return "ruled_out", [m.entry for m in fit.ruled_out_by]
    return "allowed", []


def cost_lines(
    prices: PricesFile,
    costs: Sequence[ModelCost],
    closed: Mapping[str, RouteFit],
    usage: Usage,
    lang: str,
    rates: Mapping[str, Any] | None = None,
    fits: Mapping[str, RouteFit] | None = None,
    assumed: bool = False,
) -> tuple[list[str], bool, list[ModelCost]]:
    """The cost verdict in ``lang``: the saving against the reference model and the ROI lines.

    Models ruled out for the organisation (their route in ``closed``, or with ``fits`` their
    family on their route) are left out when others remain; a model that a binding restriction
    may cover gets a "confirm first" line. Returns the lines, whether any usable model costs
    more than the value it brings, and the usable models. ``assumed``: the value and volume are
    the defaults, not the reader's (the ROI line says so).
    """
    sep = t("wizard.list_sep", lang)
    status = {
        c.model.id: model_status(fits, c.model.route, c.model.family)
        if fits is not None
        else (("ruled_out", []) if c.model.route in closed else ("allowed", []))
        for c in costs
    }
    usable = [c for c in costs if status[c.model.id][0] != "ruled_out"] or list(costs)
    if not any(c.model.id == prices.reference for c in usable) and len(usable) >= 2:
        usable = list(costs)  # no reference left to compare against: the plain comparison
    good = [c.model.name.get(lang) for c in usable if c.total < usage.monthly_value]
    bad = [c.model.name.get(lang) for c in usable if c.total >= usage.monthly_value]
    if len(usable) == 1:
        only = usable[0]
        lines = [
            t(
                "cost.only",
                lang,
                model=only.model.name.get(lang),
                cost=money(only.total, lang, rates),
            )
        ]
    else:
        cheapest, ref, share = saving(usable, prices.reference)
        lines = [
            t(
                "cost.saving",
                lang,
                cheap=cheapest.model.name.get(lang),
                cheap_cost=money(cheapest.total, lang, rates),
                share=share,
                ref=ref.model.name.get(lang),
                ref_cost=money(ref.total, lang, rates),
            )
        ]
    if good:
        value = money(usage.monthly_value, lang, rates)
        key = "cost.roi_positive_assumed" if assumed else "cost.roi_positive"
        lines.append(t(key, lang, value=value, models=sep.join(good)))
    if bad:
        lines.append(t("cost.roi_negative", lang, models=sep.join(bad)))
    doubtful = [c for c in usable if status[c.model.id][0] == "confirm"]
    if doubtful:
        entries = list(dict.fromkeys(e for c in doubtful for e in status[c.model.id][1]))
        lines.insert(  # right after the saving: it qualifies the price it names
            1,
            t(
                "cost.confirm_first",
                lang,
                models=sep.join(c.model.name.get(lang) for c in doubtful),
                who=entry_names(entries, lang) if entries else "-",
            ),
        )
    return lines, bool(bad), usable
