"""A garment ready to place: its description and its geometry."""
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .lower_templates import build_lower_template
from .spec import GarmentSpec, sample_garment_spec
from .template import GarmentTemplate
from .upper_templates import build_upper_template


@dataclass(eq=False)  # compared by identity: it holds arrays
class Garment:
    """A garment: what it is (``spec``) and its shape (``template``)."""
    spec: GarmentSpec
    template: GarmentTemplate


def build_template(spec: GarmentSpec,
                   rng: np.random.Generator) -> GarmentTemplate:
    """The geometry of ``spec``, with proportions jittered by ``rng``."""
    if spec.garment_kind.body_part == 'lower':
        return build_lower_template(spec, rng)
    return build_upper_template(spec, rng)


def make_garment(rng: np.random.Generator,
                 kind: str,
                 spec: Optional[GarmentSpec] = None) -> Garment:
    """Sample a garment of ``kind``, or give ``spec`` (a product seen in
    several images) a freshly jittered shape.

    Args:
        rng (np.random.Generator): the random source.
        kind (str): a key of :data:`.catalog.KINDS`; ignored with ``spec``.
        spec (GarmentSpec, optional): reuse this description.
    """
    if spec is None:
        spec = sample_garment_spec(rng, kind)
    return Garment(spec, build_template(spec, rng))
