# The category field of the joint models (seed 003, section 5.2): a
# category head beside the composite fields, fork normalisation of the
# tasks' gradients between the backbone and the heads (its appendix 7.1,
# T^-0.5), categories scored by top-1 / 3 / 5 accuracy. Here DeepFashion2's
# 13 categories (ids from 1), one a garment, read from the category maps
# over each garment's box (target='instance', ours: the study's image-level
# maximum cannot tell the garments of one image apart); a config on other
# categories overrides the head's fields.
category_head = dict(
    type='CategoryMapHead',
    in_channels=512,
    num_categories=13,
    target='instance',
    category_id_offset=1)
fork = dict(type='ForkNormalization', mode='power', beta=0.5)
category_metric = dict(
    type='CategoryAttributeMetric', topk=(1, 3, 5), attr_topk=())
