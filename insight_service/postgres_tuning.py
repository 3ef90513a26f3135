"""The production PostgreSQL configuration for this service, sized by formula from the server's RAM and connections.

docs/postgresql.md gives the reason for every setting; `insight-service db pgconf` prints them for a machine and
benchmarks/scale.py starts a server with them. The formulas assume a server that runs PostgreSQL alone (the
service's processes on other machines) with SSD or NVMe storage.
"""
from __future__ import annotations

import re

MB = 1024 * 1024
GB = 1024 * MB


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _size(value: int) -> str:
    """Bytes as PostgreSQL's memory units, rounded down to whole MB."""
    megabytes = value // MB
    return f"{megabytes // 1024}GB" if megabytes % 1024 == 0 and megabytes >= 1024 else f"{megabytes}MB"


def production_settings(ram: int, connections: int = 100, cores: int = 4) -> dict[str, str]:
    """postgresql.conf settings for a server with `ram` bytes, `connections` max_connections and `cores` CPUs."""
    if ram < 1 * GB:
        raise ValueError("the formulas assume at least 1 GB of RAM")
    if connections < 10 or cores < 1:
        raise ValueError("connections must be at least 10 and cores at least 1")
    shared = ram // 4
    return {
        # memory
        "max_connections": str(connections),
        "shared_buffers": _size(shared),
        "effective_cache_size": _size(ram * 3 // 4),
        "work_mem": _size(_clamp((ram - shared) // (connections * 4), 4 * MB, 64 * MB)),
        "maintenance_work_mem": _size(_clamp(ram // 16, 64 * MB, 2 * GB)),
        "autovacuum_work_mem": _size(_clamp(ram // 32, 64 * MB, 1 * GB)),
        "huge_pages": "try",
        # WAL and checkpoints
        "wal_compression": "lz4",
        "wal_buffers": "16MB",
        "min_wal_size": "1GB",
        "max_wal_size": "4GB" if ram < 16 * GB else "16GB",
        "checkpoint_timeout": "15min",
        "checkpoint_completion_target": "0.9",
        "synchronous_commit": "on",
        # planner
        "random_page_cost": "1.1",
        "effective_io_concurrency": "200",
        "jit": "off",
        "default_statistics_target": "100",
        "max_worker_processes": str(max(8, cores)),
        "max_parallel_workers": str(cores),
        "max_parallel_workers_per_gather": str(_clamp(cores // 2, 1, 4)),
        "max_parallel_maintenance_workers": str(_clamp(cores // 2, 1, 4)),
        # autovacuum: small scale factors, so large tables are vacuumed and analysed often in small steps
        "autovacuum_max_workers": "3",
        "autovacuum_naptime": "15s",
        "autovacuum_vacuum_cost_limit": "2000",
        "autovacuum_vacuum_scale_factor": "0.05",
        "autovacuum_vacuum_insert_scale_factor": "0.05",
        "autovacuum_analyze_scale_factor": "0.02",
        # seeing trouble
        "log_min_duration_statement": "500ms",
        "log_parameter_max_length": "0",  # a slow statement's parameters hold personal data: never log them
        "log_autovacuum_min_duration": "10s",
        "log_checkpoints": "on",
        "log_lock_waits": "on",
        "track_io_timing": "on",
    }


def as_conf(settings: dict[str, str]) -> str:
    """The settings as postgresql.conf lines."""
    def quoted(value: str) -> str:
        return value if re.fullmatch(r"-?\d+(\.\d+)?|on|off", value) else f"'{value}'"

    return "".join(f"{name} = {quoted(value)}\n" for name, value in settings.items())
