"""tools/analysis_tools/benchmark_decoder.py at tiny sizes: it runs, its
last line is the decode / forward ratio and its JSON holds the numbers
(times themselves are not checked: they depend on the machine)."""
import json
import re

from ..conftest import run_tool
from .test_vis_composite_fields import CONFIG

TOOL = 'tools/analysis_tools/benchmark_decoder.py'
# each decode and the forward timed once, without warm-up
TINY = ('--repeats', '1', '--warmup', '0', '--garments', '1', '2',
        '--landmarks', '8', '25', '--canvas', '129')
LAST_LINE = re.compile(
    r'^decode / forward, 5 garments x 8 landmarks: (\d+(\.\d+)?)$')


def test_benchmark_decoder(tmp_path):
    out_json = tmp_path / 'bench.json'
    out = run_tool(TOOL, '--config', CONFIG, *TINY, '--out',
                   str(out_json)).stdout
    last = out.rstrip('\n').splitlines()[-1]
    match = LAST_LINE.match(last)
    assert match, out
    assert 'no faster than linear' in out
    result = json.loads(out_json.read_text())

    growth = result['growth']
    assert growth['canvas'] == [129, 129] and growth['field_size'] == [17, 17]
    assert [(r['landmarks'], r['garments']) for r in growth['rows']] == [
        (8, 1), (8, 2), (25, 1), (25, 2)]
    assert [r['links'] for r in growth['rows']] == [12, 12, 26, 26]
    for row in growth['rows']:
        assert row['ms'] > 0 and row['ms_per_garment'] > 0
        assert 0 <= row['found'] <= row['garments']
    assert set(growth['linearity']) == {'8', '25'}
    for grow in growth['linearity'].values():
        assert grow['per_garment_ratio'] > 0
        assert isinstance(grow['no_faster_than_linear'], bool)

    model = result['model']
    assert model['input_size'] == [97, 97] and model['landmarks'] == 8
    assert model['forward_ms'] > 0 and model['params'] > 0
    assert [r['garments'] for r in model['rows']] == [1, 2, 3, 4, 5]
    assert all(r['ms'] > 0 and r['ratio_to_forward'] > 0
               for r in model['rows'])
    assert result['decode_over_forward'] == model['rows'][-1][
        'ratio_to_forward'] > 0
    # printed to 4 significant digits
    assert abs(float(match.group(1)) / result['decode_over_forward'] -
               1) < 1e-3
