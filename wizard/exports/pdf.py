"""The one-page report: A4 portrait, English or Traditional Chinese, vector chart, fonts embedded.

Built with fpdf2 (pure Python, maintained, embeds and subsets TrueType and OpenType/CFF fonts,
including TrueType collections such as Debian's Noto Sans CJK): a board pack needs real glyphs
on every machine that opens it, so fonts are always embedded. The chart is drawn with PDF
rectangles and lines, so it stays sharp at any zoom. This module is imported only when someone
asks for a report: nothing of fpdf2 loads on the wizard's first render.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from wizard.config import Catalog, Questionnaire, WeightProfile
from wizard.errors import WizardError
from wizard.i18n import colon, date_text, paren, t
from wizard.roadmap import reassess_date
from wizard.scoring import ACT_NOW
from wizard.words.cost import cost_lines
from wizard.words.fonts import (
    FONT_PACKAGES,
    FontPlan,
    MissingFont,
    font_env,
    plan_fonts,
)
from wizard.words.restrictions import law_lines, route_family_lines, warning_lines, when_text
from wizard.words.roadmap import RoadmapRow, advice_rows
from wizard.words.verdict import decision_label, flip_lines, reasons, sensitivity_sentence

if TYPE_CHECKING:
    from wizard.cost import Usage
    from wizard.guidance import Advice
    from wizard.workshop.analytics import Group

#: a word with its trailing spaces, or one CJK character (which may break anywhere)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_TOKENS = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+\\s*|\\s+")
#: punctuation that never starts a line: it hangs at the end of the line before
_NO_LINE_START = frozenset("，。、；：！？）」』》〉】％,.;:!?)")
MARGIN = 13.0  # mm
PAGE_W, PAGE_H = 210.0, 297.0
WIDTH = PAGE_W - 2 * MARGIN
GREEN, AMBER, GREY, INK = (22, 120, 60), (176, 96, 0), (110, 110, 110), (30, 30, 30)


class ReportError(WizardError):
    """The report cannot be made (``reason``: ``no_font``, with the ``family`` missing)."""

    def __init__(self, reason: str, message: str, family: str = "") -> None:
        self.reason = reason
        self.family = family
        super().__init__(message)


def fonts_for(lang: str, typed: str = "") -> FontPlan:
    """The fonts of a report in ``lang`` with user text ``typed`` (see ``plan_fonts``).

    Raises:
        ReportError: ``lang`` needs a font family this machine has none of.
    """
    try:
        return plan_fonts(lang, typed)
    except MissingFont as exc:
        raise ReportError(
            "no_font",
            f"no font for the {exc.family} family of language {lang!r} found (install "
            f"{FONT_PACKAGES.get(exc.family, 'a font')}, or set {font_env(exc.family)} to a "
            ".ttf/.ttc/.otf file); the English report still works",
            exc.family,
        ) from None


@dataclass(frozen=True)
class ReportInput:
    """What the page shows, besides the advice: who, when, under which profile and usage."""

    profile: WeightProfile
    today: date
    subject: str = ""  # the respondent, or the workshop's title (shown as plain text)
    usage: Usage | None = None
    group_note: str = ""  # for the workshop version: "median answers of 12 participants"
    #: "since your last assessment": a heading, then the world's changes and what moved the
    #: verdict (words of ``wizard.words.world``); empty for a first assessment
    since: tuple[str, ...] = ()
    #: the use-case portfolio: its summary, the top cases, how many more (``words.portfolio``)
    portfolio: tuple[str, ...] = ()
    #: the whole roadmap when it holds more than the advice's rows (the use cases'); else the
    #: advice's rows are shown
    roadmap: tuple[RoadmapRow, ...] = ()


class _Page:
    """A thin layer over fpdf2: wrapped paragraphs cut to a number of lines, headings, rows."""

    def __init__(self, fonts: FontPlan, lang: str, scale: float, room: int = 1) -> None:
        from fpdf import FPDF

        self.lang = lang
        self.scale = scale
        self.fonts = fonts
        self.room = room  # 0: lines to spare, 1: as usual, 2: tight (see ``fit``)
        font, fallbacks = fonts.main, fonts.fallbacks
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.add_page()
        if font is not None:
            pdf.add_font("body", fname=font.path, collection_font_number=font.number)
            self.family = "body"
            names = []
            for i, fallback in enumerate(fallbacks):
                pdf.add_font(
                    f"fallback{i}", fname=fallback.path, collection_font_number=fallback.number
                )
                names.append(f"fallback{i}")
            if names:
                pdf.set_fallback_fonts(names)
            for added in pdf.fonts.values():
                # the glyphs' bounding boxes are stored in the font already: recomputing them
                # for every glyph on every report was most of its time (fontTools' default)
                ttfont = getattr(added, "ttfont", None)
                if ttfont is not None:
                    ttfont.recalcBBoxes = False
        else:
            self.family = "helvetica"
        self.unicode = font is not None
        self.shaped = fonts.shaping and font is not None
        if self.shaped:
            pdf.set_text_shaping(True)  # Hebrew and Arabic names: joined, right to left
        self.pdf = pdf
        self.body_bottom = 0.0
        self._widths: dict[float, dict[str, float]] = {}  # per type size: token -> width

    def fit(self, spare: int, usual: int, tight: int) -> int:
        """How many lines a paragraph may take at this page's room."""
        return (spare, usual, tight)[self.room]

    def overflowed(self) -> bool:
        """Whether the body ran into the footer (then a smaller type is tried)."""
        return self.body_bottom > PAGE_H - MARGIN - 10

    def clean(self, text: str) -> str:
        """Text the font can set (the core font only has Latin-1)."""
        if self.unicode:
            return text.replace("\u2060", "")
        swaps = {
            "\u2019": "'",
            "\u2018": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\u2013": "-",
            "\u2014": "-",
            "\u2026": "...",
            "\u00b7": "-",
            "\u2060": "",
        }
        text = "".join(swaps.get(ch, ch) for ch in text)
        return text.encode("latin-1", "replace").decode("latin-1")

    def size(self, points: float) -> None:
        self.pdf.set_font(self.family, size=points * self.scale)

    def line_height(self, points: float) -> float:
        return points * self.scale * 0.42

    def para(
        self,
        text: str,
        points: float = 8.5,
        max_lines: int = 3,
        width: float | None = None,
        x: float | None = None,
        color: tuple[int, int, int] = INK,
    ) -> None:
        """A wrapped paragraph of at most ``max_lines`` lines (the last one cut with "...")."""
        pdf = self.pdf
        self.size(points)
        pdf.set_text_color(*color)
        width = width or WIDTH
        if x is not None:
            pdf.set_x(x)
        lines = self.wrap(self.clean(text), width, max_lines + 1)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            cut = lines[-1][: max(0, len(lines[-1]) - 2)]
            space = cut.rfind(" ")  # between words, where a word ends near the line's end
            if space > len(cut) * 0.6:
                cut = cut[:space]
            lines[-1] = cut.rstrip(" ,;:") + "..."
        start_x = pdf.get_x()
        for line in lines:
            pdf.set_x(start_x)
            pdf.cell(width, self.line_height(points), line, new_x="LMARGIN", new_y="NEXT")

    def wrap(self, text: str, width: float, limit: int) -> list[str]:
        """Greedy line breaking, word by word (character by character between CJK ones).

        Linear in the text (fpdf2's own breaker measures each line again for every character
        it adds, which was most of a report's time); stops after ``limit`` lines.
        """
        pdf = self.pdf
        known = self._widths.setdefault(pdf.font_size_pt, {})
        widths = pdf.current_font.cw  # per character, thousandths of the type size
        ttf = self.unicode
        per_unit = pdf.font_size_pt * 0.001 / pdf.k

        def measure(token: str) -> float:
            found = known.get(token)
            if found is None:
                keys = [ord(c) for c in token] if ttf else list(token)
                if all(k in widths for k in keys):
                    found = sum(widths[k] for k in keys) * per_unit
                else:  # a glyph from a fallback font: let fpdf2 measure it
                    found = pdf.get_string_width(token)
                known[token] = found
            return found

        lines: list[str] = []
        line, used = "", 0.0
        for token in _TOKENS.findall(text):
            size = measure(token)
            if used + size > width and line.strip() and token not in _NO_LINE_START:
                lines.append(line.rstrip())
                if len(lines) >= limit:
                    return lines
                token = token.lstrip()
                line, used = "", 0.0
                size = measure(token)
            while size > width and len(token) > 1:  # a word longer than the line: cut it
                cut = max(1, int(len(token) * width / size))
                lines.append(token[:cut])
                if len(lines) >= limit:
                    return lines
                token = token[cut:]
                size = measure(token)
            line += token
            used += size
        if line.strip() or not lines:
            lines.append(line.rstrip())
        return lines

    def heading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(1.2 * self.scale)
        self.size(10)
        pdf.set_text_color(*INK)
        pdf.cell(WIDTH, self.line_height(10) + 0.6, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        y = pdf.get_y()
        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.2)
        pdf.line(MARGIN, y, PAGE_W - MARGIN, y)
        pdf.ln(0.8 * self.scale)

    def bullets(self, lines: Sequence[str], points: float = 8.5, max_lines: int = 2) -> None:
        for line in lines:
            self.para(f"\u2022 {line}" if self.unicode else f"- {line}", points, max_lines)


