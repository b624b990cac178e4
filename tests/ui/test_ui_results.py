"""The results page's depth and the method page, through AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from tests.apptest import TIMEOUT, _method_script, new_app, open_panel, open_tab, run, widget
from tests.conftest import FIXTURES
from tests.samples import Q
from wizard.config import load_catalog

BANK = yaml.safe_load((FIXTURES / "answers-taiwan-bank.yaml").read_text("utf-8"))["answers"]
BANK = {**BANK, "body_type": ["private"], "models": ["open-weights", "frontier-api"]}
AGENCY = {**BANK, "sector": "government", "jurisdictions": ["tw"], "body_type": ["central-gov"]}


def results(answers, profile="regulated", lang="en", tab=0) -> AppTest:
    at = new_app()
    at.session_state["answers"] = dict(answers)
    at.session_state["profile_id"] = profile
    at.session_state["lang"] = lang
    at.session_state["step"] = 6
    run(at)
    return open_tab(at, tab, lang) if tab else at


def body(at) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def test_sensitivity_sentence_and_adjusted_confidence() -> None:
    """The decision card says how many plausible weightings agree, and confidence reflects it."""
    at = results(BANK)
    text = body(at)
    assert "**Weight robustness**: Wait in" in text and "of plausible weightings" in text
    assert "**Confidence " in text and "is the figure to quote" in text
    confidence = next(m for m in at.metric if m.label == "Confidence").value
    assert confidence.endswith("%") and int(confidence[:-1]) < 51  # below the 51% before it


def test_flip_steps_and_tornado_are_shown() -> None:
    """The flip tab lists concrete moves and draws the weight tornado."""
    at = results(BANK, tab=1)
    text = body(at)
    assert "What would turn wait into act now" in [s.value for s in at.subheader]
    assert "1. " in text and "Who: " in text and "about " in text  # steps with owner and time
    assert len(at.get("vega_lite_chart")) == 1  # the tornado


def test_restricted_route_is_ruled_out_with_the_reason() -> None:
    """A Taiwanese agency sees DeepSeek's hosted service ruled out by the Executive Yuan, its
    weights ruled out on the open-weights routes by the November 2025 statements (no longer
    "confirm"), and which models each open-weights route is allowed with."""
    at = results(AGENCY, tab=2)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(
        "DeepSeek's app or hosted API: ruled out by Taiwan: Executive Yuan" in e for e in errors
    )
    assert any(
        "DeepSeek open weights and distilled models: ruled out by Taiwan: Ministry of Digital "
        "Affairs and Mainland Affairs Council" in e
        for e in errors
    )
    allowed = [s.value.replace("\\", "") for s in [*at.success, *at.info]]
    assert any("Allowed with: Other open weights (Llama" in s for s in allowed)
    to_check = [s.value.replace("\\", "") for s in at.warning]
    assert not any("competent authority" in s for s in [*allowed, *to_check])
    assert ":green-badge[Recommended]" in body(at)


def _reference_name() -> str:

    prices = load_catalog().prices
    return next(m.name.get("en") for m in prices.current if m.id == prices.reference)


def _verdict(at) -> str:
    """The saving and ROI box of the cost tab (green when every model pays back)."""
    boxes = [b.value for b in [*at.success, *at.warning] if _reference_name() in b.value]
    assert len(boxes) == 1
    return boxes[0]


def test_cost_calculator_reacts_to_usage_and_typed_prices() -> None:
    """Changing usage and a price changes the saving sentence; the ROI lines name the models
    that cost more than the value, as the cost functions compute at today's prices."""
    from wizard.cost import Usage, at_gpu_rate, monthly_cost

    prices = load_catalog().prices
    at = results(BANK, tab=3)
    before = _verdict(at)
    assert "Positive ROI at your value of USD 10,000 a month" in before
    widget(at, "number_input", "w::cost::requests").set_value(500_000)
    run(at)
    after = _verdict(at)
    usage = Usage(requests=500_000)
    dear = [
        m.name.get("en")
        for m in at_gpu_rate(prices.current, prices.gpu_hourly_rate)
        if monthly_cost(m, usage).total >= usage.monthly_value
    ]
    assert dear and all(name in after for name in dear) and "Negative ROI with" in after
    assert before != after
    assert at.session_state["cost_usage"]["requests"] == 500_000
    assert not [n for n in at.number_input if n.key.startswith("w::price::")]  # panel closed
    open_panel(at, "prices")
    ref = prices.reference
    for field, value in (("output", 0.001), ("input", 0.001), ("input_cache_hit", 0.0005)):
        widget(at, "number_input", f"w::price::{ref}::{field}").set_value(value)
    run(at)
    assert _verdict(at).startswith(f"{_reference_name()} would cost")
    # the price story under the calculator: a log-scale chart of the dated series
    assert any("The price story" in m.value for m in at.markdown)


