from typing import List, Optional, Tuple

from mmpose.registry import MODELS
from mmpose.utils.typing import ConfigType
from torch import nn

from ...structures import LayoutGraph, LayoutGraphError
from .topdown_landmark_detector import TopdownLandmarkDetector


@MODELS.register_module()
class LGRPoseEstimator(TopdownLandmarkDetector):
    """Top-down landmark detector of `LGR`_ (Yu et al., CVPR 2019) that
    checks its layout graphs against the model and the dataset when built.

    The layout-graph modules are the outermost submodules with a ``graph``
    attribute that is a :class:`~mmfashion_lm.structures.LayoutGraph`
    (e.g. the ``LGRStack`` or ``GCNStack`` plugin of the backbone). At
    construction, so that ``MODELS.build`` and ``init_model`` fail early:

    - each graph has one leaf per heatmap channel
      (``model.head.out_channels``);
    - with ``metainfo``, each graph's leaves are the metainfo's keypoint
      names in keypoint id order (:meth:`LayoutGraph.check_landmarks`).

    The orthogonality penalty of the clustering matrices is the
    ``LGRStack``'s own extra loss (its ``orthogonality_weight``), collected
    by :meth:`TopdownLandmarkDetector.loss` like any module's.

    Args:
        backbone (Config): Config of the backbone holding the layout-graph
            module(s), e.g. :class:`~mmfashion_lm.models.backbones.PluginVGG`
            with an ``LGRStack`` plugin
        metainfo (dict, optional): Dataset meta information, e.g.
            ``dict(from_file=...)``, parsed by mmpose; the graphs are
            checked against its keypoint names. Defaults to ``None``
        **kwargs: Other arguments of :class:`TopdownLandmarkDetector`

    Raises:
        LayoutGraphError: When no layout-graph module is found, or a graph
            does not match the head or the metainfo

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    def __init__(self,
                 backbone: ConfigType,
                 metainfo: Optional[dict] = None,
                 **kwargs):
        super().__init__(backbone, metainfo=metainfo, **kwargs)
        self._layout_module_names = self._find_layout_modules()
        if not self._layout_module_names:
            raise LayoutGraphError(
                f'{type(self).__name__} found no layout-graph module (a '
                'submodule whose `graph` is a LayoutGraph) in the model: add '
                'one to model.backbone.plugins (e.g. an LGRStack), or use '
                'TopdownLandmarkDetector for a model without one')
        source = 'model.metainfo'
        if isinstance(metainfo, dict) and 'from_file' in metainfo:
            source = f'model.metainfo ({metainfo["from_file"]})'
        for name, module in self.layout_modules:
            self._check_graph(name, module.graph, source)

    def _find_layout_modules(self) -> List[str]:
        """Names of the outermost submodules whose ``graph`` is a
        :class:`LayoutGraph` (``named_modules`` visits parents first)."""
        names: List[str] = []
        for name, module in self.named_modules():
            if not name or any(
                    name.startswith(f'{outer}.') for outer in names):
                continue
            if isinstance(getattr(module, 'graph', None), LayoutGraph):
                names.append(name)
        return names

    @property
    def layout_modules(self) -> List[Tuple[str, nn.Module]]:
        """list[tuple[str, nn.Module]]: The layout-graph modules by name."""
        return [(name, self.get_submodule(name))
                for name in self._layout_module_names]

    def _check_graph(self, name: str, graph: LayoutGraph,
                     source: str) -> None:
        """Check one module's graph against the head and the metainfo."""
        out_channels = getattr(self.head, 'out_channels', None) \
            if self.with_head else None
        if out_channels is not None and out_channels != graph.num_leaves:
            raise LayoutGraphError(
                f"layout graph '{graph.name}' of model.{name} has "
                f'{graph.num_leaves} leaves but model.head.out_channels is '
                f'{out_channels}: expected one heatmap channel per leaf '
                '(landmark)')
        if self.metainfo is not None:
            id2name = self.metainfo['keypoint_id2name']
            graph.check_landmarks([id2name[i] for i in range(len(id2name))],
                                  source=source)
