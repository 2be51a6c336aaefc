# PROTO on the small B2 episodes (unseen: shorts, trousers, skirt and the
# four dresses); test B2's small base model's checkpoint.
_base_ = ['./proto_res18-small_synthfashion-deepfashion2-b1-128x128.py']

test_dataloader = dict(dataset=dict(benchmark='B2'))
