"""tools/analysis_tools/draw_layout_graph.py on the layout graph files."""
import os.path as osp

import matplotlib.image as mpimg

from ..conftest import REPO_ROOT, run_tool

TOOL = 'tools/analysis_tools/draw_layout_graph.py'
FULL_GRAPH = osp.join(REPO_ROOT, 'configs', '_base_', 'metainfo',
                      'deepfashion_full_layout_graph.py')


def _check_png(path):
    with open(path, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    image = mpimg.imread(path)
    assert image.shape[0] > 100 and image.shape[1] > 100
    return image


def test_draws_deepfashion_full(tmp_path):
    out = tmp_path / 'figs' / 'deepfashion_full.png'
    log = run_tool(TOOL, FULL_GRAPH, '--out', str(out), '--level-gap',
                   '2').stdout
    assert 'deepfashion_full' in log
    image = _check_png(str(out))
    # something is drawn: not a blank canvas
    assert image[..., :3].std() > 0.01
    # atomic write: nothing but the PNG in its folder
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_model_config_with_layout_graph_and_truncation(tmp_path):
    config = tmp_path / 'model.py'
    config.write_text(f'model = dict(type="X")\n'
                      f'layout_graph = dict(from_file={FULL_GRAPH!r})\n')
    out = tmp_path / 'two_levels.png'
    log = run_tool(TOOL, str(config), '--out', str(out), '--num-levels',
                   '2').stdout
    assert 'body-part(2))' in log
    _check_png(str(out))


def test_file_without_layout_graph_fails_clearly(tmp_path):
    config = tmp_path / 'model.py'
    config.write_text('model = dict(type="X")\n')
    out = tmp_path / 'none.png'
    proc = run_tool(TOOL, str(config), '--out', str(out), check=False)
    assert proc.returncode != 0
    assert 'defines no `layout_graph`' in proc.stdout
    assert not out.exists()
