# Top-down landmark pipelines framed by the garment's box (mmpose's
# GetBBoxCenterScale and TopdownAffine), trained on the visible landmarks,
# up to the codec's transforms. The config that defines the codec composes
# its pipelines from these pieces (an mmengine base cannot read a value that
# its children set, such as their codec):
#   affine = dict(type='TopdownAffine', input_size=codec['input_size'])
#   train_pipeline = [
#       *_base_.train_transforms, affine,
#       dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
#   ]
#   val_pipeline = [*_base_.val_transforms, affine, _base_.pack_inputs]
# A config whose framing or augmentation differs puts its own piece in the
# place of one of these (e.g. dict(_base_.box_crop, padding=1.) for the LGR
# paper configs, which crop the box itself).

# the image, and the annotation's visibility flags (visible / occluded /
# absent) that SelectTrainingLandmarks and the metrics read
load_transforms = [dict(type='LoadImage'), dict(type='LoadKeypointVisibility')]
# the landmarks that train: the visible ones (docs/metrics.md)
train_landmarks = dict(type='SelectTrainingLandmarks', landmarks='visible')
# the crop: the box padded by 1.25 around its centre (mmpose's default);
# TopdownAffine widens its shorter side to the input's aspect ratio
box_crop = dict(type='GetBBoxCenterScale', padding=1.25)
# training augmentation: horizontal flips, and a mild shift, rotation and
# scaling of the box (the amounts of the small synthetic configs)
flip = dict(type='RandomFlip', direction='horizontal')
box_jitter = dict(
    type='RandomBBoxTransform',
    shift_factor=0.08,
    rotate_factor=15,
    scale_factor=(0.85, 1.15))
# last: the packed sample, its visibility flags with it
pack_inputs = dict(type='PackFashionInputs')

train_transforms = [
    *load_transforms, train_landmarks, box_crop, flip, box_jitter
]
val_transforms = [*load_transforms, box_crop]
