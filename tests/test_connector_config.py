"""The connectors file: parsing, validation errors that name connector and key, secrets only by env var name."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from insight_service.connector_config import ConnectorConfigError, load_connectors, parse_connectors
from insight_service.services.jobs.schedule import Schedule, ScheduleError

SECRET = "pat-eu1-very-secret-value"
GOOD = """
[connectors.hubspot-main]
kind = "hubspot"
base_url = "https://api.hubapi.com"
schedule = "every 15m"
batch_size = 500
[connectors.hubspot-main.options]
objects = ["contacts", "deals"]
[connectors.hubspot-main.secrets]
access_token = "env:HUBSPOT_TOKEN"

[connectors.reviews]
kind = "files"
schedule = "daily 03:00"
[connectors.reviews.options]
path = "/data/reviews/*.csv"
kind = "feedback"
"""


def write(tmp_path, text: str) -> str:
    """Write a connectors file and return its path."""
    path = tmp_path / "connectors.toml"
    path.write_text(text)
    return str(path)


def test_a_valid_file_loads_with_secrets_resolved_from_the_environment(tmp_path):
    configs = load_connectors(write(tmp_path, GOOD), {"HUBSPOT_TOKEN": SECRET})
    hub = configs["hubspot-main"]
    assert (hub.kind, hub.schedule.text, hub.batch_size, hub.base_url) == ("hubspot", "every 15m", 500,
                                                                          "https://api.hubapi.com")
    assert hub.options == {"objects": ["contacts", "deals"]} and hub.secret_vars == {"access_token": "HUBSPOT_TOKEN"}
    assert SECRET not in repr(hub)  # the config holds the variable's name, never the value
    assert hub.secrets({"HUBSPOT_TOKEN": SECRET}) == {"access_token": SECRET}
    connector = hub.build({"HUBSPOT_TOKEN": SECRET})
    assert connector.name == "hubspot-main" and connector.base_url == "https://api.hubapi.com"
    assert configs["reviews"].schedule.at is not None and configs["reviews"].batch_size == 500


def test_no_file_configured_means_no_connectors():
    assert load_connectors("") == {}


@pytest.mark.parametrize("table, message", [
    ('kind = "myspace"', "connector 'x', key 'kind': unknown connector kind 'myspace'; known kinds: facebook"),
    ('kind = "hubspot"\nschedule = "hourly"', "connector 'x', key 'schedule': 'hourly' is not"),
    ('kind = "hubspot"\nschedule = "every 10s"', "connector 'x', key 'schedule': interval must be at least 60"),
    ('kind = "hubspot"\nbatch_size = 0', "connector 'x', key 'batch_size': must be between 1 and 10000"),
    ('kind = "hubspot"\nbatch_size = "many"', "connector 'x', key 'batch_size': must be an integer"),
    ('kind = "hubspot"\ncolour = "red"', "connector 'x', key 'colour': unknown key"),
    ('kind = "hubspot"\nbase_url = "https://user:pw@api.example"', "connector 'x', key 'base_url': must be an"),
    ('kind = "hubspot"\noptions = 3', "connector 'x', key 'options': must be a table"),
    ('kind = "hubspot"\n[connectors.x.secrets]\naccess_token = "env:MISSING_TOKEN"',
     "connector 'x': environment variable MISSING_TOKEN is not set"),
])
def test_invalid_entries_name_the_connector_and_key(tmp_path, table, message):
    with pytest.raises(ConnectorConfigError) as caught:
        load_connectors(write(tmp_path, f"[connectors.x]\n{table}\n"), {})
    assert str(caught.value).startswith(message)


def test_a_secret_written_in_the_file_is_refused_without_repeating_it(tmp_path):
    text = f'[connectors.x]\nkind = "hubspot"\n[connectors.x.secrets]\naccess_token = "{SECRET}"\n'
    with pytest.raises(ConnectorConfigError) as caught:
        load_connectors(write(tmp_path, text), {})
    assert "key 'secrets.access_token': must be 'env:VARIABLE_NAME'" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_missing_variables_can_be_left_to_the_run(tmp_path):
    text = '[connectors.x]\nkind = "hubspot"\n[connectors.x.secrets]\naccess_token = "env:LATER"\n'
    config = load_connectors(write(tmp_path, text), {}, check_env=False)["x"]
    with pytest.raises(ConnectorConfigError, match="environment variable LATER is not set"):
        config.build({})


@pytest.mark.parametrize("text, message", [
    ("[connectors", "is not valid TOML"), ("[other]\na = 1", "unknown top-level key 'other'"),
    ("[connectors.Bad_Name]\nkind = 'files'", "connector 'Bad_Name': names are"),
    ("[connectors._retention]\nkind = 'files'", "connector '_retention': names are"),
])
def test_file_level_errors(tmp_path, text, message):
    with pytest.raises(ConnectorConfigError, match=message):
        load_connectors(write(tmp_path, text), {})


def test_unreadable_file(tmp_path):
    with pytest.raises(ConnectorConfigError, match="cannot read connectors file"):
        load_connectors(str(tmp_path / "nope.toml"))


def test_parse_connectors_defaults():
    config = parse_connectors({"connectors": {"t": {"kind": "twitter"}}}, {})["t"]
    assert (config.schedule.text, config.batch_size, config.max_retries, config.timeout) == ("every 1h", 500, 5, 30.0)


NOW = datetime(2026, 5, 10, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, last, due", [
    ("every 15m", None, True),
    ("every 15m", NOW - timedelta(minutes=14), False),
    ("every 15m", NOW - timedelta(minutes=15), True),
    ("every 2h", NOW - timedelta(hours=1), False),
    ("daily 03:00", None, True),
    ("daily 03:00", NOW.replace(hour=3, minute=5), False),     # ran after today's slot
    ("daily 03:00", NOW.replace(hour=2, minute=59), True),     # ran before today's slot
    ("daily 13:00", NOW - timedelta(hours=22), False),         # yesterday 14:00, after yesterday's slot
    ("daily 13:00", NOW - timedelta(hours=24), True),          # yesterday 12:00, before yesterday's slot
    ("manual", None, False),
])
def test_schedules(text, last, due):
    assert Schedule.parse(text).is_due(last, NOW) is due


def test_schedule_next_run():
    assert Schedule.parse("every 15m").next_run(NOW, NOW) == NOW + timedelta(minutes=15)
    assert Schedule.parse("daily 03:00").next_run(NOW, NOW) == datetime(2026, 5, 11, 3, 0, tzinfo=timezone.utc)
    assert Schedule.parse(" Every  1H ").text == "every 1h" and Schedule.parse("manual").next_run(None, NOW) is None


@pytest.mark.parametrize("text", ["", "every", "every 0m", "daily 24:00", "daily 3pm", 15])
def test_bad_schedules(text):
    with pytest.raises(ScheduleError):
        Schedule.parse(text)


def test_the_example_file_is_valid():
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "connectors.example.toml"
    configs = load_connectors(str(example), check_env=False)
    assert sorted(c.kind for c in configs.values()) == sorted(
        ["hubspot", "salesforce", "twitter", "facebook", "trustpilot", "zendesk", "files"])
    assert all(var.isupper() for c in configs.values() for var in c.secret_vars.values())
