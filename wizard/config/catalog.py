"""Loading configs: one loader per file kind, the catalog of everything, and `validate`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from wizard import PROJECT_ROOT
from wizard.config.checks import (
    changes_problems,
    laws_problems,
    prices_problems,
    questionnaire_problems,
    restriction_route_problems,
    restrictions_problems,
    routes_problems,
    use_case_problems,
    weights_problems,
)
from wizard.config.messages import display_path
from wizard.config.models import (
    ChangesFile,
    CurrencyFile,
    LawsFile,
    PricesFile,
    Questionnaire,
    RestrictionsFile,
    RoutesFile,
    UseCaseData,
    WeightProfile,
)
from wizard.config.yaml_io import build_model, read_yaml_mapping
from wizard.errors import ConfigError

QUESTIONNAIRES_DIR = PROJECT_ROOT / "questionnaires"
WEIGHTS_DIR = PROJECT_ROOT / "weights"
DATA_DIR = PROJECT_ROOT / "data"


def _load(
    path: Path, model: type[BaseModel], check: Callable[[Any], list[str]] | None = None
) -> Any:
    """Read, validate with ``model``, then cross-check; every problem names the file."""
    where = display_path(path)
    loaded = build_model(model, where, read_yaml_mapping(path))
    problems = check(loaded) if check is not None else []
    if problems:
        raise ConfigError([f"{where}: {p}" for p in problems])
    return loaded


def _against(
    check: Callable[[Any, Any], list[str]], reference: Any
) -> Callable[[Any], list[str]] | None:
    """``check`` bound to ``reference`` (a questionnaire, routes), or no cross-check without one."""
    return (lambda loaded: check(loaded, reference)) if reference is not None else None


def load_questionnaire(path: Path) -> Questionnaire:
    """Load and fully validate one questionnaire file."""
    return _load(path, Questionnaire, questionnaire_problems)


def load_weights(path: Path, dimension_ids: Iterable[str] | None = None) -> WeightProfile:
    """Load a weight profile; with ``dimension_ids`` also check it against a questionnaire."""
    dims = list(dimension_ids) if dimension_ids is not None else None
    return _load(path, WeightProfile, _against(weights_problems, dims))


def load_restrictions(path: Path, questionnaire: Questionnaire | None = None) -> RestrictionsFile:
    """Load the restrictions watchlist; with a questionnaire also check its ids."""
    return _load(path, RestrictionsFile, _against(restrictions_problems, questionnaire))


def load_routes(path: Path, questionnaire: Questionnaire | None = None) -> RoutesFile:
    """Load the adoption routes; with a questionnaire also check the fit rules' ids."""
    return _load(path, RoutesFile, _against(routes_problems, questionnaire))


def load_laws(path: Path, questionnaire: Questionnaire | None = None) -> LawsFile:
    """Load the laws file; with a questionnaire also check its jurisdictions."""
    return _load(path, LawsFile, _against(laws_problems, questionnaire))


def load_prices(path: Path, routes: RoutesFile | None = None) -> PricesFile:
    """Load the model price list; with routes also check each model's route."""
    return _load(path, PricesFile, lambda p: prices_problems(p, routes))


def load_changes(
    path: Path,
    restrictions: RestrictionsFile | None = None,
    laws: LawsFile | None = None,
    prices: PricesFile | None = None,
) -> ChangesFile:
    """Load the data version and change log; with the data files also check what it names."""
    return _load(path, ChangesFile, lambda c: changes_problems(c, restrictions, laws, prices))


def load_use_cases(
    path: Path, questionnaire: Questionnaire | None = None, routes: RoutesFile | None = None
) -> UseCaseData:
    """Load the use-case templates and yardsticks; with a questionnaire also check their ids."""
    check = (lambda f: use_case_problems(f, questionnaire, routes)) if questionnaire else None
    return _load(path, UseCaseData, check)


