"""Connectors: a pure library that pulls pages of canonical records from external APIs and files."""
