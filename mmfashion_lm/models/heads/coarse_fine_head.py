import math
from typing import Sequence, Tuple, Union

import torch
import torch.nn.functional as F
from mmcv.cnn import ConvModule
from mmpose.evaluation.functional import pose_pck_accuracy
from mmpose.models.heads.base_head import BaseHead
from mmpose.models.utils.tta import flip_heatmaps
from mmpose.registry import KEYPOINT_CODECS, MODELS
from mmpose.utils.tensor_utils import to_numpy
from mmpose.utils.typing import (ConfigType, Features, OptConfigType,
                                 OptSampleList, Predictions)
from mmengine.structures import PixelData
from torch import Tensor, nn

from ..utils import OwnInitModule

# The last conv's bias starts at logit(0.01): heatmaps are almost all
# background, so starting near zero probability keeps the BCE loss sane.
PRIOR_PROB = 0.01


@MODELS.register_module()
class CoarseFineHead(BaseHead, OwnInitModule):
    """CoarseNet head and FineNet of `SANL`_ by Li et al. (ICME 2019).

    CoarseNet: every FPN level gives a prediction map (3x3 conv), the maps are
    upsampled to the finest level (stride 4), merged by concatenation and an
    ASPP block, and a 1x1 conv gives one heatmap per landmark. FineNet (if
    ``fine_net`` is set) takes the coarse heatmaps and adds a learned
    residual: ``fine = coarse + FineNet(coarse)``. Both are logits; the
    coarse map is supervised by a large-sigma target, the fine one by a
    small-sigma target (:class:`~mmfashion_lm.codecs.CoarseFineHeatmap`), and
    predictions decode ``sigmoid`` of the last map.

    The paper names the parts (concatenation, ASPP, stride-4 heatmaps, a
    residual FineNet), not their sizes: ``level_channels``,
    ``aspp_channels``, ``aspp_dilations``, the 3x3 level convs, the FineNet's
    widths and the final bias at ``logit(0.01)`` are ours, and so is the flip
    test (``test_cfg.flip_test``; the paper's inference is one pass), see
    docs/methods/sanl.md.

    Args:
        in_channels (int): Channels of every FPN level
        out_channels (int): Number of landmarks
        num_levels (int): Number of FPN levels used. Defaults to 4
        level_channels (int): Channels of each level's prediction map.
            Defaults to 64
        aspp_channels (int): Output channels of the ASPP block.
            Defaults to 256
        aspp_dilations (Sequence[int]): Dilations of the ASPP branches.
            Defaults to ``(1, 6, 12, 18)``
        fine_net (Config, optional): Config of the FineNet; ``None`` trains
            CoarseNet alone (the paper's first stage and its non-C2F models).
            Defaults to ``None``
        loss (Config): Config of the heatmap loss, applied to both maps.
            Defaults to ``dict(type='VisibleWeightedBCELoss')``
        decoder (Config, optional): The codec config, to decode predictions.
            Defaults to ``None``
        init_cfg (Config, optional): Config to control the initialization.
            ``None`` keeps the head's own start through a parent's
            initialisation (:class:`~mmfashion_lm.models.utils.
            OwnInitModule`): last conv weights ``Normal(std=0.001)``, its
            bias at the prior logit; a config replaces it. Defaults to
            ``None``

    .. _`SANL`: https://arxiv.org/abs/1903.04104
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 num_levels: int = 4,
                 level_channels: int = 64,
                 aspp_channels: int = 256,
                 aspp_dilations: Sequence[int] = (1, 6, 12, 18),
                 fine_net: OptConfigType = None,
                 loss: ConfigType = dict(type='VisibleWeightedBCELoss'),
                 decoder: OptConfigType = None,
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.num_levels = num_levels
        self.loss_module = MODELS.build(loss)
        self.decoder = KEYPOINT_CODECS.build(decoder) \
            if decoder is not None else None

        self.level_convs = nn.ModuleList([
            ConvModule(
                in_channels,
                level_channels,
                kernel_size=3,
                padding=1,
                norm_cfg=dict(type='BN')) for _ in range(num_levels)
        ])
        self.aspp = MODELS.build(
            dict(
                type='ASPP',
                in_channels=level_channels * num_levels,
                out_channels=aspp_channels,
                dilations=aspp_dilations))
        self.final_layer = nn.Conv2d(aspp_channels, out_channels, 1)
        self.fine_net = MODELS.build(
            dict(fine_net, channels=out_channels)) if fine_net else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Small heatmap weights; the heatmap bias starts at the prior."""
        nn.init.normal_(self.final_layer.weight, std=0.001)
        nn.init.constant_(self.final_layer.bias,
                          -math.log(1 / PRIOR_PROB - 1))

    def forward(self, feats: Sequence[Tensor]
                ) -> Union[Tensor, Tuple[Tensor, Tensor]]:
        """Forward the head.

        Args:
            feats (Sequence[Tensor]): FPN levels, finest (stride 4) first

        Returns:
            Tensor | tuple[Tensor, Tensor]: The coarse heatmap logits (B, K,
            H, W) at the finest level's size, and with a FineNet the fine
            logits of the same shape too.
        """
        feats = feats[:self.num_levels]
        size = feats[0].shape[-2:]
        levels = [
            F.interpolate(
                conv(feat), size=size, mode='bilinear', align_corners=False)
            if feat.shape[-2:] != size else conv(feat)
            for conv, feat in zip(self.level_convs, feats)
        ]
        coarse = self.final_layer(self.aspp(torch.cat(levels, dim=1)))
        if self.fine_net is None:
            return coarse
        return coarse, coarse + self.fine_net(coarse)

    def _heatmaps(self, feats: Sequence[Tensor]) -> Tensor:
        """Probabilities of the last map (fine if there is a FineNet)."""
        outputs = self.forward(feats)
        last = outputs[-1] if isinstance(outputs, tuple) else outputs
        return last.sigmoid()

    def predict(self,
                feats: Features,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> Predictions:
        """Predict landmarks: the sigmoid of the last map (averaged with the
        flipped image's under ``flip_test``), decoded by the codec.

        Args:
            feats (Sequence[Tensor] | list[Sequence[Tensor]]): FPN levels, or
                those of the image and of its flip under ``flip_test``
            batch_data_samples (list[PoseDataSample]): The data samples
            test_cfg (dict): ``flip_test``, ``flip_mode``, ``shift_heatmap``,
                ``output_heatmaps``. Defaults to ``{}``

        Returns:
            list[InstanceData] | tuple: ``keypoints`` (1, K, 2) and
            ``keypoint_scores`` (1, K) per sample, and the heatmaps as
            ``PixelData`` when ``output_heatmaps`` is set.
        """
        if test_cfg.get('flip_test', False):
            feats, feats_flip = feats
            flip_indices = batch_data_samples[0].metainfo['flip_indices']
            heatmaps = (self._heatmaps(feats) + flip_heatmaps(
                self._heatmaps(feats_flip),
                flip_mode=test_cfg.get('flip_mode', 'heatmap'),
                flip_indices=flip_indices,
                shift_heatmap=test_cfg.get('shift_heatmap', False))) * 0.5
        else:
            heatmaps = self._heatmaps(feats)
        preds = self.decode(heatmaps)
        if test_cfg.get('output_heatmaps', False):
            return preds, [PixelData(heatmaps=hm) for hm in heatmaps.detach()]
        return preds

    def loss(self,
             feats: Sequence[Tensor],
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Compute the coarse (and fine) heatmap losses.

        Args:
            feats (Sequence[Tensor]): FPN levels
            batch_data_samples (list[PoseDataSample]): Samples with
                ``gt_fields.heatmaps`` (coarse target), ``gt_fields.
                fine_heatmaps`` (with a FineNet) and ``gt_instance_labels.
                keypoint_weights``
            train_cfg (dict): ``compute_acc`` (default True) adds the PCK of
                the last map. Defaults to ``{}``

        Returns:
            dict: ``loss_coarse``, ``loss_fine`` (with a FineNet) and
            ``acc_pose``
        """
        outputs = self.forward(feats)
        outputs = outputs if isinstance(outputs, tuple) else (outputs, )
        weights = torch.cat([
            d.gt_instance_labels.keypoint_weights for d in batch_data_samples
        ])
        targets = [
            torch.stack([d.gt_fields.get(field) for d in batch_data_samples])
            for field in ('heatmaps', 'fine_heatmaps')[:len(outputs)]
        ]
        losses = {
            f'loss_{name}': self.loss_module(output, target, weights)
            for name, output, target in zip(('coarse', 'fine'), outputs,
                                             targets)
        }
        if train_cfg.get('compute_acc', True):
            _, avg_acc, _ = pose_pck_accuracy(
                output=to_numpy(outputs[-1].sigmoid()),
                target=to_numpy(targets[-1]),
                mask=to_numpy(weights) > 0)
            losses['acc_pose'] = torch.tensor(
                avg_acc, device=weights.device)
        return losses