def _config_copy(root: Path, data_file: str, old: str, new: str) -> None:
    """The shipped configs copied under ``root``, with ``old`` replaced once in one data file."""
    project = Path(__file__).resolve().parents[2]
    for sub in ("questionnaires", "weights", "data"):
        (root / sub).mkdir()
        for path in (project / sub).glob("*.yaml"):
            (root / sub / path.name).write_text(path.read_text("utf-8"), "utf-8")
    target = root / "data" / data_file
    target.write_text(target.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_the_cost_tab_warns_when_the_newest_price_is_old(tmp_path, monkeypatch) -> None:
    """Past max_age_days after the newest price point, the cost tab says so."""
    _config_copy(tmp_path, "model_prices.yaml", "max_age_days: 180", "max_age_days: 1")
    monkeypatch.setenv("WIZARD_CONFIG_ROOT", str(tmp_path))
    at = results(BANK, tab=3)
    assert any("These prices are from 2026-11-01" in w.value for w in at.warning)


def test_calculator_inputs_survive_leaving_the_results() -> None:
    """Calculator values live in the session, not only in widgets: Back and forth keeps them."""
    at = results(BANK, tab=3)
    widget(at, "number_input", "w::cost::monthly_value").set_value(123.0)
    run(at)
    widget(at, "button", "nav_back").click()
    run(at)
    widget(at, "button", "nav_next").click()
    run(at)
    assert widget(at, "number_input", "w::cost::monthly_value").value == 123.0


def test_results_page_in_chinese() -> None:
    """Every new section speaks Traditional Chinese."""
    at = results(AGENCY, lang="zh-TW", tab=2)
    assert "**權重穩健度**：" in body(at) and "**信心程度 " in body(at)
    assert any("已被「台灣：行政院" in e and "排除" in e for e in (x.value for x in at.error))
    open_tab(at, 3, "zh-TW")
    assert any(c.value.startswith("估算單一應用情境") for c in at.caption)
    assert "每月約" in _verdict(at) and "投資報酬為正" in _verdict(at)


@pytest.mark.parametrize(
    ("lang", "title", "limit"),
    [
        ("en", "About the method", "not legal advice"),
        ("zh-TW", "方法說明", "並非法律意見"),
    ],
)
def test_method_page_explains_rule_sources_and_limits(lang, title, limit) -> None:
    """The method page has the rule, the profiles table, dated sources and the limits."""
    at = AppTest.from_function(_method_script, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    assert at.title[0].value == title
    text = "\n".join(str(m.value) for m in at.markdown)
    assert limit in text
    # as_of of the watchlist and the prices, as each language writes dates
    days = {
        "en": ("2026-11-01",),
        "zh-TW": ("2026 年 11 月 1 日",),
    }
    assert all(day in text for day in days[lang])
    table = at.dataframe[0].value
    assert len(table) == 4  # the four shipped profiles


NO_DIRECTIVE = yaml.safe_load(
    (FIXTURES / "answers-tw-agency-no-directive.yaml").read_text("utf-8")
)["answers"]


@pytest.mark.parametrize(
    ("lang", "warning", "binding", "history"),
    [
        ("en", "Taiwan: Executive Yuan", "Binding on your organisation", "History:"),
        ("zh-TW", "台灣：行政院", "約束貴組織", "歷史紀錄"),
    ],
)
def test_a_denied_binding_entry_warns_at_the_verdict(lang, warning, binding, history) -> None:
    """'No directive binds us' from a Taiwan agency: a warning in the verdict box, the
    restrictions grouped binding / history, and confirming with counsel first on the roadmap."""
    at = results(NO_DIRECTIVE, profile="balanced", lang=lang, tab=0)
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any(warning in w for w in warnings)
    text = body(at)
    assert f"**{binding}**" in text and history in text
    assert text.index(binding) < text.index(history)
    open_tab(at, 4, lang)
    table = at.dataframe[0].value
    assert table.iloc[0, 4].startswith(("Confirm with counsel", "與法律顧問確認"))


def test_the_method_page_warns_when_the_watchlist_is_old(tmp_path, monkeypatch) -> None:
    """Past its max_age_days the watchlist gets a warning on the method page."""
    _config_copy(tmp_path, "restrictions.yaml", "\nas_of: 2026-12-04\n", "\nas_of: 2020-01-01\n")
    monkeypatch.setenv("WIZARD_CONFIG_ROOT", str(tmp_path))
    at = AppTest.from_function(_method_script, default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert any(
        "restrictions watchlist was last checked on 2020" in w.value.replace("\\", "")
        for w in at.warning
    )


def test_the_cost_tab_marks_models_ruled_out_for_the_organisation() -> None:
    """A Taiwan agency: DeepSeek's hosted models are flagged as ruled out on the cost tab."""
    at = results(AGENCY, tab=3)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(
        "Ruled out for your organisation" in e and "DeepSeek" in e and "Taiwan: Executive Yuan" in e
        for e in errors
    )
    bank = results(BANK, tab=3)
    assert not any("Ruled out" in e.value for e in bank.error)


def test_review_suggests_the_regulated_profile_to_a_public_body() -> None:
    """A Taiwan agency on the Review step is told which profile suits it, and can take it."""
    at = new_app()
    at.session_state["answers"] = dict(AGENCY)
    at.session_state["profile_id"] = "balanced"
    at.session_state["step"] = 5
    run(at)
    assert any("Regulated" in i.value for i in at.info)
    button = next(b for b in at.button if b.key == "w::profile_suggested::en")
    button.click()
    run(at)
    assert at.session_state["profile_id"] == "regulated"
    assert not any(b.key == "w::profile_suggested::en" for b in at.button)


def test_the_flip_tab_points_to_the_discovery_sprint_when_information_is_missing() -> None:
    """Too many "don't know": the flip tab sends the user to the sprint, not 'no combination'."""
    answers = {**AGENCY}
    for question in Q.scored_questions:
        if question.unknown:
            answers[question.id] = "unknown"
    at = results(answers, tab=1)
    assert any("discovery sprint" in i.value for i in at.info)


def test_compare_with_last_time_on_the_results_page() -> None:
    """Open "Compare with last time", upload last spring's file: the series table (last time,
    now), the changed answers with their points, and a bad file listed as skipped."""
    import yaml as _yaml

    from tests.conftest import FIXTURES

    korea = _yaml.safe_load((FIXTURES / "answers-korea-private.yaml").read_text("utf-8"))
    at = new_app()
    at.session_state["answers"] = dict(korea["answers"])
    at.session_state["step"] = 6  # results
    run(at)
    open_tab(at, 5)
    old = {**korea, "saved_on": "2026-05-01", "answers": {**korea["answers"], "sec_redteam": "no"}}
    uploader = [u for u in at.get("file_uploader") if u.proto.label == "Earlier answers files"][0]
    uploader.set_value(
        [
            (
                "spring.yaml",
                _yaml.safe_dump(old, allow_unicode=True).encode(),
                "application/x-yaml",
            ),
            ("bad.yaml", b"a: &x 1\nb: *x\n", "application/x-yaml"),
        ]
    )
    run(at)
    frames = [d.value for d in at.dataframe]
    series = frames[0]
    assert list(series.iloc[:, 0]) == ["spring.yaml", "now"]
    changes = frames[1]
    assert "Can you test GenAI apps" in changes.iloc[0, 0] and changes.iloc[0, 3] > 0
    assert any("bad.yaml" in e.value.replace("\\", "") for e in at.error)


@pytest.mark.parametrize(
    ("lang", "title", "detail"),
    [
        ("en", "What changed in the world since your last assessment", "Act now when saved"),
        ("zh-TW", "自您上次評估以來世界上的變化", "儲存時為「立即行動」"),
    ],
)
def test_a_re_opened_file_shows_the_worlds_changes_first(lang, title, detail) -> None:
    """A Taiwan ministry's file saved as act now on the data of 2026-11-01, re-opened: the
    results start with what changed in the world and from which verdict to which."""
    from tests.conftest import best_answers
    from wizard.ui.state import EarlierAssessment

    answers = {
        **best_answers(Q),
        "sector": "government",
        "jurisdictions": ["tw"],
        "body_type": ["central-gov"],
        "models": ["deepseek-weights"],
        "size": "gt10000",
        "role": "cio",
        "sec_vendor_restriction": "other-routes",
    }
    at = new_app()
    at.session_state["answers"] = dict(answers)
    at.session_state["lang"] = lang
    at.session_state["step"] = 6
    at.session_state["earlier_assessment"] = EarlierAssessment(
        dict(answers), "2026-11-01", "act_now"
    )
    run(at)
    shown = body(at).replace("\\", "")
    assert title in shown and detail in shown
    assert shown.index(title) < shown.index("## ")  # before the verdict


def test_the_routes_tab_names_a_far_better_fit_than_the_intended_models_route() -> None:
    hospital = {
        **AGENCY,
        "sector": "healthcare",
        "models": ["frontier-api"],
        "sec_data_class": "regulated",
        "sec_residency": "strict",
        "bud_infra": ["gpus"],
    }
    for lang, words in (
        ("en", ("Recommended for the models you intend", "fits them far better")),
        ("zh-TW", ("依您打算使用的模型建議", "相符得多")),
    ):
        at = results(hospital, lang=lang, tab=2)
        assert not at.exception, at.exception
        shown = " ".join(str(m.value) for m in [*at.markdown, *at.warning])
        assert all(w in shown for w in words), (lang, shown[:400])
        heads = [str(m.value) for m in at.markdown if str(m.value).startswith("**")]
        top = next(i for i, h in enumerate(heads) if "green-badge" in h)
        assert "blue-badge" in heads[top + 1]  # the far better fit right under the top route