def _dimension_chart(
    page: _Page, q: Questionnaire, advice: Advice, lang: str, x: float, width: float
) -> None:
    """Horizontal bars per dimension (0-100), the floors as ticks, the threshold as a line."""
    pdf = page.pdf
    result = advice.result
    label_w = width * 0.36
    bar_w = width - label_w - 10
    top = pdf.get_y() + 1
    row = 6.0 * page.scale
    page.size(7.5)
    for i, dim in enumerate(q.dimensions):
        y = top + i * row
        score = result.dimensions.get(dim.id)
        pdf.set_text_color(*INK)
        pdf.set_xy(x, y)
        pdf.cell(label_w, row * 0.7, page.clean(dim.title.get(lang))[:28])
        pdf.set_fill_color(235, 235, 235)
        pdf.rect(x + label_w, y + 0.6, bar_w, row * 0.55, style="F")
        if score is not None:
            pdf.set_fill_color(*(GREEN if score >= result.threshold else AMBER))
            pdf.rect(
                x + label_w,
                y + 0.6,
                bar_w * max(0.0, min(score, 100.0)) / 100,
                row * 0.55,
                style="F",
            )
        floor = result.floors.get(dim.id)
        if floor is not None:
            fx = x + label_w + bar_w * floor / 100
            pdf.set_draw_color(60, 60, 60)
            pdf.set_line_width(0.4)
            pdf.line(fx, y + 0.2, fx, y + 0.6 + row * 0.55 + 0.4)
        pdf.set_xy(x + label_w + bar_w + 1, y)
        pdf.cell(9, row * 0.7, "-" if score is None else f"{score:.0f}")
    bottom = top + len(q.dimensions) * row
    tx = x + label_w + bar_w * result.threshold / 100
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.set_dash_pattern(dash=1, gap=0.8)
    pdf.line(tx, top - 0.5, tx, bottom)
    pdf.set_dash_pattern()
    page.size(6.5)
    pdf.set_text_color(*GREY)
    pdf.set_xy(x + label_w, bottom + 0.3)
    pdf.cell(
        bar_w, 3, page.clean(t("report.chart_legend", lang, threshold=f"{result.threshold:g}"))
    )
    pdf.set_xy(MARGIN, bottom + 4)


