from .episodic_test_loop import EpisodicTestLoop
from .meta_train_loop import MetaTrainLoop

__all__ = ['EpisodicTestLoop', 'MetaTrainLoop']
