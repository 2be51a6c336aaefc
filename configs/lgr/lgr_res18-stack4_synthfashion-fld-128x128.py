# Synthetic LGR table, row "LGR, 4 stacks": the model of the paper at small
# scale (_base_/lgr_res18_synthfashion-fld-128x128.py), 4 stacked LGR layers.
_base_ = ['./_base_/lgr_res18_synthfashion-fld-128x128.py']
