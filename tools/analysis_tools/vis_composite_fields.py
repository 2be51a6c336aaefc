r"""Draw the composite fields (PifPaf) of one image and the garments decoded
from them: what a composite-fields model predicts, or the targets its codec
encodes from an annotation.

    python tools/analysis_tools/vis_composite_fields.py IMG CONFIG --out PNG
        [--checkpoint CKPT | --ann JSON [--image-id ID]]
        [--cif-thr T] [--caf-thr T] [--scale S] [--alpha A]
        [--device DEVICE] [--cfg-options KEY=VALUE ...]

IMG is any image OpenCV reads (any size; grayscale is drawn as grey).
CONFIG is a composite-fields config (``model.head.decoder``, or
``model.head.landmark_head.decoder`` of a joint landmark and category model,
a complete ``CompositeFields`` codec: input size, landmarks, skeleton). The
whole image is letterboxed into the codec's input, ``(w, h)``: scaled to fit
with its aspect ratio kept, centred, the rest black (as mmpose's
``BottomupResize`` ``'fit'`` pads), and everything is drawn over that
input, in its pixels, enlarged ``--scale`` times.

Two modes:

- predictions (default): the config's network (with the weights of
  ``--checkpoint``; without one the weights are random and the fields show
  nothing learned: the tool says so) runs on the input, backbone and head,
  one pass without flip test; its raw fields are drawn and decoded by its
  codec;
- targets (``--ann``): the ground truth of IMG in a COCO-style keypoint
  annotation file (the image whose ``file_name`` ends with IMG's name, or
  ``--image-id``; the only image of a file with one) is mapped into the
  input, encoded by the codec and turned into the fields a perfect network
  would predict (``codec.perfect_fields``), which are drawn and decoded;
  the ground-truth landmarks are marked too (white crosses). Landmarks with
  ``v > 0`` are labelled. Annotations of the DeepFashion upper (6) or lower
  (4) layout go to their slots of an 8-slot codec. No network is built.

The PNG has three panels side by side, each the input enlarged ``--scale``
times, so ``3 * w * scale`` by ``h * scale`` pixels (97 x 97 inputs, scale
4: 1164 x 388):

1. CIF: the largest confidence over the landmarks at every point (the
   confidences of the cells bilinearly interpolated between them) as a heat
   map, and for every cell whose confidence of a landmark reaches
   ``--cif-thr``, an arrow from the cell to the point it regresses to, in
   that landmark's colour;
2. CAF: for every cell whose confidence of a link reaches ``--caf-thr``, a
   segment between the link's two regressed ends, in the link's colour (a
   dot at the cell);
3. decoded garments: each garment's skeleton between placed joints, its
   landmarks (filled: placed by the decoder; hollow: completed with score
   0), its box and score.

The PNG is written atomically.

Examples, in a clone after ``make data`` (random weights without
``--checkpoint``):

    python tools/analysis_tools/vis_composite_fields.py \
        photo.jpg CONFIG --out work_dirs/cf.png
    python tools/analysis_tools/vis_composite_fields.py \
        data/synthfashion/deepfashion/img/Leather_Robe/img_00000001.jpg \
        CONFIG --ann \
        data/synthfashion/deepfashion/annotations/deepfashion_full_test.json \
        --out work_dirs/cf_targets.png
"""
import argparse
import json
import os.path as osp
from typing import List, Optional, Tuple

import mmfashion_lm  # noqa: F401  (compat shims, registries)
import cv2
import numpy as np
import torch
import torch.nn.functional as F
from mmengine.config import Config, DictAction
from mmengine.registry import MODELS, init_default_scope
from mmengine.runner import load_checkpoint
from mmpose.registry import KEYPOINT_CODECS
from mmpose.structures import PoseDataSample

from mmfashion_lm.datasets.metainfo import deepfashion
from mmfashion_lm.utils.io import atomic_path

from composite_fields_config import load_composite_fields_config

