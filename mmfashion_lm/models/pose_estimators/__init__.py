from .topdown_landmark_detector import TopdownLandmarkDetector

__all__ = ['TopdownLandmarkDetector']
