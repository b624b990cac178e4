"""Fonts for the PDF reports and the charts, chosen by what each language and text needs.

A language is data: its locale file names the font family its words need (``meta.font``:
``latin``, or ``cjk-tc`` for Traditional Chinese), and this module finds such a font on the
machine. Every report gets the font its language asks for, the other families as fallbacks
(an English report names 人工智慧基本法), and, for text people typed (a name, a workshop
title), the full fonts that hold its letters: Polish, Turkish, Greek, Cyrillic, Hebrew, Arabic
and CJK names keep every letter. A letter no font on the machine has is reported, never
dropped silently.

A full CJK font has 65,000 glyphs in CFF outlines; subsetting and compiling it for each PDF
costs most of a second. The app's own words (locale files and every config file) use about
1,200 characters, so the first report of a process builds, once, a TrueType-outline font with
just those (plus Latin-1 and punctuation) and keeps it in a cache folder. Each report then
embeds a subset of that small font; the full fonts join only for typed text outside it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from wizard import settings
from wizard.languages import DEFAULT_LANGUAGE, config_root, locales_dir, meta
from wizard.private_cache import own_file, own_folder

#: Font files on common systems, by the family a locale asks for in ``meta.font``: Debian and
#: Ubuntu (DejaVu, Liberation, fonts-noto-cjk, arphic), macOS, Windows. DejaVu Sans also holds
#: Greek, Cyrillic, Hebrew and Arabic; Noto Sans CJK holds kana and Hangul too.
FONT_FILES: dict[str, tuple[str, ...]] = {
    "latin": (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/Library/Fonts/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "C:/Windows/Fonts/arial.ttf",
    ),
    "cjk-tc": (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/noto/NotoSansTC-Regular.ttf",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/STHeiti Light.ttc",
        "/Library/Fonts/Arial Unicode.ttf",
        "C:/Windows/Fonts/msjh.ttc",
        "C:/Windows/Fonts/mingliu.ttc",
    ),
}
#: the member of a font collection to use, by family (names that mark it)
COLLECTION_MARKS: dict[str, tuple[str, ...]] = {
    "cjk-tc": ("TC", "Traditional", "JhengHei", "MingLiU", "PingFang TC", "Ming"),
}
#: what a browser should use for the charts' text, by family
CHART_FONTS: dict[str, str] = {
    "latin": "DejaVu Sans, Helvetica, Arial, sans-serif",
    "cjk-tc": "Noto Sans CJK TC, PingFang TC, Microsoft JhengHei, sans-serif",
}
#: the Debian package that brings a family (said when a report cannot be made)
FONT_PACKAGES: dict[str, str] = {"latin": "fonts-dejavu-core", "cjk-tc": "fonts-noto-cjk"}
FALLBACK_FAMILY = "latin"


def font_env(family: str) -> str:
    """The environment variable that names a font file for ``family`` (see ``settings``)."""
    return settings.FONT_ENV_PREFIX + family.upper().replace("-", "_")


@dataclass(frozen=True)
class FontChoice:
    """A font file and, for a collection, which member to use."""

    path: str
    number: int = 0


def font_family(lang: str) -> str:
    """The font family ``lang``'s words need (its locale's ``meta.font``; Latin by default)."""
    family = meta(lang, "font", FALLBACK_FAMILY)
    return family if family in FONT_FILES else FALLBACK_FAMILY


def chart_font(lang: str) -> str:
    """The CSS font list for charts in ``lang``."""
    return CHART_FONTS.get(font_family(lang), CHART_FONTS[FALLBACK_FAMILY])


@lru_cache(maxsize=8)
def _collection_member(path: str, family: str) -> int:
    """The member of a font collection that suits ``family`` (0 for a single font)."""
    marks = COLLECTION_MARKS.get(family, ())
    if not path.lower().endswith(".ttc") or not marks:
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    try:
        for number, font in enumerate(collection.fonts):
            name = str(font["name"].getDebugName(4) or font["name"].getDebugName(1) or "")
            if any(mark in name for mark in marks):
                return number
    finally:
        collection.close()
    return 0


def font_path(family: str) -> str | None:
    """A font file of ``family`` on this machine (its environment variable first), or None.

    Only looks at paths: a page can ask before anything of the PDF library is imported.
    """
    for candidate in (settings.font_file(family), *FONT_FILES.get(family, ())):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def find_font(family: str) -> FontChoice | None:
    """The font of ``family`` and, in a collection, its member."""
    path = font_path(family)
    return FontChoice(path, _collection_member(path, family)) if path is not None else None


def report_ready(lang: str) -> bool:
    """Whether a report in ``lang`` can be made here (paths only, nothing of the PDF library).

    A Latin language always can (the PDF's core font is the last resort); another script
    needs its font.
    """
    family = font_family(lang)
    return family == FALLBACK_FAMILY or font_path(family) is not None


def report_language(lang: str) -> str:
    """``lang`` when its report can be made here, else the default language."""
    return lang if report_ready(lang) else DEFAULT_LANGUAGE


CACHE_ENV = settings.FONT_CACHE_ENV
#: Latin-1, general and CJK punctuation: always in the prepared font
BASE_CHARS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x100)]
    + list("\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u00b7\u2192\u2264\u2265")
    + list("\u3001\u3002\uff0c\uff1a\uff1b\uff01\uff1f\uff08\uff09\u300c\u300d\u300e")
    + list("\u300f\u300a\u300b\u3008\u3009\u3010\u3011\uff05\uff0b\uff0d\uff1d\uff5e")
    + list("0123456789")
)


@lru_cache(maxsize=4)
def repertoire(root: str, locales: str) -> frozenset[str]:
    """Every character the app's own words use (locale and config files), plus the basics."""
    chars = set(BASE_CHARS)
    folders = [Path(locales), *(Path(root) / sub for sub in ("questionnaires", "weights", "data"))]
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            chars.update(path.read_text("utf-8"))
    return frozenset(c for c in chars if ord(c) >= 0x20)


def app_repertoire() -> frozenset[str]:
    """The repertoire of the configs in use."""
    return repertoire(str(config_root()), str(locales_dir()))


def _cache_dir() -> Path:
    """This user's font cache (``settings.font_cache``): never a folder others write to."""
    return settings.font_cache()


def prepared_font(font: FontChoice, chars: frozenset[str]) -> FontChoice:
    """``font`` cut to ``chars`` with TrueType outlines, built once and cached on disk.

    The cache file's name carries the font, its size and date, and the characters, so a new
    font or a changed locale builds a new one. Any failure returns the full font (slower, same
    glyphs).
    """
    source = Path(font.path)
    try:
        stat = source.stat()
    except OSError:
        return font
    digest = hashlib.sha256(
        f"{source.resolve()}|{font.number}|{stat.st_size}|{stat.st_mtime_ns}|".encode()
        + "".join(sorted(chars)).encode("utf-8")
    ).hexdigest()[:24]
    target = _cache_dir() / f"font-{digest}.ttf"
    try:
        if not own_folder(target.parent):
            return font
        if own_file(target) and _sound(target):
            return FontChoice(str(target))
        if target.is_symlink():  # planted: never read, never written through
            return font
        data = _subset_to_truetype(font, chars)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)  # atomic: a concurrent builder never sees half a file
    except Exception:  # any problem (a read-only home, an odd font): the full font still works
        return font
    return FontChoice(str(target))