WHITE = (255, 255, 255)
FONT = cv2.FONT_HERSHEY_SIMPLEX


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Draw the CIF / CAF fields of one image and the garments '
        'decoded from them: a composite-fields model\'s predictions, or the '
        'encoded targets of an annotation (--ann)')
    parser.add_argument('img', help='image file, any size, colour or grey')
    parser.add_argument(
        'config',
        help='composite-fields config; model.head.decoder (a joint '
        "model's model.head.landmark_head.decoder) is its codec "
        '(input size, landmarks, skeleton, decoder thresholds)')
    parser.add_argument(
        '--out', required=True,
        help='PNG file to write (atomically; its directory is created)')
    parser.add_argument(
        '--checkpoint',
        help='checkpoint of the config\'s model. Default: none (random '
        'weights: the fields show nothing learned)')
    parser.add_argument(
        '--ann',
        help='COCO-style keypoint annotation file: draw the targets the '
        'codec encodes from IMG\'s ground truth (as a perfect network would '
        'predict them) instead of running the network. Default: none')
    parser.add_argument(
        '--image-id', type=int,
        help='with --ann, the image id of IMG in the annotation file. '
        'Default: the image whose file_name ends with IMG\'s file name')
    parser.add_argument(
        '--cif-thr', type=float, default=0.5,
        help='CIF confidence from which a cell\'s vector is drawn. '
        'Default: 0.5')
    parser.add_argument(
        '--caf-thr', type=float, default=0.5,
        help='CAF confidence from which a cell\'s link is drawn. '
        'Default: 0.5')
    parser.add_argument(
        '--scale', type=int, default=4,
        help='enlargement of the input in each panel (>= 1). Default: 4')
    parser.add_argument(
        '--alpha', type=float, default=0.5,
        help='opacity of the CIF heat map over the image, 0 to 1. '
        'Default: 0.5')
    parser.add_argument(
        '--device', default='cpu',
        help='torch device of the network, e.g. cpu, cuda:0. Default: cpu')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings of the config, KEY=VALUE pairs (dotted '
        'keys). Default: none')
    args = parser.parse_args()
    if args.scale < 1 or not 0 <= args.alpha <= 1:
        parser.error('--scale must be >= 1, --alpha in [0, 1]')
    if not args.out.lower().endswith('.png'):
        parser.error(f'--out {args.out}: give a .png file name')
    if args.ann and args.checkpoint:
        parser.error('--ann draws the encoded targets, no network: give '
                     '--ann or --checkpoint, not both')
    if args.image_id is not None and not args.ann:
        parser.error('--image-id needs --ann')
    for name, path in (('image', args.img), ('config', args.config),
                       ('checkpoint', args.checkpoint),
                       ('annotation file', args.ann)):
        if path and not osp.isfile(path):
            parser.error(f'{name} {path}: no such file')
    return args


# ----------------------------------------------------------------------
# config, image, input


def read_image(path: str) -> np.ndarray:
    """The image as BGR uint8 (grey images as three equal channels)."""
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f'{path}: not an image OpenCV can read')
    return image


def letterbox(image: np.ndarray,
              input_size: Tuple[int, int]) -> Tuple[np.ndarray, np.ndarray]:
    """``image`` scaled to fit ``input_size`` (w, h), aspect kept, centred
    on black; and the map (2, 3) from image to input pixels."""
    width, height = input_size
    img_h, img_w = image.shape[:2]
    scale = min(width / img_w, height / img_h)
    new_w = max(1, min(width, int(round(img_w * scale))))
    new_h = max(1, min(height, int(round(img_h * scale))))
    left, top = (width - new_w) // 2, (height - new_h) // 2
    canvas = np.zeros((height, width, 3), np.uint8)
    canvas[top:top + new_h, left:left + new_w] = cv2.resize(
        image, (new_w, new_h), interpolation=cv2.INTER_AREA)
    matrix = np.array([[new_w / img_w, 0, left], [0, new_h / img_h, top]])
    return canvas, matrix


