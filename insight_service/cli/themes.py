"""`insight-service themes`: list the discovered themes and promote one into the taxonomy."""
from __future__ import annotations

import click
from flask import Flask, current_app

from .. import db


@click.group("themes", help="Themes beyond the taxonomy: list them, promote one into a new taxonomy version.")
def themes_cli() -> None:
    """The command group."""


@themes_cli.command("list")
@click.option("--weeks", type=int, default=12, show_default=True)
@click.option("--sku", default=None, help="only this product")
def themes_list(weeks: int, sku: str | None) -> None:
    """Print each theme's key, product, authors, items and label (k-anonymous, as R&D sees them)."""
    from ..services.aggregates.themes import discovered_themes

    with db.fresh_session() as session:
        found = discovered_themes(session, weeks=weeks, k=current_app.config["K_ANONYMITY"],
                                  **({"sku": sku} if sku else {}))
    for t in found["themes"]:
        flag = " EMERGING" if t["emerging"] else ""
        click.echo(f"{t['key']}\t{t['sku']}\t{t['distinct_authors']} authors\t{t['mentions']} items\t"
                   f"{t['label']}{flag}")
    if not found["themes"]:
        click.echo("no theme reaches k distinct authors")


@themes_cli.command("promote")
@click.argument("key")
@click.option("--code", required=True, help="the new code's name, e.g. hinge_snaps")
@click.option("--label-en", required=True)
@click.option("--label-nl", default=None)
@click.option("--owner", default="rnd", show_default=True, help="the department that owns the code")
@click.option("--sku", default=None, help="take the phrases from this product's items only")
@click.option("--term", "terms", multiple=True, help="a pattern to use instead of the stored phrases, LANG:words "
                                                    "(en:'hinge snaps'); repeatable")
@click.option("--overlay", "path", default=None, help="the overlay file (default: TAXONOMY_OVERLAY)")
def themes_promote(key, code, label_en, label_nl, owner, sku, terms, path) -> None:
    """Write the theme KEY (see `themes list`) as a new code into the overlay file: a new taxonomy version."""
    from .. import analysis
    from ..services.aggregates.theme_promotion import PromotionError, promote, theme_terms

    path = path or current_app.config.get("TAXONOMY_OVERLAY")
    if not path:
        raise click.UsageError("name the overlay file with --overlay or the TAXONOMY_OVERLAY setting")
    if terms:
        patterns = {"en": [], "nl": []}
        for term in terms:
            lang, _sep, words = term.partition(":")
            if lang not in patterns or not words.strip():
                raise click.BadParameter(f"{term!r}: write en:words or nl:words", param_hint="--term")
            patterns[lang].append(words.strip().lower())
    else:
        with db.fresh_session() as session:
            patterns = theme_terms(session, key, sku)
    try:
        version = promote(path, code, label_en=label_en, label_nl=label_nl, owner=owner, terms=patterns,
                          source_key=key)
    except PromotionError as exc:
        raise click.ClickException(str(exc)) from exc
    analysis.use_taxonomy_overlay(None)
    analysis.use_taxonomy_overlay(path)
    click.echo(f"promoted {key!r} as {code!r} into {path}: taxonomy version {version}")
    click.echo("patterns: " + "; ".join(f"{lang}: {', '.join(p)}" for lang, p in patterns.items() if p))
    if path != current_app.config.get("TAXONOMY_OVERLAY"):
        click.echo("set TAXONOMY_OVERLAY to this file for the server and workers, then run: insight-service reanalyze")
    else:
        click.echo("restart the server and workers, then run: insight-service reanalyze")


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(themes_cli)