_SOUND: set[str] = set()


def _sound(path: Path) -> bool:
    """Whether a cached font file parses (checked once per process).

    A truncated or corrupted file is rebuilt instead of breaking every report.
    """
    key = str(path)
    if key in _SOUND:
        return True
    try:
        from fontTools.ttLib import TTFont

        with TTFont(str(path), lazy=False) as parsed:
            parsed["cmap"].getBestCmap()
            parsed["glyf"]  # loads the outlines table
    except Exception:  # any parse error: not usable
        return False
    _SOUND.add(key)
    return True


def _subset_to_truetype(font: FontChoice, chars: frozenset[str]) -> bytes:
    """The font cut to ``chars``, its CFF outlines turned into TrueType (quadratic) ones."""
    import io

    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    ttf = TTFont(font.path, fontNumber=font.number, lazy=False)
    options = subset.Options()
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "VORG", "BASE"]
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(ttf)
    if "CFF " in ttf:
        order = ttf.getGlyphOrder()
        glyphs = ttf.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder = order
        glyf.glyphs = {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            glyf.glyphs[name] = pen.glyph()
        ttf["glyf"] = glyf
        ttf["loca"] = newTable("loca")
        del ttf["CFF "]
        maxp = newTable("maxp")
        maxp.tableVersion = 0x00010000
        for attr in (
            "maxPoints",
            "maxContours",
            "maxCompositePoints",
            "maxCompositeContours",
            "maxTwilightPoints",
            "maxStorage",
            "maxFunctionDefs",
            "maxInstructionDefs",
            "maxStackElements",
            "maxSizeOfInstructions",
            "maxComponentElements",
            "maxComponentDepth",
        ):
            setattr(maxp, attr, 0)
        maxp.maxZones = 1
        maxp.numGlyphs = len(order)
        ttf["maxp"] = maxp
        ttf["head"].glyphDataFormat = 0
        post = ttf["post"]
        post.formatType = 2.0
        post.extraNames = []
        post.mapping = {}
        post.glyphOrder = order
        ttf.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    ttf.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the plan of a report
#: scripts written right to left, with joined letters: set with text shaping (HarfBuzz)
_SHAPED = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


def needs_shaping(text: str) -> bool:
    """Whether ``text`` has Hebrew or Arabic letters (right to left, joined)."""
    return any(lo <= ord(c) <= hi for c in text for lo, hi in _SHAPED)


def shaping_available() -> bool:
    """Whether text shaping can run here (fpdf2 uses HarfBuzz through ``uharfbuzz``)."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=16)
def _covers(path: str, number: int) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=number, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@dataclass(frozen=True)
class FontPlan:
    """The fonts of one report: the main one, the fallbacks in order, and what is missing.

    ``main`` None: the PDF's core font (Latin-1 only). ``missing``: letters of the typed text
    that no font on this machine has (the report says so). ``shaping``: set the text with
    HarfBuzz (Hebrew, Arabic); ``unshaped``: it was needed and is not available here.
    """

    main: FontChoice | None
    fallbacks: list[FontChoice] = field(default_factory=list)
    missing: str = ""
    shaping: bool = False
    unshaped: bool = False


class MissingFont(Exception):
    """No font on this machine has the letters of a language (``family``)."""

    def __init__(self, family: str) -> None:
        self.family = family
        super().__init__(family)


def plan_fonts(lang: str, typed: str = "") -> FontPlan:
    """The fonts of a report in ``lang`` whose typed text (names, titles) is ``typed``.

    The language's family, cut to the app's own characters, is the main font; the other
    families, cut the same way, follow; for typed letters outside those cuts, the full fonts
    that hold them come last. Letters no font has are listed in ``missing``.

    Raises:
        MissingFont: the language needs a family this machine has no font for.
    """
    family = font_family(lang)
    own = find_font(family)
    if own is None and family != FALLBACK_FAMILY:
        raise MissingFont(family)
    chars = app_repertoire()
    others = [f for f in (find_font(k) for k in FONT_FILES if k != family) if f is not None]
    full = [f for f in (own, *others) if f is not None]
    cut = [prepared_font(f, chars) for f in full]
    main = cut[0] if cut else None
    fallbacks = list(cut[1:])
    extra = {c for c in set(typed) - chars if c.isprintable() and not c.isspace()}
    extra = {c for c in extra if unicodedata.category(c)[0] not in "CZ"}
    missing = set(extra)
    for font in full:
        if not missing:
            break
        have = {c for c in missing if ord(c) in _covers(font.path, font.number)}
        if have:
            if font not in fallbacks and font != main:
                fallbacks.append(font)
            missing -= have
    shaping = needs_shaping(typed)
    usable = shaping and shaping_available()
    return FontPlan(main, fallbacks, "".join(sorted(missing)), usable, shaping and not usable)
