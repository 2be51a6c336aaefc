from .lgr_pose_estimator import LGRPoseEstimator
from .sanl_pose_estimator import SANLPoseEstimator
from .topdown_landmark_detector import TopdownLandmarkDetector

__all__ = [
    'LGRPoseEstimator', 'SANLPoseEstimator', 'TopdownLandmarkDetector'
]