@dataclass(frozen=True)
class Catalog:
    """Everything the app and the CLI read from disk, validated together."""

    questionnaires: dict[str, Questionnaire]
    weights: dict[str, WeightProfile]
    restrictions: RestrictionsFile
    routes: RoutesFile
    prices: PricesFile
    laws: LawsFile | None = None
    currency: CurrencyFile | None = None
    changes: ChangesFile | None = None
    use_cases: UseCaseData | None = None

    @property
    def data_version(self) -> str | None:
        """The reference data's version (data/changes.yaml), recorded in answers files."""
        return self.changes.version if self.changes is not None else None

    def profile(self, ident: str) -> WeightProfile:
        """The weight profile ``ident``; the default one if it is gone (e.g. a renamed file)."""
        found = self.weights.get(ident)
        if found is not None:
            return found
        return self.weights.get(DEFAULT_WEIGHTS) or self.weights[sorted(self.weights)[0]]

    def questionnaire(self, ident: str | None = None) -> Questionnaire:
        """The questionnaire with ``ident`` (default: the first one, sorted by id)."""
        if ident is None:
            return self.questionnaires[sorted(self.questionnaires)[0]]
        try:
            return self.questionnaires[ident]
        except KeyError:
            raise ConfigError(
                f"questionnaire: must be one of {sorted(self.questionnaires)}, got {ident!r}"
            ) from None


DEFAULT_QUESTIONNAIRE = "genai-readiness"
DEFAULT_WEIGHTS = "balanced"


def load_catalog(root: Path = PROJECT_ROOT) -> Catalog:
    """Load and cross-check every shipped config; all problems are raised together.

    A catalog once validated is kept in the parse cache (see ``validated_cache``), keyed by the
    bytes of every file it reads and of the code that checks them: a fresh process (a new
    replica, a restart) reads it back without building and running the validators.
    """
    from wizard.config.validated_cache import keep, kept

    found = kept(root, Catalog)
    if found is not None:
        return found
    catalog = _load_catalog(root)
    keep(root, catalog)
    return catalog


def _load_catalog(root: Path) -> Catalog:
    errors: list[str] = []
    questionnaires: dict[str, Questionnaire] = {}
    weights: dict[str, WeightProfile] = {}
    for path in sorted((root / "questionnaires").glob("*.yaml")):
        try:
            q = load_questionnaire(path)
        except ConfigError as exc:
            errors.extend(exc.lines)
            continue
        if q.id in questionnaires:
            errors.append(f"{display_path(path)}: id: must be unique, got {q.id!r} twice")
        questionnaires[q.id] = q
    all_dims = sorted({d for q in questionnaires.values() for d in q.dimension_ids})
    for path in sorted((root / "weights").glob("*.yaml")):
        try:
            w = load_weights(path, all_dims if questionnaires else None)
        except ConfigError as exc:
            errors.extend(exc.lines)
            continue
        if w.id in weights:
            errors.append(f"{display_path(path)}: id: must be unique, got {w.id!r} twice")
        weights[w.id] = w
    first = questionnaires[sorted(questionnaires)[0]] if questionnaires else None
    restrictions = routes = prices = None
    try:
        restrictions = load_restrictions(root / "data" / "restrictions.yaml", first)
    except ConfigError as exc:
        errors.extend(exc.lines)
    try:
        routes = load_routes(root / "data" / "routes.yaml", first)
        if restrictions is not None:
            errors.extend(
                f"{display_path(root / 'data' / 'restrictions.yaml')}: {p}"
                for p in restriction_route_problems(restrictions, routes)
            )
    except ConfigError as exc:
        errors.extend(exc.lines)
    try:
        prices = load_prices(root / "data" / "model_prices.yaml", routes)
    except ConfigError as exc:
        errors.extend(exc.lines)
    currency = None
    if (root / "data" / "currency.yaml").exists():
        try:
            currency = _load(root / "data" / "currency.yaml", CurrencyFile)
        except ConfigError as exc:
            errors.extend(exc.lines)
    laws = None
    if (root / "data" / "laws.yaml").exists():
        try:
            laws = load_laws(root / "data" / "laws.yaml", first)
        except ConfigError as exc:
            errors.extend(exc.lines)
    changes = None
    if (root / "data" / "changes.yaml").exists():
        try:
            changes = load_changes(root / "data" / "changes.yaml", restrictions, laws, prices)
        except ConfigError as exc:
            errors.extend(exc.lines)
    use_cases = None
    if (root / "data" / "use_cases.yaml").exists():
        try:
            use_cases = load_use_cases(root / "data" / "use_cases.yaml", first, routes)
        except ConfigError as exc:
            errors.extend(exc.lines)
    if not questionnaires and not errors:
        errors.append(f"{display_path(root / 'questionnaires')}: (folder): no questionnaire found")
    if not weights and not errors:
        errors.append(f"{display_path(root / 'weights')}: (folder): no weight profile found")
    if errors:
        raise ConfigError(errors)
    assert restrictions is not None and routes is not None and prices is not None
    return Catalog(
        questionnaires, weights, restrictions, routes, prices, laws, currency, changes, use_cases
    )


