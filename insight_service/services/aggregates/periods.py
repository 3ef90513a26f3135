"""Dialect-aware SQL expressions that bucket timestamps into days, weeks and months (as 'YYYY-MM-DD' text)."""
from __future__ import annotations

from sqlalchemy import DateTime, cast, func
from sqlalchemy.orm import Session

PERIODS = ("week", "month")


def _utc(session: Session, column):
    if session.get_bind().dialect.name == "postgresql":
        return func.timezone("UTC", column)
    return column


def period_start(session: Session, column, period: str):
    """The first day of the week (Monday) or month containing the timestamp, as 'YYYY-MM-DD'."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc(period, _utc(session, column)), "YYYY-MM-DD")
    if period == "week":
        # 'weekday 0' moves to the next Sunday (or stays on one); six days back is that week's Monday
        return func.date(column, "weekday 0", "-6 days")
    return func.strftime("%Y-%m-01", column)


def month_label(session: Session, column):
    """'YYYY-MM' of a timestamp in UTC."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(_utc(session, column), "YYYY-MM")
    return func.strftime("%Y-%m", column)



def day_start(session: Session, column):
    """The UTC day of a timestamp as 'YYYY-MM-DD'."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(_utc(session, column), "YYYY-MM-DD")
    return func.date(column)


def day_period(session: Session, column, period: str):
    """The first day of the week or month containing a 'YYYY-MM-DD' day, as 'YYYY-MM-DD'."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.date_trunc(period, cast(column, DateTime())), "YYYY-MM-DD")
    return period_start(session, column, period)
