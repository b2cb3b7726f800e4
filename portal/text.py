"""Vietnamese text rules, in one place.

Every piece of the portal that stores, slugifies or searches text calls these functions:
model `save()`/`clean()`, the admin, the demo loader and (later) the search index.

- Text is stored NFC-normalised, without invisible characters, with odd spaces made plain.
- Slugs are lower-case ASCII: "đ"/"Đ" become "d", every other diacritic is dropped.
- For matching, both tone-mark styles ("hoà"/"hòa", "uỷ"/"ủy") fold to one form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that carry no text: zero-width joiners/non-joiners, word joiner, BOM, soft hyphen.
_DELETE = dict.fromkeys(map(ord, "\u200c\u200d\u2060\ufeff\u00ad"), None)
# Spaces that look like a space but are not U+0020. U+200B (zero-width space) is mapped to a
# space too: deleting it where it separates two words would join them.
_TO_SPACE = {
    **dict.fromkeys(range(0x2000, 0x200B), " "),
    0x00A0: " ",
    0x200B: " ",
    0x202F: " ",
    0x205F: " ",
    0x3000: " ",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Combining tone marks (dấu thanh): huyền, sắc, hỏi, ngã, nặng.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
_TONE_RE = re.compile(f"[{_TONE_MARKS}]")
_WORD_RE = re.compile(r"\w+")
# A search word: letters and digits only (no underscore), so "covid-19" is two words.
_SEARCH_WORD_RE = re.compile(r"[^\W_]+")
# Open syllables whose rhyme is oa, oe or uy (not after q): the two official styles put the tone
# mark on a different vowel there, and only there.
_OA_OE_UY = re.compile(
    r"^(?P<onset>[^aeiouy]*)(?P<v1>[oO])(?P<v2>[aAeE])$|"
    r"^(?P<onset2>[^aeiouy]*)(?P<u1>[uU])(?P<y2>[yY])$",
    re.IGNORECASE,
)


def clean_text(value: str | None) -> str:
    """NFC-normalise, drop invisible and control characters, make every space a plain one.

    Keeps line breaks (for multi-line fields such as a sapo); does not trim.
    """
    if not value:
        return ""
    value = unicodedata.normalize("NFC", str(value))
    value = value.translate(_DELETE).translate(_TO_SPACE)
    value = _CONTROL.sub("", value)
    return value.replace("\r\n", "\n").replace("\r", "\n")


def clean_line(value: str | None) -> str:
    """A one-line value (title, name, caption): `clean_text`, then single spaces, trimmed."""
    return " ".join(clean_text(value).split())


def strip_diacritics(value: str) -> str:
    """Remove every Vietnamese diacritic, "đ" included: "Đà Nẵng" -> "Da Nang"."""
    value = clean_text(value).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def slugify_vi(value: str | None, max_length: int = 200) -> str:
    """A URL slug from Vietnamese text: "Sa Đéc: Đổi mới công tác" -> "sa-dec-doi-moi-cong-tac".

    Returns "" when nothing usable is left (a title of punctuation or emoji); callers fall back
    to a generated slug. Cuts at a hyphen so that no word is split when `max_length` is reached.
    """
    ascii_text = strip_diacritics(value or "").encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-")


def _move_tone_to_first_vowel(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = _TONE_RE.findall(decomposed)
    if len(tones) != 1:
        return word
    base = _TONE_RE.sub("", decomposed)
    match = _OA_OE_UY.match(base)
    if not match:
        return word
    onset = match.group("onset") if match.group("onset") is not None else match.group("onset2")
    if onset.lower().endswith("q"):
        return word
    first_vowel_at = len(onset) + 1
    moved = base[:first_vowel_at] + tones[0] + base[first_vowel_at:]
    return unicodedata.normalize("NFC", moved)


def normalize_tone_marks(value: str) -> str:
    """Fold the old tone-mark placement onto the new one, word by word: "hoà" -> "hòa",
    "Thành uỷ" -> "Thành ủy", "khoẻ" -> "khỏe". Words that are the same in both styles
    ("hoàng", "quý", "thuyền") are left as they are. For matching only: store what was typed."""
    return _WORD_RE.sub(lambda m: _move_tone_to_first_vowel(m.group(0)), clean_text(value))


def search_fold(value: str | None, *, keep_diacritics: bool = False) -> str:
    """The one normalisation for search, used to index and to query alike.

    Lower-case, single-spaced, tone marks in one placement; with `keep_diacritics=False` every
    diacritic is dropped too, so "Thành uỷ", "thanh uy" and "THÀNH ỦY" give the same string.
    """
    folded = normalize_tone_marks(clean_line(value)).lower()
    if not keep_diacritics:
        folded = strip_diacritics(folded).lower()
    return folded


@lru_cache(maxsize=65536)
def _search_word(word: str) -> tuple[str, str]:
    # Fold one word again on its own: "hoà_bình" is one \w+ word to `normalize_tone_marks`
    # but two search words. Vietnamese has a few thousand syllables, so the cache makes
    # indexing long texts cheap.
    exact = "".join(_SEARCH_WORD_RE.findall(search_fold(word, keep_diacritics=True)))
    return exact, "".join(_SEARCH_WORD_RE.findall(search_fold(exact)))


def search_words(value: str | None) -> list[tuple[str, str]]:
    """The words search looks at, each as `(exact, folded)`, both made by `search_fold`.

    `exact` keeps the diacritics (lower-case, tone marks in one placement), `folded` drops
    them: "Thành uỷ Sa Đéc" -> [("thành", "thanh"), ("ủy", "uy"), ("sa", "sa"), ("đéc", "dec")].
    The search index is built from these pairs and every query is split by the same function,
    so a document and a query can never disagree on what a word is.
    """
    pairs = []
    for word in _SEARCH_WORD_RE.findall(search_fold(value, keep_diacritics=True)):
        exact, folded = _search_word(word)
        if exact and folded:
            pairs.append((exact, folded))
    return pairs


def person_name(user) -> str:
    """A staff member's name in Vietnamese order (family name first): "Lê Thị Mai".

    Django's get_full_name() puts the given name first ("Mai Lê Thị"). Falls back to the
    username, and to "" for a deleted account.
    """
    if user is None:
        return ""
    full = " ".join(part for part in (user.last_name, user.first_name) if part)
    return clean_line(full) or user.get_username()
