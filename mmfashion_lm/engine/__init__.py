"""Training machinery: mmengine hooks, loops and runners of the package."""
from .hooks import *  # noqa: F401,F403
from .loops import *  # noqa: F401,F403
from .non_empty_data_runner import NonEmptyDataRunner  # noqa: F401
