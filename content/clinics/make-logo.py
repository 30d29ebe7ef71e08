#!/usr/bin/env python3
"""Draws riverside-logo.png: a green disc with a white house over two
river waves, 200x200 RGB, 4x4 supersampled edges. Standard library only:
  python3 content/clinics/make-logo.py content/clinics/riverside-logo.png"""
import math
import struct
import sys
import zlib

SIZE, SS = 200, 4
GREEN, WHITE, WATER, BG = (0x2a, 0x6f, 0x4f), (255, 255, 255), (0xa8, 0xd5, 0xe2), (255, 255, 255)


def shade(x, y):
    """Colour at a point in 0..1 coordinates."""
    dx, dy = x - 0.5, y - 0.5
    if dx * dx + dy * dy > 0.47 ** 2:
        return BG
    # two waves across the lower part
    for base in (0.68, 0.79):
        w = base + 0.025 * math.sin((x - 0.1) * 2 * math.pi * 2.5)
        if w <= y <= w + 0.045:
            return WATER
    # house: walls, roof, door
    if 0.34 <= x <= 0.66 and 0.42 <= y <= 0.62:
        if 0.46 <= x <= 0.54 and y >= 0.50:
            return GREEN
        return WHITE
    if 0.27 <= y <= 0.43 and abs(x - 0.5) <= (y - 0.27) / 0.16 * 0.22:
        return WHITE
    return GREEN


def pixel(px, py):
    acc = [0, 0, 0]
    for sy in range(SS):
        for sx in range(SS):
            c = shade((px + (sx + 0.5) / SS) / SIZE, (py + (sy + 0.5) / SS) / SIZE)
            for i in range(3):
                acc[i] += c[i]
    return bytes(round(v / (SS * SS)) for v in acc)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def main(out):
    raw = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(SIZE)) for y in range(SIZE))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "riverside-logo.png")
