"""The connection budget: pool settings from configuration, the formula, and `db budget`."""
from __future__ import annotations

import pytest

from insight_service import create_app
from insight_service.config import ConfigError
from insight_service.connection_budget import (PoolSettings, connections_needed, pool_settings,
                                               processes_allowed)
from tests.conftest import TEST_SECRETS


def test_the_defaults_keep_eight_processes_under_postgresql_s_default_limit():
    pool = pool_settings({}, connect_timeout=5)
    assert (pool.size, pool.overflow, pool.timeout) == (5, 5, 10)
    assert connections_needed(8, pool) == 80 < 100 - 3
    assert processes_allowed(100, 3, pool) >= 8


def test_pool_sizes_come_from_configuration():
    pool = pool_settings({"DATABASE_POOL_SIZE": "2", "DATABASE_MAX_OVERFLOW": "0", "DATABASE_POOL_TIMEOUT": "3.5"},
                         connect_timeout=5)
    assert pool == PoolSettings(2, 0, 3.5) and connections_needed(10, pool) == 20
    assert processes_allowed(100, 3, pool) == 46


@pytest.mark.parametrize("name, value", [("DATABASE_POOL_SIZE", "0"), ("DATABASE_POOL_SIZE", "five"),
                                         ("DATABASE_MAX_OVERFLOW", "-1"), ("DATABASE_POOL_TIMEOUT", "0")])
def test_a_bad_pool_setting_stops_start_up_naming_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        pool_settings({name: value}, connect_timeout=5)


def test_the_app_s_engine_uses_the_configured_pool(db_url, tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": db_url, **TEST_SECRETS,
                      "DATABASE_POOL_SIZE": "3", "DATABASE_MAX_OVERFLOW": "2", "DATABASE_POOL_TIMEOUT": "4",
                      "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite'}"})
    pool = app.extensions["db_engine"].pool
    if db_url.startswith("postgresql"):
        assert (pool.size(), pool._max_overflow, pool.timeout()) == (3, 2, 4)
    result = app.test_cli_runner().invoke(args=["db", "budget", "--processes", "8"])
    assert result.exit_code == 0, result.output
    assert "pool 3 + overflow 2 = 5 connections" in result.output and "at most 40 connections" in result.output
    if db_url.startswith("postgresql"):
        assert "max_connections" in result.output and "room for" in result.output
    app.extensions["db_engine"].dispose()


def test_db_budget_refuses_a_deployment_the_server_cannot_take(app, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no connection limit")
    result = app.test_cli_runner().invoke(args=["db", "budget", "--processes", "100"])
    assert result.exit_code != 0 and "exceed" in result.output
