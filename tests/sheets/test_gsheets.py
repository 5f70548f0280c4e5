"""The live Google Sheets path: real gspread against the fake Sheets API, nothing leaves the machine."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import subprocess
import sys
from pathlib import Path

import gspread
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sheets import gsheets, messages
from sheets.gsheets import (
    SheetsConfig,
    SheetsError,
    Transport,
    read_identity,
    read_spreadsheet,
    spreadsheet_id,
)
from tests.fakes import sheets_api as fake

SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abc"
IDENTITY = "identity-sheet"
EMAIL = "pulih-reader@pulih-demo.iam.gserviceaccount.com"
KORBAN_ROWS = [
    ["ID Korban", "Tanggal Identifikasi", "Jenis Kelamin", "Kecamatan"],
    ["KPO-0001", 43199, "Perempuan"],  # ragged: Kecamatan left blank at the end
    [],  # an interior blank row
    ["KPO-0002", 43200.5, "", "Cikedung"],  # a blank cell between filled ones, a serial with a time
]


@pytest.fixture(autouse=True)
def _fresh_metadata_cache():
    gsheets.forget_metadata()
    yield
    gsheets.forget_metadata()


@pytest.fixture
def api() -> fake.FakeSheetsApi:
    api = fake.FakeSheetsApi()
    api.add_spreadsheet(
        SHEET, {"Korban": KORBAN_ROWS, "Kegiatan": [["ID Kegiatan"], ["KEG-1"]], "Petunjuk": [["Baca saya"]]}
    )
    api.add_spreadsheet(
        IDENTITY,
        {"Identitas": [["ID Korban", "Nama Lengkap"], ["KPO-0001", "Siti"]]},
        title="Identitas Korban",
    )
    return api


@pytest.fixture
def clock() -> fake.FakeClock:
    return fake.FakeClock()


@pytest.fixture
def transport(api: fake.FakeSheetsApi, clock: fake.FakeClock) -> Transport:
    return Transport(session=fake.session(api), sleep=clock.sleep, clock=clock, jitter=lambda: 0.5)


def config(**options) -> SheetsConfig:
    options.setdefault("service_account_info", {"client_email": EMAIL})
    return SheetsConfig(SHEET, **options)


# --------------------------------------------------------------------------- reading


def test_a_read_costs_one_metadata_and_one_values_request(api, transport):
    raw = read_spreadsheet(config(), transport=transport)
    assert (api.count("metadata"), api.count("values"), api.count()) == (1, 1, 2)
    batch = next(c for c in api.calls if c.kind == "values")
    assert batch.params["ranges"] == ["'Korban'", "'Kegiatan'"]
    assert batch.params["valueRenderOption"] == ["UNFORMATTED_VALUE"]
    assert batch.params["dateTimeRenderOption"] == ["SERIAL_NUMBER"]
    assert set(raw.tabs) == {"Korban", "Kegiatan"}
    assert raw.other_tabs == ("Petunjuk",)
    assert raw.source == "Google Sheets: Data Rehabilitasi"
    assert raw.url == f"https://docs.google.com/spreadsheets/d/{SHEET}/edit"


def test_every_request_has_a_timeout(api, transport):
    read_spreadsheet(config(timeout_s=7), transport=transport)
    assert [c.timeout for c in api.calls] == [7, 7]


def test_ragged_rows_are_padded_blanks_are_blank_and_date_serials_stay_numbers(transport):
    raw = read_spreadsheet(config(), transport=transport)
    korban = raw.tabs["Korban"]
    # Padding is None; Google's "" for a blank between filled cells stays as sent
    # (sheets.gwire.from_batch_get), and parsing reads it exactly like None.
    assert korban.rows == [
        ["ID Korban", "Tanggal Identifikasi", "Jenis Kelamin", "Kecamatan"],
        ["KPO-0001", 43199, "Perempuan", None],
        [None, None, None, None],
        ["KPO-0002", 43200.5, "", "Cikedung"],
    ]
    from sheets.validate import validate

    issues = validate(raw, dt.date(2026, 11, 28)).issues
    blank = issues[(issues["tab"] == "Korban") & (issues["code"] == "missing-value")]
    assert sorted(zip(blank["row"], blank["column"])) == [(2, "Kecamatan"), (4, "Jenis Kelamin")]


def test_dates_stored_as_dates_arrive_as_serial_numbers(api, transport):
    api.spreadsheets[SHEET].tab("Korban").rows[1][1] = dt.date(2018, 4, 9)
    korban = read_spreadsheet(config(), transport=transport).tabs["Korban"]
    assert korban.rows[1][1] == 43199


def test_tabs_are_matched_ignoring_case_and_spacing(api, transport):
    api.add_spreadsheet(SHEET, {"  KORBAN ": KORBAN_ROWS, "kegiatan": [["ID Kegiatan"]], "PESERTA": []})
    raw = read_spreadsheet(config(), transport=transport)
    assert set(raw.tabs) == {"  KORBAN ", "kegiatan", "PESERTA"}
    assert raw.find("Korban").rows[1][0] == "KPO-0001"
    assert raw.find("Peserta").rows == []


def test_absent_tabs_are_left_out_for_validation_to_report(transport):
    raw = read_spreadsheet(config(), transport=transport)
    assert raw.find("Peserta") is None and raw.find("Target") is None


def test_cell_links_open_the_cell(api, transport):
    api.add_spreadsheet(SHEET, {"Korban": KORBAN_ROWS}, sheet_ids=[1234567])
    raw = read_spreadsheet(config(), transport=transport)
    korban = raw.tabs["Korban"]
    assert korban.sheet_id == 1234567
    assert raw.cell_link(korban, 7, 1) == (
        f"https://docs.google.com/spreadsheets/d/{SHEET}/edit#gid=1234567&range=B7"
    )


def test_metadata_is_cached_within_its_ttl(api, transport, clock):
    for _ in range(3):
        read_spreadsheet(config(), transport=transport)
    assert (api.count("metadata"), api.count("values")) == (1, 3)
    clock.now += gsheets.METADATA_TTL_S + 1
    read_spreadsheet(config(), transport=transport)
    assert api.count("metadata") == 2
    read_spreadsheet(config(), transport=transport, refresh_metadata=True)
    assert (api.count("metadata"), api.count("values")) == (3, 5)


def test_a_renamed_tab_is_left_out(api, transport):
    api.rename_tab(SHEET, "Korban", "Korban lama")
    raw = read_spreadsheet(config(), transport=transport)
    assert raw.find("Korban") is None
    assert "Korban lama" in raw.other_tabs


def test_a_tab_renamed_after_the_metadata_was_cached_costs_one_more_look(api, transport):
    read_spreadsheet(config(), transport=transport)
    api.rename_tab(SHEET, "Kegiatan", "Kegiatan 2018")
    raw = read_spreadsheet(config(), transport=transport)
    assert set(raw.tabs) == {"Korban"}
    assert "Kegiatan 2018" in raw.other_tabs
    assert api.count("metadata") == 2


def test_identity_is_read_from_its_own_spreadsheet(api, transport):
    raw = read_identity(config(identity_spreadsheet=IDENTITY), transport=transport)
    assert raw.tabs["Identitas"].rows == [["ID Korban", "Nama Lengkap"], ["KPO-0001", "Siti"]]
    assert raw.url.endswith(f"/d/{IDENTITY}/edit")
    assert all(IDENTITY in c.path for c in api.calls)


def test_identity_without_configuration_says_so(transport):
    with pytest.raises(SheetsError) as caught:
        read_identity(config(), transport=transport)
    assert caught.value.code == "identity-not-configured"


# --------------------------------------------------------------------------- retries


def test_a_permanent_429_gives_up_after_max_attempts(api, transport, clock):
    api.fail(fake.quota(), times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(max_attempts=4), transport=transport)
    assert caught.value.code == "quota-exceeded"
    assert "minute" in caught.value.message_en and "menit" in caught.value.message_id
    assert api.count("metadata") == 4
    # Equal jitter at 0.5: 3/4 of 1, 2, 4 seconds.
    assert clock.sleeps == [0.75, 1.5, 3.0]


def test_retry_after_is_honoured(api, transport, clock):
    api.fail(fake.quota(retry_after=7), times=2, kind="values")
    raw = read_spreadsheet(config(), transport=transport)
    assert clock.sleeps == [7.0, 7.0]
    assert api.count("values") == 3 and "Korban" in raw.tabs


def test_a_retry_after_date_is_honoured(api, transport, clock):
    when = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=6), usegmt=True)
    api.fail(fake.quota(retry_after=when), kind="values")
    read_spreadsheet(config(), transport=transport)
    assert len(clock.sleeps) == 1 and 3 < clock.sleeps[0] <= 6


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(api, transport, clock):
    api.fail(fake.quota(retry_after=120), times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(deadline_s=30), transport=transport)
    assert caught.value.code == "quota-exceeded"
    assert clock.sleeps == [] and api.count() == 1


def test_retries_stop_at_the_deadline(api, transport, clock):
    api.fail(fake.server_error(503), times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(max_attempts=50, deadline_s=5), transport=transport)
    assert caught.value.code == "server-error" and "503" in caught.value.message_en
    assert sum(clock.sleeps) <= 5
    assert api.count() == len(clock.sleeps) + 1 < 50


def test_the_tab_list_and_the_values_share_one_deadline(api, transport, clock):
    api.fail(fake.server_error(503), times=3, kind="metadata")  # the tab list costs 5.25 s of waiting
    api.fail(fake.server_error(503), times=None, kind="values")
    with pytest.raises(SheetsError):
        read_spreadsheet(config(deadline_s=10), transport=transport)
    assert sum(clock.sleeps) <= 10  # not 10 s for the tab list and 10 more for the values


def test_a_500_then_success_works(api, transport, clock):
    api.fail(fake.server_error(500), times=1, kind="values")
    raw = read_spreadsheet(config(), transport=transport)
    assert raw.tabs["Korban"].rows[1][0] == "KPO-0001"
    assert api.count("values") == 2 and len(clock.sleeps) == 1


def test_n_failures_then_success(api, transport, clock):
    api.fail(fake.timeout(), times=3)
    raw = read_spreadsheet(config(max_attempts=4), transport=transport)
    assert "Korban" in raw.tabs and len(clock.sleeps) == 3


def test_a_plain_text_429_is_retried_and_still_reads_as_quota(api, transport):
    api.fail(fake.plain_text_quota(), times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(max_attempts=2), transport=transport)
    assert caught.value.code == "quota-exceeded" and api.count() == 2


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (fake.timeout(), "timeout"),
        (fake.disconnect(), "network"),
    ],
)
def test_connection_trouble_is_retried_then_named(api, transport, fault, code):
    api.fail(fault, times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(max_attempts=3), transport=transport)
    assert caught.value.code == code and api.count() == 3


# --------------------------------------------------------------------------- errors say what to do


def test_malformed_json_is_a_bad_response_and_not_retried(api, transport):
    api.fail(fake.malformed(), kind="values")
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(), transport=transport)
    assert caught.value.code == "bad-response" and api.count("values") == 1


@pytest.mark.parametrize(
    "body",
    [
        b'{"valueRanges": [{"range": "Korban!A1:B2", "values": 5}, {"range": "Kegiatan!A1"}]}',  # not rows
        b'{"valueRanges": [{"range": "Korban!A1:B2", "values": [["ID Korban"]]}]}',  # a range missing
        b'{"spreadsheetId": "x"}',  # no valueRanges at all
    ],
)
def test_a_values_answer_of_the_wrong_shape_is_a_bad_response(api, transport, body):
    api.fail(fake.Fault(200, body, {"Content-Type": "application/json"}), kind="values")
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(), transport=transport)
    assert caught.value.code == "bad-response" and api.count("values") == 1


def test_not_shared_names_the_service_account(api, transport):
    api.fail(fake.not_shared(), times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(), transport=transport)
    error = caught.value
    assert error.code == "not-shared"
    assert EMAIL in error.message_id and EMAIL in error.message_en
    assert "Viewer" in error.message_en
    assert api.count() == 1  # a refusal is not retried


def test_api_disabled_says_to_enable_it(api, transport):
    api.fail(fake.api_disabled(), times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(), transport=transport)
    assert caught.value.code == "api-disabled"
    assert "Google Sheets API" in caught.value.message_en and "Cloud console" in caught.value.message_en


def test_a_missing_spreadsheet_is_not_found(transport):
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(SheetsConfig("no-such-sheet"), transport=transport)
    assert caught.value.code == "not-found" and "no-such-sheet" in caught.value.message_en


def test_a_401_means_a_new_key(api, transport):
    api.fail(fake.unauthenticated(), times=None)
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(config(), transport=transport)
    assert caught.value.code == "invalid-key" and "new JSON key" in caught.value.message_en


def test_every_error_has_both_languages():
    codes = [msgid.removeprefix("sheets.") for msgid in messages.ids() if msgid.startswith("sheets.")]
    assert {"not-shared", "timeout", "tab-gone"} <= set(codes)
    for code in codes:
        error = SheetsError.of(
            code,
            ref="x",
            email="e",
            role_key="share-role.viewer",
            id="i",
            tab="t",
            status=500,
            reason="r",
            mb="64",
            tabs="'Korban'",
        )
        assert error.message("id") == error.message_id and error.message("en") == error.message_en
        assert error.message_id != error.message_en and re.fullmatch(r"[a-z]+(-[a-z]+)*", error.code)


# --------------------------------------------------------------------------- credentials and transport


@pytest.fixture(scope="module")
def key_info() -> dict[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return {
        "type": "service_account",
        "project_id": "pulih-demo",
        "private_key_id": "k1",
        "private_key": pem,
        "client_email": EMAIL,
        "client_id": "1",
        "token_uri": "https://oauth2.googleapis.com/token",
    }


@pytest.mark.parametrize(
    ("write_back", "scope"),
    [
        (False, gsheets.SCOPE_READONLY),
        (True, gsheets.SCOPE_READWRITE),
    ],
)
def test_the_service_account_signs_requests_with_the_least_scope(api, clock, key_info, write_back, scope):
    api.require_token = True
    cfg = config(service_account_info=key_info, write_back=write_back)
    session = gsheets.build_session(cfg, fake.adapters(api))
    raw = read_spreadsheet(cfg, transport=Transport(session=session, sleep=clock.sleep, clock=clock))
    assert "Korban" in raw.tabs
    assert api.token_scopes == [scope]
    assert all(c.authorization == "Bearer fake-token-1" for c in api.calls if c.kind != "token")


def test_a_revoked_key_says_to_create_a_new_one(api, clock, key_info):
    api.token_error = "invalid_grant"
    cfg = config(service_account_info=key_info)
    session = gsheets.build_session(cfg, fake.adapters(api))
    with pytest.raises(SheetsError) as caught:
        read_spreadsheet(cfg, transport=Transport(session=session, sleep=clock.sleep, clock=clock))
    assert caught.value.code == "invalid-key" and clock.sleeps == []


def test_a_malformed_key_says_to_create_a_new_one():
    with pytest.raises(SheetsError) as caught:
        gsheets.build_session(config(service_account_info={"client_email": EMAIL, "private_key": "nonsense"}))
    assert caught.value.code == "invalid-key"


def test_no_key_and_no_custom_api_is_not_configured():
    with pytest.raises(SheetsError) as caught:
        gsheets.build_session(SheetsConfig(SHEET))
    assert caught.value.code == "not-configured"


def test_api_url_redirects_gspread_to_the_fake_over_http(api):
    base_url, shutdown = fake.serve(api)
    try:
        cfg = SheetsConfig(SHEET, api_url=base_url)
        raw = read_spreadsheet(cfg)
    finally:
        shutdown()
    assert raw.tabs["Korban"].rows[1][0] == "KPO-0001"
    assert (api.count("metadata"), api.count("values")) == (1, 1)
    assert all(c.authorization is None for c in api.calls)


@pytest.mark.parametrize(
    "url", ["https://example.com/", "http://example.com/", "https://www.googleapis.com/drive/v3/files"]
)
def test_the_refusing_adapter_blocks_everything_but_the_fake(api, url):
    for session in (
        fake.session(api),
        gsheets.build_session(SheetsConfig(SHEET, api_url="http://x"), fake.adapters(api)),
    ):
        with pytest.raises(requests.ConnectionError, match="must not reach the network"):
            session.get(url, timeout=1)


def test_the_fake_honours_a1_ranges_and_render_options(api):
    http = gspread.Client(auth=None, session=fake.session(api)).http_client
    answer = http.values_batch_get(
        SHEET, ["Korban!B1:C", "'Kegiatan'", "Korban!A4"], {"valueRenderOption": "FORMATTED_VALUE"}
    )
    first, second, third = answer["valueRanges"]
    assert first["range"] == "Korban!B1:C1000"
    assert first["values"] == [
        ["Tanggal Identifikasi", "Jenis Kelamin"],
        ["43199", "Perempuan"],
        [],
        ["43200.5"],
    ]
    assert second["values"] == [["ID Kegiatan"], ["KEG-1"]]
    assert third["values"] == [["KPO-0002"]]


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (f"https://docs.google.com/spreadsheets/d/{SHEET}/edit#gid=0", SHEET),
        (f"https://docs.google.com/spreadsheets/d/{SHEET}", SHEET),
        (f"https://docs.google.com/spreadsheets/u/1/d/{SHEET}/edit?usp=sharing", SHEET),
        (f"  {SHEET}  ", SHEET),
    ],
)
def test_spreadsheet_id_reads_urls_and_ids(ref, expected):
    assert spreadsheet_id(ref) == expected


@pytest.mark.parametrize("ref", ["https://example.com/sheet", "Data Rehabilitasi 2024", ""])
def test_a_bad_reference_says_where_to_copy_the_url_from(ref):
    with pytest.raises(SheetsError) as caught:
        spreadsheet_id(ref)
    assert caught.value.code == "bad-reference" and "address bar" in caught.value.message_en


def test_config_from_secrets(key_info):
    cfg = SheetsConfig.from_mapping(
        {
            "sheets": {
                "spreadsheet": f"https://docs.google.com/spreadsheets/d/{SHEET}/edit",
                "identity_spreadsheet": IDENTITY,
                "write_back": "true",
                "snapshot_dir": "~/snap",
                "ttl_s": 60,
                "max_attempts": 2,
            },
            "gcp_service_account": key_info,
        }
    )
    assert (cfg.spreadsheet_id, cfg.identity_spreadsheet, cfg.write_back) == (SHEET, IDENTITY, True)
    assert (cfg.max_attempts, cfg.snapshot_dir) == (2, Path("~/snap").expanduser())
    assert not hasattr(cfg, "ttl_s")  # the cache lifetime is the UI's setting (sheets.settings: cache.ttl_s)
    assert cfg.service_account_email == EMAIL
    assert "PRIVATE KEY" not in repr(cfg)


def test_config_without_a_spreadsheet_is_not_configured():
    with pytest.raises(SheetsError) as caught:
        SheetsConfig.from_mapping({"gcp_service_account": {}})
    assert caught.value.code == "not-configured"


def test_config_from_environment(tmp_path, key_info):
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(key_info))
    env = {
        "PULIH_SHEETS_SPREADSHEET": SHEET,
        "PULIH_SHEETS_IDENTITY": IDENTITY,
        "PULIH_SHEETS_API_URL": "http://127.0.0.1:9",
        "PULIH_SERVICE_ACCOUNT_FILE": str(key_file),
        "PULIH_SNAPSHOT_DIR": str(tmp_path / "snap"),
        "PULIH_WRITE_BACK": "ya",
    }
    cfg = SheetsConfig.from_env(env)
    assert (cfg.spreadsheet, cfg.identity_spreadsheet, cfg.api_url) == (SHEET, IDENTITY, "http://127.0.0.1:9")
    assert cfg.service_account_email == EMAIL and cfg.write_back and cfg.snapshot_dir == tmp_path / "snap"
    assert SheetsConfig.from_env(env, spreadsheet="other-sheet").spreadsheet_id == "other-sheet"


def test_an_unreadable_key_file_is_an_invalid_key(tmp_path):
    (tmp_path / "key.json").write_text("{not json")
    with pytest.raises(SheetsError) as caught:
        SheetsConfig.from_env(
            {"PULIH_SHEETS_SPREADSHEET": SHEET, "PULIH_SERVICE_ACCOUNT_FILE": str(tmp_path / "key.json")}
        )
    assert caught.value.code == "invalid-key"


# --------------------------------------------------------------------------- boundaries


def test_only_gsheets_imports_gspread_or_google_auth():
    offenders = [
        p.name
        for p in Path(gsheets.__file__).parent.glob("*.py")
        if p.name != "gsheets.py"
        and re.search(r"^\s*(import|from)\s+(gspread|google)\b", p.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert offenders == []


def test_the_live_path_does_not_import_streamlit():
    code = (
        "import sys, sheets.gsheets, sheets.snapshot, sheets.live, sheets.setup_sheet, "
        "sheets.cli_google; print('streamlit' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(gsheets.__file__).parent.parent,
    )
    assert out.stdout.strip() == "False"


def test_the_demo_workbook_read_through_the_fake_validates_like_the_demo_itself(api, transport):
    from sheets.demo import build_demo
    from sheets.validate import validate
    from tests.fakes.serve import demo_tabs

    today = dt.date(2026, 11, 28)
    api.add_spreadsheet(SHEET, demo_tabs(use_demo=True, today=today))
    live = validate(read_spreadsheet(config(), transport=transport), today)
    local = validate(build_demo(today), today)
    columns = ["tab", "row", "column", "code"]
    assert live.issues[columns].values.tolist() == local.issues[columns].values.tolist()
    assert live.counts == local.counts
    links = live.issues["link"]
    assert links.str.startswith(f"https://docs.google.com/spreadsheets/d/{SHEET}/edit#gid=").all()


# --------------------------------------------------------------------------- issue 9: what the API's answer means


def test_merges_hidden_copies_and_error_values_from_the_api(api, transport):
    from sheets.validate import validate
    from tests.sheets import realistic

    korban, stale, kegiatan = realistic.office_workbook()
    book = api.add_spreadsheet(
        SHEET, {s.name: realistic.google_api_rows(s) for s in (korban, stale, kegiatan)}
    )
    book.tabs[0].merges = realistic.google_merges(korban, book.tabs[0].sheet_id)
    book.tabs[1].hidden = True
    raw = read_spreadsheet(config(), transport=transport)
    metadata = next(c for c in api.calls if c.kind == "metadata")
    assert "hidden" in metadata.params["fields"][0] and "merges" in metadata.params["fields"][0]
    assert raw.tabs["KORBAN "].hidden and not raw.tabs["Korban"].hidden
    assert raw.tabs["Korban"].merges == ((0, 0, 0, 6), (3, 3, 5, 3))
    report = validate(raw, dt.date(2026, 11, 28))
    issues = {
        (i.tab, None if str(i.row) == "<NA>" else i.row, i.column, i.value, i.code)
        for i in report.issues.itertuples()
        if i.code in ("merged-cells", "formula-error", "duplicate-tab")
    }
    assert issues == {
        ("Korban", None, "", "KORBAN ", "duplicate-tab"),
        ("Korban", 4, "Kecamatan", "Cikedung", "merged-cells"),
        ("Korban", 5, "Jenis Eksploitasi", "#N/A", "formula-error"),
        ("Kegiatan", 2, "Anggaran (Rp)", "#DIV/0!", "formula-error"),
    }
    merged = report.issues[report.issues["code"] == "merged-cells"].iloc[0]
    assert merged["link"].endswith(f"#gid={book.tabs[0].sheet_id}&range=D4")
    assert report.table("Korban")["district"].tolist() == ["Cikedung", "Cikedung", "Cikedung", "Sliyeg"]
    assert report.counts["Korban"].rows_read == 6  # the hidden copy's two rows are in the accounting
