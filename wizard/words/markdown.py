"""Text from users or files made safe for Markdown: shown as typed, never as markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and pandas stand behind these: keep them off the wizard's start-up
    pass


#: "&" too: Markdown decodes named entities (&colon; &period; &commat;) back into characters
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md_escape(text: str) -> str:
    """Escape text from users or files so Markdown shows it literally (no links, no HTML).

    The app's pages and the Markdown files it writes (the workshop minutes) both use it.
    """
    return _MD_SPECIAL.sub(r"\\\1", text)


#: GitHub-flavoured Markdown links bare URLs and e-mail addresses even when escaped; a word
#: joiner (invisible, zero width) after the scheme or before the @ stops it
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www|file)(?=\\?[:.])|(?=@)")


WORD_JOINER = "\u2060"


def md_escape_user(text: str) -> str:
    """Text a user typed (a workshop title, a name, a file name) for a Markdown element.

    Escaped as ``md_escape`` does, and bare URLs and e-mail addresses in it are not turned
    into links: what the user typed is shown as they typed it, nothing more.
    """
    escaped = md_escape(text)
    escaped = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER, escaped)
    return _DIRECTIVE.sub(":" + WORD_JOINER, escaped)


#: Streamlit reads ``:material/home:``, ``:smile:`` and ``:red[...]`` before Markdown, escaped
#: colon or not; a word joiner after a colon that a letter follows keeps them words
_DIRECTIVE = re.compile(r":(?=[A-Za-z_])")
