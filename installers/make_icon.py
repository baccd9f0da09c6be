"""Draw the program icon: white "G60" on a blue rounded square, with a thin "form line" under it.

    python installers/make_icon.py        # rewrites installers/g60desk.png (256 px) and installers/g60desk.ico

Pillow only (it comes with reportlab). The letters use the font bundled with the program
(resources/fonts/wqy-microhei.ttc, Apache-2.0), so the icon is the same on every machine that runs this.
The results are committed; run this again only to change the design.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "resources" / "fonts" / "wqy-microhei.ttc"
BLUE = (21, 101, 192, 255)       # a sober "government form" blue
WHITE = (255, 255, 255, 255)
MASTER = 1024                    # drawn large, scaled down with a good filter
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = MASTER) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    margin = size * 0.04
    d.rounded_rectangle([margin, margin, size - margin, size - margin], radius=size * 0.16, fill=BLUE)
    font = ImageFont.truetype(str(FONT), int(size * 0.42), index=0)
    text = "G60"
    stroke = max(1, int(size * 0.018))                       # a little extra weight: the font has no bold face
    left, top, right, bottom = d.textbbox((0, 0), text, font=font, stroke_width=stroke)
    x = (size - (right - left)) / 2 - left
    y = size * 0.43 - (bottom - top) / 2 - top
    d.text((x, y), text, font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)
    bar_top = size * 0.70
    d.rounded_rectangle([size * 0.2, bar_top, size * 0.8, bar_top + size * 0.055], radius=size * 0.02, fill=WHITE)
    return image


def main() -> None:
    master = draw()
    png = master.resize((256, 256), Image.Resampling.LANCZOS)
    png.save(HERE / "g60desk.png", optimize=True)
    master.save(HERE / "g60desk.ico", sizes=ICO_SIZES)
    for name in ("g60desk.png", "g60desk.ico"):
        print(f"{name}: {(HERE / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
