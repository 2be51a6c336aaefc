import torch
import torchvision
from torchvision.ops import batched_nms, nms, roi_align

from mmfashion_lm.utils import torchvision_compat
from ..conftest import run_tool

BOXES = torch.tensor([[0., 0., 10., 10.], [1., 1., 11., 11.],
                      [20., 20., 30., 30.], [0., 0., 10., 5.]])
SCORES = torch.tensor([0.9, 0.8, 0.7, 0.95])
# IoU(0, 1) = 81 / 119 = 0.68, IoU(3, 0) = 0.5, IoU(3, 1) = 36 / 114 = 0.32.


def test_nms_cpu_hand_computed():
    keep = torchvision_compat.nms_cpu(BOXES, SCORES, 0.6)
    # 3 (0.95) kept; 0 (IoU 0.5 with 3) kept; 1 (IoU 0.68 with 0) dropped.
    assert keep.tolist() == [3, 0, 2]
    # at 0.4, box 0 (IoU 0.5 with 3) goes, box 1 (IoU 0.32 with 3) stays
    assert torchvision_compat.nms_cpu(BOXES, SCORES, 0.4).tolist() == [3, 1, 2]
    assert torchvision_compat.nms_cpu(BOXES[:0], SCORES[:0], 0.5).numel() == 0


def test_torchvision_imports_and_ops_run():
    assert torchvision.__version__
    assert nms(BOXES, SCORES, 0.6).tolist() == [3, 0, 2]
    # same boxes, other classes: nothing suppresses across classes
    # classes {0, 2} and {1, 3}: 0 and 1 no longer compete, 3 drops 1 (0.32)
    # only below 0.3
    keep = batched_nms(BOXES, SCORES, torch.tensor([0, 1, 0, 1]), 0.3)
    assert keep.tolist() == [3, 0, 2]
    # average of a 2x2 cell of a ramp image is its centre value
    feature = torch.arange(16.).reshape(1, 1, 4, 4)
    pooled = roi_align(feature, [torch.tensor([[0., 0., 2., 2.]])],
                       output_size=1, spatial_scale=1.0, sampling_ratio=2,
                       aligned=True)
    assert torch.allclose(pooled.flatten(), torch.tensor([2.5]))


def test_shim_active_only_without_extension():
    from torchvision import extension
    loads = torchvision_compat._extension_loads()
    assert extension._has_ops() == loads
    # the pure-torch nms is in place exactly when the extension is missing
    assert torchvision_compat.define_missing_ops() == (not loads)


def test_import_through_package_hook_without_startup_hook():
    # drop the start-up (.pth) hook: importing mmfashion_lm must suffice
    code = ('import sys; sys.meta_path[:] = [f for f in sys.meta_path if '
            'type(f).__name__ != "_TorchvisionRepair"]; '
            'import mmfashion_lm, torchvision, torch; '
            'from torchvision.ops import nms; '
            'print(nms(torch.tensor([[0., 0., 1., 1.]]), torch.ones(1), 0.5)'
            '.tolist())')
    assert run_tool('-c', code).stdout.strip().endswith('[0]')


def test_mmpose_apis_import_before_package():
    # users import mmpose.apis before (or without) mmfashion_lm
    code = 'from mmpose.apis import MMPoseInferencer; print("ok")'
    assert run_tool('-c', code).stdout.strip().endswith('ok')
