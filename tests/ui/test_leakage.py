"""THE leakage test: nothing naming or locating a person reaches a public view or export; no small count.

The open-data tables (`python -m sheets opendata`, the page's "Data terbuka" ZIP) are read back
from the ZIP with the csv module like the other exports, and handed to the attacker as one more
publication of the same cells.

On the demo data and on seeded random workbooks (the demo's rows shuffled and
sampled, with names, HTML and spreadsheet formulas typed into the free-text
columns), every page the public can open is rendered through app.py and every
public export is opened. Their whole text and chart data are searched for survivor
IDs, villages, birth dates, notes, destinations typed as free text, activity names
and venues, officers, aid descriptions and the identity sheet's names and NIKs; and
every published count is checked to be 0 or at least k.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
from dataclasses import dataclass, replace

import pandas as pd
import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from present import exports, figures, i18n, public
from sheets import kecamatan, schema
from sheets.demo import build_demo
from sheets.demo_identity import build_demo_identity
from sheets.metrics import Dataset
from sheets.raw import RawTab, RawWorkbook
from sheets.validate import validate
from sheets.workbook import write_xlsx
from tests import attacker
from tests.ui import ROOT
from ui import access, data

TIMEOUT = 90
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
FIRST = ("Siti", "Warsini", "Carsih", "Dasem", "Kartini", "Tarmini", "Rasminah", "Darkonah")
FAMILY = ("Sukardi", "Taryono", "Casmadi", "Rumyati", "Wasirah", "Karsono", "Tarsiwan")
# The schema's private columns (`Column.pii`): every value typed in them is private.
PRIVATE = {t.name: tuple(c.header for c in t.columns if c.pii) for t in schema.MAIN_TABS}
IDENTITY_PRIVATE = [i for i, c in enumerate(schema.IDENTITAS.columns) if c.pii]
# Values that are public by definition (a value typed in a private column may equal one of them).
PUBLIC_WORDS = {
    *kecamatan.NAMES,
    *schema.DESTINATIONS,
    *(v for t in schema.MAIN_TABS for c in t.columns for v in (c.allowed or ())),
}
_LIBRARY = re.compile(r"<script[^>]*>/\*\*\s*\* plotly\.js v.*?</script>", re.DOTALL)
# A count as people write it: 7, 1.234 or 1,234; not a share (19%) and not the `<10` marker.
_COUNT = re.compile(r"(?<![<\d.,])\d{1,3}(?:[.,]\d{3})*(?![\d%.,])")


@dataclass
class Case:
    """One workbook, the private strings it holds, and the threshold its public views use."""

    name: str
    raw: RawWorkbook
    private: set[str]
    k: int


def _header_index(tab: RawTab, name: str) -> int:
    first = schema.TABS[name].headers[0]
    return next(i for i, row in enumerate(tab.rows) if first in row)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} binti {rng.choice(FAMILY)}"


def random_workbook(seed: int, today: dt.date) -> RawWorkbook:
    """The demo with every tab's rows shuffled and sampled, and people, HTML and formulas in free text."""
    rng = random.Random(seed)
    raw = build_demo(today)
    tabs = {}
    for name, tab in raw.tabs.items():
        rows = [list(row) for row in tab.rows]
        top = _header_index(tab, name)
        head, body = rows[: top + 1], rows[top + 1 :]
        rng.shuffle(body)
        body = body[: max(3, int(len(body) * rng.uniform(0.35, 0.8)))]
        for header in PRIVATE.get(name, ()):
            if header.startswith(("ID ", "Tanggal")):
                continue
            col = head[-1].index(header)
            for row in rng.sample(body, min(len(body), 12)):
                row.extend([None] * (col + 1 - len(row)))
                row[col] = rng.choice([_person(rng), SCRIPT, FORMULA, f"Rumah {_person(rng)}, RT 03/RW 02"])
        tabs[name] = RawTab(tab.title, head + body)
    return replace(raw, tabs=tabs, source="random")


