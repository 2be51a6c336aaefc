# SANL-FPN ablation, Table 4's first row (no "Vis"), on DeepFashion-C: the
# "Base" FPN landmark model trained on every heatmap, the empty maps of the
# landmarks that are not visible (occluded or absent) included, instead of
# only the maps of the visible landmarks ("Vis": the other configs). Li et
# al., ICME 2019, https://arxiv.org/abs/1903.04104, Table 4 and Eq. 4.
# Evaluated like every config: visible landmarks only (docs/metrics.md).
_base_ = ['./sanl-fpn_res101-base_deepfashion-c-320x320.py']

# the loss ignores the keypoint weights: every map counts with weight 1; the
# codec draws no peak for the landmarks SelectTrainingLandmarks leaves out,
# so theirs are trained towards zero
model = dict(
    head=dict(
        loss=dict(type='VisibleWeightedBCELoss', use_target_weight=False)))
