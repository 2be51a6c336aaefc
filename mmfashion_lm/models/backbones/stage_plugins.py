"""Modules put before or after the stages of a backbone, chosen by config."""
from typing import Dict, List, Optional, Sequence, Tuple

from mmengine.model import ModuleList
from mmpose.registry import MODELS
from torch import Tensor

# the points of a stage, in walk order; a backbone may offer more
POSITIONS = ('before', 'after')


class StagePlugins(ModuleList):
    """The plugins of a backbone: modules that run on the features before
    or after one of its stages, each built from
    ``dict(cfg=..., stage=i, position='before' | 'after')``.

    The backbone (:class:`~mmfashion_lm.models.backbones.PluginResNet`,
    :class:`~mmfashion_lm.models.backbones.PluginVGG`) calls
    ``plugins(stage, position, x, side_input)`` at every point of its stage
    walk; this applies the plugins of that point in config order. A plugin's
    ``in_channels`` is filled in from the point unless given (and must then
    match). Plugins keep their input shape.

    Side input: a plugin whose class sets ``takes_side_input = True`` (e.g.
    SANL's :class:`~mmfashion_lm.models.layers.SpatialAwareNonLocal2d`) is
    called as ``plugin(x, side)``; the backbone's ``side_input`` is a
    sequence with one entry per such plugin, in walk order (stage by stage,
    'before' first, then config order), and ``None`` gives every one of
    them ``None``. Other plugins are called as ``plugin(x)``.

    Side output: a plugin whose class sets ``returns_side_output = True``
    (e.g. :class:`~mmfashion_lm.models.layers.LandmarkDrivenAttention`, whose
    landmark heatmaps the head trains) returns ``(x, extra)``; the extras
    are collected in walk order into the list the backbone passes, and the
    backbone returns them after its stage outputs.

    Args:
        plugins (Sequence[dict]): The plugin specs
        stage_in_channels (Sequence[int]): Channels of the features
            entering every stage
        stage_out_channels (Sequence[int]): Channels of every stage's output
        owner (str): Name of the backbone, for error messages
        positions (Sequence[str]): The points of a stage the backbone
            walks, in order. Defaults to ``('before', 'after')``

    Raises:
        ValueError: When a spec lacks ``cfg``, has an unknown key, a stage
            out of range, a position the backbone does not offer, or an
            ``in_channels`` that differs from the point's channels
    """

    def __init__(self,
                 plugins: Sequence[dict],
                 stage_in_channels: Sequence[int],
                 stage_out_channels: Sequence[int],
                 owner: str,
                 positions: Sequence[str] = POSITIONS):
        super().__init__()
        self.owner = owner
        self.positions = tuple(positions)
        num_stages = len(stage_out_channels)
        self._points: Dict[Tuple[int, str], List[int]] = {}
        for index, spec in enumerate(plugins or ()):
            where = f'{owner}: plugins[{index}]'
            stage, position = self._check_spec(spec, num_stages,
                                               self.positions, where)
            # a stage's convolutions set its channels: every point but
            # 'before' sees its output channels
            channels = (stage_in_channels
                        if position == 'before' else stage_out_channels)[stage]
            cfg = dict(spec['cfg'])
            given = cfg.setdefault('in_channels', channels)
            if given != channels:
                raise ValueError(
                    f'{where}: cfg.in_channels={given} but the features '
                    f'{position} stage {stage} have {channels} channels; '
                    'leave in_channels out to have it filled in')
            self._points.setdefault((stage, position), []).append(len(self))
            self.append(MODELS.build(cfg))
        # side-input slot of every plugin that takes one, in walk order
        order = [i for key in sorted(self._points, key=self._walk_key)
                 for i in self._points[key]]
        takers = [i for i in order if self._takes_side_input(i)]
        self._side_slot = {plugin: slot for slot, plugin in enumerate(takers)}

    @staticmethod
    def _check_spec(spec: dict, num_stages: int, positions: Tuple[str, ...],
                    where: str) -> Tuple[int, str]:
        if not isinstance(spec, dict) or 'cfg' not in spec:
            raise ValueError(f"{where} should be a dict with 'cfg', 'stage' "
                             f"and 'position', got {spec!r}")
        unknown = set(spec) - {'cfg', 'stage', 'position'}
        if unknown:
            raise ValueError(f'{where} has unknown keys {sorted(unknown)}; '
                             "expected 'cfg', 'stage', 'position'")
        stage, position = spec.get('stage'), spec.get('position')
        if isinstance(stage, bool) or not isinstance(stage, int) or not (
                0 <= stage < num_stages):
            raise ValueError(f'{where}.stage should be an int in '
                             f'[0, {num_stages - 1}], got {stage!r}')
        if position not in positions:
            raise ValueError(f'{where}.position should be one of '
                             f'{", ".join(map(repr, positions))}, got '
                             f'{position!r}')
        return stage, position

    def _walk_key(self, point: Tuple[int, str]) -> Tuple[int, int]:
        stage, position = point
        return stage, self.positions.index(position)

    def _takes_side_input(self, index: int) -> bool:
        return bool(getattr(self[index], 'takes_side_input', False))

    @property
    def num_side_inputs(self) -> int:
        """int: How many plugins take a side input."""
        return len(self._side_slot)

    def forward(self,
                stage: int,
                position: str,
                x: Tensor,
                side_input: Optional[Sequence[Tensor]] = None,
                side_outputs: Optional[List[Tensor]] = None) -> Tensor:
        """Apply the plugins at one point of the stage walk.

        Args:
            stage (int): Index of the stage
            position (str): The point, one of :attr:`positions`
            x (Tensor): The features at that point
            side_input (Sequence[Tensor], optional): One entry per plugin
                that takes a side input. Defaults to ``None``
            side_outputs (list, optional): Where the side outputs of the
                point's plugins are appended. Defaults to ``None`` (dropped)

        Returns:
            Tensor: ``x`` through the point's plugins (``x`` itself if none)

        Raises:
            ValueError: When ``side_input`` has the wrong length
        """
        if side_input is not None and len(side_input) != len(
                self._side_slot):
            raise ValueError(
                f'{self.owner}: got {len(side_input)} side inputs for '
                f'{len(self._side_slot)} plugins that take one')
        for index in self._points.get((stage, position), ()):
            plugin = self[index]
            if index in self._side_slot:
                side = None if side_input is None \
                    else side_input[self._side_slot[index]]
                x = plugin(x, side)
            else:
                x = plugin(x)
            if getattr(plugin, 'returns_side_output', False):
                x, extra = x
                if side_outputs is not None:
                    side_outputs.append(extra)
        return x
