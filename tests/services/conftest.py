"""Fixtures for service tests: a session and the identity hasher of the test app."""
import pytest

from insight_service.services.identifiers import hasher_from_config


@pytest.fixture
def hasher(app):
    """The app's identity hasher."""
    return hasher_from_config(app.config)


@pytest.fixture
def ingest_into(session, hasher):
    """Ingest records of a kind into the test database and commit, like one request would."""
    from insight_service.services.ingest import ingest

    def _ingest(kind, records, origin="test"):
        result = ingest(session, kind, records, origin=origin, hasher=hasher)
        session.commit()
        return result

    return _ingest
