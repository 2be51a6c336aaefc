from typing import List, Sequence, Union

import torch
from mmengine.model import BaseModule
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType
from torch import Tensor


def grad_cam(features: Sequence[Tensor], score: Tensor,
             eps: float = 1e-6) -> List[Tensor]:
    """Grad-CAM maps of ``score`` on each feature map, from `Grad-CAM`_ by
    Selvaraju et al. (ICCV 2017).

    For a feature map ``A`` (B, C, H, W): ``alpha_c = mean_hw(d score / d
    A_c)``, ``map = ReLU(sum_c alpha_c A_c)``, then each image's map is
    divided by its maximum so that it lies in [0, 1].

    Args:
        features (Sequence[Tensor]): Feature maps in the graph of ``score``
        score (Tensor): Per-image scores in shape (B, ); their sum is
            differentiated, which keeps the images independent
        eps (float): Guards the division of an all-zero map. Defaults to 1e-6

    Returns:
        List[Tensor]: One detached map in shape (B, 1, H, W) per feature map
    """
    grads = torch.autograd.grad(score.sum(), list(features))
    maps = []
    for feature, grad in zip(features, grads):
        weights = grad.mean(dim=(2, 3), keepdim=True)
        cam = (weights * feature).sum(dim=1, keepdim=True).relu()
        peak = cam.amax(dim=(2, 3), keepdim=True).clamp(min=eps)
        maps.append((cam / peak).detach())
    return maps


@MODELS.register_module()
class GradCAMAttention(BaseModule):
    """Spatial attention maps for SANL blocks: Grad-CAM of a category
    classifier (AttentionNet of `SANL`_ by Li et al., ICME 2019) for its
    predicted category, on the last feature map of each stage.

    The classifier is an mmpretrain ``ImageClassifier`` whose backbone returns
    every stage (e.g. ResNet-18 with ``out_indices=(0, 1, 2, 3)``: strides 4,
    8, 16, 32). It is trained on the category labels first, with its own
    config, and frozen here by default. Grad-CAM needs gradients, so they are
    enabled inside :meth:`forward` even when the caller runs under
    ``torch.no_grad()`` or inference mode; the maps themselves carry no
    gradient.

    Args:
        classifier (Config): Config of the mmpretrain classifier
        mode (str): ``'all'`` gives each stage the map of its own stride;
            ``'32'`` (or the int 32, as ``--cfg-options`` passes it) gives
            every stage the map of the last (stride-32) stage, to be resized
            by the block. Defaults to ``'all'``
        freeze (bool): Keep the classifier's parameters fixed and its norm
            layers in eval mode. Defaults to ``True``
        init_cfg (Config, optional): Config to control the initialization.
            The trained classifier is loaded through the classifier's own
            ``init_cfg`` (``classifier=dict(..., init_cfg=dict(
            type='Pretrained', checkpoint=CLASSIFIER_CKPT))``), whose keys
            match its checkpoint. Defaults to ``None``

    .. _`Grad-CAM`: https://arxiv.org/abs/1610.02391
    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 classifier: ConfigType,
                 mode: Union[str, int] = 'all',
                 freeze: bool = True,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        mode = str(mode)
        if mode not in ('all', '32'):
            raise ValueError(f"mode should be 'all' or '32', got {mode!r}")
        # built in mmpretrain's scope whatever the default scope is
        self.classifier = MODELS.build(dict(classifier, _scope_='mmpretrain'))
        self.mode = mode
        self.freeze = freeze
        if freeze:
            self.classifier.requires_grad_(False)

    def train(self, mode: bool = True) -> 'GradCAMAttention':
        """Set the train mode; a frozen classifier stays in eval mode."""
        super().train(mode)
        if self.freeze:
            self.classifier.eval()
        return self

    def forward(self, inputs: Tensor) -> List[Tensor]:
        """Compute the attention maps.

        Args:
            inputs (Tensor): Normalised images in shape (B, 3, H, W)

        Returns:
            List[Tensor]: One map in shape (B, 1, h, w) in [0, 1] per
            classifier stage
        """
        with torch.inference_mode(False), torch.enable_grad():
            # a fresh leaf: the classifier may be frozen, and the input may be
            # an inference-mode tensor
            images = inputs.detach().clone().requires_grad_(True)
            features = self.classifier.backbone(images)
            pooled = self.classifier.neck(features) \
                if self.classifier.with_neck else features
            logits = self.classifier.head(pooled)
            score = logits.gather(1, logits.argmax(dim=1, keepdim=True))
            maps = grad_cam(features, score.squeeze(1))
        if self.mode == '32':
            maps = [maps[-1]] * len(maps)
        return maps
