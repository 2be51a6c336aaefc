"""Reading a composite-fields config for the analysis tools of this folder
that take one (benchmark_decoder.py, vis_composite_fields.py): the config
and its complete CompositeFields codec, that of the head or of a joint
model's landmark head (LandmarkCategoryHead)."""
from typing import Optional, Tuple

from mmengine.config import Config, ConfigDict


def load_composite_fields_config(
        path: str, cfg_options: Optional[dict]) -> Tuple[Config, ConfigDict]:
    """The config at ``path`` with ``cfg_options`` merged, and its codec
    config, checked to be a ``CompositeFields`` with an input size,
    landmarks and a skeleton; a clear exit otherwise."""
    cfg = Config.fromfile(path)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    head = cfg.model.get('head', {})
    decoder = head.get('landmark_head', head).get('decoder')
    if not decoder or decoder.get('type') != 'CompositeFields':
        raise SystemExit(f'{path}: model.head.decoder (a joint model\'s '
                         'model.head.landmark_head.decoder) is not a '
                         'CompositeFields codec (not a composite-fields '
                         'config)')
    missing = [key for key in ('input_size', 'num_keypoints', 'skeleton')
               if key not in decoder]
    if missing:
        raise SystemExit(
            f'{path}: its CompositeFields codec lacks '
            f'{", ".join(missing)}; give a complete config of '
            'configs/composite_fields/, or add them with --cfg-options '
            '(e.g. model.head.decoder.num_keypoints=8 '
            'model.head.decoder.skeleton=deepfashion_full_B)')
    return cfg, decoder
