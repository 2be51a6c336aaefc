"""tools/analysis_tools/benchmark_graph_layers.py at tiny sizes: it runs, it
names every variant and its JSON holds the numbers (times themselves are not
checked: they depend on the machine)."""
import json
import os.path as osp

from ..conftest import REPO_ROOT, run_tool

TOOL = 'tools/analysis_tools/benchmark_graph_layers.py'
VARIANTS = ('LGR, 1 level', 'LGR, 2 levels', 'LGR, 3 levels', 'GCN x 2',
            'GCN x 8')
# a graph module on 16 x 4 x 4 features, timed once without warm-up
TINY = ('--channels', '16', '--size', '4', '4', '--batch', '1', '--repeats',
        '1', '--warmup', '0', '--node-channels', '8')
SMALL_CONFIG = osp.join(REPO_ROOT, 'configs', 'lgr',
                        'lgr_res18-stack4_synthfashion-fld-128x128.py')


def test_graph_modules_alone(tmp_path):
    out_json = tmp_path / 'tmp.json'
    out = run_tool(TOOL, *TINY, '--skip-model', '--out',
                   str(out_json)).stdout
    for name in VARIANTS:
        assert name in out, out
    assert '(reference)' in out
    assert 'whole model' not in out
    result = json.loads(out_json.read_text())
    assert result['model'] is None
    rows = result['module']['variants']
    assert list(rows) == list(VARIANTS)
    assert all(row['ms_per_image'] > 0 for row in rows.values())
    assert all(row['params'] > 0 for row in rows.values())
    assert result['module']['reference'] == 'LGR, 3 levels'
    assert rows['LGR, 3 levels']['ratio_to_reference'] == 1.0
    # more clustering levels, more weights; more GCN layers, more weights
    assert rows['LGR, 1 level']['params'] < rows['LGR, 2 levels']['params'] \
        < rows['LGR, 3 levels']['params']
    assert rows['GCN x 2']['params'] < rows['GCN x 8']['params']


def test_whole_model_small_config(tmp_path):
    out_json = tmp_path / 'model.json'
    out = run_tool(TOOL, *TINY, '--config', SMALL_CONFIG, '--out',
                   str(out_json)).stdout
    assert 'whole model of' in out, out
    assert 'no graph module' in out
    rows = json.loads(out_json.read_text())['model']['variants']
    assert list(rows) == [*VARIANTS, 'no graph module']
    assert all(row['ms_per_image'] > 0 for row in rows.values())
    assert rows['no graph module']['ratio_to_no_graph'] == 1.0
    assert rows['LGR, 3 levels']['ratio_to_reference'] == 1.0
    assert rows['no graph module']['graph_module_params'] == 0
    assert all(row['graph_module_params'] > 0 for name, row in rows.items()
               if name != 'no graph module')
