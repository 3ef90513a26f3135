"""The CRM-like example client runs its whole scenario against a live server."""
import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def live_url(app):
    """The app served on a free loopback port for the length of a test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def test_crm_client_scenario_passes(live_url, make_key, capsys):
    from examples.crm_client import main

    main(["--url", live_url, "--key", make_key("crm")])
    out = capsys.readouterr().out
    assert "all checks passed" in out and "FAILED" not in out


def test_crm_client_scenario_passes_on_its_second_run_too(live_url, make_key, capsys):
    from examples.crm_client import main

    key = make_key("crm")
    main(["--url", live_url, "--key", key])
    capsys.readouterr()
    main(["--url", live_url, "--key", key])
    out = capsys.readouterr().out
    assert "all checks passed" in out and "FAILED" not in out
