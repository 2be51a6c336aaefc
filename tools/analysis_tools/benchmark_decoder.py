r"""Decode time of the composite-fields (PifPaf) decoder against the
network's forward time, and how it grows with the number of garments and of
landmarks per garment, in one run.

    python tools/analysis_tools/benchmark_decoder.py [--config CONFIG]
        [--repeats R] [--warmup W] [--garments N [N ...]]
        [--landmarks K [K ...]] [--model-garments N [N ...]]
        [--canvas W [H]] [--noise SIGMA] [--spurious SHARE] [--seed S]
        [--device DEVICE] [--threads T] [--cfg-options KEY=VALUE ...]
        [--out JSON]

What is timed is ``CompositeFields.decode(cif, caf)`` alone, on numpy
float32 raw fields prepared beforehand: the activations, the
high-resolution confidence map, the seeds, the greedy growth along the
skeleton with its reverse checks, occupancy, instance NMS and the
completion of unplaced joints (the codec's whole decoder; not the head's
tensor-to-numpy copy nor mmpose's mapping to image pixels). The fields are
those a good network would give for N synthetic garments:

1. Garments. Each garment is a shape of the synthetic generator
   (``mmfashion_lm.datasets.synthetic.garment.make_garment``, its
   proportions jittered by a seeded RNG), turned by up to 8 degrees and
   scaled to 70-85 % of its cell of a grid over the canvas (``ceil(sqrt(
   n))`` columns for the largest garment count ``n``), so that no two
   garments overlap; garment ``i`` of every row is the same, so rows differ
   only in how many there are. Landmark sets (``--landmarks``):

   - 8: DeepFashion's 8 slots of the full-body layout (collars, sleeves,
     waistlines, hems) of short and long sleeve dresses, skeleton
     ``'deepfashion_full_B'`` (12 links);
   - any DeepFashion2 category's landmark count, the first category with
     that count: 25 short sleeve top (category 1), 39 long sleeve outwear
     (4), 33, 31, 15, 10, 14, 29, 37, 19; the landmarks of the category's
     contour in DeepFashion2's order around the garment's outline, skeleton
     ``'deepfashion2_<category name>'`` (the category's outline links).

2. Fields. ``codec.perfect_fields(codec.encode(keypoints))`` (all landmarks
   labelled), made imperfect: confidence logits drawn around 3 on the
   target cells (confidence ~0.95) and around -5 elsewhere, Gaussian noise
   of ``--noise`` cells on every vector (CIF dx, dy; CAF dx1 .. dy2) and of
   0.1 on the raw scales, and a share ``--spurious`` of each field's cells
   turned into false detections of confidence 0.1 to 0.4 (above the CAF
   threshold, some above the seed and vote thresholds), so that the decoder
   has stray seeds and candidates to reject. The noise draw depends on the
   landmark set only, not on the garment count.

Two measurements, each the median over ``--repeats`` timed runs after
``--warmup`` untimed ones, the variants of a measurement interleaved within
each repeat so that drifts of the machine hit all alike:

1. growth: decode time for every landmark set (``--landmarks``, default
   8 25 39) and garment count (``--garments``, default 1 2 5 10 20) on a
   canvas of ``--canvas`` pixels (default 513 x 513: 65 x 65 cells at stride
   8; 20 garments get cells of 102 x 128 pixels), with the codec of the
   config's decoder settings (stride, thresholds) and the set's skeleton.
   For each set, whether the time grows no faster than linearly in the
   garments: the time per garment at the most garments over that at the
   fewest (at most 1: yes) and the slope of log time on log garments (a
   cost per image that does not depend on the garments, the
   high-resolution map over the whole input and the stray seeds, makes
   both small: read the times too).
2. forward: the network of ``--config`` (default
   configs/composite_fields/composite-fields_res18-single-b_synthfashion-
   deepfashion-c-97x97.py), built without loading weights (times do not
   depend on them), at its codec's input size, batch 1, through
   ``model(inputs, None, mode='tensor')`` (backbone and head, raw fields;
   no preprocessing, no decoding) in eval mode under ``torch.no_grad`` on a
   random input; interleaved with it, the decode at the same input size by
   the model's own codec (its skeleton and thresholds) of 1 .. 5 garments
   (``--model-garments``) of the landmark set of the codec's landmark count
   (8 for the DeepFashion models).

Each decode row also says how many garments the decoder returned
(``decoded``) and how many of the drawn garments it found (``found``: a
returned garment's median landmark distance to it is under one stride), so
that a timing of a decoder that lost garments shows as such.

The last line reads ``decode / forward, 5 garments x 8 landmarks: <ratio>``:
the median decode time of the most garments of ``--model-garments`` at the
model's input size over the median forward time (the garment and landmark
counts are those of the run). The decoder runs on one CPU core (numpy);
the forward gets ``--threads`` torch threads, 1 by default, so that both
sides have the same core (more threads speed up the forward on an idle
machine and slow it down badly on a busy one). Other processes on the CPU
skew the timings: measure on a quiet machine. ``--out`` writes the settings and numbers as
JSON (atomically). Progress lines go to stderr.

Example, in a clone (no data or checkpoint needed):

    python tools/analysis_tools/benchmark_decoder.py --repeats 5
"""
import argparse
import math
import os
import os.path as osp
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Sequence, Tuple

