"""Validation results as data: the catalogue of rules and the issues table.

Each rule has a stable kebab-case code and a severity; its sentence and its short
"how to fix" are catalog entries (`sheets.messages`). Issues are rows of one
DataFrame with a fixed column order (`ISSUE_COLUMNS`): a code and parameters, never a
rendered sentence, so the CLI, the data quality page, the downloads and the
write-back all share one shape and render it in the reader's language.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pandas.api.typing import NAType

from sheets import messages

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

ISSUE_COLUMNS = ["tab", "row", "column", "value", "code", "severity", "params", "link"]
# The issues as the CLI's JSON and the `Masalah Data` tab give them: the messages rendered in both languages.
RENDERED_COLUMNS = ["tab", "row", "column", "value", "code", "severity", "message_id", "message_en", "link"]


@dataclass(frozen=True)
class Rule:
    """One kind of problem. Its texts are catalog entries (`sheets.messages`): `rule.<code>` and `rule.<code>.fix`."""

    code: str
    severity: Severity
    # "structure" problems (a missing tab or column) are reported apart from cell problems.
    structure: bool = False

    @property
    def message_key(self) -> str:
        return f"rule.{self.code}"

    @property
    def fix_key(self) -> str:
        return f"rule.{self.code}.fix"

    def message(self, lang: str, **params: object) -> str:
        """The rule's sentence in `lang` (`value`, `column`, `detail`, ... filled in)."""
        return messages.text(self.message_key, lang, **params)

    def fix(self, lang: str) -> str:
        """How to fix it, in `lang`."""
        return messages.template(self.fix_key, lang)


_RULES = (
    Rule("missing-tab", "error", structure=True),
    Rule("header-not-found", "error", structure=True),
    Rule("missing-column", "error", structure=True),
    Rule("missing-optional-column", "info", structure=True),
    Rule("unknown-column", "info", structure=True),
    Rule("duplicate-column", "warning", structure=True),
    Rule("duplicate-tab", "error", structure=True),
    Rule("unknown-file", "info", structure=True),
    Rule("older-file", "info", structure=True),
    Rule("merged-cells", "warning"),
    Rule("formula-error", "error"),
    Rule("formula-not-calculated", "error"),
    Rule("missing-value", "error"),
    Rule("invalid-date", "error"),
    Rule("two-digit-year", "warning"),
    Rule("invalid-number", "error"),
    Rule("invalid-money", "error"),
    Rule("invalid-yes-no", "error"),
    Rule("unknown-category", "error"),
    Rule("out-of-range", "error"),
    Rule("future-date", "error"),
    Rule("duplicate-key", "error"),
    Rule("unknown-reference", "error"),
    Rule("excluded-reference", "info"),
    Rule("end-before-start", "error"),
    Rule("born-after-identified", "error"),
    Rule("age-out-of-range", "error"),
    Rule("age-mismatch", "warning"),
    Rule("destination-with-domestic", "warning"),
    Rule("over-capacity", "warning"),
    Rule("attended-too-long", "error"),
    Rule("joined-before-identified", "warning"),
    Rule("possible-duplicate-person", "warning"),
    Rule("invalid-nik", "error"),
    Rule("nik-mismatch", "warning"),
    Rule("duplicate-nik", "error"),
    Rule("invalid-phone", "warning"),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}

# What a parameter may be: one value for every issue, or one per issue.
Params = Mapping[str, "Iterable[object] | pd.Series | object"]


def issue_frame(
    code: str,
    tab: str,
    rows: Iterable[int | NAType] | pd.Series,  # NA: an issue about a whole tab
    column: str,
    values: Iterable[object] | pd.Series | None = None,
    params: Params | None = None,
    links: Iterable[str] | pd.Series | None = None,
    blanked: bool = False,
    *,
    shown: Iterable[object] | pd.Series | None = None,
) -> pd.DataFrame:
    """Issues of one rule for many cells at once, as rows of the issues table."""
    return issues_table([issue_columns(code, tab, rows, column, values, params, links, blanked, shown=shown)])


