"""The front door: GET / links the contract, the API explorer and sign-in; the explorer's files come from the
swagger-ui-py package and obey the same CSP as every page."""


def test_the_index_links_what_the_service_offers(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    for target in ('href="/docs"', 'href="/openapi.yaml"', 'href="/login"', 'href="/cards"', 'href="/pain-points"'):
        assert target in html


def test_the_explorer_is_served_from_the_package_under_the_same_csp(client):
    page = client.get("/docs")
    csp = page.headers["Content-Security-Policy"]
    assert page.status_code == 200 and "script-src 'self';" in csp and "style-src 'self';" in csp
    assert client.get("/").headers["Content-Security-Policy"] == csp
    html = page.get_data(as_text=True)
    assert "<script>" not in html and "http" not in html.split("<body>")[0]  # nothing inline, nothing third-party
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    body = bundle.get_data()
    bundle.close()  # the file stays open until the response is closed
    assert bundle.status_code == 200 and b"SwaggerUIBundle" in body[:2000]
    assert client.get("/docs/assets/swagger-editor.js").status_code == 404
    assert client.get("/docs/assets/..%2Fcore.py").status_code == 404
