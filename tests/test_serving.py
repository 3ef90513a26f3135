"""The shared gunicorn command line and the `serve` command that execs it."""
import gunicorn

from insight_service.access_log import ACCESS_FORMAT
from insight_service.serving import APP, LOGGER_CLASS, gunicorn_command


def test_command_serves_the_app_factory_with_the_workers_and_options_given():
    argv = gunicorn_command("127.0.0.1:9000", 3, "--log-level", "warning")
    assert argv[1:3] == ["-m", "gunicorn"] and argv[-1] == APP
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9000" and argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--log-level") + 1] == "warning"
    # a second server on the machine must not take over the first one's control socket
    assert ("--no-control-socket" in argv) == (gunicorn.version_info >= (25, 1))


def test_serve_execs_gunicorn_with_host_port_and_workers(app, monkeypatch):
    calls = []
    monkeypatch.setattr("os.execvp", lambda file, argv: calls.append(argv))
    result = app.test_cli_runner().invoke(args=["serve", "--host", "0.0.0.0", "--port", "8123", "--workers", "5"])
    assert result.exit_code == 0, result.output
    (argv,) = calls
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8123" and argv[argv.index("--workers") + 1] == "5"
    assert argv[argv.index("--access-logfile") + 1] == "-" and argv[-1] == APP
    # the access log names routes, never request lines with e-mails, ids or signed-link tokens
    assert argv[argv.index("--logger-class") + 1] == LOGGER_CLASS
    assert argv[argv.index("--access-logformat") + 1] == ACCESS_FORMAT
