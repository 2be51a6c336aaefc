# The full-body model of the composite-fields combined model (one model per
# clothes type, seed 003 section 4.2.1): DeepFashion-C read bottom-up, whole
# images, in the 8 landmarks of the full-body layout (collars, sleeves,
# waistlines, hems).
# Training reads the full-body garments only.
# Validation and test: the full-body garments only. Everything else as in
# ./deepfashion-c_bottomup_upper.py, whose dataloaders this one reuses with
# the full-body layout; the codec's skeleton:
# composite_skeleton('deepfashion_full_B').
_base_ = ['./deepfashion-c_bottomup_upper.py']

metainfo = dict(
    from_file='{{ fileDirname }}/../metainfo/deepfashion_full.py')
full_body = dict(metainfo=metainfo, datasets=dict(clothes_type='full'))
train_dataloader = dict(dataset=full_body)
val_dataloader = dict(dataset=full_body)
test_dataloader = dict(dataset=full_body)
