"""The production PostgreSQL settings: the formulas, the conf lines and `db pgconf`."""
from __future__ import annotations

import pytest

from insight_service.postgres_tuning import GB, MB, as_conf, production_settings


def test_memory_is_sized_from_ram_and_connections():
    settings = production_settings(16 * GB, connections=200, cores=8)
    assert settings["shared_buffers"] == "4GB" and settings["effective_cache_size"] == "12GB"
    assert settings["work_mem"] == "15MB"  # (16 GB - 4 GB) / (200 connections x 4 sorts or hashes each)
    assert settings["maintenance_work_mem"] == "1GB" and settings["autovacuum_work_mem"] == "512MB"
    assert settings["max_connections"] == "200" and settings["max_parallel_workers"] == "8"


def test_small_and_large_servers_stay_within_the_clamps():
    small = production_settings(2 * GB, connections=100, cores=1)
    assert small["shared_buffers"] == "512MB" and small["work_mem"] == "4MB" and small["maintenance_work_mem"] == "128MB"
    assert small["max_parallel_workers_per_gather"] == "1"
    large = production_settings(256 * GB, connections=100, cores=64)
    assert large["work_mem"] == "64MB" and large["maintenance_work_mem"] == "2GB" and large["max_wal_size"] == "16GB"
    assert large["max_parallel_workers_per_gather"] == "4"


def test_the_workload_choices_hold_at_every_size():
    for ram in (1 * GB, 4 * GB, 64 * GB):
        settings = production_settings(ram)
        assert settings["synchronous_commit"] == "on"  # the audit entry is on disk before a read answers
        assert settings["jit"] == "off" and settings["random_page_cost"] == "1.1"
        assert settings["wal_compression"] == "lz4" and settings["checkpoint_completion_target"] == "0.9"
        assert settings["log_parameter_max_length"] == "0"  # personal data never reaches the server's log


@pytest.mark.parametrize("ram, connections", [(512 * MB, 100), (4 * GB, 5)])
def test_impossible_servers_are_refused(ram, connections):
    with pytest.raises(ValueError):
        production_settings(ram, connections)


def test_conf_lines_quote_what_postgresql_needs_quoted():
    text = as_conf({"shared_buffers": "1GB", "checkpoint_completion_target": "0.9", "jit": "off",
                    "listen_addresses": "127.0.0.1", "max_connections": "100"})
    assert text.splitlines() == ["shared_buffers = '1GB'", "checkpoint_completion_target = 0.9", "jit = off",
                                 "listen_addresses = '127.0.0.1'", "max_connections = 100"]


def test_db_pgconf_prints_the_settings(app):
    result = app.test_cli_runner().invoke(args=["db", "pgconf", "--ram", "8GB", "--connections", "150"])
    assert result.exit_code == 0, result.output
    assert "shared_buffers = '2GB'" in result.output and "max_connections = 150" in result.output
    assert "effective_cache_size = '6GB'" in result.output


@pytest.mark.parametrize("ram", ["lots", "512MB"])
def test_db_pgconf_refuses_a_bad_size(app, ram):
    result = app.test_cli_runner().invoke(args=["db", "pgconf", "--ram", ram])
    assert result.exit_code != 0
