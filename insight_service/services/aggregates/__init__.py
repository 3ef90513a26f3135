"""Aggregates: de-identified pain-point facts, trends, emerging issues, discovered themes and exports."""
