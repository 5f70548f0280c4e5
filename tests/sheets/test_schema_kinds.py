"""Every column kind of the schema has what each part of the data layer needs of it.

A kind is named once (`schema.Kind`); its docs label, the rule a bad cell breaks, its parser, its
workbook format and how a visit writes it live in tables keyed by it. A kind added to `Kind` and missing from one of
them fails here, not on the first workbook that uses it.
"""

from __future__ import annotations

from typing import get_args

from sheets import issues, messages, schema, validate, visits, workbook


def test_every_kind_has_a_label_a_rule_a_parser_and_a_workbook_format():
    kinds = set(get_args(schema.Kind))
    assert set(schema.KIND_LABELS) == kinds
    assert set(schema.KIND_INVALID) == kinds
    assert set(workbook.NUMBER_FORMATS) == kinds
    assert set(visits.CELL_WRITERS) == kinds  # a visit's values written back to the sheet
    # Text and IDs are cleaned, never invalid; every other kind is parsed and has a rule with messages.
    parsed = {kind for kind, code in schema.KIND_INVALID.items() if code is not None}
    assert parsed == set(validate.PARSERS) == kinds - {"text", "id"}
    for code in filter(None, schema.KIND_INVALID.values()):
        assert code in issues.RULES
        assert messages.has(f"rule.{code}") and messages.has(f"rule.{code}.fix")


def test_every_column_of_the_contract_has_a_known_kind():
    kinds = set(get_args(schema.Kind))
    assert {column.kind for tab in schema.TABS.values() for column in tab.columns} <= kinds
