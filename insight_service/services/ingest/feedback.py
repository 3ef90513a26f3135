"""Feedback ingest: validate, privacy gate, link, analyse, upsert; set-based, one batch at a time."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from ... import analysis
from ...models import Feedback, FeedbackIdentifier, FeedbackPainPoint, FeedbackTheme, utcnow
from ...schemas.records import AUTHOR_KINDS
from ..aggregates.facts import refresh_feedback
from ..identity.identifiers import IdentityHasher
from ..identity.linking import resolve
from ..privacy.suppression import is_suppressed, order_ref_hash, suppressed_order_scopes, suppressed_scopes
from ..sql import chunks, insert_rows, rows_by_key
from .batch import BatchResult, last_per_key, quarantine, validate
from .products import ensure_products
from .salvage import unusable_identifiers


def _author_hashes(data: dict, hasher: IdentityHasher) -> tuple[dict[str, str], list[dict]]:
    author = data.get("author") or {}
    hashes, warnings = unusable_identifiers([(kind, kind, author.get(kind)) for kind in AUTHOR_KINDS], hasher)
    return hashes, [{**w, "field": f"author.{w['field']}"} for w in warnings]


CONTENT = json.JSONEncoder(default=str)  # json.dumps(..., default=str) builds one of these per call


def _content_hash(data: dict, identifiers: dict[str, str]) -> str:
    material = [data["text"], data["rating"], data["language"], data["posted_at"].isoformat(), data["sku"],
                data["order_ref"], data["url"], data["channel"], data["party"], sorted(identifiers.items())]
    return hashlib.sha256(CONTENT.encode(material).encode()).hexdigest()


def _existing(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    rows = rows_by_key(session, Feedback, "external_key", keys,
                       (Feedback.source, Feedback.id, Feedback.content_hash, Feedback.deidentified_at))
    return {(row.source, row.external_key): row for row in rows}


def ingest_feedback(session: Session, records: list, *, origin: str, hasher: IdentityHasher) -> BatchResult:
    """Store a batch of feedback records; returns the per-batch summary."""
    result = BatchResult(received=len(records))
    valid, rejected = validate("feedback", records, result)
    prepared = []
    for index, data in valid:
        identifiers, warnings = _author_hashes(data, hasher)
        result.warn(index, records[index], warnings)
        data["identifiers"] = identifiers
        data["key"] = hasher.item_key(data["source"], data["external_id"])
        prepared.append((index, data))
    quarantine(session, origin, "feedback", sorted(rejected, key=lambda r: r.index), hasher, result)
    prepared, result.duplicates = last_per_key(prepared, lambda d: (d["source"], d["key"]))
    if not prepared:
        return result

    existing = _existing(session, [(d["source"], d["key"]) for _i, d in prepared])
    for _index, data in prepared:
        data["order_hash"] = order_ref_hash(hasher, data["order_ref"])
    # an order reference links like an identifier: checked against the suppression list (an erased buyer's
    # orders) and against the buyers' own suppressed identifiers (an opt-out or withdrawal of whoever bought)
    scopes = suppressed_scopes(session, [h for _i, d in prepared for h in (*d["identifiers"].values(), d["order_hash"])
                                         if h])
    order_scopes = suppressed_order_scopes(session, (d["order_ref"] for _i, d in prepared))
    work = []
    for index, data in prepared:
        data["_index"] = index
        data["content_hash"] = _content_hash(data, data["identifiers"])
        data["suppressed"] = is_suppressed(scopes, [*data["identifiers"].values(), data["order_hash"]], data["party"]) \
            or is_suppressed({"order": order_scopes.get(data["order_ref"], set())}, ["order"], data["party"])
        row = existing.get((data["source"], data["key"]))
        if row is not None and (row.deidentified_at is not None or row.content_hash == data["content_hash"]):
            # never put text back on a de-identified item; an identical record changes nothing
            if row.deidentified_at is not None:
                result.suppressed += 1
            else:
                result.keep(index, data["external_id"], row.id, "unchanged")
            continue
        data["row_id"] = row.id if row is not None else None
        work.append(data)
    if not work:
        return result

    analyses = analysis.analyze_many([{"text": d["text"], "rating": d["rating"], "language": d["language"]}
                                      for d in work])
    products = ensure_products(session, {d["sku"]: (None, None) for d in work if d["sku"]})
    live = [d for d in work if not d["suppressed"]]
    links = resolve(session, [(d["identifiers"], d["order_ref"], d["party"]) for d in live])
    for data, link in zip(live, links):
        data["link"] = link
        result.linked += link.customer_id is not None
        result.ambiguous += link.ambiguous
    now = utcnow()
    columns: dict[int, dict] = {}  # duplicates share one Analysis: build its columns once
    rows = [_row(d, columns.get(id(a)) or columns.setdefault(id(a), analysis_columns(a)), products, now)
            for d, a in zip(work, analyses)]
    new_rows = [r for r, d in zip(rows, work) if d["row_id"] is None]
    changed = [(r, d) for r, d in zip(rows, work) if d["row_id"] is not None]
    # RETURNING gives exactly the rows this batch stored: one another writer stored first is not ours
    ids_by_key = dict((key, fid) for fid, key in insert_rows(
        session, Feedback, new_rows, ignore_conflicts=True, returning=(Feedback.id, Feedback.external_key)))
    for r, d in changed:
        r["id"] = d["row_id"]
        del r["created_at"]
    if changed:
        session.execute(update(Feedback), [r for r, _d in changed])
        changed_ids = [d["row_id"] for _r, d in changed]
        for chunk in chunks(changed_ids):
            session.execute(delete(FeedbackPainPoint).where(FeedbackPainPoint.feedback_id.in_(chunk)))
            session.execute(delete(FeedbackTheme).where(FeedbackTheme.feedback_id.in_(chunk)))
            session.execute(delete(FeedbackIdentifier).where(FeedbackIdentifier.feedback_id.in_(chunk)))
    pain_rows, theme_rows, identifier_rows = [], [], []
    for data, found in zip(work, analyses):
        fid = data["row_id"] or ids_by_key.get(data["key"])
        if fid is None:  # another writer stored the same item a moment ago: it is theirs
            result.unchanged += 1
            continue
        if data["suppressed"]:
            result.suppressed += 1  # anonymous facts only: no id that could be tied back to the person
        else:
            result.keep(data["_index"], data["external_id"], fid, "updated" if data["row_id"] else "created")
        pain_rows += pain_point_rows(fid, found, keep_text=not data["suppressed"])
        if not data["suppressed"]:  # a theme is a phrase of the text: none is kept where the text is not
            theme_rows += theme_phrase_rows(fid, found)
            identifier_rows += [{"feedback_id": fid, "kind": k, "hash": h} for k, h in data["identifiers"].items()]
    insert_rows(session, FeedbackPainPoint, pain_rows)
    insert_rows(session, FeedbackTheme, theme_rows)
    insert_rows(session, FeedbackIdentifier, identifier_rows)
    refresh_feedback(session, [d["row_id"] for d in work if d["row_id"]], inserted=ids_by_key.values())
    _events(session, work, analyses, ids_by_key)
    return result


def _events(session: Session, work: list[dict], analyses, ids_by_key: dict) -> None:
    """Outbox events of this batch, in its transaction: complaints of new items, and changed customer signals."""
    from ...webhooks.signals import complaints, refresh_signals

    new = [{"id": ids_by_key[d["key"]], "customer_id": d["link"].customer_id, "party": d["party"],
            "channel": d["channel"], "source": d["source"], "sku": d["sku"], "posted_at": d["posted_at"],
            "rating": d["rating"], "sentiment_label": a.sentiment.label, "sentiment_score": a.sentiment.score,
            "pain_points": sorted({p.code for p in a.pain_points}), "text": d["text"], "url": d["url"]}
           for d, a in zip(work, analyses)
           if d["row_id"] is None and d["key"] in ids_by_key and not d["suppressed"] and d.get("link") is not None]
    complaints(session, new)
    refresh_signals(session, {d["link"].customer_id for d in work if d.get("link") is not None})


def _row(data: dict, analysed: dict, products: dict[str, int], now) -> dict:
    suppressed = data["suppressed"]
    link = data.get("link")
    identifiers = data["identifiers"]
    author = next((identifiers[k] for k in AUTHOR_KINDS if k in identifiers), None)
    return {
        "source": data["source"], "external_key": data["key"], "channel": data["channel"], "party": data["party"],
        "external_id": None if suppressed else data["external_id"],
        "author_hash": None if suppressed else author,
        "customer_id": link.customer_id if link else None, "link_rule": link.rule if link else None,
        "product_id": products.get(data["sku"]) if data["sku"] else None,
        "order_ref": None if suppressed else data["order_ref"],
        "text": None if suppressed else data["text"],
        "content_hash": "" if suppressed else data["content_hash"],
        "rating": data["rating"], "posted_at": data["posted_at"],
        "url": None if suppressed else data["url"],
        **analysed,
        "deidentified_at": now if suppressed else None, "created_at": now, "updated_at": now,
    }


def pain_point_rows(feedback_id: int, found, keep_text: bool = True) -> list[dict]:
    """The feedback_pain_points rows of an analysis; spans and clauses only where the text is kept."""
    return [{"feedback_id": feedback_id, "code": p.code, "taxonomy_version": found.taxonomy_version,
             "sentiment": p.sentiment, "span_start": p.start if keep_text else None,
             "span_end": p.end if keep_text else None, "clause_start": p.clause_start if keep_text else None,
             "clause_end": p.clause_end if keep_text else None} for p in found.pain_points]


def theme_phrase_rows(feedback_id: int, found) -> list[dict]:
    """The feedback_themes rows of an analysis (key phrases of uncoded negative clauses)."""
    return [{"feedback_id": feedback_id, "key": t.key, "label": t.label, "phrase_start": t.start,
             "phrase_end": t.end} for t in found.themes]


def analysis_columns(found) -> dict:
    """The feedback columns an analysis fills (shared with re-analysis)."""
    return {
        "language": found.language,
        "sentiment_score": found.sentiment.score, "sentiment_label": found.sentiment.label,
        "emotions": [{"word": e.word, "category": e.category, "polarity": e.polarity, "count": e.count}
                     for e in found.emotions],
        "journey": sorted({s.stage for s in found.journey_signals}),
        "analyzer_version": found.analyzer_version, "taxonomy_version": found.taxonomy_version,
    }
