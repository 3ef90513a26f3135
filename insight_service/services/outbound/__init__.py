"""Outbound: what we push to other systems: insight fields written back into the CRMs."""
