"""Make the map's label glyphs: signed-distance-field glyph ranges in the PBF format MapLibre GL JS
reads (``{fontstack}/{start}-{end}.pbf``), from a font on this machine, so the app serves its own
glyphs and the maps work offline (no third-party font server).

    .venv/bin/pip install freetype-py     # only needed to regenerate
    .venv/bin/python scripts/make_glyphs.py [--font /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf]

Writes ``vendor/glyphs/<font name>/<range>.pbf.gz`` (kept gzipped as they are sent) for the ranges Dutch place names use (Basic Latin,
Latin-1, Latin Extended-A, General Punctuation). The SDF follows TinySDF (MapLibre's own local
glyph renderer): 24 px em, a 3 px border, radius 8, cutoff 0.25.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
RANGES = ((0, 255), (256, 511), (8192, 8447))
SIZE, BORDER, RADIUS, CUTOFF = 24, 3, 8.0, 0.25
#: MapLibre places a glyph's ``top`` relative to a line whose baseline lies 24 − 17 = 7 px below the
#: em box's top edge (its ``ONE_EM - 17`` in shaping); FreeType's ``bitmap_top`` is from the baseline
TOP_SHIFT = 24
INF = 1e20


# ----------------------------------------------------------------------------- protobuf (by hand: 4 messages)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _uint(field: int, n: int) -> bytes:
    return _key(field, 0) + _varint(n)


def _sint(field: int, n: int) -> bytes:
    return _key(field, 0) + _varint((n << 1) ^ (n >> 63))  # zigzag


def _bytes(field: int, data: bytes) -> bytes:
    return _key(field, 2) + _varint(len(data)) + data


def encode_glyph(code: int, bitmap: bytes, width: int, height: int, left: int, top: int, advance: int) -> bytes:
    """One ``glyph`` message: id 1, bitmap 2, width 3, height 4, left 5 (sint), top 6 (sint), advance 7.

    >>> encode_glyph(65, b"", 0, 0, 0, -1, 10).hex()
    '08411800200028003001380a'
    """
    body = _uint(1, code) + (_bytes(2, bitmap) if bitmap else b"") + _uint(3, width) + _uint(4, height)
    return body + _sint(5, left) + _sint(6, top) + _uint(7, advance)


def encode_range(name: str, start: int, end: int, glyphs: list[bytes]) -> bytes:
    """A ``glyphs`` message with one ``fontstack`` (name 1, range 2, glyphs 3)."""
    stack = _bytes(1, name.encode()) + _bytes(2, f"{start}-{end}".encode())
    stack += b"".join(_bytes(3, g) for g in glyphs)
    return _bytes(1, stack)


# ----------------------------------------------------------------------------- the distance field


def _edt1d(f: np.ndarray) -> np.ndarray:
    """Squared distance transform of one row (Felzenszwalb & Huttenlocher)."""
    n = len(f)
    v = np.zeros(n, dtype=int)
    z = np.zeros(n + 1)
    z[0], z[1] = -INF, INF
    k = 0
    for q in range(1, n):
        while True:
            r = v[k]
            s = (f[q] - f[r] + q * q - r * r) / (q - r) / 2
            if s <= z[k] and k > 0:
                k -= 1
                continue
            if s <= z[k]:  # k == 0
                k = -1
            break
        k += 1
        v[k], z[k], z[k + 1] = q, s, INF
    out = np.empty(n)
    k = 0
    for q in range(n):
        while z[k + 1] < q:
            k += 1
        out[q] = f[v[k]] + (q - v[k]) ** 2
    return out


def _edt(grid: np.ndarray) -> np.ndarray:
    g = grid.copy()
    for x in range(g.shape[1]):
        g[:, x] = _edt1d(g[:, x])
    for y in range(g.shape[0]):
        g[y, :] = _edt1d(g[y, :])
    return g


def sdf(alpha: np.ndarray) -> np.ndarray:
    """The SDF (uint8, with the border) of an antialiased glyph bitmap (0–255), as TinySDF makes it.

    >>> img = np.zeros((4, 4), dtype=np.uint8); img[1:3, 1:3] = 255
    >>> out = sdf(img); out.shape, int(out[BORDER + 1, BORDER + 1]) > 191 > int(out[0, 0])
    ((10, 10), True)
    """
    h, w = alpha.shape
    outer = np.full((h + 2 * BORDER, w + 2 * BORDER), INF)
    inner = np.zeros_like(outer)
    a = alpha.astype(float) / 255.0
    d = 0.5 - a
    o = np.where(a >= 1, 0.0, np.where(a <= 0, INF, np.where(d > 0, d * d, 0.0)))
    i = np.where(a >= 1, INF, np.where(a <= 0, 0.0, np.where(d < 0, d * d, 0.0)))
    outer[BORDER : BORDER + h, BORDER : BORDER + w] = o
    inner[BORDER : BORDER + h, BORDER : BORDER + w] = i
    dist = np.sqrt(_edt(outer)) - np.sqrt(_edt(inner))
    return np.clip(np.round(255 - 255 * (dist / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)


# ----------------------------------------------------------------------------- fonts


def render_range(face, start: int, end: int) -> list[bytes]:
    import freetype

    out = []
    for code in range(start, end + 1):
        index = face.get_char_index(code)
        if index == 0 and code != 0:
            continue
        face.load_char(chr(code), freetype.FT_LOAD_RENDER | freetype.FT_LOAD_TARGET_NORMAL)
        g = face.glyph
        bm = g.bitmap
        advance = int(round(g.advance.x / 64))
        if bm.width == 0 or bm.rows == 0:
            out.append(encode_glyph(code, b"", 0, 0, 0, 0, advance))
            continue
        alpha = np.array(bm.buffer, dtype=np.uint8).reshape(bm.rows, bm.pitch)[:, : bm.width]
        field = sdf(alpha)
        out.append(
            encode_glyph(code, field.tobytes(), bm.width, bm.rows, g.bitmap_left, g.bitmap_top - TOP_SHIFT, advance)
        )
    return out


def main() -> None:
    import freetype

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, default=FONT)
    parser.add_argument("--out", type=Path, default=ROOT / "vendor" / "glyphs")
    args = parser.parse_args()
    face = freetype.Face(str(args.font))
    face.set_pixel_sizes(0, SIZE)
    name = f"{face.family_name.decode()} {face.style_name.decode()}"
    folder = args.out / name
    folder.mkdir(parents=True, exist_ok=True)
    for start, end in RANGES:
        data = encode_range(name, start, end, render_range(face, start, end))
        packed = gzip.compress(data, 9, mtime=0)  # byte-identical when regenerated
        (folder / f"{start}-{end}.pbf.gz").write_bytes(packed)
        print(f"{folder.name}/{start}-{end}.pbf: {len(data) / 1024:.0f} KB ({len(packed) / 1024:.0f} KB gzipped)")


if __name__ == "__main__":
    main()