import mmfashion_lm  # noqa: F401  (compat shims, registries)
import numpy as np
import torch
from mmengine.config import Config, DictAction
from mmengine.registry import MODELS, init_default_scope
from mmpose.registry import KEYPOINT_CODECS

from mmfashion_lm.datasets.metainfo import deepfashion, deepfashion2
from mmfashion_lm.datasets.synthetic.catalog import KINDS
from mmfashion_lm.datasets.synthetic.garment import make_garment

from benchmark_utils import REPO_ROOT, resolve_path, sync, write_json
from composite_fields_config import load_composite_fields_config

DEFAULT_CONFIG = osp.join(
    'configs', 'composite_fields',
    'composite-fields_res18-single-b_synthfashion-deepfashion-c-97x97.py')

# the imperfect fields (module doc, 2.)
POSITIVE_LOGIT = (3.0, 0.5)  # mean, std: confidence ~0.95
NEGATIVE_LOGIT = (-5.0, 0.5)  # confidence ~0.007
SPURIOUS_CONFIDENCE = (0.1, 0.4)
SCALE_NOISE = 0.1
MAX_TURN = 8.0  # degrees
FILL = (0.70, 0.85)  # share of its cell a garment's box spans


# ----------------------------------------------------------------------
# the landmark sets


@dataclass(frozen=True)
class LandmarkSet:
    """Garments of ``num_keypoints`` landmarks: the synthetic ``kinds``
    drawn in turn, their ``points`` (``'fld'``: the 8 DeepFashion slots,
    ``'contour'``: the DeepFashion2 landmarks) and the composite skeleton
    of that layout."""
    num_keypoints: int
    label: str
    kinds: Tuple[str, ...]
    points: str
    skeleton: str


def _landmark_sets() -> Dict[int, LandmarkSet]:
    sets = {
        len(deepfashion.LANDMARKS):
        LandmarkSet(
            len(deepfashion.LANDMARKS), 'DeepFashion full body (dresses)',
            ('short_sleeve_dress', 'long_sleeve_dress'), 'fld',
            'deepfashion_full_B')
    }
    kind_of = {kind.df2_category_id: name for name, kind in KINDS.items()}
    for category in deepfashion2.CATEGORIES:
        count = category['end'] - category['start']
        if count not in sets and category['id'] in kind_of:
            sets[count] = LandmarkSet(
                count, f'DeepFashion2 {kind_of[category["id"]]} '
                f'(category {category["id"]})', (kind_of[category['id']], ),
                'contour', f'deepfashion2_{category["name"]}')
    return dict(sorted(sets.items()))


LANDMARK_SETS = _landmark_sets()


# ----------------------------------------------------------------------
# command line


