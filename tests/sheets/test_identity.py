"""The restricted identity spreadsheet: checked apart from the shared report, masked wherever shown."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets import privacy
from sheets.demo import build_demo
from sheets.demo_identity import build_demo_identity
from sheets.issues import concat_issues, issue_frame
from sheets.messages import with_messages
from sheets.raw import RawTab, RawWorkbook
from sheets.schema import IDENTITAS
from sheets.validate import validate, validate_identity

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def demo():
    raw = build_demo(TODAY)
    return raw, validate(raw, TODAY)


def test_demo_identity_is_synthetic_and_consistent(demo):
    _raw, report = demo
    identity = build_demo_identity(report.table("Korban"))
    checked = validate_identity(identity, report)
    assert checked.counts["Identitas"].rows_used == report.counts["Korban"].rows_used
    assert checked.issues.empty  # NIKs agree with sex and birth date, phones are well formed


def test_identity_checked_apart_gives_the_same_issues_as_checked_together(demo):
    raw, report = demo
    rows = build_demo_identity(report.table("Korban")).tabs["Identitas"].rows
    rows = [list(r) for r in rows]
    rows[1][2] = "12345"  # invalid NIK
    rows[2][2] = rows[3][2]  # the same NIK on two IDs
    rows[4][0] = "KPO-9999"  # unknown survivor
    rows[5][4] = "12345"  # not a mobile number
    duplicate = next(r for r in raw.find("Korban").rows if r and r[0] == "KPO-0431")  # excluded in the demo
    rows.append([duplicate[0], "Contoh Nama", None, None, None])
    identity = RawWorkbook("identity", {"Identitas": RawTab("Identitas", rows)})
    together = validate(raw, TODAY, identity=identity).issues
    together = together[together["tab"] == "Identitas"].reset_index(drop=True)
    apart = validate_identity(identity, report).issues
    columns = ["row", "column", "code", "severity"]
    assert apart[columns].to_dict("records") == together[columns].to_dict("records")
    assert {"invalid-nik", "duplicate-nik", "unknown-reference", "invalid-phone"} <= set(apart["code"])


@pytest.mark.parametrize(
    ("nik", "masked"),
    [
        ("3212045708950001", "************0001"),
        (" 3212 0457 0895 0001 ", "************0001"),
        ("123", "123"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_nik_is_masked_but_for_the_last_four_digits(nik, masked):
    assert privacy.mask_nik(nik) == masked


def test_identity_issues_never_quote_a_name_or_a_whole_nik():
    nik, phone = IDENTITAS.column("nik").header, IDENTITAS.column("phone").header
    issues = concat_issues(
        [
            issue_frame(
                "invalid-nik",
                "Identitas",
                [2],
                nik,
                ["3212045708950001"],
                {"detail_key": "detail.nik-province"},
            ),
            issue_frame("invalid-phone", "Identitas", [3], phone, ["0812 3456 7890 Siti"]),
            issue_frame("future-date", "Identitas", [4], phone, ["46346"], shown=["Siti 20/11/2026"]),
            issue_frame("unknown-category", "Korban", [4], "Kecamatan", ["Cikedong"]),
        ]
    )
    assert "Siti" in with_messages(issues).to_string()  # what the masking has to hide
    masked = privacy.mask_identity_issues(issues)
    text = with_messages(masked).to_string()
    assert "3212045708950001" not in text and "Siti" not in text
    assert masked.loc[0, "value"] == "************0001"
    assert masked.loc[3, "value"] == "Cikedong" and "'Cikedong'" in text  # other tabs untouched


def test_worklist_identity_has_only_name_masked_nik_and_phone(demo):
    _, report = demo
    identity = validate_identity(build_demo_identity(report.table("Korban")), report).table("Identitas")
    people = privacy.identity_for_worklist(identity)
    assert list(people.columns) == ["survivor_id", "full_name", "nik", "phone"]
    assert people["nik"].dropna().str.fullmatch(r"\*{12}\d{4}").all()


def test_identity_issues_keep_a_survivor_id_but_hide_a_name_typed_as_one():
    issues = issue_frame(
        "unknown-reference",
        "Identitas",
        [2, 3],
        IDENTITAS.column("survivor_id").header,
        ["KPO-9999", "Siti Rahayu"],
        {"detail": "Korban"},
    )
    masked = with_messages(privacy.mask_identity_issues(issues))
    assert masked.loc[0, "value"] == "KPO-9999" and "'KPO-9999'" in masked.loc[0, "message_en"]
    assert "'KPO-9999' tidak ada di tab Korban" in masked.loc[0, "message_id"]
    assert "Siti" not in masked.to_string()