def private_strings(raw: RawWorkbook, today: dt.date) -> set[str]:
    """Every value typed in a private column, birth dates in the forms people write, and identities."""
    found: set[str] = set()
    for name, headers in PRIVATE.items():
        tab = raw.find(name)
        top = _header_index(tab, name)
        header = tab.rows[top]
        for row in tab.rows[top + 1 :]:
            for col in (header.index(h) for h in headers):
                if col < len(row) and row[col] not in (None, ""):
                    found.add(str(row[col]).strip())
    report = validate(raw, today)
    for born in report.table("Korban")["birth_date"].dropna():
        day = pd.Timestamp(born).date()
        found |= {day.strftime("%d/%m/%Y"), day.isoformat(), i18n.date(day, "id"), i18n.date(day, "en")}
    identity = build_demo_identity(report.table("Korban")).find("Identitas")
    for row in identity.rows[1:]:
        found |= {str(row[i]) for i in IDENTITY_PRIVATE if i < len(row) and row[i]}
    # Short values and bare serial numbers would match by chance; a 16-digit NIK would not.
    return {s for s in found if (len(s) >= 5 and s not in PUBLIC_WORDS and not s.isdigit()) or len(s) >= 16}


def _cases() -> list[tuple[str, int, int]]:
    return [("demo", 0, 10), ("random-1", 1, 10), ("random-2", 2, 5)]


@pytest.fixture(scope="module", params=_cases(), ids=lambda c: c[0])
def case(request, tmp_path_factory) -> Case:
    name, seed, k = request.param
    today = data.today()
    raw = build_demo(today) if seed == 0 else random_workbook(seed, today)
    return Case(name, raw, private_strings(raw, today), k)


def _run(lang: str, k: int, slides: bool) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.secrets["privacy"] = {"k": k}
    at.query_params["lang"] = lang
    if slides:
        at.query_params["slides"] = "true"
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(scope="module")
def workbook_path(case: Case, tmp_path_factory):
    """The case's workbook as the .xlsx file staff would bring, configured as the app's source."""
    path = tmp_path_factory.mktemp(case.name) / "Data Rehabilitasi.xlsx"
    write_xlsx(case.raw, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(data.ENV_WORKBOOK, str(path))
        patch.delenv(data.ENV_SPREADSHEET, raising=False)
        data.clear()
        yield path
        data.clear()


@pytest.fixture(scope="module")
def rendered(case: Case, workbook_path) -> list[dict]:
    """Every view the public can open (real data, no login), in both languages: the page and each slide."""
    views = []
    for lang in ("id", "en"):
        at = _run(lang, case.k, slides=False)
        assert at.title[0].value == i18n.t("page.public", lang)
        views.append(_snapshot(at))
        at = _run(lang, case.k, slides=True)
        assert at.header[0].value == i18n.t("public.title", lang)  # slide mode is on
        views.append(_snapshot(at))
        for _ in public.CHART_KEYS:
            next(b for b in at.button if b.label == i18n.t("public.next", lang)).click().run()
            assert not at.exception, at.exception
            views.append(_snapshot(at))
    assert len({v["text"] for v in views}) == len(views)  # every slide was a different view
    return views


def _snapshot(at: AppTest) -> dict:
    return {
        "text": _page_text(at),
        "specs": [json.loads(c.proto.spec) for c in at.get("plotly_chart")],
        "metrics": [m.value for m in at.metric],
        "frames": [d.value for d in at.dataframe],
    }


def _page_text(at: AppTest) -> str:
    """Every element of the page (main and sidebar) as text: protos to JSON, chart specs included."""
    parts = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(json.dumps(MessageToDict(proto), ensure_ascii=False))
        for child in getattr(node, "children", {}).values():
            walk(child)

    for root in (at.main, at.sidebar):  # the app writes nowhere else (no toast, no bottom bar)
        walk(root)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def report(case: Case) -> public.PublicReport:
    today = data.today()
    dataset = Dataset.from_report(validate(case.raw, today))
    return public.build_public(dataset, today, case.k, "id", public.source_labels("file"), case.raw.read_at)


@pytest.fixture(scope="module")
def exported(report: public.PublicReport) -> dict[str, str]:
    """The text of every public export in both languages (PPTX and PDF need Chromium for their charts)."""
    from pptx import Presentation
    from pypdf import PdfReader

    texts = {}
    for lang in ("id", "en"):
        texts[f"html-{lang}"] = _LIBRARY.sub("", exports.to_html(report, lang))
        if exports.browser_path() is None:
            continue
        pngs = exports.chart_pngs(report, lang)
        deck = Presentation(io.BytesIO(exports.to_pptx(report, lang, pngs)))
        texts[f"pptx-{lang}"] = "\n".join(
            shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
        )
        pdf = PdfReader(io.BytesIO(exports.to_pdf(report, lang, pngs)))
        texts[f"pdf-{lang}"] = "\n".join(page.extract_text() for page in pdf.pages)
        with __import__("zipfile").ZipFile(io.BytesIO(exports.to_zip(report, lang, pngs))) as archive:
            texts[f"zip-{lang}"] = "\n".join(
                archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".txt")
            )
    return texts


