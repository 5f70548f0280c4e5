"""The message catalogs: complete in every language, same fields, and every id the code uses is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from sheets import messages
from sheets.issues import RULES, concat_issues, issue_frame

ROOT = Path(__file__).resolve().parents[2]
PO_FILES = sorted(messages.LOCALE_DIR.glob("*/LC_MESSAGES/pulih.po"))
# A msgid the code names as a literal: a rule, a detail fragment, a Sheets error, a banner, a role.
_LITERAL = re.compile(r"""["']((?:rule|detail|sheets|live|share-role)\.[a-z0-9][a-z0-9.-]*[a-z0-9])["']""")
_ERROR_CODE = re.compile(r"""SheetsError(?:\.of)?\(\s*["']([a-z-]+)["']""")


def used_ids() -> set[str]:
    """Every msgid the code can ask for: the rules table, and the literals and error codes in the source."""
    found = {key for rule in RULES.values() for key in (rule.message_key, rule.fix_key)} | {"rule.blanked"}
    for path in [*ROOT.glob("sheets/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("app_pages/*.py")]:
        source = path.read_text(encoding="utf-8")
        found |= set(_LITERAL.findall(source))
        found |= {f"sheets.{code}" for code in _ERROR_CODE.findall(source)}
    return found


def test_there_is_a_catalog_per_language_and_babel_reads_each():
    assert {po.parent.parent.name for po in PO_FILES} >= {"id", "en"}
    assert messages.langs()[0] == "id"
    for po in PO_FILES:
        with po.open("rb") as handle:
            catalog = read_po(handle)
        assert catalog.locale is not None and len(catalog) > 100, po
        assert not [m.id for m in catalog if m.fuzzy and m.id], po


def test_every_language_has_every_id_filled_in():
    tables = messages.catalogs()
    ids = set(tables[messages.DEFAULT_LANG])
    for lang, table in tables.items():
        assert set(table) == ids, (lang, sorted(set(table) ^ ids))
        empty = [msgid for msgid, text in table.items() if not text.strip() or text == msgid]
        assert not empty, (lang, empty)


def test_every_language_has_the_same_fields_in_each_message():
    tables = messages.catalogs()
    for msgid, text in tables[messages.DEFAULT_LANG].items():
        for lang, table in tables.items():
            assert messages.fields(table[msgid]) == messages.fields(text), (msgid, lang)


def test_every_id_the_code_uses_is_in_the_catalogs():
    used = used_ids()
    assert {"rule.invalid-date", "detail.did-you-mean", "sheets.not-shared", "live.no-data"} <= used
    missing = sorted(msgid for msgid in used if not messages.has(msgid))
    assert not missing


def test_a_fragment_is_rendered_in_the_language_of_its_sentence():
    issues = concat_issues(
        [
            issue_frame(
                "unknown-category",
                "Korban",
                [4],
                "Kecamatan",
                ["Cikedong"],
                {"detail_key": "detail.did-you-mean", "suggestion": "Cikedung"},
            ),
            issue_frame("nik-mismatch", "Identitas", [2], "NIK", ["3212"], {"detail_key": "detail.sex"}),
            issue_frame("invalid-date", "Korban", [5], "Tanggal Lahir", ["kemarin"], blanked=True),
        ]
    )
    english = messages.render_issues(issues, "en")["message"].tolist()
    indonesian = messages.render_issues(issues, "id")["message"].tolist()
    assert english == [
        "'Cikedong' is not a known value for 'Kecamatan' (did you mean: 'Cikedung'?).",
        "NIK does not match the sex in tab Korban.",
        "'kemarin' is not a valid date. The cell is ignored; the row still counts.",
    ]
    assert (
        indonesian[0] == "'Cikedong' bukan nilai yang dikenal untuk 'Kecamatan' (maksud Anda: 'Cikedung'?)."
    )
    assert indonesian[1] == "NIK tidak sesuai jenis kelamin di tab Korban."
    assert indonesian[2].endswith("Sel ini diabaikan; baris tetap dihitung.")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_rule_renders_in_every_language_with_a_fix(lang):
    for rule in RULES.values():
        message = rule.message(lang, value="x", column="Kolom", detail="d")
        assert message and "{" not in message, rule.code
        assert rule.fix(lang), rule.code
