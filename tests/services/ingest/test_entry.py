"""The ingest entry point: the cycle collector is paused for a batch and always resumed."""
import gc

import pytest

from insight_service.services.ingest.entry import cyclic_gc_paused


def test_gc_is_paused_during_a_batch_and_resumed_after_an_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with cyclic_gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("a failing batch")
    assert gc.isenabled()


def test_only_the_caller_that_paused_gc_resumes_it():
    with cyclic_gc_paused():
        with cyclic_gc_paused():  # a batch inside a batch (or on another thread meanwhile)
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_gc_disabled_by_someone_else_stays_disabled():
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
