from typing import List, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.structures import InstanceData
from mmpose.models.heads.base_head import BaseHead
from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType, OptConfigType, OptSampleList
from torch import Tensor, nn

from ..utils import OwnInitModule


@MODELS.register_module()
class CategoryMapHead(BaseHead, OwnInitModule):
    """The clothing category head of seed 003 (section 5.2): a 1 x 1 conv
    from the shared features to one map per category, the maximum over the
    spatial positions, softmax, cross-entropy.

    Two ways to read the maps (``target``), both trained against
    ``gt_category_label`` (one 0-based label per garment, packed by
    :class:`~mmfashion_lm.datasets.PackFashionInputs`):

    - ``'image'`` (the paper's): the maximum over the whole map gives the
      image's category logits, for samples of one garment (DeepFashion-C:
      one annotated garment an image);
    - ``'instance'`` (ours, beyond the paper): the maximum over the cells
      inside each garment's box gives that garment's logits (DeepFashion2:
      every garment labelled), so that a photo with a top and trousers says
      which is which.

    Prediction: :meth:`predict` gives every sample ``pred_category_score``,
    the softmax of the spatial maxima, (C, ) for ``'image'``; for
    ``'instance'``, (N, C) of the sample's N ground-truth garments read over
    their boxes when the sample has them (what ``CategoryAttributeMetric``
    scores: the category of each annotated garment), else the image's
    (C, ). :meth:`predict_instances` reads a category for every decoded
    garment from the maps over its box (``category_id``: index +
    ``category_id_offset``, and ``category_scores``).

    A sample without ``gt_category_label`` adds nothing to the loss, so no
    gradient flows back from the head for it (``ForkNormalization`` counts
    the tasks a sample supervises by that).

    Args:
        in_channels (int): Channels of the last feature map.
        num_categories (int): Number of categories C.
        target (str): ``'image'`` or ``'instance'``. Defaults to
            ``'image'``.
        loss_weight (float): Weight of the cross-entropy. Defaults to 1.0.
        category_id_offset (int): Added to a category index to give a
            decoded garment's ``category_id`` (1 for COCO-style ids from 1,
            DeepFashion2's 1..13; 0 for DeepFashion-C's 0-based
            ``category_label``). Defaults to 1.
        init_cfg (Config, optional): Config to control the initialization;
            ``None`` keeps the conv's ``Normal(std=0.01)`` weights and zero
            bias through a parent's initialisation. Defaults to None.
    """

    TARGETS = ('image', 'instance')

    def __init__(self,
                 in_channels: int,
                 num_categories: int,
                 target: str = 'image',
                 loss_weight: float = 1.0,
                 category_id_offset: int = 1,
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(init_cfg)
        if target not in self.TARGETS:
            raise ValueError(f'CategoryMapHead target must be one of '
                             f'{self.TARGETS}, got {target!r}')
        if num_categories < 2:
            raise ValueError(
                f'num_categories must be >= 2, got {num_categories}')
        self.in_channels = in_channels
        self.num_categories = num_categories
        self.target = target
        self.loss_weight = loss_weight
        self.category_id_offset = category_id_offset
        self.conv = nn.Conv2d(in_channels, num_categories, 1)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        nn.init.normal_(self.conv.weight, std=0.01)
        nn.init.zeros_(self.conv.bias)

    def forward(self, feats: Sequence[Tensor]) -> Tensor:
        """The category maps (B, C, h, w) of the last feature map."""
        return self.conv(feats[-1])

    # ------------------------------------------------------------ reading
    @staticmethod
    def _box_logits(maps: Tensor, boxes: Tensor,
                    input_size: Sequence[int]) -> Tensor:
        """(M, C) maxima of one sample's maps (C, h, w) over the cells that
        lie inside each box ``x1 y1 x2 y2`` (input pixels; cell ``i`` at
        pixel ``i * stride``, the grid of an input of ``stride * n + 1``
        pixels); the nearest cell for a box that holds none."""
        _, h, w = maps.shape
        stride_x = (input_size[0] - 1) / max(w - 1, 1)
        stride_y = (input_size[1] - 1) / max(h - 1, 1)
        cells_x = torch.arange(w, device=maps.device) * stride_x
        cells_y = torch.arange(h, device=maps.device) * stride_y
        logits = []
        for x1, y1, x2, y2 in boxes.tolist():
            cols = (cells_x >= x1) & (cells_x <= x2)
            rows = (cells_y >= y1) & (cells_y <= y2)
            if not cols.any():
                cols[(cells_x - (x1 + x2) / 2).abs().argmin()] = True
            if not rows.any():
                rows[(cells_y - (y1 + y2) / 2).abs().argmin()] = True
            logits.append(maps[:, rows][:, :, cols].flatten(1).amax(1))
        if not logits:
            return maps.new_zeros((0, maps.shape[0]))
        return torch.stack(logits)

    # --------------------------------------------------------------- loss
    def loss(self,
             feats: Sequence[Tensor],
             batch_data_samples: OptSampleList,
             train_cfg: ConfigType = {}) -> dict:
        """Cross-entropy of the image's (``'image'``) or of each garment's
        (``'instance'``) spatial-maximum logits, summed over the labelled
        samples / garments and divided by the batch size."""
        maps = self.forward(feats)
        logits, labels = [], []
        for sample_maps, sample in zip(maps, batch_data_samples):
            if 'gt_category_label' not in sample:
                continue
            sample_labels = torch.as_tensor(sample.gt_category_label)
            sample_labels = sample_labels.reshape(-1)
            if self.target == 'image':
                if len(sample_labels) != 1:
                    raise ValueError(
                        f"CategoryMapHead(target='image') needs one garment "
                        f'a sample; {sample.metainfo.get("img_path")} has '
                        f"{len(sample_labels)} (target='instance' reads "
                        'each garment over its box)')
                logits.append(sample_maps.flatten(1).amax(1)[None])
            else:
                boxes = torch.as_tensor(
                    np.asarray(sample.gt_instances.bboxes), dtype=maps.dtype)
                if boxes.shape != (len(sample_labels), 4):
                    raise ValueError(
                        f'gt_instances.bboxes of {tuple(boxes.shape)} for '
                        f'{len(sample_labels)} category labels; expected '
                        '(N, 4) x1 y1 x2 y2 boxes, one a garment')
                # a garment the augmentation moved out of the input has no
                # cell to learn its category from
                width, height = sample.metainfo['input_size']
                seen = ((boxes[:, 2] >= 0) & (boxes[:, 0] <= width - 1) &
                        (boxes[:, 3] >= 0) & (boxes[:, 1] <= height - 1))
                logits.append(
                    self._box_logits(sample_maps, boxes[seen],
                                     (width, height)))
                sample_labels = sample_labels[seen.to(sample_labels.device)]
            labels.append(sample_labels)
        if not logits:
            return dict(loss_category=maps.sum() * 0.0)
        logits = torch.cat(logits)
        labels = torch.cat(labels).to(device=maps.device, dtype=torch.long)
        if labels.min() < 0 or labels.max() >= self.num_categories:
            raise ValueError(
                f'gt_category_label must lie in 0..{self.num_categories - 1}'
                f', got {labels.min().item()} .. {labels.max().item()}')
        loss = F.cross_entropy(logits, labels, reduction='sum') / len(maps)
        return dict(loss_category=loss * self.loss_weight)

    # ---------------------------------------------------------- predicting
    def predict(self,
                feats,
                batch_data_samples: OptSampleList,
                test_cfg: ConfigType = {}) -> Tensor:
        """The category maps (B, C, h, w), averaged with the flipped
        image's mirrored back under ``flip_test`` (categories do not swap
        sides); each sample gets ``pred_category_score`` (see the class
        doc)."""
        assert not test_cfg.get('multiscale_test', False), (
            'CategoryMapHead does not support multi-scale test')
        if test_cfg.get('flip_test', False):
            feats, feats_flip = feats
            maps = 0.5 * (self.forward(feats) +
                          self.forward(feats_flip).flip(-1))
        else:
            maps = self.forward(feats)
        image_scores = maps.flatten(2).amax(2).softmax(dim=1)
        for sample_maps, sample, scores in zip(maps, batch_data_samples or [],
                                               image_scores):
            if self.target == 'instance' and 'gt_instances' in sample \
                    and 'bboxes' in sample.gt_instances:
                scores = self._box_logits(
                    sample_maps, _boxes_in_input(sample, maps.device),
                    sample.metainfo['input_size']).softmax(dim=1)
            sample.pred_category_score = scores
        return maps

    def predict_instances(self, maps: Tensor,
                          batch_instances: List[InstanceData],
                          input_size: Sequence[int]) -> None:
        """Add ``category_scores`` (M, C) and ``category_id`` (M, ) to each
        sample's decoded garments (boxes in input pixels), read from its
        maps (B, C, h, w) over each garment's box; a ``category_id`` the
        decoder gave already (a category-aware codec's, from the slots its
        joints occupy) is kept."""
        for sample_maps, instances in zip(maps, batch_instances):
            boxes = torch.as_tensor(
                np.asarray(instances.bboxes, np.float32).reshape(-1, 4),
                device=sample_maps.device)
            scores = self._box_logits(sample_maps, boxes,
                                      input_size).softmax(dim=1)
            scores = scores.detach().cpu().numpy()
            instances.category_scores = scores
            if 'category_id' not in instances:
                instances.category_id = (scores.argmax(axis=1) +
                                         self.category_id_offset).astype(
                                             np.int64)


def _boxes_in_input(sample, device) -> Tensor:
    """A sample's ground-truth boxes (N, 4) ``x1 y1 x2 y2`` from original
    pixels (where a bottom-up test pipeline leaves them) into input
    pixels, by the sample's ``input_center`` / ``input_scale`` /
    ``input_size``."""
    boxes = np.asarray(sample.gt_instances.bboxes, np.float32).reshape(-1, 4)
    size = np.asarray(sample.metainfo['input_size'], np.float32)
    scale = np.asarray(sample.metainfo['input_scale'], np.float32)
    centre = np.asarray(sample.metainfo['input_center'], np.float32)
    corners = (boxes.reshape(-1, 2, 2) - centre + 0.5 * scale) / scale * size
    return torch.as_tensor(corners.reshape(-1, 4), device=device)
