"""Training machinery: mmengine hooks and loops of the package."""
from .hooks import *  # noqa: F401,F403
