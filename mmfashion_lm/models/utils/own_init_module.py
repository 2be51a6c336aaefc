"""One pattern for layers that keep their own initialisation."""
from mmengine.model import BaseModule


class OwnInitModule(BaseModule):
    """A module with its own default initialisation, which survives a
    parent's ``init_cfg``.

    mmengine's ``init_weights`` applies a parent's ``init_cfg`` to the whole
    subtree (mmpose's ResNet and VGG: Kaiming for every conv; VGG:
    ``Normal(std=0.01)`` for every linear layer; ConvModule: its norm
    scales to 1), then calls ``init_weights`` of the child modules. This
    class's ``init_weights`` runs its own ``init_cfg`` and then
    :meth:`reset_parameters`, so its layers end as it defines them: graph
    layers Kaiming before a ReLU, a residual branch zero (SANL's non-local
    block, the FineNet). A ``Pretrained`` init of a parent runs after the
    children, so loaded weights still win.

    Subclasses put their initialisation in :meth:`reset_parameters` and
    call it at the end of ``__init__``. An ``init_cfg`` given to the module
    itself replaces :meth:`reset_parameters`. Like mmengine's, only the
    first ``init_weights`` call initialises: a second one (after weights
    were trained or loaded) changes nothing. The parent must reach the
    module through BaseModule containers (mmengine's ``ModuleList``,
    ``ModuleDict``, ``Sequential``) or its own attributes: mmengine does not
    call ``init_weights`` inside a plain ``torch.nn.ModuleList``.
    """

    def reset_parameters(self) -> None:
        """Initialise the module's own layers."""
        raise NotImplementedError

    def init_weights(self) -> None:
        """Run the module's ``init_cfg`` and its children's
        ``init_weights``; then, without an ``init_cfg`` of its own,
        :meth:`reset_parameters`. Only on the first call."""
        first = not self.is_init
        super().init_weights()
        if first and not self.init_cfg:
            self.reset_parameters()
