"""The schema drives the order tabs are checked in and the references between them."""

from __future__ import annotations

import pytest

from sheets import messages, schema
from sheets.schema import Column, Tab


def _tab(name: str, *refs: str) -> Tab:
    columns = [Column("key", f"ID {name}", "id", "ID", "", "", required=True, unique=True)]
    columns += [Column(f"ref_{r}", f"ID {r}", "id", r, "", "", references=(r, "key")) for r in refs]
    return Tab(name, name, "", "", tuple(columns), key=("key",))


def test_every_reference_names_a_key_column_of_a_tab():
    for tab in schema.TABS.values():
        for column in tab.columns:
            if column.references is not None:
                target, key = column.references
                assert schema.TABS[target].column(key).unique, (tab.name, column.key)


def test_a_tab_is_checked_after_the_tabs_it_references():
    order = [t.name for t in schema.check_order(schema.MAIN_TABS)]
    assert sorted(order) == sorted(t.name for t in schema.MAIN_TABS)
    for tab in schema.MAIN_TABS:
        for target in tab.referenced_tabs:
            assert order.index(target) < order.index(tab.name)


def test_check_order_moves_a_referencing_tab_after_its_target_and_refuses_a_circle():
    a, b, c = _tab("A", "C"), _tab("B"), _tab("C")
    assert [t.name for t in schema.check_order((a, b, c))] == ["B", "C", "A"]
    assert [t.name for t in schema.check_order((_tab("A", "Elsewhere"),))] == ["A"]
    with pytest.raises(ValueError, match="circle"):
        schema.check_order((_tab("A", "B"), _tab("B", "A")))


def test_a_column_shared_by_tabs_is_named_alike_in_each():
    # The same key in two tabs is the same thing (an ID, the kecamatan, notes): one header, one set of aliases.
    for key in ("survivor_id", "activity_id", "district", "notes"):
        spellings = {(c.header, c.aliases) for t in schema.TABS.values() for c in t.columns if c.key == key}
        assert len(spellings) == 1, (key, spellings)


def test_colours_and_labels_belong_to_values_of_the_contract():
    for tab in schema.TABS.values():
        for column in tab.columns:
            assert {value for value, _ in column.colours} <= set(column.allowed), (tab.name, column.key)
    colours = schema.value_colours()
    assert colours["Perempuan"] != colours["Laki-laki"]  # the two sexes never share a colour
    # Every value of a category (but the kecamatan, names in any language) has its name in the catalogs.
    for tab in schema.TABS.values():
        for column in tab.columns:
            if column.kind == "category" and column.key != "district":
                for value in column.allowed:
                    assert messages.has(schema.value_label_key(value)), (column.key, value)
