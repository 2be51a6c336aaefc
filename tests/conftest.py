import os
import os.path as osp
import socket
import subprocess
import sys

import pytest
import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
SHARED_DATA = osp.join(osp.dirname(REPO_ROOT), 'shared', 'data')
BASELINE_CONFIG = osp.join(REPO_ROOT, 'configs', 'baseline',
                           'td-hm_res18_fld-samples-256x256.py')
FLD_IMAGE = osp.join(SHARED_DATA, 'fld_samples', 'img_00000128.jpg')

#: Marks the tests that read the developers' real-data fixtures in
#: ../shared/data (beside the checkout in CI): a user's clone has none, and
#: `make test` there runs the others.
requires_shared_data = pytest.mark.skipif(
    not osp.isdir(SHARED_DATA),
    reason='needs ../shared/data beside the checkout (developer fixtures)')


def run(command, env=None, check=True, timeout=600):
    """Run ``command`` from the repository root; return the process with its
    combined output in ``.stdout``."""
    proc = subprocess.run(command,
                          cwd=REPO_ROOT,
                          env={**os.environ, **(env or {})},
                          stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT,
                          text=True,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f'{command} exited {proc.returncode}:\n'
                             f'{proc.stdout[-6000:]}')
    return proc


def load_script(path):
    """A script of the repository (``tools/...``, ``demo/...``: no
    packages) as a module, so that a test calls its functions in this
    process; its folder is on ``sys.path`` while it loads (for sibling
    helpers)."""
    import importlib.util
    path = osp.join(REPO_ROOT, path)
    spec = importlib.util.spec_from_file_location(
        osp.splitext(osp.basename(path))[0], path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, osp.dirname(path))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
    return module


def run_tool(*args, **kwargs):
    """Run ``python <args>`` with this interpreter (see :func:`run`)."""
    return run([sys.executable, *args], **kwargs)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.fixture(scope='session')
def trained_baseline(tmp_path_factory):
    """Train the baseline for a few epochs once; return (work_dir, ckpt)."""
    work_dir = str(tmp_path_factory.mktemp('baseline'))
    # seeded: the loss test reads this run's curve, which must not depend
    # on the draw of the initial weights and augmentations
    run_tool('tools/train.py', BASELINE_CONFIG, '--work-dir', work_dir,
             '--cfg-options', 'train_cfg.max_epochs=30',
             'train_cfg.val_interval=30',
             'default_hooks.checkpoint.interval=30', 'randomness.seed=0')
    return work_dir, osp.join(work_dir, 'epoch_30.pth')


@pytest.fixture(scope='session')
def tiny_deepfashion2(tmp_path_factory):
    """A 40-image synthetic DeepFashion2 set (64 x 64) in the native layout
    with its COCO-style annotations; returns its deepfashion2/ folder."""
    from mmfashion_lm.datasets.converters import convert_deepfashion2
    from mmfashion_lm.datasets.synthetic import generate_synthfashion
    root = str(tmp_path_factory.mktemp('tiny_df2') / 'synth')
    generate_synthfashion(
        root, 40, seed=5, image_size=(64, 64), layouts=('deepfashion2', ))
    df2 = osp.join(root, 'deepfashion2')
    assert not convert_deepfashion2(df2, osp.join(df2, 'annotations')).skipped
    return df2


def deepfashion2_items(root, input_size, heatmap_size):
    """The config of a DeepFashion2 item dataset for episodes: each garment
    its box resized to ``input_size``, its category's landmarks, heatmap
    targets, packed with its visibility flags."""
    codec = dict(type='MSRAHeatmap', input_size=input_size,
                 heatmap_size=heatmap_size, sigma=1)
    return dict(
        type='DeepFashion2Dataset',
        data_root=root + '/',
        ann_file='annotations/deepfashion2_train.json',
        data_prefix=dict(img=''),
        pipeline=[
            dict(type='LoadImage'),
            dict(type='LoadKeypointVisibility'),
            dict(type='KeepCategoryLandmarks'),
            dict(type='GetBBoxCenterScale', padding=1.0),
            dict(type='TopdownBoxResize', input_size=input_size),
            dict(type='GenerateTarget', encoder=codec),
            dict(type='PackFashionInputs')
        ])


def make_confident(head, logit=4.0, raw_scale=5.0):
    """Set every confidence bias of the head (CIF and CAF, before the
    PixelShuffle) to ``logit`` and the CIF scale biases to ``raw_scale``:
    untrained weights then give confident cells whose wide votes overlap
    into a high-resolution confidence that seeds garments and scores their
    connections (the decoder reads them as garments)."""
    from mmfashion_lm.codecs.composite_fields import (CAF_CHANNELS,
                                                      CIF_CHANNELS)
    confidence = [k * CIF_CHANNELS for k in range(head.num_keypoints)] + [
        head.num_keypoints * CIF_CHANNELS + link * CAF_CHANNELS
        for link in range(head.num_links)
    ]
    scale = [k * CIF_CHANNELS + 4 for k in range(head.num_keypoints)]
    u2 = head.upsample**2

    def conv_channels(channels):
        return torch.tensor([c * u2 + r for c in channels for r in range(u2)])

    with torch.no_grad():
        head.conv.bias[conv_channels(confidence)] = logit
        head.conv.bias[conv_channels(scale)] = raw_scale


@pytest.fixture(scope='module')
def one_thread():
    """torch on one intra-op thread for a module's tests (use it with
    ``pytestmark = pytest.mark.usefixtures('one_thread')``): the models
    are small, and two threads on cores that training shares wait on each
    other, many times slower."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