def _restriction_lines(advice: Advice, lang: str) -> list[str]:
    """Binding restrictions in force, one line each: who (when): scope."""
    out = []
    for m in advice.matches:
        if not m.binding or m.entry.status != "in_force":
            continue
        out.append(
            f"{m.entry.who.get(lang)}{paren(when_text(m.entry, lang), lang)}{colon(lang)}"
            f"{m.entry.scope.get(lang)}"
        )
    return out


def _as_of_line(catalog: Catalog, lang: str) -> str:
    parts = [
        t("report.as_of_restrictions", lang, date=date_text(catalog.restrictions.as_of, lang)),
        t(
            "report.prices_dated",
            lang,
            start=date_text(min(m.as_of for m in catalog.prices.current), lang),
            end=date_text(catalog.prices.newest, lang),
        ),
    ]
    if catalog.laws is not None:
        parts.append(t("report.as_of_laws", lang, date=date_text(catalog.laws.as_of, lang)))
    return t("wizard.list_sep", lang).join(parts)


def _cost(catalog: Catalog, advice: Advice, usage: Usage | None, lang: str) -> list[str]:
    from wizard.cost import Usage, compare

    assumed = usage is None  # the reader set no value or volume: the defaults, said so
    usage = usage or Usage()
    costs = compare(catalog.prices.current, usage)
    closed = {f.route.id: f for f in advice.routes if not f.allowed}
    rates = catalog.currency.by_currency if catalog.currency is not None else {}
    fits = {f.route.id: f for f in advice.routes}
    lines, _, _ = cost_lines(catalog.prices, costs, closed, usage, lang, rates, fits, assumed)
    return lines


