# Bottom-up landmark pipelines (composite fields, configs/composite_fields/):
# whole images cropped / padded to a square input, seed 003's augmentation
# (section 4.2.1: colour jitter of 40% in brightness and saturation, random
# horizontal flips, random cropping and padding to one square edge; rotation
# optional), up to the codec's transforms. The config that defines the codec
# composes its pipelines from these pieces (an mmengine base cannot read a
# value that its children set, such as their codec):
#   affine = dict(_base_.square_crop, input_size=codec['input_size'])
#   train_pipeline = [
#       *_base_.train_transforms, affine, _base_.flip, _base_.heatmap_mask,
#       dict(type='GenerateTarget', encoder=codec), _base_.pack_inputs
#   ]
#   val_pipeline = [
#       *_base_.val_transforms,
#       dict(_base_.resize, input_size=codec['input_size']),
#       _base_.pack_inputs
#   ]
#   # the crop protocol (DeepFashion-C, FLD: NE of the garment the image
#   # annotates, docs/metrics.md): crop by its ground-truth box instead
#   crop_val_pipeline = [
#       *_base_.val_transforms,
#       dict(_base_.box_crop, input_size=codec['input_size']),
#       _base_.pack_inputs
#   ]
# The order matters: the flip after the affine (mmpose's DEKR order; the
# flip then mirrors the square input, and mmpose's RandomFlip reads the
# input size as (h, w), right for a square input only), and
# BottomupGetHeatmapMask after both and before GenerateTarget: it warps and
# flips the mask of the unlabelled regions as the image was, and with no
# heatmaps in the results it leaves it at the input size, where the
# composite-fields codec reads `heatmap_mask`. Rotation: 20 or 40 degrees as
# in the paper's variants, e.g.
#   affine = dict(_base_.square_crop, input_size=codec['input_size'],
#                 rotate_factor=20)
# (the paper saw more loss explosions with rotation, section 4.2.2).

# the image, and the annotation's visibility flags (visible / occluded /
# absent) that the metrics read (docs/metrics.md)
load_transforms = [dict(type='LoadImage'), dict(type='LoadKeypointVisibility')]
# the landmarks that train: visible and occluded ones (COCO v > 0, what
# OpenPifPaf trains on, and what seed 003's COCO conversion of DeepFashion
# gives it: "the loss over invisible points", the slots a garment lacks and
# truncated landmarks (v = 0), "will not be back-propagated")
train_landmarks = dict(type='SelectTrainingLandmarks', landmarks='in_picture')
# 40% brightness and saturation (mmpretrain's transform, on the BGR uint8
# image; the cv2 backend, which warns nothing per image), before the affine,
# so that the padding stays black
color_jitter = dict(
    type='mmpretrain.ColorJitter',
    brightness=0.4,
    saturation=0.4,
    backend='cv2')
# crop / pad to the square input: the image's long side spans the input at
# scale 1 (the short side padded), random scales in [0.75, 1.25] zoom in
# (a crop) or out (more padding), and shifts by up to 10% of the image;
# no rotation by default. Boxes stay xyxy (bbox_keep_corner=False: the
# enclosing box of the warped corners), the form the codec and RandomFlip
# read. Ours: the paper gives no amounts. input_size comes from the codec.
square_crop = dict(
    type='BottomupRandomAffine',
    input_size=None,
    shift_factor=0.1,
    scale_factor=(0.75, 1.25),
    scale_type='long',
    rotate_factor=0,
    bbox_keep_corner=False)
flip = dict(type='RandomFlip', direction='horizontal')
# the mask of the regions that carry no label (crowd or landmark-less
# annotations with a segmentation), at the input size; get_invalid: the
# unlabelled regions warped (the codec's heatmap_mask_marks='unlabelled'),
# so that the padding around a warped image trains as background, as the
# padded inputs of evaluation need (mmpose's default marks the labelled
# region, which leaves the padding unlabelled: no loss there)
heatmap_mask = dict(type='BottomupGetHeatmapMask', get_invalid=True)
# evaluation on the whole image: fit into the square input, padded
# (size_factor 1: any input size, e.g. stride * n + 1)
resize = dict(
    type='BottomupResize', input_size=None, size_factor=1, resize_mode='fit')
# the crop protocol: the image cropped by the annotated garment's box, then
# fit into the input (mmfashion_lm.datasets.BottomupBoxCrop); the
# predictions come back in the original image's pixels. An image without
# annotation (MMPoseInferencer runs the test pipeline) is framed whole, as
# `resize` frames it, so the protocol's test pipeline also serves inference.
# The box padded by 1.25 around its centre and widened to the input's
# square with the image around it (context=True, as a top-down input is
# framed), ours: the study says "cropped by a bounding box". At the box
# itself the landmarks on the garment's outline (hems, sleeve ends) sit on
# the input's border, where half of their CIF cells fall outside; a crop
# that keeps the box's own aspect leaves black bands beside a tall garment,
# which the whole training images never show (the small synthetic model:
# NE .158 with 11 of 100 crops without a garment, against .108 and 4 with
# context, same weights). NE stays normalised by the box itself.
box_crop = dict(
    type='BottomupBoxCrop', input_size=None, padding=1.25, context=True)

# last: the packed sample, its visibility flags with it
pack_inputs = dict(type='PackFashionInputs')

train_transforms = [*load_transforms, train_landmarks, color_jitter]
val_transforms = [*load_transforms]
