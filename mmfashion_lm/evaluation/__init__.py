"""The metrics of the fashion landmark and clothing literature: plain numpy
functions (:mod:`.functional`) and the mmengine metrics that wrap them
(:mod:`.metrics`, registered into mmpose's ``METRICS``)."""
from .functional import *  # noqa: F401,F403
from .metrics import *  # noqa: F401,F403
