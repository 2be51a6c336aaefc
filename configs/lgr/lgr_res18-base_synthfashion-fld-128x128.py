# Synthetic LGR table, row "baseline": the ResNet-18 heatmap model of
# _base_/lgr_res18_synthfashion-fld-128x128.py without any graph layer.
_base_ = ['./_base_/lgr_res18_synthfashion-fld-128x128.py']

model = dict(type='TopdownLandmarkDetector', backbone=dict(plugins=[]))
