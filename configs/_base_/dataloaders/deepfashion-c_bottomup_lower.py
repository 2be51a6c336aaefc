# The lower-body model of the composite-fields combined model (one model per
# clothes type, seed 003 section 4.2.1): DeepFashion-C read bottom-up, whole
# images, in the 4 landmarks of the lower-body layout (waistlines, hems).
# Training adds the full-body garments' waistlines and hems (full-body slots
# 4-7), the landmarks a dress shares with a skirt: ours, by analogy with the
# paper's upper-body model, which "also the full body images have been
# added, along with their first six keypoint annotations"
# (DeepFashionClothesTypeSubsets,
# mmfashion_lm/datasets/deepfashion_clothes_type_subsets.py).
# Validation and test: the lower-body garments only. Everything else as in
# ./deepfashion-c_bottomup_upper.py, whose dataloaders this one reuses with
# the lower-body layout; the codec's skeleton:
# composite_skeleton('deepfashion_lower').
_base_ = ['./deepfashion-c_bottomup_upper.py']

metainfo = dict(
    from_file='{{ fileDirname }}/../metainfo/deepfashion_lower.py')
lower_body = dict(metainfo=metainfo, datasets=dict(clothes_type='lower'))
train_dataloader = dict(dataset=lower_body)
val_dataloader = dict(dataset=lower_body)
test_dataloader = dict(dataset=lower_body)
