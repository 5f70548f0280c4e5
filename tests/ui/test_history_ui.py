"""The app keeps every good read in its history store, and a store it cannot write never blocks a page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from present import i18n
from sheets import store
from sheets.history import History
from tests.ui import ROOT, shown
from ui import access, data

TIMEOUT = 60


@pytest.fixture(autouse=True)
def fresh_reads(monkeypatch):
    """The demo as source, each test reading it anew."""
    monkeypatch.delenv(data.ENV_WORKBOOK, raising=False)
    data.clear()
    yield
    data.clear()
    store.forget()


def run_overview(monkeypatch, role: str = "staf") -> AppTest:
    monkeypatch.setattr(access, "current_role", lambda: role)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception, at.exception
    return at


def test_each_read_of_the_app_is_recorded_once(monkeypatch, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    monkeypatch.setenv(store.ENV_URL, url)
    run_overview(monkeypatch)
    reads = History(url).reads()
    assert len(reads) == 1  # the demo read, recorded when it was read
    data.clear()  # the next read (same cells) only adds a "seen at"
    run_overview(monkeypatch)
    again = History(url).reads()
    assert len(again) == 1 and again["content_hash"].iloc[0] == reads["content_hash"].iloc[0]
    assert again["seen"].iloc[0] == reads["seen"].iloc[0] + 1


def test_a_store_that_cannot_be_written_is_a_notice_for_staff_only(monkeypatch, tmp_path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the store's folder should be")
    monkeypatch.setenv(store.ENV_URL, f"sqlite:///{blocked / 'history.sqlite'}")
    monkeypatch.setattr(access, "current_role", lambda: "staf")
    first = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    first.run()  # the run that reads: the notice comes once the write failed, at the end of the run
    said = i18n.t("history.not_recorded", "id", reason="@").split("@")[0]
    assert len([w for w in first.warning if w.value.startswith(said)]) == 1
    at = run_overview(monkeypatch)
    notices = [w.value for w in at.warning if w.value.startswith(said)]
    assert len(notices) == 1
    assert at.metric  # the figures are still there
    public = run_overview(monkeypatch, role="pimpinan")
    assert not [w for w in public.warning if "riwayat" in w.value]


def _demo_without(path, today, keys: set[str]):
    """The demo as a workbook file, without the Korban rows of `keys` (what a slip of the mouse does)."""
    import dataclasses

    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx

    raw = build_demo(today)
    tabs = dict(raw.tabs)
    korban = tabs["Korban"]
    tabs["Korban"] = dataclasses.replace(korban, rows=[r for r in korban.rows if not (r and r[0] in keys)])
    write_xlsx(dataclasses.replace(raw, tabs=tabs), path)


def test_rows_deleted_from_the_sheet_show_on_the_overview_and_the_history_page(monkeypatch, tmp_path) -> None:
    today = data.today()
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    book = tmp_path / "Data Rehabilitasi.xlsx"
    monkeypatch.setenv(store.ENV_URL, url)
    monkeypatch.setenv(data.ENV_WORKBOOK, str(book))
    _demo_without(book, today, set())
    run_overview(monkeypatch)  # read 1: everything
    gone = {"KPO-0101", "KPO-0102", "KPO-0103"}
    _demo_without(book, today, gone)
    data.clear()
    at = run_overview(monkeypatch)  # read 2: three survivors deleted by accident
    alert = i18n.t("history.alert_lost", "id", n=3, tabs="Korban")
    assert [e.value for e in at.error] == [alert]
    assert not [e for e in run_overview(monkeypatch, role="pimpinan").error]  # leadership: not its work

    monkeypatch.setattr(access, "current_role", lambda: "staf")
    page = AppTest.from_file(str(ROOT / "app_pages" / "history.py"), default_timeout=TIMEOUT)
    page.run()
    assert not page.exception, page.exception
    assert page.dataframe, [m.value for m in (*page.warning, *page.error, *page.success, *page.info)]
    lost = page.dataframe[0].value
    assert set(lost[i18n.t("history.col.key", "id")]) == gone
    # the download is the contract's layout, the survivors' cells as last seen
    import base64
    import io
    import json

    import pandas as pd

    label = i18n.t("history.download", "id", tab="Korban", n=3)
    next(b for b in page.button if b.label == label).click().run()
    (handed,) = [e for e in page.get("bidi_component") if e.proto.component_name == "pulih_private_download"]
    sheet = pd.read_excel(io.BytesIO(base64.b64decode(json.loads(handed.proto.json)["content"])))
    assert set(sheet["ID Korban"]) == gone and "Tanggal Identifikasi" in sheet.columns
    # marking them as removed on purpose ends the alert, recorded with who
    page.multiselect(key="history_let_go").set_value([r.id for r in History(url).lost_rows()]).run()
    next(b for b in page.button if b.label == i18n.t("history.let_go_button", "id")).click().run()
    assert not page.exception, page.exception
    assert History(url).lost_rows() == []
    assert not [e for e in run_overview(monkeypatch).error]


def test_one_records_changes_show_which_cell_changed_and_when(monkeypatch, tmp_path) -> None:
    import dataclasses

    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx

    today = data.today()
    monkeypatch.setenv(store.ENV_URL, f"sqlite:///{tmp_path / 'history.sqlite'}")
    book = tmp_path / "Data Rehabilitasi.xlsx"
    monkeypatch.setenv(data.ENV_WORKBOOK, str(book))
    raw = build_demo(today)
    write_xlsx(raw, book)
    run_overview(monkeypatch)
    korban = raw.tabs["Korban"]
    rows = [list(r) for r in korban.rows]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "ID Korban")
    district = rows[header].index("Kecamatan")
    target = next(r for r in rows[header + 1 :] if r and r[0] == "KPO-0200")
    old = target[district]
    target[district] = "Lelea" if old != "Lelea" else "Sukra"
    write_xlsx(
        dataclasses.replace(raw, tabs={**raw.tabs, "Korban": dataclasses.replace(korban, rows=rows)}), book
    )
    data.clear()
    run_overview(monkeypatch)
    page = AppTest.from_file(str(ROOT / "app_pages" / "history.py"), default_timeout=TIMEOUT)
    page.run()
    page.text_input(key="history_key").input("kpo-0200").run()  # typed as staff type it
    assert not page.exception, page.exception
    log = page.dataframe[-1].value
    assert list(log[i18n.t("history.col.change", "id")]) == [i18n.t("history.change.changed", "id")]
    assert f"Kecamatan: {old} → {target[district]}" in log[i18n.t("history.col.cells", "id")].iloc[0]


def test_an_admin_publishes_and_leadership_sees_the_frozen_figures_and_revisions(
    monkeypatch, tmp_path
) -> None:
    import dataclasses

    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx

    today = data.today()
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    monkeypatch.setenv(store.ENV_URL, url)
    book = tmp_path / "Data Rehabilitasi.xlsx"
    monkeypatch.setenv(data.ENV_WORKBOOK, str(book))
    raw = build_demo(today)
    write_xlsx(raw, book)
    monkeypatch.setattr(access, "current_role", lambda: "admin")
    page = AppTest.from_file(str(ROOT / "app_pages" / "publications.py"), default_timeout=180)
    page.run()
    assert not page.exception, page.exception
    assert page.info  # nothing published yet
    page.text_input(key="publish_label").input("Konsultasi publik 2026").run()
    next(b for b in page.button if b.label == i18n.t("publications.publish_button", "id")).click().run(
        timeout=180
    )
    assert not page.exception, page.exception
    assert page.success, [e.value for e in page.error]
    frozen = History(url).publication("Konsultasi publik 2026")
    assert frozen is not None and {"pdf-id", "pptx-en", "html-id"} <= set(frozen.files)
    tiles = [(m.label, m.value) for m in page.metric]
    # the sheet changes: a survivor deleted; the publication's figures stay, the revision shows
    korban = raw.tabs["Korban"]
    rows = [r for r in korban.rows if not (r and r[0] == "KPO-0003")]
    write_xlsx(
        dataclasses.replace(raw, tabs={**raw.tabs, "Korban": dataclasses.replace(korban, rows=rows)}), book
    )
    data.clear()
    monkeypatch.setattr(access, "current_role", lambda: "pimpinan")
    later = AppTest.from_file(str(ROOT / "app_pages" / "publications.py"), default_timeout=120)
    later.run()
    assert not later.exception, later.exception
    assert [(m.label, m.value) for m in later.metric] == tiles
    assert not [b for b in later.button if b.label == i18n.t("publications.publish_button", "id")]
    assert later.warning and later.dataframe[-1].value.shape[0] >= 1  # the figures that differ now
    assert History(url).publication("Konsultasi publik 2026").files == frozen.files  # the same exports


def test_the_quality_page_shows_errors_per_tab_over_the_recorded_reads(monkeypatch, tmp_path) -> None:
    import dataclasses
    import json

    from sheets.demo import build_demo
    from sheets.workbook import write_xlsx

    today = data.today()
    monkeypatch.setenv(store.ENV_URL, f"sqlite:///{tmp_path / 'history.sqlite'}")
    book = tmp_path / "Data Rehabilitasi.xlsx"
    monkeypatch.setenv(data.ENV_WORKBOOK, str(book))
    raw = build_demo(today)
    write_xlsx(raw, book)
    run_overview(monkeypatch)
    quality = AppTest.from_file(str(ROOT / "app_pages" / "quality.py"), default_timeout=TIMEOUT)
    quality.run()
    assert i18n.t("history.trend_later", "id") in [c.value for c in quality.caption]  # one read: no trend yet
    korban = raw.tabs["Korban"]
    header = next(i for i, r in enumerate(korban.rows) if r and r[0] == "ID Korban")
    rows = [list(r) for r in korban.rows]
    rows[header + 1][1] = "tanggal salah"  # one more error in Korban
    write_xlsx(
        dataclasses.replace(raw, tabs={**raw.tabs, "Korban": dataclasses.replace(korban, rows=rows)}), book
    )
    data.clear()
    quality = AppTest.from_file(str(ROOT / "app_pages" / "quality.py"), default_timeout=TIMEOUT)
    quality.run()
    assert not quality.exception, quality.exception
    trend = next(
        json.loads(c.proto.spec)
        for c in quality.get("plotly_chart")
        if "Korban" in {t.get("name") for t in json.loads(c.proto.spec)["data"]}
    )
    korban_errors = next(t for t in trend["data"] if t["name"] == "Korban")["y"]
    assert len(korban_errors) == 2 and korban_errors[1] == korban_errors[0] + 1


def test_the_public_page_shows_the_latest_publication_earlier_ones_by_address(monkeypatch, tmp_path) -> None:
    import datetime as dt

    from sheets import metrics, release
    from sheets.demo import build_demo
    from sheets.validate import validate

    today = data.today()
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    monkeypatch.setenv(store.ENV_URL, url)
    raw = build_demo(today)
    report = validate(raw, today)
    history = History(url)
    read = history.record(raw, report)
    dataset = metrics.Dataset.from_report(report)
    first = history.publish(
        "2026-09",
        read.read_id,
        release.build_release(dataset, dt.date(2026, 8, 31), 10),
        "t",
        {"pdf-id": ("paparan.pdf", "application/pdf", b"%PDF frozen in September")},
    )
    history.publish(
        "2026-10",
        read.read_id,
        release.build_release(
            dataset, dt.date(2026, 9, 30), 10, release.Release.cells_from_json(first.cells)
        ),
        "t",
    )

    def public_page(**query: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        for name, value in query.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, at.exception
        return at

    def infos(at: AppTest) -> str:
        return shown(" ".join(i.value for i in at.info))

    latest = public_page()
    assert "'2026-10'" in infos(latest) and i18n.date(dt.date(2026, 9, 30), "id") in infos(latest)
    # a frozen publication names no time of a read, only its date
    assert any(
        c.value.endswith(
            i18n.t(
                "public.source_line_frozen",
                "id",
                source=i18n.t("source.demo", "id"),
                date=i18n.date(dt.date(2026, 9, 30), "id"),
            )
        )
        for c in latest.caption
    )
    earlier = public_page(terbitan="2026-09")
    assert "'2026-09'" in infos(earlier)
    # exactly the files frozen with it (here one PDF), not exports made now; and the open-data tables,
    # read off the publication's frozen cells (ui/opendata_download.py)
    assert [b.proto.label for b in earlier.get("download_button")] == [
        i18n.t("public.download.opendata", "id"),
        i18n.t("public.download.pdf", "id"),
    ]
    unknown = public_page(terbitan="2025-01")
    assert any("'2025-01'" in shown(w.value) for w in unknown.warning) and "'2026-10'" in infos(unknown)
    from ui import config

    real = config.secrets
    monkeypatch.setattr(config, "secrets", lambda: {**real(), "privacy": {"public_live": True}})
    live = public_page()
    assert "'2026-10'" not in infos(live)  # the monthly live release, as an admin chose


def _flat(block) -> list:
    """The elements under `block` in page order (AppTest's tree, containers opened)."""
    found = []
    for child in block.children.values():
        found.extend(_flat(child) if hasattr(child, "children") and child.type != "metric" else [child])
    return found


def test_the_run_that_reads_writes_its_history_last_and_still_alerts_first(monkeypatch, tmp_path) -> None:
    """The history store is written after the figures are on the page (the first visit's wait), and
    the lost-rows alert still shows above the tiles in that very run."""
    today = data.today()
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    book = tmp_path / "Data Rehabilitasi.xlsx"
    monkeypatch.setenv(store.ENV_URL, url)
    monkeypatch.setenv(data.ENV_WORKBOOK, str(book))
    _demo_without(book, today, set())
    at = run_overview(monkeypatch)
    _demo_without(book, today, {"KPO-0101"})
    data.clear()
    at.run()  # the overview itself makes the new read, so its history is written in this run
    assert not at.exception, at.exception
    assert len(History(url).reads()) == 2  # written before the run ended
    order = [e.type for e in _flat(at.main)]
    assert [e.value for e in at.error] == [i18n.t("history.alert_lost", "id", n=1, tabs="Korban")]
    assert order.index("error") < order.index("metric")  # in the slot kept at the top


def test_a_read_waits_for_its_history_entry_until_the_store_is_asked(monkeypatch, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    monkeypatch.setenv(store.ENV_URL, url)
    loaded = data.read(data.SourceSpec("demo"), data.today())
    assert data.recording_pending() and not loaded.recording.done
    assert History(url).reads().empty  # not written with the read...
    import threading

    asking = [threading.Thread(target=data.history) for _ in range(6)]
    for thread in asking:
        thread.start()
    for thread in asking:
        thread.join()
    reads = History(url).reads()  # ... but before anyone reads the store, and once
    assert len(reads) == 1 and reads["seen"].iloc[0] == 0  # one read, written once (not seen again)
    assert not data.recording_pending() and loaded.recorded is not None and loaded.history_problem == ""
