"""LoadCategoryLabel: every garment's 0-based category from its annotation,
packed one per garment as gt_category_label."""
import numpy as np
import pytest
import torch

from mmfashion_lm.datasets import LoadCategoryLabel, PackFashionInputs


def test_every_garment_gets_its_category():
    results = dict(
        img=np.zeros((8, 8, 3), np.uint8),
        img_path='two.jpg',
        raw_ann_info=[
            dict(id=1, category_id=1, df2_category_id=7),
            dict(id=2, category_id=1, df2_category_id=13)
        ])
    results = LoadCategoryLabel(key='df2_category_id', offset=1)(results)
    np.testing.assert_array_equal(results['category_label'], [6, 12])
    packed = PackFashionInputs()(results)
    assert packed['data_samples'].gt_category_label.tolist() == [6, 12]
    assert packed['data_samples'].gt_category_label.dtype == torch.int64
    # one annotation (top-down): one label
    single = LoadCategoryLabel()(dict(raw_ann_info=dict(category_id=3)))
    np.testing.assert_array_equal(single['category_label'], [2])


def test_missing_key_names_the_annotation():
    with pytest.raises(KeyError, match="annotation 5 of a.jpg has no 'style'"):
        LoadCategoryLabel(key='style')(
            dict(img_path='a.jpg', raw_ann_info=[dict(id=5)]))
