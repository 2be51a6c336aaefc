from .few_shot_landmark_detector import FewShotLandmarkDetector
from .fine_tune_baseline import FineTuneBaseline
from .lgr_pose_estimator import LGRPoseEstimator
from .maml_landmark_detector import MAMLLandmarkDetector
from .metacloth import MetaCloth
from .prototype_baseline import PrototypeBaseline
from .topdown_landmark_detector import TopdownLandmarkDetector
from .weight_generator_baseline import WeightGeneratorBaseline

__all__ = [
    'FewShotLandmarkDetector', 'FineTuneBaseline', 'LGRPoseEstimator',
    'MAMLLandmarkDetector', 'MetaCloth', 'PrototypeBaseline',
    'TopdownLandmarkDetector', 'WeightGeneratorBaseline'
]
