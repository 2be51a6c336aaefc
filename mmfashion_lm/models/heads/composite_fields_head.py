import math
from typing import List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.structures import InstanceData, PixelData
from mmpose.models.heads.base_head import BaseHead
from mmpose.registry import KEYPOINT_CODECS, MODELS
from mmpose.utils.tensor_utils import to_numpy
from mmpose.utils.typing import (ConfigType, Features, OptConfigType,
                                 OptSampleList, Predictions)
from torch import Tensor, nn

from ...codecs.composite_fields import (CAF_CHANNELS, CAF_TARGETS,
                                        CIF_CHANNELS, CIF_TARGETS)
from ..utils import OwnInitModule

# The confidence logits start at logit(0.05). Most field cells are
# background: a landmark's 4 x 4 target patch covers 16 of the 169 cells of
# the 13 x 13 grid of a 97 x 97 input (9.5 %), 16 of 2401 at 385 x 385, a
# link's 3-cell band a similar share. A start at
# sigmoid(0) = 0.5 would make the summed BCE of the background cells (and
# its gradient into the backbone) large in the first steps; a start near
# the share of positive cells keeps it at the level of the other losses.
CONFIDENCE_PRIOR = 0.05



@MODELS.register_module()
class CompositeFieldsHead(BaseHead, OwnInitModule):
    """The composite-fields head of `PifPaf`_ (Kreiss et al., CVPR 2019;
    OpenPifPaf, T-ITS 2021): a composite intensity field (CIF) per landmark
    and a composite association field (CAF) per skeleton link, for
    bottom-up detection of every garment in an image.

    A 1 x 1 conv maps the last feature map to
    ``(K * 5 + L * 9) * upsample**2`` channels and ``PixelShuffle(upsample)``
    raises the resolution (backbone stride 16 and ``upsample=2`` give the
    field stride 8); the map is then cropped to the codec's grid (an input
    of ``stride * n + 1`` pixels has ``n + 1`` cells, one fewer than the
    shuffled map of a stride-16 backbone). The outputs are raw: the codec
    (:class:`~mmfashion_lm.codecs.CompositeFields`) applies the
    activations when decoding, the losses here where they need them.

    Losses (each summed over the cells with a target and divided by the
    batch size):

    - confidence: ``confidence_loss`` on the logits where the confidence
      target is finite (NaN marks an ignored cell, e.g. an unlabelled
      region);
    - regression: ``regression_loss`` (Laplace) on the offset vectors where
      the vector target is finite, with the predicted log-spread; the
      distance is divided by half the scale target where that is finite,
      but never by less than ``min_regression_norm`` field cells (ours:
      DeepFashion's sizes give scales of a fraction of a cell, which would
      multiply the regression loss and its gradients tenfold);
    - scale: ``scale_loss`` (relative L1) on ``softplus`` of the raw scale
      where the scale target is finite.

    The CAF's two ends count as two entries each of the regression and
    scale losses. Flip test (``test_cfg.flip_test``) averages the raw
    fields of the image with those of its flip mapped back by
    ``decoder.flip_fields`` (landmark and link swap, mirror, negated dx),
    then decodes once; the averaged logits and log-spreads are our choice
    (the decoder sees one set of fields).

    Args:
        in_channels (int): Channels of the last feature map
        decoder (Config): Config of the codec (``type='CompositeFields'``),
            which gives the grid size (``field_size``), the skeleton and
            decodes the fields
        num_keypoints (int, optional): Number of landmarks K; ``None``
            reads the codec's. Defaults to ``None``
        num_links (int, optional): Number of skeleton links L; ``None``
            reads ``len(decoder.skeleton)``. Defaults to ``None``
        upsample (int): PixelShuffle factor. Defaults to 2
        min_regression_norm (float): The smallest divisor of the regression
            distance, field cells. Defaults to 1.0
        confidence_loss (Config): Config of the confidence loss.
            Defaults to ``dict(type='FieldConfidenceLoss')``
        regression_loss (Config): Config of the regression loss.
            Defaults to ``dict(type='LaplaceLoss')``
        scale_loss (Config): Config of the scale loss.
            Defaults to ``dict(type='RelativeL1Loss')``
        init_cfg (Config, optional): Config to control the initialization.
            ``None`` keeps the head's own start through a parent's
            initialisation (:class:`~mmfashion_lm.models.utils.
            OwnInitModule`): conv weights ``Normal(std=0.01)``, biases 0
            except the confidence biases at ``logit(0.05)``; a config
            replaces it. Defaults to ``None``

    .. _`PifPaf`: https://arxiv.org/abs/1903.06593
    """

    def __init__(self,
                 in_channels: int,
                 decoder: ConfigType,
                 num_keypoints: Optional[int] = None,
                 num_links: Optional[int] = None,
                 upsample: int = 2,
                 min_regression_norm: float = 1.0,
                 confidence_loss: ConfigType = dict(
                     type='FieldConfidenceLoss'),
                 regression_loss: ConfigType = dict(type='LaplaceLoss'),
                 scale_loss: ConfigType = dict(type='RelativeL1Loss'),
                 init_cfg: OptConfigType = None):
        super().__init__(init_cfg)
        self.decoder = KEYPOINT_CODECS.build(decoder)
        codec_keypoints = getattr(self.decoder, 'num_keypoints', None)
        if num_keypoints is None:
            if codec_keypoints is None:
                raise ValueError('num_keypoints must be given when the codec '
                                 'does not define it')
            num_keypoints = codec_keypoints
        elif codec_keypoints is not None and num_keypoints != codec_keypoints:
            raise ValueError(f'num_keypoints={num_keypoints} but the codec '
                             f'has {codec_keypoints} keypoints')
        codec_links = len(self.decoder.skeleton)
        if num_links is None:
            num_links = codec_links
        elif num_links != codec_links:
            raise ValueError(f'num_links={num_links} but the codec skeleton '
                             f'has {codec_links} links')
        if upsample < 1:
            raise ValueError(f'upsample must be >= 1, got {upsample}')

        self.in_channels = in_channels
        self.num_keypoints = num_keypoints
        self.num_links = num_links
        self.upsample = upsample
        self.min_regression_norm = min_regression_norm
        # the codec's grid, (W, H) cells
        self.field_size = tuple(int(s) for s in self.decoder.field_size)
        self.confidence_loss = MODELS.build(confidence_loss)
        self.regression_loss = MODELS.build(regression_loss)
        self.scale_loss = MODELS.build(scale_loss)

        self.out_fields = (num_keypoints * CIF_CHANNELS +
                           num_links * CAF_CHANNELS)
        self.conv = nn.Conv2d(in_channels, self.out_fields * upsample**2, 1)
        self.pixel_shuffle = nn.PixelShuffle(upsample)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Small weights, zero biases (offsets 0, log-spread 0, i.e.
        ``b = 1``, scale ``softplus(0)``); confidence biases at the prior
        logit."""
        nn.init.normal_(self.conv.weight, std=0.01)
        nn.init.zeros_(self.conv.bias)
        confidence = [
            k * CIF_CHANNELS for k in range(self.num_keypoints)
        ] + [
            self.num_keypoints * CIF_CHANNELS + link * CAF_CHANNELS
            for link in range(self.num_links)
        ]
        # PixelShuffle takes output channel c from conv channels
        # [c * u^2, (c + 1) * u^2)
        u2 = self.upsample**2
        index = torch.tensor([c * u2 + r for c in confidence
                              for r in range(u2)])
        with torch.no_grad():
            self.conv.bias[index] = -math.log(1 / CONFIDENCE_PRIOR - 1)

    def forward(self, feats: Sequence[Tensor]) -> Tuple[Tensor, Tensor]:
        """Forward the head.

        Args:
            feats (Sequence[Tensor]): Feature maps; the last one, in shape
                (B, C, h, w), is used

        Returns:
            tuple[Tensor, Tensor]: The raw fields: CIF in shape
            (B, K, 5, H, W) and CAF in shape (B, L, 9, H, W), with (W, H)
            the codec's ``field_size``.
        """
        return self.forward_fields(feats[-1], feats[-1])

    def forward_fields(self, cif_feat: Tensor,
                       caf_feat: Tensor) -> Tuple[Tensor, Tensor]:
        """The raw fields, the CIF from ``cif_feat`` and the CAF from
        ``caf_feat`` (B, C, h, w): the same map for :meth:`forward`, or two
        copies of it from a :class:`~mmfashion_lm.models.layers.
        ForkNormalization`, which counts the two fields as two tasks (the
        study's PIF and PAF heads, section 5.2). The 1 x 1 conv's output
        channels of the CIF come first, so each copy meets its own slice
        of the weights: the result is that of one conv.

        Returns:
            tuple[Tensor, Tensor]: CIF (B, K, 5, H, W) and CAF
            (B, L, 9, H, W), as :meth:`forward`.
        """
        if cif_feat is caf_feat:
            x = self.conv(cif_feat)
        else:
            split = self.num_keypoints * CIF_CHANNELS * self.upsample**2
            weight, bias = self.conv.weight, self.conv.bias
            x = torch.cat([
                F.conv2d(cif_feat, weight[:split], bias[:split]),
                F.conv2d(caf_feat, weight[split:], bias[split:])
            ], dim=1)
        x = self.pixel_shuffle(x)
        width, height = self.field_size
        assert x.shape[-2] >= height and x.shape[-1] >= width, (
            f'the upsampled feature map {tuple(x.shape[-2:])} is smaller '
            f'than the codec grid (H, W) = {(height, width)}')
        # The crop drops the part of the last backbone cell that lies past
        # the input's last pixel; more would mean an input larger than the
        # codec's input_size, whose fields the codec would misplace.
        assert (x.shape[-2] - height < self.upsample
                and x.shape[-1] - width < self.upsample), (
                    f'the upsampled feature map {tuple(x.shape[-2:])} is '
                    'larger than the codec grid (H, W) = '
                    f'{(height, width)} by a backbone cell or more: the '
                    "input does not match the codec's input_size")
        x = x[..., :height, :width]
        batch_size = x.shape[0]
        split = self.num_keypoints * CIF_CHANNELS
        cif = x[:, :split].reshape(batch_size, self.num_keypoints,
                                   CIF_CHANNELS, height, width)
        caf = x[:, split:].reshape(batch_size, self.num_links,
                                   CAF_CHANNELS, height, width)
        return cif, caf

    def predict(self,
                feats: Features,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> Predictions:
        """Predict every instance of every sample: raw fields (averaged
        with the flipped image's under ``flip_test``) decoded by the codec.
        Keypoints are clipped into the image's part of the input where the
        samples carry mmpose's bottom-up keys (``ori_shape``,
        ``input_size``, ``input_center``, ``input_scale``), into the input
        otherwise.

        Args:
            feats (Sequence[Tensor] | list[Sequence[Tensor]]): Feature maps,
                or those of the image and of its flip under ``flip_test``
            batch_data_samples (list[PoseDataSample]): The data samples;
                ``metainfo['flip_indices']`` of the first one is used under
                ``flip_test``
            test_cfg (dict): ``flip_test``, ``output_heatmaps`` (adds the
                CIF confidences ``sigmoid(c)`` (K, H, W) as
                ``PixelData.heatmaps``). Defaults to ``{}``

        Returns:
            list[InstanceData] | tuple: Per sample ``keypoints`` (M, K, 2)
            and ``bboxes`` (M, 4) (xyxy) in input pixels,
            ``keypoint_scores`` (M, K) and ``bbox_scores`` (M, ), M
            instances (possibly 0); with ``output_heatmaps`` also the list
            of ``PixelData``.
        """
        assert not test_cfg.get('multiscale_test', False), (
            'CompositeFieldsHead does not support multi-scale test')
        if test_cfg.get('flip_test', False):
            feats, feats_flip = feats
            cif, caf = (to_numpy(t) for t in self.forward(feats))
            cif_flip, caf_flip = (
                to_numpy(t) for t in self.forward(feats_flip))
            flip_indices = batch_data_samples[0].metainfo['flip_indices']
            backs = [
                self.decoder.flip_fields(c, a, flip_indices)
                for c, a in zip(cif_flip, caf_flip)
            ]
            cif = 0.5 * (cif + np.stack([c for c, _ in backs]))
            caf = 0.5 * (caf + np.stack([a for _, a in backs]))
        else:
            cif, caf = (to_numpy(t) for t in self.forward(feats))
        clip_boxes = [_image_box(d.metainfo) for d in batch_data_samples] \
            if batch_data_samples else None
        preds = self.decode((cif, caf), clip_boxes)
        if test_cfg.get('output_heatmaps', False):
            confidences = torch.from_numpy(
                np.ascontiguousarray(cif[:, :, 0])).sigmoid()
            return preds, [PixelData(heatmaps=c) for c in confidences]
        return preds

    def decode(
        self,
        batch_outputs: Tuple[np.ndarray, np.ndarray],
        clip_boxes: Optional[Sequence[Optional[np.ndarray]]] = None
    ) -> List[InstanceData]:
        """Decode the raw fields of a batch, sample by sample.

        Args:
            batch_outputs (tuple[np.ndarray, np.ndarray]): CIF (B, K, 5, H,
                W) and CAF (B, L, 9, H, W), raw
            clip_boxes (Sequence[np.ndarray | None], optional): Per sample
                the box ``x1 y1 x2 y2`` (input pixels) that keypoints are
                clipped into, ``None`` for the whole input. Defaults to
                ``None``

        Returns:
            list[InstanceData]: ``keypoints``, ``keypoint_scores``,
            ``bboxes``, ``bbox_scores`` per sample, and ``category_id``
            (M, ) where the codec has ``slot_categories``.
        """
        cifs, cafs = batch_outputs
        if clip_boxes is None:
            clip_boxes = [None] * len(cifs)
        preds = []
        for cif, caf, clip_box in zip(cifs, cafs, clip_boxes):
            keypoints, keypoint_scores, bboxes, bbox_scores = \
                self.decoder.decode(
                    np.ascontiguousarray(cif, dtype=np.float32),
                    np.ascontiguousarray(caf, dtype=np.float32),
                    clip_box=clip_box)
            instances = InstanceData(
                keypoints=keypoints,
                keypoint_scores=keypoint_scores,
                bboxes=bboxes,
                bbox_scores=bbox_scores)
            if self.decoder.slot_categories is not None:
                instances.category_id = self.decoder.categories_of(
                    keypoint_scores)
            preds.append(instances)
        return preds

    def loss(self,
             feats: Sequence[Tensor],
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Compute the confidence, regression and scale losses of both
        fields.

        Args:
            feats (Sequence[Tensor]): Feature maps
            batch_data_samples (list[PoseDataSample]): Samples with
                ``gt_fields.cif_targets`` (4K, H, W) and ``gt_fields.
                caf_targets`` (7L, H, W) from the codec (NaN: no target)
            train_cfg (dict): Unused. Defaults to ``{}``

        Returns:
            dict: ``loss_cif_confidence``, ``loss_cif_regression``,
            ``loss_cif_scale``, ``loss_caf_confidence``,
            ``loss_caf_regression``, ``loss_caf_scale``.
        """
        return self.loss_from_fields(self.forward(feats), batch_data_samples)

    def loss_from_fields(self, fields: Tuple[Tensor, Tensor],
                         batch_data_samples: OptSampleList) -> dict:
        """The losses of raw fields (CIF, CAF) against the samples'
        targets (see :meth:`loss`)."""
        cif, caf = fields
        batch_size, _, _, height, width = cif.shape
        cif_targets = torch.stack([
            d.gt_fields.cif_targets for d in batch_data_samples
        ]).to(cif).reshape(batch_size, self.num_keypoints, CIF_TARGETS,
                           height, width)
        caf_targets = torch.stack([
            d.gt_fields.caf_targets for d in batch_data_samples
        ]).to(caf).reshape(batch_size, self.num_links, CAF_TARGETS, height,
                           width)

        # per end: (vectors, target vectors, log b, raw scale, target scale)
        cif_ends = [(cif[:, :, 1:3], cif_targets[:, :, 1:3], cif[:, :, 3],
                     cif[:, :, 4], cif_targets[:, :, 3])]
        caf_ends = [(caf[:, :, 1:3], caf_targets[:, :, 1:3], caf[:, :, 5],
                     caf[:, :, 7], caf_targets[:, :, 5]),
                    (caf[:, :, 3:5], caf_targets[:, :, 3:5], caf[:, :, 6],
                     caf[:, :, 8], caf_targets[:, :, 6])]
        losses = dict()
        for name, pred, target, ends in (
                ('cif', cif, cif_targets, cif_ends),
                ('caf', caf, caf_targets, caf_ends)):
            confidence, regression, scale = self._field_losses(
                pred[:, :, 0], target[:, :, 0], ends)
            losses[f'loss_{name}_confidence'] = confidence / batch_size
            losses[f'loss_{name}_regression'] = regression / batch_size
            losses[f'loss_{name}_scale'] = scale / batch_size
        return losses

    def _field_losses(
        self, logits: Tensor, confidence_targets: Tensor,
        ends: Sequence[Tuple[Tensor, Tensor, Tensor, Tensor, Tensor]]
    ) -> Tuple[Tensor, Tensor, Tensor]:
        """The three summed losses of one field kind.

        Args:
            logits (Tensor): Confidence logits (B, F, H, W)
            confidence_targets (Tensor): Confidence targets (B, F, H, W)
            ends (list[tuple]): Per regressed end: vectors (B, F, 2, H, W),
                target vectors (B, F, 2, H, W), log b (B, F, H, W), raw
                scales (B, F, H, W), target scales (B, F, H, W)

        Returns:
            tuple[Tensor, Tensor, Tensor]: Confidence, regression and scale
            losses, summed over the entries with a finite target.
        """
        # Selecting the entries (rather than weighting by 0) keeps ignored
        # cells out of the gradient whatever their predictions.
        keep = torch.isfinite(confidence_targets)
        confidence = self.confidence_loss(logits[keep],
                                          confidence_targets[keep])

        vectors, vector_targets, log_bs, norms = [], [], [], []
        scales, scale_targets = [], []
        for vector, vector_target, log_b, raw_scale, scale_target in ends:
            vector = vector.movedim(2, -1)
            vector_target = vector_target.movedim(2, -1)
            keep = torch.isfinite(vector_target).all(dim=-1)
            vectors.append(vector[keep])
            vector_targets.append(vector_target[keep])
            log_bs.append(log_b[keep])
            # half the scale target where there is one, at least the floor
            half_scale = torch.nan_to_num(0.5 * scale_target[keep], nan=0.0)
            norms.append(half_scale.clamp(min=self.min_regression_norm))

            keep = torch.isfinite(scale_target)
            scales.append(F.softplus(raw_scale[keep]))
            scale_targets.append(scale_target[keep])
        regression = self.regression_loss(
            torch.cat(vectors), torch.cat(vector_targets), torch.cat(log_bs),
            torch.cat(norms))
        scale = self.scale_loss(torch.cat(scales), torch.cat(scale_targets))
        return confidence, regression, scale


def _image_box(metainfo: dict) -> Optional[np.ndarray]:
    """The image's extent in input pixels, ``x1 y1 x2 y2``, from mmpose's
    bottom-up transform keys (``BottomupResize`` pads the image into the
    input); ``None`` without them (the whole input then)."""
    keys = ('ori_shape', 'input_size', 'input_center', 'input_scale')
    if not all(key in metainfo for key in keys):
        return None
    img_h, img_w = metainfo['ori_shape'][:2]
    input_size = np.asarray(metainfo['input_size'], dtype=np.float64)
    center = np.asarray(metainfo['input_center'], dtype=np.float64)
    scale = np.asarray(metainfo['input_scale'], dtype=np.float64)
    # the inverse of BottomupPoseEstimator's input -> image mapping
    corners = np.array([[0., 0.], [img_w - 1., img_h - 1.]])
    corners = (corners - center + 0.5 * scale) / scale * input_size
    # Drawn in by a few float32 steps: the codec's float32 keypoints,
    # clipped to the exact corners and mapped back by mmpose, land past the
    # image's edge by a rounding error otherwise (y = -2e-6 and h - 1 +
    # 7e-6 seen on a 300 x 200 image in a 97 x 97 input).
    margin = np.minimum(8 * np.finfo(np.float32).eps * input_size.max(),
                        0.5 * (corners[1] - corners[0]))
    corners += np.stack([margin, -margin])
    return corners.reshape(4)
