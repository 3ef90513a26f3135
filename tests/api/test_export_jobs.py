"""Large exports as jobs: queued (202), 409 until the job finished, then the same file as the streamed export."""
import io

import pandas as pd
import pytest

from tests.api.test_pain_points_api import PERSONAL, loaded  # noqa: F401 - the fixture
from tests.leaks import assert_absent


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_queued_export_downloads_once_its_job_finished(client, auth, loaded, run_jobs, check_response, fmt):  # noqa: F811
    queued = client.post(f"/api/v1/pain-points/exports?format={fmt}&sku=CM-100", headers=auth("rnd"))
    check_response(queued, "post", "/api/v1/pain-points/exports")
    assert queued.status_code == 202 and queued.json["status"] == "queued"
    url = queued.json["download_url"]
    early = client.get(url, headers=auth("rnd"))
    assert early.status_code == 409 and "is queued" in early.json["detail"]
    assert run_jobs() == 1
    done = client.get(url, headers=auth("rnd"))
    assert done.status_code == 200 and f'.{fmt}"' in done.headers["Content-Disposition"]
    raw = done.get_data()
    direct = client.get(f"/api/v1/pain-points/export?format={fmt}&sku=CM-100", headers=auth("rnd")).get_data()
    reader = (lambda b: pd.read_csv(io.BytesIO(b), comment="#")) if fmt == "csv" else (
        lambda b: pd.read_parquet(io.BytesIO(b)))
    assert reader(raw)["mentions"].tolist() == reader(direct)["mentions"].tolist() == [5]
    assert_absent(raw.decode("latin-1"), PERSONAL[:-1])


def test_export_jobs_refuse_bad_input_other_roles_and_unknown_ids(client, auth):
    assert client.post("/api/v1/pain-points/exports?format=doc", headers=auth("rnd")).status_code == 422
    assert client.post("/api/v1/pain-points/exports", headers=auth("crm")).status_code == 403
    assert client.get("/api/v1/pain-points/exports/99", headers=auth("rnd")).status_code == 404