@pytest.fixture(scope="module")
def open_data(report: public.PublicReport) -> dict[str, tuple[str, list[dict[str, str]]]]:
    """The open-data ZIP the public page offers (what its button's callable returns), read back: per CSV
    file its whole text and its rows."""
    import csv
    import zipfile

    from ui import opendata_download

    found = {}
    with zipfile.ZipFile(io.BytesIO(opendata_download.zip_of(report))) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            found[name] = (text, list(csv.DictReader(io.StringIO(text))) if name.endswith(".csv") else [])
    return found


def _indicator(row: dict[str, str]) -> str:
    """The table's one indicator column: the one before `satuan` in the Open Data Jabar layout."""
    columns = list(row)
    return columns[columns.index("satuan") - 1]


def _as_report(tables: dict[str, tuple[str, list[dict[str, str]]]], k: int) -> dict:
    """What an attacker reads off the open-data tables alone, in the shape `tests.attacker` solves."""

    def cell(row: dict[str, str]) -> object:
        return int(row[_indicator(row)]) if row[_indicator(row)] != "" else row["keterangan"]

    years: dict[int, dict] = {}
    districts: dict[str, dict] = {}
    columns = {
        "jumlah_korban_teridentifikasi": "known",
        "jumlah_korban_direhabilitasi": "rehabilitated",
        "jumlah_kumulatif_korban_teridentifikasi": "known_cumulative",
        "jumlah_kumulatif_korban_direhabilitasi": "rehabilitated_cumulative",
    }
    for _, rows in tables.values():
        for row in rows:
            column = columns.get(_indicator(row))
            if column is None:
                continue  # the targets: plans, not people
            if "nama_kecamatan" in row:
                districts.setdefault(
                    row["nama_kecamatan"], {"district": row["nama_kecamatan"], "coverage": None}
                )[column] = cell(row)
            else:
                years.setdefault(int(row["tahun"]), {"year": int(row["tahun"]), "coverage": None})[column] = (
                    cell(row)
                )
    rows = [years[y] for y in sorted(years)]
    last = rows[-1]
    head = {
        "known": last["known_cumulative"],
        "rehabilitated": last["rehabilitated_cumulative"],
        "coverage": None,
        "this_year": {"year": last["year"], "rehabilitated": last["rehabilitated"]},
    }
    return {
        "k": k,
        "headline": head,
        "tables": {
            "by_year": {"rows": rows},
            "by_district": {
                "rows": list(districts.values()),
                "total": {"known": head["known"], "rehabilitated": head["rehabilitated"], "coverage": None},
            },
        },
    }


# --------------------------------------------------------------------------- nothing personal


def test_the_detectors_find_what_they_look_for() -> None:
    spec = json.dumps({"data": [{"customdata": ["<b>KPO-0007</b>"]}]}, ensure_ascii=False)
    assert _leaks(spec, {"KPO-0007", "Siti binti Karsono"}) == ["KPO-0007"]
    assert _small(["<10 / 55 (*)", "10 / 40 (25%)", "2018: 1.234", "Diketahui: 7", 3, 0, None], 10) == [7, 3]