def positive_ints(values: Sequence[int], name: str,
                  parser: argparse.ArgumentParser) -> List[int]:
    if any(v < 1 for v in values):
        parser.error(f'{name} must be >= 1, got {list(values)}')
    return sorted(set(values))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Decode time of the composite-fields decoder against '
        'the network forward time, and its growth with the number of '
        'garments and of landmarks per garment (see the module doc for '
        'what is timed)')
    parser.add_argument(
        '--config', default=DEFAULT_CONFIG,
        help='composite-fields model config: its network is timed at its '
        'codec input size (batch 1) and its codec decodes the fields of '
        'measurement 2; its decoder settings (stride, thresholds) are used '
        'in measurement 1 too. A relative path is tried from the working '
        'directory, then from the repository root. No weights are loaded. '
        'Default: ' + DEFAULT_CONFIG)
    parser.add_argument(
        '--repeats', type=int, default=20,
        help='timed runs of each variant (>= 1); the median is reported. '
        'Default: 20')
    parser.add_argument(
        '--warmup', type=int, default=2,
        help='untimed runs of each variant before timing (>= 0). Default: 2')
    parser.add_argument(
        '--garments', type=int, nargs='+', default=[1, 2, 5, 10, 20],
        metavar='N',
        help='garment counts of measurement 1 (growth), on the canvas. '
        'Default: 1 2 5 10 20')
    parser.add_argument(
        '--landmarks', type=int, nargs='+', default=[8, 25, 39],
        choices=list(LANDMARK_SETS), metavar='K',
        help='landmarks per garment of measurement 1: 8 (DeepFashion, '
        'skeleton B) or a DeepFashion2 category\'s landmark count (25 short '
        'sleeve top, 39 long sleeve outwear; any of '
        f'{", ".join(map(str, LANDMARK_SETS))}). Default: 8 25 39')
    parser.add_argument(
        '--model-garments', type=int, nargs='+', default=[1, 2, 3, 4, 5],
        metavar='N',
        help='garment counts decoded at the model input size in measurement '
        '2; the last line reports the largest. Default: 1 2 3 4 5')
    parser.add_argument(
        '--canvas', type=int, nargs='+', default=[513], metavar='SIZE',
        help='width and height (one value: a square) in pixels of the '
        'canvas of measurement 1; each side must be stride * n + 1. '
        'Default: 513 (65 x 65 cells at stride 8)')
    parser.add_argument(
        '--noise', type=float, default=0.1,
        help='standard deviation, in field cells, of the Gaussian noise on '
        'the fields\' vectors. Default: 0.1')
    parser.add_argument(
        '--spurious', type=float, default=0.001,
        help='share of the cells of each field (each landmark\'s CIF, each '
        'link\'s CAF) made false detections of confidence 0.1 to 0.4. '
        'Default: 0.001')
    parser.add_argument(
        '--seed', type=int, default=0,
        help='seed of the garments, the noise and the random input. '
        'Default: 0')
    parser.add_argument(
        '--device', default='cpu',
        help='torch device of the network forward, e.g. cpu, cuda:0 (the '
        'decoder runs on the CPU in numpy). Default: cpu')
    parser.add_argument(
        '--threads', type=int, default=1,
        help='torch threads of the network forward on the CPU (the decoder '
        'uses one core). Default: 1, the same core as the decoder')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings of the config, KEY=VALUE pairs (dotted '
        'keys), e.g. model.head.decoder.num_keypoints=8 '
        'model.head.decoder.skeleton=deepfashion_full_B to complete a '
        '_base_ config. Default: none')
    parser.add_argument(
        '--out',
        help='also write the settings and numbers to this JSON file '
        '(atomically). Default: print only')
    args = parser.parse_args()
    if args.repeats < 1 or args.warmup < 0:
        parser.error('--repeats must be >= 1, --warmup >= 0')
    if len(args.canvas) not in (1, 2):
        parser.error('--canvas takes one or two sizes')
    if args.noise < 0 or not 0 <= args.spurious <= 1:
        parser.error('--noise must be >= 0, --spurious in [0, 1]')
    args.garments = positive_ints(args.garments, '--garments', parser)
    args.model_garments = positive_ints(args.model_garments,
                                        '--model-garments', parser)
    args.landmarks = sorted(set(args.landmarks))
    args.canvas = tuple(args.canvas * 2 if len(args.canvas) == 1 else
                        args.canvas)
    args.config = resolve_path(args.config)
    if not osp.isfile(args.config):
        parser.error(f'--config {args.config}: no such file')
    return args



