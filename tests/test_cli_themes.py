"""`insight-service themes`: list discovered themes, promote one into the taxonomy, re-code with reanalyze."""
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from sqlalchemy import func, select

from insight_service import analysis
from insight_service.models import FeedbackPainPoint
from tests.services.theme_data import theme_records


@pytest.fixture
def themed(ingest_into):
    """Five authors per theme, posted in the last days; the shipped taxonomy again afterwards."""
    records = theme_records(5)
    for i, record in enumerate(records):
        record["posted_at"] = (datetime.now(timezone.utc) - timedelta(days=3, hours=i)).isoformat()
    ingest_into("feedback", records)
    yield
    analysis.use_taxonomy_overlay(None)


def test_promote_a_theme_then_reanalyze_recodes_it(app, session, themed, tmp_path):
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["themes", "list"])
    assert listed.exit_code == 0 and "hing snap\tLP-1\t5 authors" in listed.output
    overlay = tmp_path / "taxonomy.local.yaml"
    shipped = analysis.taxonomy().version
    result = runner.invoke(args=["themes", "promote", "hing snap", "--code", "hinge_snaps", "--label-en",
                                 "Hinge snaps", "--label-nl", "Scharnier breekt", "--overlay", str(overlay)])
    assert result.exit_code == 0, result.output
    document = yaml.safe_load(overlay.read_text())
    assert document["version"] == f"{shipped}+local.1" and analysis.taxonomy().version == document["version"]
    assert "hinge snaps" in document["codes"]["hinge_snaps"]["negative_terms"]["en"]
    assert "hinge_snaps" in {p.code for p in analysis.analyze("The hinge snaps", rating=1).pain_points}

    assert runner.invoke(args=["reanalyze"]).exit_code == 0  # every item's taxonomy version is now stale
    coded = session.scalar(select(func.count()).select_from(FeedbackPainPoint)
                           .where(FeedbackPainPoint.code == "hinge_snaps"))
    assert coded == 5
    after = runner.invoke(args=["themes", "list"]).output
    assert "hing snap" not in after and "app log" in after  # the code has those clauses now

    again = runner.invoke(args=["themes", "promote", "app log", "--code", "app_logout", "--label-en",
                                "App logs out", "--overlay", str(overlay)])
    assert again.exit_code == 0 and yaml.safe_load(overlay.read_text())["version"] == f"{shipped}+local.2"


@pytest.mark.parametrize(("args", "message"), [
    (["no such", "--code", "x_y"], "no stored phrase"),
    (["hing snap", "--code", "defect"], "shipped code"),
    (["hing snap", "--code", "Bad Name"], "lower-case"),
    (["hing snap", "--code", "hinge", "--owner", "nobody"], "owner"),
    (["hing snap", "--code", "hinge", "--term", "fr:charniere"], "en:words"),
])
def test_bad_promotions_are_refused_and_write_nothing(app, themed, tmp_path, args, message):
    overlay = tmp_path / "overlay.yaml"
    result = app.test_cli_runner().invoke(args=["themes", "promote", *args, "--label-en", "X",
                                                "--overlay", str(overlay)])
    assert result.exit_code != 0 and message in result.output and not overlay.exists()


def test_promote_needs_an_overlay_file(app, themed):
    result = app.test_cli_runner().invoke(args=["themes", "promote", "hing snap", "--code", "hinge",
                                                "--label-en", "Hinge"])
    assert result.exit_code != 0 and "TAXONOMY_OVERLAY" in result.output
