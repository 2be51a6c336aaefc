"""Fashion Landmark Detection (FLD) benchmark -> COCO-style keypoint json.

Writes ``fld_{train,val,test}.json``. FLD rows always carry the 8 landmarks
of the full layout, the slots their clothes type lacks being truncated, so
every annotation has 8 keypoints (``deepfashion_full`` metainfo) with those
slots absent; ``clothes_type`` says which subset a garment belongs to.
"""
from typing import Dict

from .coco_json import CocoKeypointJson, write_jsons
from .images import ImageSizeReader
from .landmark_list import SPLITS, LandmarkListReader, landmark_category
from .report import ConversionReport


def convert_fld(root: str,
                out_dir: str,
                check_images: bool = False,
                progress: bool = False) -> ConversionReport:
    """Convert an FLD root.

    Args:
        root (str): the folder holding ``Anno/``, ``Eval/`` and ``img/``.
        out_dir (str): where the three json files are written.
        check_images (bool): whether every image is decoded in full, so
            that corrupt ones are skipped as missing ones always are.
        progress (bool): whether progress bars are shown on stderr.

    Returns:
        ConversionReport: what was converted and skipped.

    Raises:
        FileNotFoundError: naming a required list file that is missing.
    """
    report = ConversionReport('FLD', progress)
    image_sizes = ImageSizeReader(root, decode=check_images)
    landmarks = LandmarkListReader(root, report, full_layout=True)
    jsons: Dict[str, CocoKeypointJson] = {
        f'fld_{split}.json':
        CocoKeypointJson(image_sizes, f'FLD, {split} split',
                         [landmark_category('full')])
        for split in SPLITS
    }
    for record in landmarks:
        with report.row(record.where):
            jsons[f'fld_{record.split}.json'].add(
                record.name,
                record.bbox,
                record.keypoints,
                clothes_type=record.clothes_type,
                variation_type=record.variation_type)
    write_jsons(jsons, out_dir, report)
    return report
