"""Fonts for the one-page report: found on the machine, and a small prepared CJK font.

A full CJK font has 65,000 glyphs in CFF outlines; subsetting and compiling it for each PDF
costs most of a second. The app's own words (locale files and every config file) use about
1,200 characters, so the first report of a process builds, once, a TrueType-outline font with
just those (plus Latin-1 and punctuation) and keeps it in a cache folder. Each report then
embeds a subset of that small font; the full font is added as a fallback only when user text
(a name, a workshop title) holds a character outside it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wizard.i18n import config_root, locales_dir

FONT_ENV = "WIZARD_CJK_FONT"
#: where Traditional Chinese fonts live: Debian/Ubuntu (fonts-noto-cjk, arphic), macOS, Windows
CJK_FONTS = (
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
)
LATIN_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
#: names that mark the Traditional Chinese member of a font collection
TC_MARKS = ("TC", "Traditional", "JhengHei", "MingLiU", "PingFang TC", "Ming")


@dataclass(frozen=True)
class FontChoice:
    """A font file and, for a collection, which member to use."""

    path: str
    number: int = 0


@lru_cache(maxsize=8)
def _collection_member(path: str) -> int:
    """The Traditional Chinese member of a font collection (0 for a single font)."""
    if not path.lower().endswith(".ttc"):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    try:
        for number, font in enumerate(collection.fonts):
            name = str(font["name"].getDebugName(4) or font["name"].getDebugName(1) or "")
            if any(mark in name for mark in TC_MARKS):
                return number
    finally:
        collection.close()
    return 0


def cjk_font_path() -> str | None:
    """A font file with Traditional Chinese glyphs on this machine (``WIZARD_CJK_FONT`` first).

    Only looks at paths: the page can ask before anything of the PDF library is imported.
    """
    for candidate in (os.environ.get(FONT_ENV, ""), *CJK_FONTS):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def cjk_font() -> FontChoice | None:
    """The CJK font and, in a collection, its Traditional Chinese member."""
    path = cjk_font_path()
    return FontChoice(path, _collection_member(path)) if path is not None else None


def latin_font() -> FontChoice | None:
    """A Unicode Latin font (DejaVu, Liberation, Arial), else None (the PDF core font)."""
    for candidate in LATIN_FONTS:
        if Path(candidate).is_file():
            return FontChoice(candidate)
    return None


CACHE_ENV = "WIZARD_FONT_CACHE"
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
    """This user's font cache: ``$WIZARD_FONT_CACHE``, else ``$XDG_CACHE_HOME`` or ~/.cache.

    Never a folder others can write to: a font planted there would be read by every report.
    """
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "genai-wizard-fonts"


def _own_folder(folder: Path) -> bool:
    """Whether ``folder`` exists, is ours and only we may write in it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    getuid = getattr(os, "getuid", None)
    return getuid is None or (info.st_uid == getuid() and not info.st_mode & 0o022)


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
        if not _own_folder(target.parent):
            return font
        if target.is_file():
            return FontChoice(str(target))
        data = _subset_to_truetype(font, chars)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)  # atomic: a concurrent builder never sees half a file
    except Exception:  # any problem (a read-only home, an odd font): the full font still works
        return font
    return FontChoice(str(target))


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