# ----------------------------------------------------------------------
# the fields: predicted or encoded targets


def predicted_fields(cfg: Config, args, image: np.ndarray
                     ) -> Tuple[np.ndarray, np.ndarray, object]:
    """Raw CIF (K, 5, H, W) and CAF (L, 9, H, W) of the network on the
    input ``image`` (BGR uint8), and the model's codec."""
    device = torch.device(args.device)
    model = MODELS.build(cfg.model)
    if args.checkpoint:
        load_checkpoint(model, args.checkpoint, map_location='cpu')
    model = model.to(device).eval()
    batch = dict(
        inputs=[torch.from_numpy(image).permute(2, 0, 1)],
        data_samples=[PoseDataSample()])
    with torch.no_grad():
        inputs = model.data_preprocessor(batch, False)['inputs']
        head = getattr(model.head, 'landmark_head', model.head)
        cif, caf = head.forward(model.extract_feat(inputs))
    return cif[0].cpu().numpy(), caf[0].cpu().numpy(), head.decoder


def find_image(coco: dict, img_path: str,
               image_id: Optional[int]) -> dict:
    """The image entry of ``img_path`` in a COCO-style file."""
    images = coco.get('images', [])
    if image_id is not None:
        found = [im for im in images if im.get('id') == image_id]
    elif len(images) == 1:
        found = images
    else:
        name = osp.basename(img_path)
        found = [im for im in images
                 if osp.basename(im.get('file_name', '')) == name]
        if len(found) > 1:
            path = osp.normpath(osp.abspath(img_path))
            found = [im for im in found
                     if path.endswith(osp.normpath(im['file_name']))]
    if len(found) != 1:
        which = (f'id {image_id}' if image_id is not None else
                 f'file_name ending in {osp.basename(img_path)}')
        raise SystemExit(f'{len(found)} images with {which} in the '
                         'annotation file; give --image-id')
    return found[0]


