"""The one page loop: a retrying Session, timeouts, throttle hooks, SourceError, paginated fetches."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any, ClassVar, NamedTuple

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

from connectors.errors import SourceError, error_codes, error_message, redact, safe_path
from connectors.pagination import Paginator, Request, dig
from connectors.records import Page, unmappable

log = logging.getLogger("connectors")


class Fetched(NamedTuple):
    """One fetched page: its records, the whole body, and the next request (None on the last page)."""

    records: list
    body: Any
    next: Request | None


class ThrottleRetry(Retry):
    """urllib3 Retry that asks the connector for a wait when Retry-After is absent, and caps the wait."""

    connector: Connector | None = None

    def new(self, **kw: Any) -> ThrottleRetry:
        retry = super().new(**kw)
        retry.connector = self.connector  # urllib3 rebuilds Retry per attempt; keep the back-reference
        return retry

    def get_retry_after(self, response: Any) -> float | None:
        seconds = super().get_retry_after(response)
        if seconds is None and self.connector is not None:
            seconds = self.connector.wait_hint(response.status, response.headers)
        return seconds

    def increment(self, method: str | None = None, url: str | None = None, response: Any = None,
                  error: Exception | None = None, _pool: Any = None, _stacktrace: Any = None) -> Retry:
        wait = self.get_retry_after(response) if response is not None else None
        if wait is not None and self.connector is not None and wait > self.connector.max_wait:
            # Waiting longer than max_wait is worse than failing now and retrying on the next run.
            raise MaxRetryError(_pool, url, ResponseError(f"wait of {wait:.0f}s exceeds max_wait"))
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def sleep_for_retry(self, response: Any) -> bool:
        seconds = self.get_retry_after(response)
        if seconds:
            self._sleep(seconds)
            return True
        return False

    def _sleep_backoff(self) -> None:
        backoff = self.get_backoff_time()
        if backoff > 0:
            self._sleep(backoff)

    def _sleep(self, seconds: float) -> None:
        (self.connector.sleep if self.connector is not None else time.sleep)(seconds)


class Connector:
    """Base for HTTP connectors: data in class attributes, behaviour in small hooks."""

    kind: ClassVar[str] = ""  # the registry name and the canonical `source` of produced records
    default_base_url: ClassVar[str] = ""
    retry_statuses: ClassVar[tuple[int, ...]] = (429, 500, 502, 503, 504)
    max_wait: ClassVar[float] = 900.0  # longest single throttle wait (X windows are 15 minutes)

    def __init__(self, *, name: str, options: dict, secrets: dict, base_url: str | None = None,
                 timeout: float = 30.0, max_retries: int = 5, backoff_factor: float = 0.5,
                 session: requests.Session | None = None) -> None:
        self.name = name
        self.options = dict(options)
        self.secrets = dict(secrets)
        self.base_url = (base_url or self.default_url()).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_factor = backoff_factor
        self.sleep: Callable[[float], None] = time.sleep  # injectable for tests
        self.clock: Callable[[], float] = time.time
        self.session = session or self._make_session()

    def _make_session(self) -> requests.Session:
        """A Session with a bounded urllib3 Retry mounted; a caller-provided session is used as is."""
        # POST only for read-only searches and batch reads
        return self.mounted(self.make_retry(frozenset({"GET", "HEAD", "OPTIONS", "POST"}), self.retry_statuses))

    def make_retry(self, methods: frozenset[str], statuses: tuple[int, ...]) -> ThrottleRetry:
        """The connectors' urllib3 Retry (Retry-After honoured, waits capped) for these methods and statuses."""
        retry = ThrottleRetry(
            total=self.max_retries, backoff_factor=self.backoff_factor, status_forcelist=statuses,
            allowed_methods=methods, respect_retry_after_header=True, raise_on_status=False,
        )
        retry.connector = self
        return retry

    @staticmethod
    def mounted(retry: Retry) -> requests.Session:
        """A Session with a Retry mounted for http and https."""
        session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    # -- hooks -----------------------------------------------------------------------------------
    def default_url(self) -> str:
        """The base URL when none is given (some depend on options, e.g. a Zendesk subdomain)."""
        return self.default_base_url

    def headers(self) -> dict:
        """Authentication and other headers sent with every request."""
        return {}

    def session_for(self, request: Request) -> requests.Session:
        """The Session that sends a request (writers send creating requests on a more careful one)."""
        return self.session

    def wait_hint(self, status: int, headers: Any) -> float | None:
        """Seconds to wait before retrying a retryable status when there is no Retry-After header."""
        return None

    def retry_delay(self, status: int, headers: Any, body: Any, attempt: int) -> float | None:
        """Seconds to wait before repeating a request whose body says throttled; None means do not."""
        return None

    def is_throttled(self, status: int, body: Any) -> bool:
        """Whether a failed response is a rate limit (so the caller reschedules instead of alerting)."""
        return status == 429

    def option(self, key: str) -> Any:
        """A required option; a missing one is a SourceError naming the option."""
        if self.options.get(key) in (None, "", []):
            raise SourceError(self.name, None, "/", f"missing option '{key}'")
        return self.options[key]

    def secret(self, key: str) -> str:
        """A required secret; the error names the key, never a value."""
        if not self.secrets.get(key):
            raise SourceError(self.name, None, "/", f"missing secret '{key}'")
        return str(self.secrets[key])

    # -- the loop --------------------------------------------------------------------------------
    def fail(self, status: int | None, url: str, message: str, *, throttled: bool = False) -> SourceError:
        """A SourceError with secrets redacted from the message."""
        return SourceError(self.name, status, url, redact(message, self.secrets.values()), throttled=throttled)

    def fetch(self, request: Request) -> Any:
        """Send one request and return its parsed JSON body, or raise SourceError."""
        url = request.url if request.url.startswith(("http://", "https://")) else self.base_url + request.url
        for attempt in range(self.max_retries + 1):
            response = self._send(request, url)
            body = self._parse(response, url)
            delay = self.retry_delay(response.status_code, response.headers, body, attempt)
            if delay is None or attempt == self.max_retries or delay > self.max_wait:
                break
            log.info("%s: throttled on %s, retrying in %.1fs", self.name, safe_path(url), delay)
            self.sleep(delay)
        log.debug("%s: %s %s -> %s", self.name, request.method, safe_path(url), response.status_code)
        if response.status_code >= 400:
            retries = getattr(getattr(response.raw, "retries", None), "history", ())
            message = error_message(body, response.reason or "error")
            if retries:
                message += f" (after {len(retries)} retries)"
            error = self.fail(response.status_code, url, message,
                              throttled=self.is_throttled(response.status_code, body))
            error.codes = error_codes(body)
            raise error
        return body

    def _send(self, request: Request, url: str) -> requests.Response:
        """One HTTP exchange (urllib3 does the transport retries); transport failures become SourceError."""
        try:
            return self.session_for(request).request(request.method, url, params=request.params or None,
                                                     json=request.json, headers=self.headers(), timeout=self.timeout)
        except requests.Timeout:
            raise self.fail(None, url, "timed out") from None
        except requests.ConnectionError as exc:
            timed_out = isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), ReadTimeoutError)
            raise self.fail(None, url, "timed out" if timed_out else "connection failed") from None
        except requests.RequestException as exc:  # a truncated body, too many redirects, ...
            raise self.fail(None, url, f"request failed ({type(exc).__name__})") from None

    def _parse(self, response: requests.Response, url: str) -> Any:
        """The JSON body; an unparsable body is a SourceError on success and a bare reason on failure."""
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            if response.status_code >= 400:
                return None
            raise self.fail(response.status_code, url, "invalid or truncated JSON body") from None

    def paginate(self, request: Request, paginator: Paginator, records_at: tuple[str, ...]) -> Iterator[Fetched]:
        """Fetch a page, yield it with the next request, and go on until the paginator stops."""
        pager = paginator.fresh(self.name)
        current: Request | None = request
        while current is not None:
            body = self.fetch(current)
            records = (body if not records_at else dig(body, records_at)) or []
            following = pager.next(current, body, records)
            yield Fetched(records, body, following)
            current = following

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        """Pages of canonical (kind, record) pairs, each with the state to resume from once stored."""
        raise NotImplementedError

    def mapped(self, kind: str, items: list, mapper: Callable[[Any], Any]) -> list[tuple[str, dict]]:
        """Each item through a mapper that returns a (kind, record) pair, a list of them, or None (skipped);
        an item the mapper cannot read (a key missing, a value of the wrong type) becomes a record the ingest
        quarantines with the reason, so one odd item never stops the run."""
        out: list[tuple[str, dict]] = []
        for item in items:
            try:
                found = mapper(item)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                out.append(unmappable(kind, self.kind or self.name, item, exc))
                continue
            if isinstance(found, list):
                out.extend(found)
            elif found is not None:
                out.append(found)
        return out


def utc_iso(value: Any) -> str | None:
    """An ISO 8601 timestamp with a UTC offset from the vendors' ISO variants ('Z', '+0000', millis)."""
    if value in (None, ""):
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).isoformat()


def compact(record: dict) -> dict:
    """The record without keys whose value is None or empty (absent is clearer than null downstream)."""
    return {k: v for k, v in record.items() if v not in (None, "", {}, [])}
