"""Data structures of the package that are not modules: the layout graph
of LGR (its declaration, loader and checks)."""
from .layout_graph import LayoutGraph, LayoutGraphError

__all__ = ['LayoutGraph', 'LayoutGraphError']