def issue_columns(
    code: str,
    tab: str,
    rows: Iterable[int | NAType] | pd.Series,  # NA: an issue about a whole tab
    column: str,
    values: Iterable[object] | pd.Series | None = None,
    params: Params | None = None,
    links: Iterable[str] | pd.Series | None = None,
    blanked: bool = False,
    *,
    shown: Iterable[object] | pd.Series | None = None,
) -> dict[str, list]:
    """The issues of one rule for many cells, as plain lists per column (many make one table: `issues_table`).

    `values` are the raw cells as typed (the issue's `value`); `shown`, when given, is
    what the message says instead (a date as 09/04/2018 where the cell holds a serial).
    `params` are the message's other fields (`detail`, or `detail_key` naming a
    catalog fragment and that fragment's fields), each one value or one per issue;
    `blanked` notes that only the cell is ignored. They are kept as JSON text in the
    `params` column: nothing is rendered here (`sheets.messages.render_issues`).
    """
    rule = RULES[code]
    rows = _as_list(rows)
    n = len(rows)
    values = [""] * n if values is None else [_show(v) for v in _as_list(values)]
    per_issue: dict[str, list[object]] = {}
    if shown is not None:
        per_issue["shown"] = [_show(v) for v in _as_list(shown)]
    for name, given in (params or {}).items():
        per_issue[name] = _texts(given, n)
    links = [""] * n if links is None else list(links)
    return {
        "tab": [tab] * n,
        "row": rows,
        "column": [column] * n,
        "value": values,
        "code": [code] * n,
        "severity": [rule.severity] * n,
        "params": _params_json(per_issue, n, blanked),
        "link": links,
    }


def _params_json(per_issue: dict[str, list[object]], n: int, blanked: bool) -> list[str]:
    names = sorted(per_issue)
    encoded: dict[tuple, str] = {}  # many issues of a rule say the same: encode each set of fields once
    out = []
    for fields in zip(*(per_issue[name] for name in names)) if names else [()] * n:
        text = encoded.get(fields)
        if text is None:
            # An empty field is left out (the text renders it empty); what a message shows is kept even when empty.
            found: dict[str, object] = {
                name: value for name, value in zip(names, fields) if value != "" or name == "shown"
            }
            if blanked:
                found["blanked"] = True
            text = encoded[fields] = json.dumps(found, ensure_ascii=False, sort_keys=True) if found else ""
        out.append(text)
    return out


def issues_table(parts: list[dict[str, list]]) -> pd.DataFrame:
    """One issues table from the `issue_columns` of many rules, in the order given."""
    parts = [p for p in parts if p["row"]]
    if not parts:
        return empty_issues()
    columns = {name: [x for p in parts for x in p[name]] for name in ISSUE_COLUMNS}
    data: dict[str, object] = {**columns, "row": pd.array(columns["row"], dtype="Int64")}
    return pd.DataFrame(data, columns=ISSUE_COLUMNS)


def _texts(given: Iterable[object] | pd.Series | object, n: int) -> list[object]:
    if given is None or isinstance(given, (str, int, float)) or not isinstance(given, Iterable):
        return [_param(given)] * n
    return [_param(v) for v in _as_list(given)]


def _as_list(values: Iterable[Any]) -> list[Any]:
    # A Series' cells as a list in one call (iterating it fetches them one at a time).
    return values.tolist() if isinstance(values, pd.Series) else list(values)


def _param(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def empty_issues() -> pd.DataFrame:
    """An issues table with no rows and the fixed columns."""
    columns = {name: pd.Series(dtype=object) for name in ISSUE_COLUMNS}
    columns["row"] = pd.Series(dtype="Int64")
    return pd.DataFrame(columns, columns=ISSUE_COLUMNS)


def concat_issues(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One issues table from many, in sheet order (tab order kept, then row)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_issues()
    return pd.concat(frames, ignore_index=True)[ISSUE_COLUMNS]


def show_value(value: object) -> str:
    """A raw cell as the issues table shows it (whole floats without '.0', long text cut)."""
    return _show(value)


def _show(value: object) -> str:
    """A raw cell as text for a message: non-breaking spaces made visible as spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "..."
