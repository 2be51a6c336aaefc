"""tools/analysis_tools/vis_composite_fields.py: a PNG of three panels of
the enlarged model input, from a random-init network (a joint landmark and
category model) on a grey image of another size, and from the encoded
targets of a hand-made annotation."""
import json
import os.path as osp

import cv2
import numpy as np

from ..conftest import REPO_ROOT, run_tool

TOOL = 'tools/analysis_tools/vis_composite_fields.py'
# the small single model: DeepFashion's 8 slots, skeleton B, 97 x 97
CONFIG = osp.join(REPO_ROOT, 'configs', 'composite_fields',
                  'composite-fields_res18-single-b_synthfashion-'
                  'deepfashion-c-97x97.py')
# the joint landmark and category model of the same size (the fields of
# its landmark head)
JOINT_CONFIG = osp.join(REPO_ROOT, 'configs', 'composite_fields',
                        'composite-fields-category_res18-single-b-fork_'
                        'synthfashion-multi-garment-97x97.py')
SCALE = 2
# three panels of the 97 x 97 input, enlarged SCALE times: (h, w)
PNG_SHAPE = (97 * SCALE, 3 * 97 * SCALE)


def _dress(dx: float) -> list:
    """A dress's 8 DeepFashion landmarks (collars, sleeves, waistlines,
    hems), COCO ``x y v`` triplets, moved ``dx`` pixels right."""
    points = [(32, 12), (48, 12), (15, 45), (65, 45), (30, 55), (50, 55),
              (22, 108), (58, 108)]
    return [v for x, y in points for v in (x + dx, y, 2)]


def test_predicted_fields_grey_image(tmp_path):
    image = tmp_path / 'grey.png'
    grey = np.random.default_rng(0).integers(0, 255, (60, 100), np.uint8)
    cv2.imwrite(str(image), grey)
    out_png = tmp_path / 'out' / 'fields.png'
    out = run_tool(TOOL, str(image), JOINT_CONFIG, '--out',
                   str(out_png), '--scale', str(SCALE)).stdout
    assert 'random weights' in out, out
    drawn = cv2.imread(str(out_png))
    assert drawn.shape[:2] == PNG_SHAPE
    assert not list((tmp_path / 'out').glob('.*'))  # no temporary left


def test_encoded_targets(tmp_path):
    image = tmp_path / 'two_dresses.jpg'
    cv2.imwrite(str(image), np.full((120, 160, 3), 128, np.uint8))
    ann = tmp_path / 'ann.json'
    ann.write_text(json.dumps(dict(
        images=[dict(id=7, file_name='two_dresses.jpg', width=160,
                     height=120),
                dict(id=8, file_name='other.jpg', width=160, height=120)],
        annotations=[
            dict(id=1, image_id=7, category_id=1, bbox=[15, 12, 50, 96],
                 keypoints=_dress(0)),
            dict(id=2, image_id=7, category_id=1, bbox=[95, 12, 50, 96],
                 keypoints=_dress(80)),
            dict(id=3, image_id=8, category_id=1, bbox=[15, 12, 50, 96],
                 keypoints=_dress(0)),
        ],
        categories=[dict(id=1, name='dress')])))
    out_png = tmp_path / 'targets.png'
    out = run_tool(TOOL, str(image), CONFIG, '--ann',
                   str(ann), '--out', str(out_png), '--scale',
                   str(SCALE)).stdout
    # the perfect fields of the targets decode back into both dresses
    assert 'decoded 2 garment(s)' in out, out
    assert cv2.imread(str(out_png)).shape[:2] == PNG_SHAPE