def _draw(
    page: _Page, catalog: Catalog, q: Questionnaire, advice: Advice, lang: str, info: ReportInput
) -> None:
    pdf = page.pdf
    result = advice.result
    # title line: the product, the date; the subject and the profile under it
    page.size(14)
    pdf.set_text_color(*INK)
    pdf.cell(WIDTH * 0.7, 7 * page.scale, page.clean(t("report.title", lang)))
    page.size(8)
    pdf.set_text_color(*GREY)
    pdf.cell(
        WIDTH * 0.3,
        7 * page.scale,
        page.clean(date_text(info.today.isoformat(), lang)),
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    sub = [t("report.profile", lang, profile=info.profile.title.get(lang))]
    if info.subject:
        sub.insert(0, info.subject)
    if info.group_note:
        sub.append(info.group_note)
    page.para(" · ".join(sub) if page.unicode else " - ".join(sub), 8, 4, color=GREY)
    pdf.ln(1.5)

    # the verdict band
    band_y = pdf.get_y()
    band_h = 17 * page.scale
    colour = GREEN if result.decision == ACT_NOW else AMBER
    pdf.set_fill_color(*colour)
    pdf.rect(MARGIN, band_y, 46, band_h, style="F")
    pdf.set_xy(MARGIN, band_y + band_h / 2 - 4)
    page.size(15)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(46, 8, page.clean(decision_label(result, lang)), align="C")
    overall = "-" if result.overall is None else f"{result.overall:.1f}"
    pdf.set_xy(MARGIN + 50, band_y + 0.5)
    page.para(
        t(
            "report.verdict_line",
            lang,
            overall=overall,
            threshold=f"{result.threshold:g}",
            confidence=f"{advice.confidence:.0%}",
        ),
        9.5,
        1,
        width=WIDTH - 50,
        x=MARGIN + 50,
    )
    pdf.set_x(MARGIN + 50)
    page.para(sensitivity_sentence(advice, lang), 8, 2, width=WIDTH - 50, x=MARGIN + 50)
    pdf.set_y(max(pdf.get_y(), band_y + band_h) + 1)

    if info.since:  # the world's changes since the last assessment come before the answers'
        head, *rest = info.since
        page.para(head, 8.5, 2)
        shown = page.fit(5, 3, 2)
        more = len(rest) - shown
        page.bullets(rest[:shown], 7.5, page.fit(3, 2, 2))  # whole sentences where room allows
        if more > 0:
            page.para(t("report.since_more", lang, count=more), 7.5, 1, color=GREY)

    # chart (left) and the three strongest reasons (right)
    top = pdf.get_y()
    page.heading(t("report.scores", lang))
    _dimension_chart(page, q, advice, lang, MARGIN, WIDTH * 0.48)
    chart_bottom = pdf.get_y()
    pdf.set_y(top)
    right_x = MARGIN + WIDTH * 0.52
    pdf.set_x(right_x)
    page.size(10)
    pdf.ln(1.2 * page.scale)
    pdf.set_x(right_x)
    pdf.set_text_color(*INK)
    pdf.cell(WIDTH * 0.48, page.line_height(10) + 0.6, page.clean(t("report.reasons", lang)))
    pdf.ln(page.line_height(10) + 2)
    for line in reasons(q, result, lang)[:3]:
        pdf.set_x(right_x)
        page.para(
            f"\u2022 {line}" if page.unicode else f"- {line}",
            8,
            page.fit(4, 3, 2),
            width=WIDTH * 0.48,
            x=right_x,
        )
    pdf.set_y(max(chart_bottom, pdf.get_y()) + 1)

    # restrictions and warnings
    page.heading(t("report.restrictions", lang))
    binding = _restriction_lines(advice, lang)
    warns = warning_lines(q, advice, lang)
    if not binding and not warns:
        page.para(t("report.no_restrictions", lang), 8.5, 1)
    # a binding restriction is the page's most important text: it gets the room first
    page.bullets(binding[:3], 8, page.fit(8, 4, 3))
    page.bullets(warns[:3], 8, page.fit(4, 2, 2))

    if info.portfolio:  # the use cases: the summary, then the top ones
        summary, *cases = info.portfolio
        page.heading(t("report.portfolio", lang))
        page.para(summary, 8.5, 2)
        shown = cases[: page.fit(5, 4, 3)]
        page.bullets(shown, 7.5, 1)
        if len(cases) > len(shown):
            more = t("report.portfolio_more", lang, count=len(cases) - len(shown))
            page.para(more, 7, 1, color=GREY)

    # the route and the cost
    page.heading(t("report.route_cost", lang))
    if advice.top_route is not None:
        top_fit = advice.top_route
        page.para(t("report.top_route", lang, route=top_fit.route.title.get(lang)), 8.5, 1)
        page.bullets(route_family_lines(q, top_fit, lang)[:2], 8, page.fit(3, 2, 2))
    page.bullets(_cost(catalog, advice, info.usage, lang)[:3], 8, page.fit(3, 2, 2))

    # the first ten roadmap rows
    rows = list(info.roadmap) or advice_rows(q, advice, lang)
    shown_rows = page_rows(rows)
    if len(rows) <= 10:
        page.heading(t("report.roadmap_all", lang, total=len(rows)))
    else:
        page.heading(t("report.roadmap", lang, shown=len(shown_rows), total=len(rows)))
    page.size(7.5)
    for row in shown_rows:
        y = pdf.get_y()
        page.size(7.5)
        pdf.set_text_color(*GREY)
        pdf.set_xy(PAGE_W - MARGIN - 33, y)
        pdf.cell(33, page.line_height(7.5), page.clean(row.owner)[:24], align="R")
        pdf.set_xy(MARGIN, y)
        pdf.cell(
            20,
            page.line_height(7.5),
            page.clean(t("report.weeks", lang, start=row.start_week, end=row.end_week)),
        )
        pdf.set_xy(MARGIN + 20, y)
        # two lines: a row cut mid-sentence says less than none
        page.para(row.action, 7.5, page.fit(2, 2, 1), width=WIDTH - 20 - 34, x=MARGIN + 20)

    # when to look again, and what would change the decision
    page.heading(t("report.reassess", lang))
    when = reassess_date(q, info.today, result)
    page.para(t("report.reassess_on", lang, date=date_text(when.isoformat(), lang)), 8.5, 1)
    triggers = flip_lines(q, advice.flip, lang) if advice.flip.found else [t("flip.none", lang)]
    page.bullets(triggers[:3], 8, page.fit(3, 2, 1))
    laws = law_lines(advice, lang)
    if laws:
        page.bullets([t("report.laws", lang, laws=laws[0])], 7.5, page.fit(3, 1, 1))

    # the footer: data dates, the questionnaire, the disclaimer
    page.body_bottom = pdf.get_y()
    pdf.set_y(PAGE_H - MARGIN - 9)
    page.para(
        _as_of_line(catalog, lang) + " · " + t("report.questionnaire", lang, version=q.version),
        6.5,
        1,
        color=GREY,
    )
    page.para(t("report.disclaimer", lang), 7, 2, color=GREY)
    notes = []
    if page.fonts.missing:
        # as code points: the letters themselves are exactly what no font here can draw
        points = [f"U+{ord(c):04X}" for c in page.fonts.missing]
        shown = " ".join(points[:12]) + (f" (+{len(points) - 12})" if len(points) > 12 else "")
        notes.append(t("report.missing_glyphs", lang, chars=shown))
    if page.fonts.unshaped:
        notes.append(t("report.unshaped", lang))
    if notes:
        page.para(t("wizard.sentence_sep", lang).join(notes), 6.5, 2, color=GREY)


def page_rows(rows: Sequence[RoadmapRow], count: int = 10) -> list[RoadmapRow]:
    """The roadmap rows the page has room for, in their order.

    The first ``count``, except that up to three use-case pilots further down take the places
    of the last organisation rows: a portfolio's page names what starts, not only what comes
    before it.
    """
    if len(rows) <= count:
        return list(rows)
    pilots = [i for i, r in enumerate(rows) if r.use_case and r.id.endswith(":pilot")][:3]
    missing = [i for i in pilots if i >= count]
    drop = [i for i in reversed(range(count)) if not rows[i].use_case][: len(missing)]
    keep = sorted((set(range(count)) - set(drop)) | set(missing[: len(drop)]))
    return [rows[i] for i in keep]


def build_report(
    catalog: Catalog, q: Questionnaire, advice: Advice, lang: str, info: ReportInput
) -> bytes:
    """The one-page PDF in ``lang``; shrinks its type until everything fits one page.

    Raises:
        ReportError: Traditional Chinese asked for and no CJK font on this machine.
    """
    fonts = fonts_for(lang, info.subject + info.group_note + "".join(info.portfolio))
    # free space first: whole paragraphs at full size, then the usual cuts, then smaller type
    for room, scale in ((0, 1.0), (0, 0.92), (1, 1.0), (1, 0.92), (1, 0.85), (2, 0.85), (2, 0.78)):
        page = _Page(fonts, lang, scale, room)
        _draw(page, catalog, q, advice, lang, info)
        if page.pdf.page_no() == 1 and not page.overflowed():
            break
    return bytes(page.pdf.output())


def report_filename(lang: str, today: date, kind: str = "assessment") -> str:
    """``genai-assessment-2026-11-28-en.pdf``."""
    return f"genai-{kind}-{today.isoformat()}-{lang}.pdf"


def group_report(
    catalog: Catalog,
    q: Questionnaire,
    profile: WeightProfile,
    group: Group,
    title: str,
    lang: str,
    today: date,
    use_cases: tuple[str, ...] = (),
) -> bytes:
    """The workshop's one-page PDF: the group's median answers, titled with the workshop.

    ``use_cases``: the room's ratings of the seeded use cases (``words.portfolio``).
    """
    from wizard.words.workshop import agreement_text, majority_text

    decided = group.decision
    note = t("wizard.sentence_sep", lang).join(
        [
            t("report.group_note_full", lang, n=group.finished, agreement=f"{group.agreement:.0%}"),
            majority_text(decided, lang),
            agreement_text(decided, lang),
        ]
    )
    info = ReportInput(profile, today, subject=title, group_note=note, portfolio=use_cases)
    return build_report(catalog, q, group.median_advice, lang, info)
