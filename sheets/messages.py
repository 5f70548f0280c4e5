"""Every sentence the app says, from one gettext catalog per language, read with Babel.

The catalogs are `sheets/locale/<lang>/LC_MESSAGES/pulih.po`: each msgid is a stable
key (`rule.invalid-date`, `rule.invalid-date.fix`, `detail.did-you-mean`,
`sheets.timeout`, ...), each msgstr the text with `{named}` fields as in
`str.format`. Adding a language is adding one such file. The data layer never
renders a sentence: issues and errors carry a code and parameters, and this module
turns them into text at the edge (a page, the CLI, a download, the `Masalah Data` tab).

A parameter named `<name>_key` is itself a message: it is rendered first (with the
same parameters) and fills `{name}`, so a fragment such as a "did you mean" hint
comes out in the same language as the sentence around it.
"""

from __future__ import annotations

import functools
import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "pulih"
DEFAULT_LANG = "id"


@functools.cache
def catalogs() -> dict[str, dict[str, str]]:
    """Per language (the folder names under `locale/`), msgid -> text; read once."""
    found = {}
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        # No entry has plural forms: every id and text is one string.
        found[po.parent.parent.name] = {
            m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and isinstance(m.string, str)
        }
    return found


def langs() -> tuple[str, ...]:
    """The languages there is a catalog for, the default one first."""
    names = sorted(catalogs())
    return tuple(sorted(names, key=lambda name: name != DEFAULT_LANG))


def template(msgid: str, lang: str) -> str:
    """The raw text of `msgid` in `lang` (the default language's when `lang` has no catalog)."""
    table = catalogs().get(lang) or catalogs()[DEFAULT_LANG]
    return table[msgid]


def ids() -> list[str]:
    """Every msgid of the default language's catalog, in file order."""
    return list(catalogs()[DEFAULT_LANG])


def has(msgid: str) -> bool:
    """Whether the default language's catalog has `msgid`."""
    return msgid in catalogs()[DEFAULT_LANG]


def fields(text: str) -> set[str]:
    """The `{named}` fields of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def text(msgid: str, lang: str, **params: Any) -> str:
    """`msgid` in `lang` with `params` filled in (`<name>_key` parameters rendered first)."""
    params = _expand(params, lang)
    return template(msgid, lang).format_map(_Params(params))


def _expand(params: Mapping[str, Any], lang: str) -> dict[str, Any]:
    out = dict(params)
    for name, key in params.items():
        if name.endswith("_key") and key:
            out[name[:-4]] = template(str(key), lang).format_map(_Params(out))
    return out


@dataclass(frozen=True)
class Message:
    """A sentence not yet said: its catalog id and fields, rendered in the reader's language at the edge.

    What the data layer and the settings know to be wrong is one of these (a configuration
    problem, an office list's bad row), never a text in one language or a pair of two.
    """

    msgid: str
    params: tuple[tuple[str, Any], ...] = ()  # (name, value) pairs: hashable, as the settings are

    @classmethod
    def of(cls, msgid: str, **params: Any) -> Message:
        """`msgid` with its fields; a `<name>_key` field names another message (rendered first)."""
        return cls(msgid, tuple(params.items()))

    def text(self, lang: str) -> str:
        return text(self.msgid, lang, **dict(self.params))


class _Params(dict):
    """A field a text uses and the caller did not give renders empty rather than crashing a page."""

    def __missing__(self, key: str) -> str:
        return ""


# --------------------------------------------------------------------------- issues


def issue_params(params: object) -> dict[str, Any]:
    """An issue's `params` cell (JSON text, '' for none) as a dict."""
    if isinstance(params, Mapping):
        return dict(params)
    if not isinstance(params, str) or not params:
        return {}
    return dict(_loads(params))  # a copy: the parsed dicts are shared


@functools.lru_cache(maxsize=4096)
def _loads(params: str) -> dict[str, Any]:
    return json.loads(params)


def issue_message(code: str, lang: str, value: object = "", column: object = "", params: object = "") -> str:
    """The sentence of one issue: its rule's text, then the 'cell ignored' note when only the cell is blanked."""
    p = issue_params(params)
    said = p.pop("shown", value)
    blanked = p.pop("blanked", False)
    message = text(f"rule.{code}", lang, value=_cell(said), column=_cell(column), **p)
    return message + (template("rule.blanked", lang) if blanked else "")


def issue_fix(code: str, lang: str) -> str:
    """How to fix an issue of rule `code`."""
    return template(f"rule.{code}.fix", lang)


def render_issues(issues: Any, lang: str) -> Any:
    """The issues table with `message` and `fix` columns in `lang` (each distinct message rendered once)."""
    import pandas as pd  # local: the catalogs alone need no pandas

    out = issues.copy()
    if not len(out):
        out["message"] = pd.Series(dtype=object)
        out["fix"] = pd.Series(dtype=object)
        return out
    keys = list(zip(out["code"], out["value"], out["column"], out["params"]))
    done: dict[tuple, str] = {}
    out["message"] = [
        done[k] if k in done else done.setdefault(k, issue_message(k[0], lang, k[1], k[2], k[3]))
        for k in keys
    ]
    fixes = {code: issue_fix(code, lang) for code in set(out["code"])}
    out["fix"] = out["code"].map(fixes)
    return out


def with_messages(issues: Any, langs: tuple[str, ...] = ("id", "en")) -> Any:
    """The issues table with a `message_<lang>` column per language (the CLI's JSON, the `Masalah Data` tab)."""
    out = issues.copy()
    for lang in langs:
        out[f"message_{lang}"] = render_issues(issues, lang)["message"].to_numpy() if len(issues) else []
    return out


def _cell(value: object) -> str:
    from sheets.frames import is_missing  # pandas only when a message is rendered

    return "" if is_missing(value) else str(value)
