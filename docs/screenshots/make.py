"""Take the README screenshots from the demo data set: python docs/screenshots/make.py (needs /usr/bin/chromium).

Loads the same generated data as `make demo` (300 customers, 4000 feedback items, seed 42) into a temporary
SQLite database through the ingest pipeline, serves it on a free port, and saves card-360.png, card-1280.png
and overview.png next to this file.
"""
from __future__ import annotations

import logging
import secrets
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from insight_service import create_app, db, migrations  # noqa: E402
from insight_service.card_tokens import sign  # noqa: E402
from insight_service.generator import generate  # noqa: E402
from insight_service.services.identity.identifiers import hasher_from_config  # noqa: E402
from insight_service.services.ingest.loading import load_dataset  # noqa: E402
from insight_service.web.demo import demo_customer, latest_feedback_day  # noqa: E402


def main() -> None:
    """Seed, serve, shoot."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    workdir = tempfile.mkdtemp(prefix="insight-shots-")
    app = create_app({"SQLALCHEMY_DATABASE_URL": f"sqlite:///{workdir}/demo.sqlite", "INSIGHT_DEMO": True,
                      "SECRET_KEY": secrets.token_urlsafe(48), "IDENTITY_HASH_KEY": secrets.token_urlsafe(48),
                      "LOG_LEVEL": "WARNING"})
    with app.app_context():
        migrations.upgrade(db.engine())
        load_dataset(db.fresh_session, generate(300, 4000, 42, include_invalid=True), origin="demo",
                     hasher=hasher_from_config(app.config), batch_size=500)
        with db.fresh_session() as session:
            customer, until = demo_customer(session), latest_feedback_day(session)
    secret = app.config["SECRET_KEY"]
    card, _e = sign(secret, "card", "service", customer, 3600)
    overview, _e = sign(secret, "overview", "rnd", None, 3600)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    shots = [("card-360.png", 360, f"{base}/cards/{customer}?t={card}", 1800),
             ("card-1280.png", 1280, f"{base}/cards/{customer}?t={card}", None),
             ("overview.png", 1280, f"{base}/pain-points?weeks=26&until={until}&t={overview}", None)]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, width, url, height in shots:
            page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
            page.goto(url)
            clip = {"x": 0, "y": 0, "width": width, "height": height} if height else None
            page.screenshot(path=str(HERE / name), full_page=True, clip=clip)
            print(HERE / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