def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------
# the synthetic garments and their fields


def garment_shapes(landmark_set: LandmarkSet, count: int,
                   rng: np.random.Generator) -> List[np.ndarray]:
    """``count`` garments' landmarks (K, 2) in the garment frame (centred
    on x = 0, top at y = 0, about one unit per top length)."""
    shapes = []
    for i in range(count):
        kind = landmark_set.kinds[i % len(landmark_set.kinds)]
        template = make_garment(rng, kind).template
        points = getattr(template, landmark_set.points)
        if not np.isfinite(points).all():
            raise RuntimeError(f'a synthetic {kind} lacks landmarks of the '
                               f'{landmark_set.label} set')
        shapes.append(np.asarray(points, np.float64))
    return shapes


def lay_out(shapes: Sequence[np.ndarray], capacity: int,
            canvas: Tuple[int, int],
            rng: np.random.Generator) -> np.ndarray:
    """The garments in the cells of a grid made for ``capacity`` garments
    over the canvas, row by row, each turned a little and scaled into its
    cell (no two overlap): (N, K, 2) input pixels."""
    width, height = canvas
    cols = math.ceil(math.sqrt(capacity))
    rows = math.ceil(capacity / cols)
    cell_w, cell_h = (width - 1) / cols, (height - 1) / rows
    garments = []
    for i, shape in enumerate(shapes):
        turn = np.deg2rad(rng.uniform(-MAX_TURN, MAX_TURN))
        rotation = np.array([[np.cos(turn), -np.sin(turn)],
                             [np.sin(turn), np.cos(turn)]])
        points = (shape - shape.mean(0)) @ rotation.T
        size = np.maximum(points.max(0) - points.min(0), 1e-6)
        scale = rng.uniform(*FILL) * min(cell_w / size[0], cell_h / size[1])
        points = (points - 0.5 * (points.max(0) + points.min(0))) * scale
        slack = np.array([cell_w, cell_h]) - size * scale
        centre = (np.array([(i % cols + 0.5) * cell_w,
                            (i // cols + 0.5) * cell_h]) +
                  rng.uniform(-0.5, 0.5, 2) * slack)
        garments.append(points + centre)
    return np.stack(garments)


def noisy_fields(codec, keypoints: np.ndarray, noise: float,
                 spurious: float,
                 rng: np.random.Generator) -> Tuple[np.ndarray, np.ndarray]:
    """The raw fields of a good network for ``keypoints`` (N, K, 2): the
    codec's perfect fields with imperfect confidences, noisy vectors and
    scales and a few false detections (module doc, 2.)."""
    encoded = codec.encode(keypoints, np.ones(keypoints.shape[:2]))
    fields = []
    for raw, vectors, scales in zip(
            codec.perfect_fields(encoded), (slice(1, 3), slice(1, 5)),
            (slice(4, 5), slice(7, 9))):
        raw = raw.astype(np.float64)
        positive = raw[:, 0] > 0
        logits = np.where(positive, rng.normal(*POSITIVE_LOGIT,
                                               positive.shape),
                          rng.normal(*NEGATIVE_LOGIT, positive.shape))
        stray = ~positive & (rng.random(positive.shape) < spurious)
        stray_c = rng.uniform(*SPURIOUS_CONFIDENCE, positive.shape)
        raw[:, 0] = np.where(stray, np.log(stray_c / (1 - stray_c)), logits)
        raw[:, vectors] += rng.normal(0, noise, raw[:, vectors].shape)
        raw[:, scales] += rng.normal(0, SCALE_NOISE, raw[:, scales].shape)
        fields.append(raw.astype(np.float32))
    return fields[0], fields[1]


def build_codec(decoder_cfg: dict, input_size: Tuple[int, int],
                landmark_set: LandmarkSet):
    """The config's codec (stride, thresholds) at ``input_size`` for the
    landmarks and skeleton of ``landmark_set``."""
    cfg = dict(decoder_cfg)
    cfg.update(
        input_size=tuple(input_size),
        num_keypoints=landmark_set.num_keypoints,
        skeleton=landmark_set.skeleton,
        sigmas=None)
    return KEYPOINT_CODECS.build(cfg)


@dataclass
class DecodeCase:
    """The prepared fields of ``garments`` garments for one codec."""
    landmark_set: LandmarkSet
    garments: int
    codec: object
    keypoints: np.ndarray
    cif: np.ndarray
    caf: np.ndarray

    def __call__(self):
        return self.codec.decode(self.cif, self.caf)

    def check(self) -> Tuple[int, int]:
        """The decoded garments, and the garments found: those with a
        decoded garment whose median landmark distance is under one
        stride."""
        keypoints = self()[0]
        if not len(keypoints):
            return 0, 0
        distance = np.linalg.norm(
            self.keypoints[:, None] - keypoints[None], axis=-1)
        found = np.median(distance, axis=-1).min(axis=1) < self.codec.stride
        return len(keypoints), int(found.sum())


def decode_cases(codec, landmark_set: LandmarkSet, counts: Sequence[int],
                 args) -> List[DecodeCase]:
    """One case per garment count: the first ``n`` garments of one set of
    ``max(counts)``; the noise draw is the same for every count."""
    seed = (args.seed, landmark_set.num_keypoints)
    shapes = garment_shapes(landmark_set, max(counts),
                            np.random.default_rng((*seed, 0)))
    keypoints = lay_out(shapes, max(counts), codec.input_size,
                        np.random.default_rng((*seed, 1)))
    cases = []
    for n in counts:
        cif, caf = noisy_fields(codec, keypoints[:n], args.noise,
                                args.spurious,
                                np.random.default_rng((*seed, 2)))
        cases.append(
            DecodeCase(landmark_set, n, codec, keypoints[:n], cif, caf))
    return cases


# ----------------------------------------------------------------------
# timing



def median_ms(runs: Dict[str, Callable[[], object]], args,
              device: torch.device, label: str) -> Dict[str, float]:
    """Median milliseconds of each run, interleaved so that drifts of the
    machine hit all alike."""
    times: Dict[str, List[float]] = {name: [] for name in runs}
    started = time.perf_counter()
    with torch.no_grad():
        for _ in range(args.warmup):
            for run in runs.values():
                run()
                sync(device)
        for repeat in range(args.repeats):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                sync(device)
                times[name].append(time.perf_counter() - start)
            if (repeat + 1) % max(1, args.repeats // 4) == 0:
                progress(f'  {label}: {repeat + 1}/{args.repeats} repeats, '
                         f'{time.perf_counter() - started:.0f} s')
    return {name: statistics.median(ts) * 1e3 for name, ts in times.items()}


def linearity(garments: Sequence[int], ms: Sequence[float]) -> dict:
    """How decode time grows from the fewest to the most garments: the
    time ratio, the per-garment time ratio (<= 1: no faster than linear)
    and the least-squares slope of log time on log garments."""
    first, last = 0, len(garments) - 1
    result = dict(
        garments_first=garments[first],
        garments_last=garments[last],
        time_ratio=ms[last] / ms[first],
        per_garment_ratio=(ms[last] / garments[last]) /
        (ms[first] / garments[first]),
        loglog_slope=None)
    if len(garments) > 1:
        result['loglog_slope'] = float(
            np.polyfit(np.log(garments), np.log(ms), 1)[0])
    result['no_faster_than_linear'] = bool(
        len(garments) < 2 or result['per_garment_ratio'] <= 1.0)
    return result


# ----------------------------------------------------------------------
# measurement 1: growth in garments and landmarks


def measure_growth(args, decoder_cfg: dict, device: torch.device) -> dict:
    cases: List[DecodeCase] = []
    for k in args.landmarks:
        landmark_set = LANDMARK_SETS[k]
        codec = build_codec(decoder_cfg, args.canvas, landmark_set)
        progress(f'growth: preparing {k} landmarks x '
                 f'{", ".join(map(str, args.garments))} garments')
        cases += decode_cases(codec, landmark_set, args.garments, args)
    runs = {f'{c.landmark_set.num_keypoints}x{c.garments}': c for c in cases}
    ms = median_ms(runs, args, device, 'growth')
    rows = []
    for name, c in runs.items():
        decoded, found = c.check()
        rows.append(
            dict(
                landmarks=c.landmark_set.num_keypoints,
                garment_type=c.landmark_set.label,
                skeleton=c.landmark_set.skeleton,
                links=len(c.codec.skeleton),
                garments=c.garments,
                decoded=decoded,
                found=found,
                ms=ms[name],
                ms_per_garment=ms[name] / c.garments))
    grow = {}
    for k in args.landmarks:
        own = [row for row in rows if row['landmarks'] == k]
        grow[str(k)] = linearity([r['garments'] for r in own],
                                 [r['ms'] for r in own])
    codec = cases[0].codec
    return dict(
        canvas=list(args.canvas),
        stride=codec.stride,
        field_size=list(codec.field_size),
        rows=rows,
        linearity=grow)


# ----------------------------------------------------------------------
# measurement 2: the network's forward against the decode


def measure_model(args, cfg: Config, device: torch.device) -> dict:
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    torch.manual_seed(args.seed)
    model = MODELS.build(cfg.model).to(device).eval()
    codec = model.head.decoder
    k = codec.num_keypoints
    if k not in LANDMARK_SETS:
        raise SystemExit(
            f'{args.config}: its codec has {k} landmarks; the synthetic '
            f'garments come with {", ".join(map(str, LANDMARK_SETS))}')
    landmark_set = LANDMARK_SETS[k]
    width, height = codec.input_size
    progress(f'forward: {osp.relpath(args.config, REPO_ROOT)} at '
             f'{width}x{height}, decode of '
             f'{", ".join(map(str, args.model_garments))} garments')
    cases = decode_cases(codec, landmark_set, args.model_garments, args)
    inputs = torch.randn(1, 3, height, width, device=device)
    runs: Dict[str, Callable[[], object]] = {
        'forward': lambda: model(inputs, None, mode='tensor')
    }
    runs.update({f'{c.garments}': c for c in cases})
    ms = median_ms(runs, args, device, 'forward and decode')
    rows = []
    for c in cases:
        decoded, found = c.check()
        rows.append(
            dict(
                garments=c.garments,
                decoded=decoded,
                found=found,
                ms=ms[f'{c.garments}'],
                ms_per_garment=ms[f'{c.garments}'] / c.garments,
                ratio_to_forward=ms[f'{c.garments}'] / ms['forward']))
    return dict(
        config=args.config,
        input_size=[width, height],
        field_size=list(codec.field_size),
        landmarks=k,
        garment_type=landmark_set.label,
        skeleton_links=len(codec.skeleton),
        forward_ms=ms['forward'],
        params=sum(p.numel() for p in model.parameters()),
        rows=rows,
        linearity=linearity([r['garments'] for r in rows],
                            [r['ms'] for r in rows]),
        decode_over_forward=rows[-1]['ratio_to_forward'])


# ----------------------------------------------------------------------
# report


def linearity_line(label: str, grow: dict) -> str:
    slope = ('' if grow['loglog_slope'] is None else
             f', log-log slope {grow["loglog_slope"]:.2f}')
    verdict = 'yes' if grow['no_faster_than_linear'] else 'NO'
    return (f'  {label}: {grow["garments_first"]} -> '
            f'{grow["garments_last"]} garments, time x'
            f'{grow["time_ratio"]:.2f}; per garment at '
            f'{grow["garments_last"]} / at {grow["garments_first"]}: '
            f'{grow["per_garment_ratio"]:.3f}{slope}; no faster than '
            f'linear: {verdict}')


def print_growth(result: dict, args) -> None:
    width, height = result['canvas']
    cells_w, cells_h = result['field_size']
    print(f'\n1. decode time vs garments and landmarks: canvas '
          f'{width}x{height}, stride {result["stride"]} ({cells_w}x{cells_h} '
          f'cells); median of {args.repeats} after {args.warmup} warm-up')
    print(f'{"landmarks":>9s}  {"garment type":46s}{"links":>6s}'
          f'{"garments":>9s}{"decoded":>8s}{"found":>6s}{"ms / image":>12s}'
          f'{"ms / garment":>14s}')
    for row in result['rows']:
        print(f'{row["landmarks"]:>9d}  {row["garment_type"]:46s}'
              f'{row["links"]:>6d}{row["garments"]:>9d}{row["decoded"]:>8d}'
              f'{row["found"]:>6d}{row["ms"]:>12.2f}'
              f'{row["ms_per_garment"]:>14.2f}')
    print('growth in garments:')
    for k, grow in result['linearity'].items():
        print(linearity_line(f'{k} landmarks', grow))


def print_model(result: dict, args) -> None:
    width, height = result['input_size']
    cells_w, cells_h = result['field_size']
    print(f'\n2. network forward vs decode at the model input: '
          f'{osp.relpath(result["config"], REPO_ROOT)}, input '
          f'{width}x{height} ({cells_w}x{cells_h} cells), batch 1; median '
          f'of {args.repeats} after {args.warmup} warm-up')
    print(f'forward, model(inputs, None, mode=\'tensor\'), eval, no_grad: '
          f'{result["forward_ms"]:.2f} ms ({result["params"]:,d} params)')
    print(f'decode, {result["landmarks"]} landmarks '
          f'({result["garment_type"]}, {result["skeleton_links"]} links):')
    print(f'{"garments":>9s}{"decoded":>8s}{"found":>6s}{"ms / image":>12s}'
          f'{"ms / garment":>14s}{"/ forward":>11s}')
    for row in result['rows']:
        print(f'{row["garments"]:>9d}{row["decoded"]:>8d}{row["found"]:>6d}'
              f'{row["ms"]:>12.2f}{row["ms_per_garment"]:>14.2f}'
              f'{row["ratio_to_forward"]:>11.4f}')
    print('growth in garments:')
    print(linearity_line(f'{result["landmarks"]} landmarks',
                         result['linearity']))
    last = result['rows'][-1]
    verdict = 'yes' if last['ratio_to_forward'] <= 0.5 else 'NO'
    print(f'decode at most half the forward time, {last["garments"]} '
          f'garments x {result["landmarks"]} landmarks: {verdict}')


def header_lines(args, device: torch.device) -> List[str]:
    threads = (f', {torch.get_num_threads()} torch threads'
               if device.type == 'cpu' else '')
    return [
        f'decoder benchmark: CompositeFields.decode alone (numpy '
        f'{np.__version__}, CPU, {os.cpu_count()} cores); forward on '
        f'{device}{threads} (torch {torch.__version__})',
        f'fields: perfect fields of synthetic garments + noise (vectors '
        f'{args.noise} cells, scales {SCALE_NOISE}, {args.spurious:.2%} '
        f'spurious cells per field), seed {args.seed}',
    ]



def main() -> None:
    args = parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    cfg, decoder_cfg = load_composite_fields_config(args.config,
                                                    args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    decoder_cfg = decoder_cfg.to_dict()
    stride = decoder_cfg.get('stride', 8)
    if any((side - 1) % stride for side in args.canvas):
        raise SystemExit(f'--canvas {args.canvas}: each side must be stride '
                         f'* n + 1 (the config\'s stride {stride}), e.g. '
                         f'{stride * ((args.canvas[0] - 1) // stride) + 1}')
    settings = {**vars(args), 'canvas': list(args.canvas)}
    environment = dict(
        platform=platform.platform(),
        processor=platform.processor(),
        cpu_count=os.cpu_count(),
        torch_threads=torch.get_num_threads(),
        numpy=np.__version__,
        torch=torch.__version__)
    # the model first: a config that does not build fails fast
    model = measure_model(args, cfg, device)
    growth = measure_growth(args, decoder_cfg, device)
    for line in header_lines(args, device):
        print(line)
    print_growth(growth, args)
    print_model(model, args)
    result = dict(
        settings=settings,
        environment=environment,
        growth=growth,
        model=model,
        decode_over_forward=model['decode_over_forward'])
    if args.out:
        write_json(args.out, result)
        print(f'wrote {args.out}')
    # a plain number (never scientific notation), 4 significant digits
    ratio = np.format_float_positional(
        model['decode_over_forward'], precision=4, unique=False,
        fractional=False, trim='-')
    print(f'decode / forward, {model["rows"][-1]["garments"]} garments x '
          f'{model["landmarks"]} landmarks: {ratio}')


if __name__ == '__main__':
    main()