def kind_of(path: Path, raw: dict[str, Any]) -> str:
    """Guess a config file's kind from its folder, then from its keys."""
    parent = path.resolve().parent.name
    if parent == "questionnaires" or "questions" in raw:
        return "questionnaire"
    if parent == "weights" or "dimension_weights" in raw:
        return "weights"
    if "changes" in raw:
        return "changes"
    if "entries" in raw:
        return "restrictions"
    if "laws" in raw:
        return "laws"
    if "rates" in raw:
        return "currency"
    if "templates" in raw:
        return "use_cases"
    if "routes" in raw:
        return "routes"
    if "models" in raw:
        return "prices"
    return "unknown"


def validate_paths(paths: Sequence[Path]) -> list[str]:
    """Validate the given files (each by its kind); return error lines, empty when all is well.

    Weight profiles and restrictions are also checked against the shipped questionnaire.
    """
    errors: list[str] = []
    reference: Questionnaire | None = None
    default_q = QUESTIONNAIRES_DIR / f"{DEFAULT_QUESTIONNAIRE}.yaml"
    for path in paths:
        try:
            raw = read_yaml_mapping(path)
            kind = kind_of(path, raw)
            if kind == "questionnaire":
                load_questionnaire(path)
                continue
            if reference is None and default_q.exists():
                try:
                    reference = load_questionnaire(default_q)
                except ConfigError:
                    reference = None
            if kind == "weights":
                load_weights(path, reference.dimension_ids if reference else None)
            elif kind == "restrictions":
                load_restrictions(path, reference)
            elif kind == "routes":
                load_routes(path, reference)
            elif kind == "currency":
                _load(path, CurrencyFile)
            elif kind == "laws":
                load_laws(path, reference)
            elif kind == "changes":
                load_changes(path)
            elif kind == "use_cases":
                load_use_cases(path, reference)
            elif kind == "prices":
                routes_path = path.parent / "routes.yaml"
                load_prices(path, load_routes(routes_path) if routes_path.exists() else None)
            else:
                errors.append(
                    f"{display_path(path)}: (top): must be a questionnaire, weight profile, "
                    f"restrictions, routes or prices file, got keys {sorted(raw)[:5]}"
                )
        except ConfigError as exc:
            errors.extend(exc.lines)
    return errors


def default_config_paths(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every config file the project ships, for ``validate`` without arguments."""
    return [
        *sorted((root / "questionnaires").glob("*.yaml")),
        *sorted((root / "weights").glob("*.yaml")),
        *sorted((root / "data").glob("restrictions*.yaml")),
        *sorted((root / "data").glob("routes*.yaml")),
        *sorted((root / "data").glob("model_prices*.yaml")),
        *sorted((root / "data").glob("laws*.yaml")),
        *sorted((root / "data").glob("currency*.yaml")),
        *sorted((root / "data").glob("changes*.yaml")),
        *sorted((root / "data").glob("use_cases*.yaml")),
    ]
