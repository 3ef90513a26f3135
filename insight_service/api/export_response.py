"""A streamed export download shared by the API and the overview page."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Response, current_app

from .. import db
from ..analysis import taxonomy
from ..models import utcnow
from ..services.aggregates.exports import FORMATS, export_stream


def export_response(fmt: str, metadata: dict, rows: Callable[..., Iterator[dict]]) -> Response:
    """Stream rows(session) in a format, as a named attachment.

    The rows are read while the body streams, after the request's session is closed: the stream opens a
    session of its own and closes it when the stream ends, so no connection outlives the download.
    """
    app = current_app._get_current_object()

    def stream():
        with app.app_context(), db.fresh_session() as session:
            yield from export_stream(rows(session), fmt, metadata)

    name = f"pain-points-{utcnow():%Y%m%d}.{fmt}"
    return Response(stream(), mimetype=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "X-Taxonomy-Version": taxonomy().version})
