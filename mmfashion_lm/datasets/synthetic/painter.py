"""Painting one garment: fill, print, fabric, shading, outline, details.

Besides the colours, painting records which layer owns each pixel, so the
scene can tell which landmarks a later layer hides.
"""
import numpy as np

from .colors import scale_color
from .details import paint_details
from .drawing import GarmentPen, composite, fill_mask, pixel_box
from .fabrics import apply_fabric
from .garment import Garment
from .textures import TEXTURES

# How much darker the inside of a garment (neck opening, hood) is.
_INSIDE_SHADE = 0.5


def _shading(u: np.ndarray, width: float) -> np.ndarray:
    """Darker towards the sides, as light falls on a rounded body."""
    return 1.0 - 0.2 * np.clip((u / (1.3 * width))**2, 0.0, 1.0)


def paint_garment(image: np.ndarray, owner: np.ndarray, layer: int,
                  garment: Garment, matrix: np.ndarray,
                  rng: np.random.Generator) -> None:
    """Paint ``garment`` onto ``image`` and mark its pixels in ``owner``.

    Args:
        image (np.ndarray): (H, W, 3) uint8 BGR, painted in place.
        owner (np.ndarray): (H, W) int layer ids; the garment's pixels are
            set to ``layer``.
        layer (int): this garment's layer id (later layers are on top).
        garment (Garment): what to paint.
        matrix (np.ndarray): 2x3 affine map from garment units to pixels.
        rng (np.random.Generator): fabric noise (denim speckle, sequins).
    """
    spec, template = garment.spec, garment.template
    pen = GarmentPen(image, matrix)
    pieces = [pen.pixels(piece) for piece in template.pieces]
    box = pixel_box(np.concatenate(pieces), image.shape[:2])
    if box is None:
        return
    x0, y0, x1, y1 = box
    shape, offset = (y1 - y0, x1 - x0), np.array([x0, y0])
    coverage = fill_mask(shape, pieces, offset, antialiased=True)
    inside = fill_mask(shape, pieces, offset, antialiased=False)

    u, v = pen.garment_coords(x0, y0, x1, y1)
    colors = TEXTURES[spec.texture](u, v, spec)
    colors, opacity = apply_fabric(spec.fabric, colors, u, v, rng)
    colors *= _shading(u, template.width)[..., None].astype(np.float32)
    region = image[y0:y1, x0:x1]
    composite(region, colors, coverage * (opacity / 255.0))
    owner[y0:y1, x0:x1][inside > 0] = layer
    if template.inner:
        inner = fill_mask(
            shape, [pen.pixels(p) for p in template.inner],
            offset,
            antialiased=True)
        composite(region, colors * _INSIDE_SHADE, inner / 255.0)

    edge = scale_color(spec.base_color, 0.5)
    pen.stroke(template.pieces + template.inner, edge, closed=True)
    pen.stroke(template.seams, edge)
    paint_details(pen, spec, template)
