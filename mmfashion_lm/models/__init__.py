from .pose_estimators import *  # noqa: F401,F403
