# composite-fields-category_res18-single-b-fork_synthfashion-multi-garment-
# 97x97.py without fork normalisation (the heads' gradients summed into the
# backbone).
_base_ = [
    './composite-fields-category_res18-single-b-fork_'
    'synthfashion-multi-garment-97x97.py'
]

model = dict(head=dict(fork=None))
