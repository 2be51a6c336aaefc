from typing import Optional, Sequence

from mmpose.registry import MODELS
from mmpose.utils.typing import OptConfigType
from torch import Tensor, nn

from ..layers.own_init_module import restore_own_init


class LGRInjectionMixin:
    """Builds a feature-to-feature module (the stacked layout-graph
    reasoning layers of `LGR`_, e.g.
    :class:`~mmfashion_lm.models.layers.LGRStack`) and applies it in front of
    one backbone stage.

    Shared by :class:`~mmfashion_lm.models.backbones.LGRVGG` and
    :class:`~mmfashion_lm.models.backbones.LGRResNet`: each backbone says how
    many channels enter every stage and calls :meth:`_inject` at its
    injection point in ``forward``. The module is kept as ``self.lgr``
    (``None`` without a config, which leaves the plain backbone), so its
    weights live under ``backbone.lgr.`` in a checkpoint.

    .. _`LGR`: https://arxiv.org/abs/1910.01923
    """

    lgr: Optional[nn.Module]
    lgr_before_stage: int

    def _init_lgr(self, lgr: OptConfigType, lgr_before_stage: int,
                  stage_in_channels: Sequence[int]) -> None:
        """Check the injection point and build the module.

        Args:
            lgr (Config, optional): Config of the injected module; its
                ``in_channels`` is filled in from ``stage_in_channels``
                unless given, and must then match
            lgr_before_stage (int): Index of the stage the module runs
                before, in ``[0, len(stage_in_channels))``
            stage_in_channels (Sequence[int]): Channels of the features at
                the injection point of every stage

        Raises:
            ValueError: When ``lgr_before_stage`` is out of range or
                ``lgr.in_channels`` differs from the stage's channels
        """
        num_stages = len(stage_in_channels)
        is_int = isinstance(lgr_before_stage, int) and not isinstance(
            lgr_before_stage, bool)
        if not (is_int and 0 <= lgr_before_stage < num_stages):
            raise ValueError(
                f'{type(self).__name__}: lgr_before_stage must be an int in '
                f'[0, {num_stages - 1}] (one of its {num_stages} stages), '
                f'got {lgr_before_stage!r}')
        self.lgr_before_stage = lgr_before_stage
        if not lgr:
            self.lgr = None
            return
        channels = stage_in_channels[lgr_before_stage]
        cfg = dict(lgr)
        given = cfg.setdefault('in_channels', channels)
        if given != channels:
            raise ValueError(
                f'{type(self).__name__}: lgr.in_channels={given} but the '
                f'features before stage lgr_before_stage={lgr_before_stage} '
                f'have {channels} channels; leave lgr.in_channels out to '
                'have it filled in')
        self.lgr = MODELS.build(cfg)

    def init_weights(self) -> None:
        """Initialise the backbone, then give the graph layers back their
        own initialisation, which the backbone's ``init_cfg`` overwrote. Not
        after a ``Pretrained`` init: it may have loaded them."""
        super().init_weights()
        init_cfgs = self.init_cfg if isinstance(self.init_cfg,
                                                list) else [self.init_cfg]
        pretrained = any(
            cfg and cfg.get('type') == 'Pretrained' for cfg in init_cfgs)
        if self.lgr is not None and not pretrained:
            restore_own_init(self.lgr)

    def _inject(self, stage: int, x: Tensor) -> Tensor:
        """Apply the module if ``stage`` is its injection point.

        Args:
            stage (int): Index of the stage about to run
            x (Tensor): Features at the injection point of ``stage``

        Returns:
            Tensor: ``self.lgr(x)`` there, else ``x`` itself
        """
        if self.lgr is None or stage != self.lgr_before_stage:
            return x
        return self.lgr(x)
