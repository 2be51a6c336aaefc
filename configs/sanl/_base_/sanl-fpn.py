# The SANL-FPN model of Li et al., ICME 2019, "Spatial-aware non-local
# attention for fashion landmark detection" (https://arxiv.org/abs/1903.04104),
# the parts both sizes share (sanl-fpn_res101_320x320.py, the paper's;
# sanl-fpn_res18_128x128.py, the small one), which add the depth, widths,
# codec and schedule:
# - side_input: GradCAMAttention runs the AttentionNet (the ResNet-18
#   category classifier of attention-net_res18.py, trained by its own config
#   and frozen here) and gives one Grad-CAM map per stride; mode 'all': each
#   SANL block gets the map of its own stride.
# - backbone: PluginResNet, a SANL block (SpatialAwareNonLocal2d plugin, which
#   takes the side input) after each of the four stages, inner channels C/2;
#   all four stages feed the FPN.
# - neck: FPN, four levels (strides 4 to 32).
# - head: CoarseFineHead, a 3x3 conv per level, upsampling to stride 4,
#   concatenation, ASPP, a 1x1 conv to the heatmap logits; no FineNet in the
#   CoarseNet stage (the C2F configs add it); VisibleWeightedBCELoss on the
#   heatmaps of the landmarks the pipeline trains on.
_base_ = ['./attention-net_res18.py']

# a SANL block after each stage; the k-th block reads the k-th attention map
sanl_blocks = [
    dict(cfg=dict(type='SpatialAwareNonLocal2d'), stage=stage, position='after')
    for stage in range(4)
]

model = dict(
    type='TopdownLandmarkDetector',
    # the AttentionNet's normalisation, which GradCAMAttention relies on
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean={{_base_.attention_net.data_preprocessor.mean}},
        std={{_base_.attention_net.data_preprocessor.std}},
        bgr_to_rgb=True),
    side_input=dict(
        type='GradCAMAttention',
        classifier={{_base_.attention_net}},
        mode='all'),
    backbone=dict(
        type='PluginResNet', out_indices=(0, 1, 2, 3), plugins=sanl_blocks),
    neck=dict(type='FPN', num_outs=4),
    head=dict(
        type='CoarseFineHead',
        out_channels=8,
        loss=dict(type='VisibleWeightedBCELoss')))
