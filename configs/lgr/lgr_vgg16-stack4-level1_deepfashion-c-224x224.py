# LGR ablation on DeepFashion-C (Table 2, "one-clustering"), levels of
# clustering: 1 (leaf -> clothes-part only) instead of 3 (up to the root).
_base_ = ['./_base_/lgr_vgg16_deepfashion-c-224x224.py']

lgr_plugin = dict(_base_.lgr_plugin, cfg=dict(_base_.lgr_stack, num_levels=1))
model = dict(backbone=dict(plugins=[lgr_plugin]))
