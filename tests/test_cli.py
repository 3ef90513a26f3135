"""The insight-service command: migrations, keys, generate, demo, reanalyze."""
import json

from sqlalchemy import func, select, update

from insight_service.models import ApiKey, Customer, Feedback, QuarantinedRecord


def test_db_upgrade_is_idempotent(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0


def test_keys_create_list_revoke(app, session):
    runner = app.test_cli_runner()
    created = runner.invoke(args=["keys", "create", "--role", "crm", "--name", "HubSpot sync"])
    assert created.exit_code == 0
    raw = next(line for line in created.output.splitlines() if line.startswith("isk_"))
    assert raw not in runner.invoke(args=["keys", "list"]).output
    assert runner.invoke(args=["keys", "revoke", "1"]).exit_code == 0
    assert session.scalars(select(ApiKey.revoked_at)).one() is not None
    assert runner.invoke(args=["keys", "revoke", "99"]).exit_code != 0
    assert runner.invoke(args=["keys", "create", "--role", "root", "--name", "x"]).exit_code != 0


def test_generate_writes_files(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["generate", "--customers", "5", "--feedback", "20", "--out",
                                                str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "feedback.jsonl").read_text().splitlines()
    assert len(lines) == 20 and json.loads(lines[0])["source"]


def test_demo_loads_through_the_pipeline_and_prints_a_working_key(app, client, session):
    result = app.test_cli_runner().invoke(args=["demo", "--customers", "20", "--feedback", "150"])
    assert result.exit_code == 0, result.output
    key = next(w for w in result.output.split() if w.startswith("isk_"))
    assert session.scalar(select(func.count()).select_from(Customer)) == 20
    assert session.scalar(select(func.count()).select_from(Feedback)) > 100
    assert session.scalar(select(func.count()).select_from(QuarantinedRecord)) > 0  # the deliberately bad ones
    assert client.get("/api/v1/quarantine", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_demo_via_the_files_connector_gives_the_same_data(app, session):
    result = app.test_cli_runner().invoke(args=["demo", "--customers", "20", "--feedback", "150", "--via-files"])
    assert result.exit_code == 0, result.output
    assert session.scalar(select(func.count()).select_from(Customer)) == 20
    assert session.scalar(select(func.count()).select_from(Feedback)) > 100


def test_reanalyze_rescores_items_of_older_versions(app, session):
    app.test_cli_runner().invoke(args=["demo", "--customers", "10", "--feedback", "60"])
    live = session.scalar(select(func.count()).select_from(Feedback).where(Feedback.text.is_not(None)))
    session.execute(update(Feedback).values(analyzer_version="0.0.1", sentiment_label="stale"))
    session.commit()
    result = app.test_cli_runner().invoke(args=["reanalyze"])
    assert result.exit_code == 0 and f"re-analysed {live} items" in result.output
    session.expire_all()
    labels = set(session.scalars(select(Feedback.sentiment_label).where(Feedback.text.is_not(None))))
    assert "stale" not in labels
    # de-identified items keep the facts they had: there is no text to re-read
    assert app.test_cli_runner().invoke(args=["reanalyze"]).output.startswith("0 items")


def test_demo_window_ends_where_the_current_month_begins():
    from datetime import date

    from insight_service.cli.data import demo_start

    assert demo_start(date(2026, 11, 22)) == date(2025, 11, 1)
    assert demo_start(date(2027, 1, 1)) == date(2026, 1, 1)


STRONG = "operator-test-secret-" + "k7" * 16


def operator(args, tmp_path, **env):
    """Run the installed `insight-service` entry point as an operator would; (exit code, stdout, stderr)."""
    import os
    import subprocess
    import sys

    environ = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "IDENTITY_HASH_KEY", "DATABASE_URL",
                                                                "INSIGHT_DEMO", "INSIGHT_TRACEBACK")}
    environ.update(env)
    done = subprocess.run([sys.executable, "-c", "from insight_service.cli.main import main; main()", *args],
                          cwd=tmp_path, env=environ, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def one_clear_line(stderr: str) -> str:
    """The whole error output: one line, no traceback."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_a_missing_secret_key_is_one_line_naming_the_variable(tmp_path):
    code, _out, err = operator(["keys", "list"], tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite")
    assert code != 0 and "SECRET_KEY" in one_clear_line(err)


def test_a_missing_database_is_not_created_empty_and_the_fix_is_named(tmp_path):
    target = tmp_path / "insight.sqlite"
    code, _out, err = operator(["keys", "list"], tmp_path, DATABASE_URL=f"sqlite:///{target}", SECRET_KEY=STRONG,
                               IDENTITY_HASH_KEY=STRONG)
    line = one_clear_line(err)
    assert code != 0 and "DATABASE_URL" in line and "insight-service db upgrade" in line
    assert not target.exists()


def test_an_unmigrated_database_names_db_upgrade_and_then_works(tmp_path):
    target = tmp_path / "insight.sqlite"
    target.touch()  # what an earlier run without DATABASE_URL left behind
    env = dict(DATABASE_URL=f"sqlite:///{target}", SECRET_KEY=STRONG, IDENTITY_HASH_KEY=STRONG)
    code, _out, err = operator(["keys", "list"], tmp_path, **env)
    assert code != 0 and "no schema" in one_clear_line(err) and "insight-service db upgrade" in err
    assert operator(["db", "upgrade"], tmp_path, **env)[0] == 0
    code, out, err = operator(["keys", "revoke", "7"], tmp_path, **env)
    assert code != 0 and one_clear_line(err) == "Error: no key with id 7"
    assert operator(["keys", "list"], tmp_path, **env)[0] == 0


def test_an_unreachable_database_is_one_line(tmp_path):
    code, _out, err = operator(["keys", "list"], tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:9/none",
                               SECRET_KEY=STRONG, IDENTITY_HASH_KEY=STRONG)
    assert code != 0 and "cannot reach the database" in one_clear_line(err) and "DATABASE_URL" in err


def test_an_unexpected_failure_is_one_line_too():
    from sqlalchemy.exc import OperationalError

    from insight_service.cli.errors import one_line

    expected = "ValueError: bad (set INSIGHT_TRACEBACK=1 to see where it happened)"
    assert one_line(ValueError("bad\nmore lines")) == expected
    missing = OperationalError("SELECT 1", {"email": "x@y.nl"}, Exception("no such table: api_keys"))
    assert one_line(missing) == ("the database schema is missing or old (no such table: api_keys): "
                                 "run `insight-service db upgrade`")
