"""Fit a composite-fields decoder's thresholds to keypoint AP.

Usage:
    python tools/analysis_tools/tune_decoder.py CONFIG CHECKPOINT \
        [--split {train,val}] [--num-images N] \
        [--grid KEY=V1,V2,... ...] [--metric KEY] [--out JSON]

The decoder (``CompositeFields.decode``) turns the network's fields into
garments with thresholds (seeds, votes, joints, garments) that the study
behind the method does not give; what suits a model depends on how
confident its fields came out (a small model trained for minutes predicts
lower confidences than OpenPifPaf's defaults expect). The tool runs the
network once over ``--num-images`` images of ``--split`` (the config's
test pipeline and test-time flip; the features kept in memory), then
decodes them with every combination of the ``--grid`` values and scores
each with the config's test evaluator. It prints one row per combination
(the metric ``--metric``, garments per image), best first, and the best
setting as the lines to put in the config.

Tune on the training split (the default) and report on the validation or
test split: thresholds chosen on the images that report the number would
flatter it.
"""
import argparse
import copy
import itertools
import json
from typing import Dict, List, Sequence, Tuple

import mmfashion_lm  # noqa: F401  (compat shims, registries)
import torch
from mmengine.config import DictAction
from mmengine.evaluator import Evaluator
from mmengine.registry import MODELS, init_default_scope
from mmengine.runner import Runner, load_checkpoint
from tqdm import tqdm

from mmfashion_lm.utils.io import atomic_path

from composite_fields_config import load_composite_fields_config

#: The decoder's settings a grid may vary, and their types.
TUNABLE = dict(
    cif_vote_thr=float,
    cif_vote_min_sigma=float,
    seed_thr=float,
    caf_thr=float,
    keypoint_thr=float,
    instance_thr=float,
    max_instances=int)
DEFAULT_GRID = [
    'seed_thr=0.1,0.2', 'cif_vote_thr=0.1,0.3', 'keypoint_thr=0.02,0.15',
    'instance_thr=0.0,0.15'
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Fit a composite-fields decoder\'s thresholds to '
        'keypoint AP')
    parser.add_argument('config', help='composite-fields model config')
    parser.add_argument('checkpoint', help='checkpoint of its model')
    parser.add_argument(
        '--split',
        choices=('train', 'val'),
        default='train',
        help='the images to tune on: the training split (read with the '
        'test pipeline) or the validation split. Default: train')
    parser.add_argument(
        '--num-images',
        type=int,
        default=200,
        help='the first N images of the split (>= 1). Default: 200')
    parser.add_argument(
        '--grid',
        nargs='+',
        default=DEFAULT_GRID,
        metavar='KEY=V1,V2',
        help='decoder settings and their values; every combination is '
        f'scored. Keys: {", ".join(TUNABLE)}. Default: '
        f'{" ".join(DEFAULT_GRID)}')
    parser.add_argument(
        '--metric',
        help='the metric that ranks the settings. Default: the first the '
        'evaluator reports that ends in "/AP"')
    parser.add_argument(
        '--out', help='also write the rows and the best setting to this '
        'JSON file (atomically)')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override config keys, e.g. model.test_cfg.flip_test=False')
    args = parser.parse_args()
    if args.num_images < 1:
        parser.error(f'--num-images must be >= 1, got {args.num_images}')
    args.grid = parse_grid(args.grid, parser.error)
    return args


def parse_grid(items: Sequence[str], error) -> Dict[str, list]:
    """``['seed_thr=0.1,0.2', ...]`` as ``{'seed_thr': [0.1, 0.2], ...}``;
    ``error(message)`` for a malformed item or an unknown key."""
    grid = {}
    for item in items:
        key, sep, values = item.partition('=')
        if not sep or not values:
            error(f'--grid {item!r}: expected KEY=V1,V2,...')
        if key not in TUNABLE:
            error(f'--grid {item!r}: {key!r} is not a decoder setting; '
                  f'one of {", ".join(TUNABLE)}')
        try:
            grid[key] = [TUNABLE[key](v) for v in values.split(',')]
        except ValueError:
            error(f'--grid {item!r}: the values of {key} must be '
                  f'{TUNABLE[key].__name__}s')
    return grid


