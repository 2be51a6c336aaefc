from typing import Tuple

from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType
from torch import Tensor

from .topdown_landmark_detector import TopdownLandmarkDetector


@MODELS.register_module()
class SANLPoseEstimator(TopdownLandmarkDetector):
    """Top-down landmark detector of `SANL`_ (Li et al., ICME 2019) that owns
    its attention classifier.

    The attention module (:class:`~mmfashion_lm.models.layers.
    GradCAMAttention`) turns each input into one spatial map per stride; the
    backbone (:class:`~mmfashion_lm.models.backbones.SANLResNet` or
    ``SANLVGG``) feeds them to its SANL blocks. One checkpoint thus holds the
    whole model, and ``init_model`` / ``inference_topdown`` /
    ``MMPoseInferencer`` work on it unchanged. Without ``attention`` the
    blocks are plain non-local blocks (or absent, for the Base model).

    Args:
        backbone (Config): Config of a backbone whose ``forward`` takes
            ``(inputs, attention)``
        attention (Config, optional): Config of the attention module.
            Defaults to ``None``
        **kwargs: Arguments of :class:`TopdownLandmarkDetector`

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 backbone: ConfigType,
                 attention: OptConfigType = None,
                 **kwargs):
        super().__init__(backbone, **kwargs)
        self.attention = MODELS.build(attention) if attention else None

    def extract_feat(self, inputs: Tensor) -> Tuple[Tensor]:
        """Attention maps, then backbone and neck features.

        Args:
            inputs (Tensor): Images in shape (B, 3, H, W)

        Returns:
            tuple[Tensor]: The neck's (or backbone's) multi-level features
        """
        maps = self.attention(inputs) if self.attention is not None else None
        feats = self.backbone(inputs, maps)
        if self.with_neck:
            feats = self.neck(feats)
        return feats
