"""Configuration from the environment and the start-up checks on secrets."""
import pytest

from insight_service import create_app
from insight_service.config import ConfigError, check_secrets, database_url, from_environment


def test_heroku_postgres_url_maps_to_psycopg():
    assert database_url("postgres://u:p@h:5432/d", "/x") == "postgresql+psycopg://u:p@h:5432/d"
    assert database_url("postgresql://h/d", "/x") == "postgresql+psycopg://h/d"


def test_default_database_is_sqlite_in_instance_folder():
    assert database_url(None, "/srv/instance") == "sqlite:////srv/instance/insight.sqlite"


def test_environment_is_read_one_way():
    cfg = from_environment("/i", {"DEFAULT_PHONE_REGION": "BE", "MAX_CONTENT_LENGTH": "1024", "LOG_LEVEL": "DEBUG"})
    assert (cfg["DEFAULT_PHONE_REGION"], cfg["MAX_CONTENT_LENGTH"], cfg["LOG_LEVEL"]) == ("BE", 1024, "DEBUG")


@pytest.mark.parametrize("secret", ["", "short", "a" * 40])
def test_missing_or_weak_secret_stops_start_up(secret):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        check_secrets({"SECRET_KEY": secret, "IDENTITY_HASH_KEY": "k" * 10 + "abcdefghijklmnopqrstuvwxyz"})


def test_weak_identity_key_is_named_in_the_message():
    with pytest.raises(ConfigError, match="IDENTITY_HASH_KEY"):
        check_secrets({"SECRET_KEY": "abcdefghijklmnopqrstuvwxyz0123456789", "IDENTITY_HASH_KEY": ""})


def test_demo_mode_fills_in_development_secrets():
    cfg = {"INSIGHT_DEMO": True, "SECRET_KEY": "", "IDENTITY_HASH_KEY": ""}
    check_secrets(cfg)
    assert cfg["SECRET_KEY"] and cfg["IDENTITY_HASH_KEY"]


def test_create_app_refuses_production_without_secrets(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("INSIGHT_DEMO", raising=False)
    with pytest.raises(ConfigError):
        create_app({"SQLALCHEMY_DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SECRET_KEY": "", "TESTING": False})


def test_the_test_run_says_which_databases_it_covers():
    from tests.conftest import databases_line

    assert databases_line({"TEST_DATABASE_URL": "postgresql://x@h/db"}) == "databases: sqlite, postgresql"
    assert "PostgreSQL skipped: set TEST_DATABASE_URL" in databases_line({})