def build_dataloader(cfg, split: str, num_images: int):
    """The split's first ``num_images`` images through the test pipeline,
    in order, in the main process."""
    loader = copy.deepcopy(cfg.test_dataloader)
    if split == 'train':
        loader.dataset = dict(
            cfg.train_dataloader.dataset,
            pipeline=cfg.test_dataloader.dataset.pipeline,
            test_mode=True)
    else:
        loader.dataset = copy.deepcopy(cfg.val_dataloader.dataset)
    loader.dataset.indices = num_images
    loader.update(num_workers=0, persistent_workers=False)
    return Runner.build_dataloader(loader)


@torch.no_grad()
def extract_features(model, dataloader) -> List[Tuple[object, list]]:
    """Per batch, the features the head predicts from (those of the image
    and of its flip under test-time flip, as mmpose's bottom-up estimator
    passes them) and the batch's data samples."""
    flip_test = model.test_cfg.get('flip_test', False)
    batches = []
    for batch in tqdm(dataloader, desc='forward', unit='batch'):
        data = model.data_preprocessor(batch, False)
        inputs = data['inputs']
        feats = model.extract_feat(inputs)
        if flip_test:
            feats = [feats, model.extract_feat(inputs.flip(-1))]
        batches.append((feats, data['data_samples']))
    return batches


def score(model, codec, batches, evaluator: Evaluator, num_images: int,
          setting: dict) -> Tuple[dict, float]:
    """The evaluator's metrics with the codec's ``setting``, and the
    decoded garments per image."""
    for key, value in setting.items():
        setattr(codec, key, value)
    garments = 0
    for feats, data_samples in batches:
        preds = model.head.predict(feats, data_samples,
                                   test_cfg=model.test_cfg)
        if isinstance(preds, tuple):
            preds = preds[0]
        garments += sum(len(p.keypoints) for p in preds)
        results = model.add_pred_to_datasample(preds, None, data_samples)
        evaluator.process(data_samples=results)
    return evaluator.evaluate(num_images), garments / num_images


def main() -> None:
    args = parse_args()
    cfg, _ = load_composite_fields_config(args.config, args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'mmpose'))
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    landmark_head = getattr(model.head, 'landmark_head', model.head)
    codec = landmark_head.decoder

    dataloader = build_dataloader(cfg, args.split, args.num_images)
    num_images = len(dataloader.dataset)
    evaluator = Evaluator(cfg.test_evaluator)
    evaluator.dataset_meta = dataloader.dataset.metainfo
    batches = extract_features(model, dataloader)

    keys = list(args.grid)
    rows = []
    settings = list(itertools.product(*args.grid.values()))
    for values in tqdm(settings, desc='settings', unit='setting'):
        setting = dict(zip(keys, values))
        metrics, garments = score(model, codec, batches, evaluator,
                                  num_images, setting)
        rows.append(dict(setting=setting, metrics=metrics,
                         garments_per_image=garments))
    metric = args.metric or next(
        (key for key in rows[0]['metrics'] if key.endswith('/AP')), None)
    if metric not in rows[0]['metrics']:
        raise SystemExit(
            f'--metric {metric!r} is not among the evaluator\'s metrics: '
            f'{", ".join(rows[0]["metrics"])}')
    rows.sort(key=lambda row: -row['metrics'][metric])

    print(f'{args.split} split, {num_images} images; ranked by {metric}')
    print(' | '.join([*keys, metric, 'garments / image']))
    for row in rows:
        print(' | '.join([*(f'{row["setting"][k]:g}' for k in keys),
                          f'{row["metrics"][metric]:.4f}',
                          f'{row["garments_per_image"]:.2f}']))
    best = rows[0]['setting']
    where = ('head=dict(landmark_head=dict(decoder=dict({})))'
             if landmark_head is not model.head else
             'head=dict(decoder=dict({}))')
    print('best: model = dict(' + where.format(', '.join(
        f'{k}={v!r}' for k, v in best.items())) + ')')
    if args.out:
        with atomic_path(args.out) as tmp, open(tmp, 'w') as f:
            json.dump(dict(config=args.config, checkpoint=args.checkpoint,
                           split=args.split, num_images=num_images,
                           metric=metric, best=best, rows=rows), f,
                      indent=2)


if __name__ == '__main__':
    main()
