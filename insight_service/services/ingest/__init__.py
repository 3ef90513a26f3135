"""Ingest: records in from the API, connectors and files; validated, salvaged, de-duplicated, stored, analysed."""
