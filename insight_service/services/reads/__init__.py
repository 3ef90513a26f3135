"""Reads: what we know of one customer: indexed queries, the feedback history and its handling, journey, risk."""
