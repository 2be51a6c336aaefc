"""The 13 DeepFashion2 clothing categories: their landmark slots and the
official per-landmark OKS sigmas.

A DeepFashion2 annotation in COCO form holds 294 keypoint slots; category
``id`` owns the slots ``[start, end)``, and its landmarks are scored with
``sigmas`` (OKS variances ``(2 * sigma) ** 2``). The values are those of the
official DeepFashion2 keypoint evaluation, transcribed once, digit for
digit; do not edit them.
"""

DEEPFASHION2_CATEGORIES = (
    dict(
        id=1,
        name='short_sleeved_shirt',
        annotation_name='short sleeve top',
        start=0,
        end=25,
        sigmas=(0.012, 0.0158, 0.0169, 0.0165, 0.0169, 0.0158, 0.0298, 0.0329,
                0.0321, 0.0323, 0.034, 0.0388, 0.0452, 0.0574, 0.0492, 0.0352,
                0.0492, 0.0574, 0.0452, 0.0388, 0.034, 0.0323, 0.0321, 0.0329,
                0.0298)),
    dict(
        id=2,
        name='long_sleeved_shirt',
        annotation_name='long sleeve top',
        start=25,
        end=58,
        sigmas=(0.0194, 0.017, 0.0185, 0.0193, 0.0185, 0.017, 0.0286, 0.0471,
                0.0547, 0.0526, 0.043, 0.0392, 0.0513, 0.0566, 0.0509, 0.0564,
                0.0542, 0.0604, 0.0599, 0.052, 0.0599, 0.0604, 0.0542, 0.0564,
                0.0509, 0.0566, 0.0513, 0.0392, 0.043, 0.0526, 0.0547, 0.0471,
                0.0286)),
    dict(
        id=3,
        name='short_sleeved_outwear',
        annotation_name='short sleeve outwear',
        start=58,
        end=89,
        sigmas=(0.0074, 0.0085, 0.0165, 0.0248, 0.0165, 0.0085, 0.0156, 0.0231,
                0.0296, 0.0137, 0.0195, 0.025, 0.0347, 0.038, 0.0257, 0.037,
                0.0257, 0.038, 0.0347, 0.025, 0.0195, 0.0137, 0.0296, 0.0231,
                0.0156, 0.0248, 0.0469, 0.0632, 0.037, 0.0469, 0.0632)),
    dict(
        id=4,
        name='long_sleeved_outwear',
        annotation_name='long sleeve outwear',
        start=89,
        end=128,
        sigmas=(0.0137, 0.0153, 0.0243, 0.0377, 0.0243, 0.0153, 0.0203, 0.0366,
                0.0467, 0.0433, 0.0393, 0.0329, 0.0418, 0.0477, 0.0399, 0.0331,
                0.042, 0.0492, 0.0436, 0.0478, 0.0436, 0.0492, 0.042, 0.0331,
                0.0399, 0.0477, 0.0418, 0.0329, 0.0393, 0.0433, 0.0467, 0.0366,
                0.0203, 0.0377, 0.0645, 0.0573, 0.0478, 0.0645, 0.0573)),
    dict(
        id=5,
        name='vest',
        annotation_name='vest',
        start=128,
        end=143,
        sigmas=(0.0352, 0.0158, 0.021, 0.0214, 0.021, 0.0158, 0.0196, 0.05,
                0.0489, 0.0404, 0.0401, 0.0404, 0.0489, 0.05, 0.0196)),
    dict(
        id=6,
        name='sling',
        annotation_name='sling',
        start=143,
        end=158,
        sigmas=(0.0276, 0.0548, 0.0283, 0.0204, 0.0283, 0.0548, 0.0369, 0.0726,
                0.0677, 0.064, 0.0251, 0.064, 0.0677, 0.0726, 0.0369)),
    dict(
        id=7,
        name='shorts',
        annotation_name='shorts',
        start=158,
        end=168,
        sigmas=(0.0308, 0.0216, 0.0308, 0.0506, 0.0494, 0.0463, 0.0477, 0.0463,
                0.0494, 0.0506)),
    dict(
        id=8,
        name='trousers',
        annotation_name='trousers',
        start=168,
        end=182,
        sigmas=(0.0275, 0.0202, 0.0275, 0.0651, 0.0451, 0.035, 0.028, 0.0392,
                0.0362, 0.0392, 0.028, 0.035, 0.0451, 0.0651)),
    dict(
        id=9,
        name='skirt',
        annotation_name='skirt',
        start=182,
        end=190,
        sigmas=(0.0253, 0.0195, 0.0253, 0.0513, 0.0543, 0.0415, 0.0543,
                0.0513)),
    dict(
        id=10,
        name='short_sleeved_dress',
        annotation_name='short sleeve dress',
        start=190,
        end=219,
        sigmas=(0.0153, 0.023, 0.0167, 0.0145, 0.0167, 0.023, 0.0332, 0.0391,
                0.0391, 0.0396, 0.044, 0.0452, 0.0498, 0.0514, 0.0585, 0.0655,
                0.0635, 0.0602, 0.0635, 0.0655, 0.0585, 0.0514, 0.0498, 0.0452,
                0.044, 0.0396, 0.0391, 0.0391, 0.0332)),
    dict(
        id=11,
        name='long_sleeved_dress',
        annotation_name='long sleeve dress',
        start=219,
        end=256,
        sigmas=(0.0121, 0.0134, 0.0158, 0.0162, 0.0158, 0.0134, 0.0246, 0.0406,
                0.047, 0.0404, 0.0463, 0.0466, 0.0435, 0.0499, 0.0455, 0.044,
                0.0411, 0.049, 0.0576, 0.0685, 0.0618, 0.0483, 0.0618, 0.0685,
                0.0576, 0.049, 0.0411, 0.044, 0.0486, 0.0499, 0.0435, 0.0466,
                0.0463, 0.0404, 0.047, 0.0406, 0.0246)),
    dict(
        id=12,
        name='vest_dress',
        annotation_name='vest dress',
        start=256,
        end=275,
        sigmas=(0.0116, 0.0167, 0.016, 0.018, 0.016, 0.0167, 0.0196, 0.0385,
                0.0421, 0.0497, 0.0562, 0.0528, 0.0428, 0.0528, 0.0562, 0.0497,
                0.0421, 0.0385, 0.0196)),
    dict(
        id=13,
        name='sling_dress',
        annotation_name='sling dress',
        start=275,
        end=294,
        sigmas=(0.0244, 0.0297, 0.0244, 0.0208, 0.0244, 0.0297, 0.0173, 0.0616,
                0.0659, 0.0712, 0.0707, 0.0685, 0.0339, 0.0685, 0.0707, 0.0712,
                0.0659, 0.0616, 0.0173)),
)

DEEPFASHION2_CATEGORY_BY_ID = {
    category['id']: category
    for category in DEEPFASHION2_CATEGORIES
}