def _leaks(text: str, private: set[str]) -> list[str]:
    folded = text.casefold()
    return sorted(s for s in private if s.casefold() in folded)


def test_the_case_has_private_strings_to_find(case: Case) -> None:
    assert len(case.private) > 100
    assert any(s.startswith("KPO-") for s in case.private)  # survivor IDs
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", s) for s in case.private)  # birth dates
    if case.name != "demo":
        assert SCRIPT in case.private and FORMULA in case.private
        assert any(" binti " in s for s in case.private)


def test_no_person_on_any_public_page(case: Case, rendered) -> None:
    for view in rendered:
        assert not _leaks(view["text"], case.private)


def test_no_person_in_any_export(case: Case, exported) -> None:
    for name, text in exported.items():
        assert not _leaks(text, case.private), name


def test_no_person_in_the_open_data(case: Case, open_data) -> None:
    assert any(name.endswith(".metadata.json") for name in open_data)
    for name, (text, _) in open_data.items():
        assert not _leaks(text, case.private), name
        assert SCRIPT not in text and "HYPERLINK" not in text, name


def test_the_public_page_offers_the_open_data(case: Case, rendered) -> None:
    pages = [
        v
        for v in rendered
        if i18n.t("public.downloads", "id") in v["text"] or i18n.t("public.downloads", "en") in v["text"]
    ]
    assert len(pages) == 2  # the page in both languages (slides have no downloads)
    for view, lang in zip(pages, ("id", "en")):
        assert i18n.t("public.download.opendata", lang) in view["text"]


def test_html_is_never_rendered_from_data(case: Case, rendered, exported) -> None:
    for view in rendered:
        assert "alert(1)" not in view["text"] and "HYPERLINK" not in view["text"]
    for name, text in exported.items():
        assert SCRIPT not in text and "alert(1)" not in text, name


def test_only_public_pages_exist_for_the_public(case: Case, workbook_path) -> None:
    at = _run("id", case.k, slides=False)
    assert at.title[0].value == i18n.t("page.public", "id")
    for spec in access.PAGES:
        if "publik" not in spec.roles:
            with pytest.raises(ValueError):
                at.switch_page(spec.path)


# --------------------------------------------------------------------------- no small count


def _small(values, k: int) -> list[object]:
    """The counts among `values` (numbers, or texts holding numbers) that are from 1 to k-1."""
    bad = []
    for value in values:
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)):
            numbers = [value]
        else:
            numbers = [int(re.sub(r"[.,]", "", m)) for m in _COUNT.findall(str(value))]
        bad += [n for n in numbers if 0 < n < k]
    return bad


def _count_arrays(spec: dict):
    """The arrays of a figure that hold counts: every trace except shares and plans, and the labels."""
    for trace in spec["data"]:
        if trace.get("meta") in (figures.SHARE, figures.PLAN):
            continue
        assert trace.get("meta") == figures.COUNT, trace.get("name")
        for key in ("x", "y", "text", "customdata"):
            values = trace.get(key)
            if isinstance(values, list):
                yield key, values
    yield "annotations", [a.get("text", "") for a in spec["layout"].get("annotations", ())]


def test_no_small_count_in_public_tables(case: Case, report: public.PublicReport) -> None:
    tables = {
        "by_year": (
            report.by_year,
            ["known", "rehabilitated", "known_cumulative", "reported", "rehabilitated_cumulative"],
        ),
        "by_district": (report.by_district, ["known", "rehabilitated"]),
    }
    for name, (table, columns) in tables.items():
        cells = table.frame[columns].to_numpy().ravel().tolist()
        assert not _small(cells, case.k), name
    head = report.headline
    assert not _small([head[key] for key in ("known", "rehabilitated", "this_year")], case.k)


def test_no_small_count_in_charts_or_tiles(case: Case, rendered) -> None:
    hidden = 0
    for view in rendered:
        assert not _small(view["metrics"], case.k)
        for frame in view["frames"]:
            # Every cell, texts too: a public table shows counts as published texts ("113", "<10").
            assert not _small(frame.to_numpy().ravel().tolist(), case.k)
        for spec in view["specs"]:
            for key, values in _count_arrays(spec):
                assert not _small(values, case.k), (spec["layout"]["title"]["text"], key)
                hidden += sum(v is None for v in values)
    assert hidden > 0  # suppressed counts are gaps in the data, not numbers