def ground_truth(ann_file: str, img_path: str, image_id: Optional[int],
                 num_keypoints: int
                 ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keypoints (N, K, 2), labels (N, K) and boxes (N, 4) xyxy of the
    image's garments, in image pixels, in the codec's K slots."""
    with open(ann_file) as f:
        coco = json.load(f)
    image = find_image(coco, img_path, image_id)
    anns = [a for a in coco.get('annotations', [])
            if a.get('image_id') == image['id'] and a.get('keypoints')]
    keypoints = np.zeros((len(anns), num_keypoints, 2))
    labelled = np.zeros((len(anns), num_keypoints), bool)
    boxes = np.zeros((len(anns), 4))
    for n, ann in enumerate(anns):
        points = np.asarray(ann['keypoints'], np.float64).reshape(-1, 3)
        slots = _slots(len(points), num_keypoints, ann_file)
        keypoints[n, slots] = points[:, :2]
        labelled[n, slots] = points[:, 2] > 0
        if ann.get('bbox'):
            x, y, w, h = ann['bbox']
            boxes[n] = (x, y, x + w, y + h)
        else:
            own = points[points[:, 2] > 0, :2]
            boxes[n] = (*own.min(0), *own.max(0)) if len(own) else 0
    return keypoints, labelled, boxes


def _slots(count: int, num_keypoints: int, ann_file: str) -> List[int]:
    """The codec slot of each of an annotation's ``count`` keypoints."""
    if count == num_keypoints:
        return list(range(count))
    if num_keypoints == len(deepfashion.LANDMARKS):
        for subset, slots in deepfashion.SUBSET_SLOTS.items():
            if len(slots) == count:
                return list(slots)
    raise SystemExit(f'{ann_file}: annotations of {count} keypoints for a '
                     f'codec of {num_keypoints}')


def target_fields(decoder_cfg: dict, args, matrix: np.ndarray
                  ) -> Tuple[np.ndarray, np.ndarray, object, np.ndarray]:
    """The perfect raw fields of the image's encoded ground truth, the
    codec, and the labelled ground-truth landmarks (P, 2) in input
    pixels."""
    codec = KEYPOINT_CODECS.build(decoder_cfg)
    keypoints, labelled, boxes = ground_truth(args.ann, args.img,
                                              args.image_id,
                                              codec.num_keypoints)
    keypoints = keypoints @ matrix[:, :2].T + matrix[:, 2]
    corners = boxes.reshape(-1, 2, 2) @ matrix[:, :2].T + matrix[:, 2]
    encoded = codec.encode(keypoints, labelled.astype(np.float32),
                           bbox=corners.reshape(-1, 4))
    cif, caf = codec.perfect_fields(encoded)
    return cif, caf, codec, keypoints[labelled]


# ----------------------------------------------------------------------
# drawing


def colours(count: int) -> List[Tuple[int, int, int]]:
    """``count`` distinct BGR colours around the hue circle."""
    if count == 0:
        return []
    hues = (np.arange(count) * 180 // max(count, 1)).astype(np.uint8)
    hsv = np.stack([hues, np.full(count, 220, np.uint8),
                    np.full(count, 255, np.uint8)], -1)[None]
    return [tuple(int(v) for v in c)
            for c in cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0]]


class Panel:
    """The input enlarged ``scale`` times, with drawing in input pixels."""

    def __init__(self, image: np.ndarray, scale: int) -> None:
        self.scale = scale
        height, width = image.shape[:2]
        self.image = cv2.resize(image, (width * scale, height * scale),
                                interpolation=cv2.INTER_LINEAR)

    def at(self, x: float, y: float) -> Tuple[int, int]:
        """The panel pixel of input point (x, y) (pixel centres kept)."""
        return (int(round((x + 0.5) * self.scale - 0.5)),
                int(round((y + 0.5) * self.scale - 0.5)))

    def title(self, text: str) -> None:
        size = max(0.35, min(0.6, self.image.shape[1] / 900))
        (w, h), base = cv2.getTextSize(text, FONT, size, 1)
        cv2.rectangle(self.image, (0, 0), (w + 6, h + base + 6), (0, 0, 0),
                      -1)
        cv2.putText(self.image, text, (3, h + 3), FONT, size, WHITE, 1,
                    cv2.LINE_AA)


def cif_panel(image: np.ndarray, cif: np.ndarray, stride: int,
              args) -> np.ndarray:
    """Panel 1: the CIF confidence heat map and the vectors of the cells
    from ``--cif-thr``."""
    confidence = torch.from_numpy(cif[:, 0].astype(np.float32)).sigmoid()
    height, width = image.shape[:2]
    heat = F.interpolate(
        confidence.max(0).values[None, None], size=(height, width),
        mode='bilinear', align_corners=True)[0, 0].numpy()
    heat = cv2.applyColorMap((heat * 255).astype(np.uint8),
                             cv2.COLORMAP_JET)
    panel = Panel(cv2.addWeighted(image, 1 - args.alpha, heat, args.alpha, 0),
                  args.scale)
    confidence = confidence.numpy()
    palette = colours(len(cif))
    for k, i, j in zip(*np.nonzero(confidence >= args.cif_thr)):
        start = panel.at(j * stride, i * stride)
        end = panel.at((j + cif[k, 1, i, j]) * stride,
                       (i + cif[k, 2, i, j]) * stride)
        cv2.circle(panel.image, start, 1, palette[k], -1)
        cv2.arrowedLine(panel.image, start, end, palette[k], 1, cv2.LINE_AA,
                        tipLength=0.2)
    panel.title(f'CIF: max confidence; vectors of cells >= {args.cif_thr}')
    return panel.image


def caf_panel(image: np.ndarray, caf: np.ndarray, stride: int,
              args) -> np.ndarray:
    """Panel 2: the links of the CAF cells from ``--caf-thr``."""
    panel = Panel(image // 2, args.scale)
    confidence = 1 / (1 + np.exp(-np.clip(caf[:, 0], -30, 30)))
    palette = colours(len(caf))
    for l, i, j in zip(*np.nonzero(confidence >= args.caf_thr)):
        f = caf[l, :, i, j]
        one = panel.at((j + f[1]) * stride, (i + f[2]) * stride)
        two = panel.at((j + f[3]) * stride, (i + f[4]) * stride)
        cv2.line(panel.image, one, two, palette[l], 1, cv2.LINE_AA)
        cv2.circle(panel.image, panel.at(j * stride, i * stride), 1,
                   palette[l], -1)
    panel.title(f'CAF: links of cells >= {args.caf_thr}')
    return panel.image


def decoded_panel(image: np.ndarray, decoded: tuple, skeleton: np.ndarray,
                  truth: Optional[np.ndarray], note: str,
                  args) -> np.ndarray:
    """Panel 3: the decoded garments (skeleton, landmarks, box, score),
    and the ground-truth landmarks when given."""
    keypoints, scores, boxes, box_scores = decoded
    panel = Panel(image, args.scale)
    radius = max(2, args.scale)
    for m, colour in enumerate(colours(len(keypoints))):
        placed = scores[m] > 0
        for a, b in skeleton:
            if placed[a] and placed[b]:
                cv2.line(panel.image, panel.at(*keypoints[m, a]),
                         panel.at(*keypoints[m, b]), colour, 2, cv2.LINE_AA)
        for k, (x, y) in enumerate(keypoints[m]):
            cv2.circle(panel.image, panel.at(x, y), radius, colour,
                       -1 if placed[k] else 1, cv2.LINE_AA)
        x1, y1 = panel.at(*boxes[m, :2])
        x2, y2 = panel.at(*boxes[m, 2:])
        cv2.rectangle(panel.image, (x1, y1), (x2, y2), colour, 1)
        cv2.putText(panel.image, f'{box_scores[m]:.2f}',
                    (x1, max(12, y1 - 3)), FONT, 0.4, colour, 1, cv2.LINE_AA)
    # over the garments, to stay visible
    if truth is not None:
        for x, y in truth:
            cv2.drawMarker(panel.image, panel.at(x, y), WHITE,
                           cv2.MARKER_CROSS, 3 * radius, 1)
    panel.title(f'decoded: {len(keypoints)} garment(s){note}')
    return panel.image


def draw(image: np.ndarray, cif: np.ndarray, caf: np.ndarray, codec,
         truth: Optional[np.ndarray], note: str, args) -> np.ndarray:
    decoded = codec.decode(cif.astype(np.float32), caf.astype(np.float32))
    print(f'decoded {len(decoded[0])} garment(s), scores '
          f'{[round(float(s), 3) for s in decoded[3]]}')
    return np.hstack([
        cif_panel(image, cif, codec.stride, args),
        caf_panel(image, caf, codec.stride, args),
        decoded_panel(image, decoded, codec.skeleton, truth, note, args)
    ])


def main() -> None:
    args = parse_args()
    cfg, decoder_cfg = load_composite_fields_config(args.config,
                                                    args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    input_size = tuple(decoder_cfg['input_size'])
    image, matrix = letterbox(read_image(args.img), input_size)
    if args.ann:
        cif, caf, codec, truth = target_fields(decoder_cfg, args, matrix)
        note = ' (encoded targets)'
    else:
        if not args.checkpoint:
            print('no checkpoint: the network has random weights, its '
                  'fields show nothing learned')
        cif, caf, codec = predicted_fields(cfg, args, image)
        truth = None
        note = '' if args.checkpoint else ' (random weights)'
    canvas = draw(image, cif, caf, codec, truth, note, args)
    with atomic_path(args.out) as tmp:
        if not cv2.imwrite(tmp, canvas):
            raise OSError(f'cannot write {args.out}')
    print(f'wrote {args.out} ({canvas.shape[1]} x {canvas.shape[0]})')


if __name__ == '__main__':
    main()
