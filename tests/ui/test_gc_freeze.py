"""ui.gc_freeze: the libraries leave the collector's sight once imported; garbage is collected first."""

from __future__ import annotations

import gc
import importlib
import sys
import uuid
import weakref

import pytest

from ui import gc_freeze


@pytest.fixture
def fresh_module(tmp_path, monkeypatch):
    """A module nobody has imported yet: importing it grows `sys.modules`, as a page's first run does."""
    name = f"pulih_gc_probe_{uuid.uuid4().hex}"  # a new name each time: sys.modules only grows
    (tmp_path / f"{name}.py").write_text("TABLE = {'k': [1, 2, 3]}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    gc.unfreeze()  # leave the test process as it was


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_run_that_imported_modules_freezes_what_is_alive(fresh_module):
    gc_freeze.after_run()  # whatever the suite imported so far
    importlib.import_module(fresh_module)
    before = gc.get_freeze_count()
    tracked = len(gc.get_objects())

    assert gc_freeze.after_run() is True
    # The long-lived objects are out of the collector's sight: a full pass visits only new ones.
    assert gc.get_freeze_count() > before
    assert len(gc.get_objects()) < tracked / 2
    assert sys.modules[fresh_module].TABLE == {"k": [1, 2, 3]}  # frozen, not freed


def test_a_run_that_imported_nothing_freezes_nothing(fresh_module):
    importlib.import_module(fresh_module)
    gc_freeze.after_run()
    frozen = gc.get_freeze_count()

    assert gc_freeze.after_run() is False
    assert gc.get_freeze_count() == frozen


def test_garbage_is_collected_before_the_freeze_and_never_kept(fresh_module):
    garbage = Cycle()
    gone = weakref.ref(garbage)
    del garbage  # unreachable, but a reference cycle: only the collector frees it
    importlib.import_module(fresh_module)

    assert gc_freeze.after_run() is True
    assert gone() is None