def test_no_small_count_in_exported_charts(case: Case, report: public.PublicReport) -> None:
    html = exports.to_html(report)
    decoder = json.JSONDecoder()
    starts = re.finditer(r'Plotly\.newPlot\(\s*"pulih-\w+",\s*', html)
    specs = [decoder.raw_decode(html, m.end())[0] for m in starts]
    assert len(specs) == len(public.CHART_KEYS)
    for chart in report.charts():
        spec = json.loads(chart.figure.to_json())
        for key, values in _count_arrays(spec):
            assert not _small(values, case.k), (chart.key, key)
    for traces in specs:
        for trace in traces:
            if trace.get("meta") == figures.COUNT:
                assert not _small(trace.get("y", []) + trace.get("x", []), case.k)


def test_no_small_count_in_the_open_data(case: Case, open_data) -> None:
    cells = 0
    for name, (_, rows) in open_data.items():
        for row in rows:
            value, marker = row[_indicator(row)], row["keterangan"]
            assert (value == "") == (marker != ""), (name, row)  # a hidden cell is empty and says why
            assert marker in ("", f"<{case.k}", "*"), (name, row)
            assert not _small([int(value)] if value else [], case.k), (name, row)
            cells += 1
    assert cells > 31 * 2


def test_the_open_data_publishes_the_same_cells_as_the_page(
    case: Case, open_data, report: public.PublicReport
) -> None:
    """One release: every open-data cell is the page's cell, number or marker, so together they say no more."""
    page = report.release.to_json()
    read = _as_report(open_data, case.k)
    columns = ("known", "rehabilitated", "known_cumulative", "rehabilitated_cumulative")
    assert [{c: r[c] for c in ("year", *columns)} for r in page["tables"]["by_year"]["rows"]] == [
        {c: r[c] for c in ("year", *columns)} for r in read["tables"]["by_year"]["rows"]
    ]
    assert {
        r["district"].upper(): (r["known"], r["rehabilitated"]) for r in page["tables"]["by_district"]["rows"]
    } == {r["district"]: (r["known"], r["rehabilitated"]) for r in read["tables"]["by_district"]["rows"]}
    assert (page["headline"]["known"], page["headline"]["rehabilitated"]) == (
        read["headline"]["known"],
        read["headline"]["rehabilitated"],
    )
    assert attacker.attack(read) == []


def test_a_hidden_count_cannot_be_recovered_across_everything_published(
    case: Case, report: public.PublicReport
) -> None:
    """The attacker of tests/attacker.py, solving every published table at once, learns no hidden count."""
    assert attacker.attack(json.loads(json.dumps(report.release.to_json()))) == []


def test_the_charts_draw_exactly_the_published_cells(case: Case, report: public.PublicReport) -> None:
    """No chart carries a number the tables do not publish, nor a gap where they show one."""
    published = report.release.to_json()
    years = published["tables"]["by_year"]["rows"]
    charts = {chart.key: json.loads(chart.figure.to_json()) for chart in report.charts()}

    def cells(rows, column):
        return [row[column] if isinstance(row[column], int) else None for row in rows]

    progress = [t for t in charts["progress"]["data"] if t.get("meta") == figures.COUNT]
    assert [t["y"] for t in progress] == [
        cells(years, "known_cumulative"),
        cells(years, "rehabilitated_cumulative"),
    ]
    pace = next(t for t in charts["pace"]["data"] if t.get("meta") == figures.COUNT)
    assert pace["y"] == cells(years, "rehabilitated")
    districts = {row["district"]: row for row in published["tables"]["by_district"]["rows"]}
    for trace, column in zip(
        (t for t in charts["districts"]["data"] if t.get("meta") == figures.COUNT), ("known", "rehabilitated")
    ):
        assert trace["x"] == cells([districts[d] for d in trace["y"]], column)
