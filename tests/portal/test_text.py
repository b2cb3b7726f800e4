import json
import unicodedata
from pathlib import Path

import pytest

from portal.text import clean_line, normalize_tone_marks, search_fold, search_words, slugify_vi

# The project's Vietnamese text vectors (slugs, tone-mark pairs), kept as provided.
_VECTORS_FILE = Path(__file__).resolve().parents[1] / "data/vietnamese-text.json"
VECTORS = json.loads(_VECTORS_FILE.read_text("utf-8"))

SLUG_CASES = [
    ("Sa Đéc: Đổi mới công tác triển khai", "sa-dec-doi-moi-cong-tac-trien-khai"),
    ("Đảng bộ thành phố Đà Nẵng", "dang-bo-thanh-pho-da-nang"),
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "hoc-tap-va-lam-theo-tu-tuong-dao-duc-phong-cach-ho-chi-minh",
    ),
    ("Thành uỷ", "thanh-uy"),
    ("Thành ủy", "thanh-uy"),
    ("ĐẠI HỘI ĐẢNG BỘ", "dai-hoi-dang-bo"),
    ("  Nghị quyết   số 57-NQ/TW  ", "nghi-quyet-so-57-nq-tw"),
    ("Kỷ niệm 80 năm Cách mạng Tháng Tám (19/8)", "ky-niem-80-nam-cach-mang-thang-tam-19-8"),
    ("Người dân \u200bhiến đất", "nguoi-dan-hien-dat"),
]


@pytest.mark.parametrize(("title", "slug"), SLUG_CASES)
def test_slugify_vi(title, slug):
    assert slugify_vi(title) == slug


def test_slugify_vi_keeps_d_where_django_drops_it():
    from django.utils.text import slugify

    assert slugify("Đà Nẵng") == "a-nang"  # the reason for our own function
    assert slugify_vi("Đà Nẵng") == "da-nang"


def test_slugify_vi_nfd_input_gives_the_same_slug():
    nfc = "Thành ủy Hà Nội"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert slugify_vi(nfd) == slugify_vi(nfc) == "thanh-uy-ha-noi"


@pytest.mark.parametrize("title", ["!!!", "🎉🎉", "“”…", "   ", ""])
def test_slugify_vi_returns_empty_for_nothing_usable(title):
    assert slugify_vi(title) == ""


def test_slugify_vi_cuts_at_a_word_boundary():
    slug = slugify_vi("Đổi mới công tác tuyên truyền " * 20, max_length=50)
    assert len(slug) <= 50
    assert not slug.endswith("-")
    assert set(slug.split("-")) <= {"doi", "moi", "cong", "tac", "tuyen", "truyen"}


def test_clean_line_nfc_invisible_and_spaces():
    raw = "Tha\u0300nh u\u0309y\u00a0Sa\u200b Đéc\u00ad\ufeff  "
    cleaned = clean_line(raw)
    assert cleaned == "Thành ủy Sa Đéc"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_zero_width_space_between_words_does_not_join_them():
    assert clean_line("Thành\u200bủy") == "Thành ủy"


TONE_PAIRS = [
    ("hoà", "hòa"),
    ("Hoà Bình", "Hòa Bình"),
    ("khoá", "khóa"),
    ("khoẻ", "khỏe"),
    ("thuỷ", "thủy"),
    ("Thành uỷ", "Thành ủy"),
    ("THÀNH UỶ", "THÀNH ỦY"),
    ("tuỳ", "tùy"),
    ("xoè", "xòe"),
    ("hoá học", "hóa học"),
    ("Uỷ viên", "Ủy viên"),
]


@pytest.mark.parametrize(("old", "new"), TONE_PAIRS)
def test_tone_mark_styles_fold_together(old, new):
    assert normalize_tone_marks(old) == new
    assert search_fold(old) == search_fold(new)
    assert search_fold(old, keep_diacritics=True) == search_fold(new, keep_diacritics=True)


@pytest.mark.parametrize(
    "word", ["hoàng", "toán", "huỳnh", "khuỷu", "suýt", "thuyền", "huệ", "quý", "quỳnh", "quà"]
)
def test_words_that_are_the_same_in_both_styles_are_untouched(word):
    assert normalize_tone_marks(word) == word


def test_search_fold_ignores_case_diacritics_and_form():
    forms = ["Thành uỷ Sa Đéc", "thanh uy sa dec", unicodedata.normalize("NFD", "THÀNH ỦY SA ĐÉC")]
    assert {search_fold(form) for form in forms} == {"thanh uy sa dec"}


def test_vietnamese_text_vectors():
    for case in VECTORS["slugs"]["cases"]:
        assert slugify_vi(case["title"]) == case["slug"]
    for old, new in VECTORS["tone_mark_placement"]["pairs_second_vowel_vs_first_vowel"]:
        assert normalize_tone_marks(old) == new
    for word in VECTORS["tone_mark_placement"]["never_changed"]:
        assert normalize_tone_marks(word) == word


# --- search_words: what the search index stores and a query looks for --------------------------
def test_search_words_pairs_exact_and_folded_forms():
    assert search_words("Thành uỷ Sa Đéc") == [
        ("thành", "thanh"),
        ("ủy", "uy"),
        ("sa", "sa"),
        ("đéc", "dec"),
    ]


@pytest.mark.parametrize(("old", "new"), TONE_PAIRS)
def test_search_words_agree_on_both_tone_mark_styles(old, new):
    assert search_words(old) == search_words(new)


def test_search_words_are_the_same_for_nfd_and_invisible_characters():
    text = "Thành ủy Hà Nội"
    assert search_words(unicodedata.normalize("NFD", text)) == search_words(text)
    assert search_words("Thành\u200b ủy\u00a0Hà\u200d Nội\ufeff") == search_words(text)


def test_search_words_split_on_everything_but_letters_and_digits():
    assert [f for _, f in search_words("covid-19 & 'Nghị quyết' (khoá_XII) a:*")] == [
        "covid",
        "19",
        "nghi",
        "quyet",
        "khoa",
        "xii",
        "a",
    ]
    assert search_words("& | ! : * ( ) ' \" \\") == []


def test_person_name_puts_the_family_name_first():
    from types import SimpleNamespace

    from portal.text import person_name

    user = SimpleNamespace(first_name="Mai", last_name="Lê Thị", get_username=lambda: "mai")
    assert person_name(user) == "Lê Thị Mai"
    nameless = SimpleNamespace(first_name="", last_name="", get_username=lambda: "bientap")
    assert person_name(nameless) == "bientap"
    assert person_name(None) == ""
