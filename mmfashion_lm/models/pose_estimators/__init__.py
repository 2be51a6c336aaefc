from .lgr_pose_estimator import LGRPoseEstimator
from .topdown_landmark_detector import TopdownLandmarkDetector

__all__ = ['LGRPoseEstimator', 'TopdownLandmarkDetector']
