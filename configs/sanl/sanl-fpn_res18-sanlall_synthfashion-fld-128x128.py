# Small-scale SANL-FPN ablation "SANL(all)" on the synthetic set's FLD layout:
# each SANL block steered by the Grad-CAM map of its own stride. Train the
# attention classifier first (sanl-attention_res18_synthfashion-128x128.py);
# the last checkpoint of this config starts the C2F stage
# (sanl-fpn_res18-sanlall-c2f_synthfashion-fld-128x128.py).
_base_ = ['./_base_/sanl-fpn_res18_synthfashion-fld-128x128.py']
