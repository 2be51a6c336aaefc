# The joint model of
# composite-fields-category_res50-single-b-fork_deepfashion-c-385x385.py
# without fork normalisation (the heads' gradients summed into the
# backbone), the ablation of seed 003's appendix 7.1.
_base_ = [
    './composite-fields-category_res50-single-b-fork_deepfashion-c-385x385.py'
]

model = dict(head=dict(fork=None))
