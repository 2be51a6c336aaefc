# AttentionNet of SANL-FPN (Li et al., ICME 2019): a ResNet-18 category
# classifier whose Grad-CAM maps steer the SANL blocks. Shared by the
# classifier configs (which train it, in mmpretrain's scope) and the landmark
# configs (whose GradCAMAttention builds it in mmpretrain's scope and loads the
# trained weights), so both are one architecture with one checkpoint layout.

# DeepFashion's category list (Anno/list_category_cloth.txt) has 50 rows; the
# synthetic set labels with the same list (it draws 44 of the 50).
num_categories = 50

attention_net = dict(
    type='ImageClassifier',
    # ImageNet mean/std on RGB, exactly the landmark models' normalisation:
    # GradCAMAttention feeds the classifier the landmark model's normalised
    # input crops, so the classifier must be trained on the same statistics.
    # The landmark configs read these values from here.
    data_preprocessor=dict(
        type='ClsDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        to_rgb=True),
    # every stage is returned: Grad-CAM needs the maps of strides 4 to 32
    backbone=dict(type='ResNet', depth=18, out_indices=(0, 1, 2, 3)),
    # pools each stage; the head classifies the last one (stride 32)
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=num_categories,
        in_channels=512,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        topk=(1, 3, 5)))
