"""The layout graph of Layout-Graph Reasoning (LGR).

Yu et al., CVPR 2019, "Layout-graph reasoning for fashion landmark
detection": a hierarchical graph G = (V, E) whose leaves are the landmarks
(one per heatmap channel, in the dataset's keypoint order), grouped level by
level into intermediate nodes (clothes parts, then body parts) up to a single
root. Each level has its own undirected edges: leaf edges (symmetry between
left/right landmarks, kinematic links along the garment) and intermediate
edges. The GCN of each level uses the adjacency normalised as in Kipf &
Welling, ``A_hat = D^-1/2 (A + I) D^-1/2`` with ``D`` the degree matrix of
``A + I``.

The graph is data: a config dict declared next to the dataset metainfo
(``configs/_base_/metainfo/*_layout_graph.py``), e.g.::

    layout_graph = dict(
        name='deepfashion_full',
        leaves=['left collar', 'right collar', ...],
        leaf_edges=dict(
            symmetry=[('left collar', 'right collar'), ...],
            kinematic=[('left collar', 'left sleeve'), ...]),
        levels=[
            dict(name='clothes-part',
                 nodes=dict(collar=['left collar', 'right collar'], ...),
                 edges=[('collar', 'sleeve'), ...]),
            dict(name='body-part',
                 nodes=dict(upper=['collar', 'sleeve'], ...),
                 edges=[('upper', 'lower')]),
            dict(name='root', nodes=dict(root=['upper', 'lower'])),
        ])

Edges and children name nodes by name or by integer index (into the
level's node list, or the list of the level below for children).
"""
import numbers
import os.path as osp
from collections.abc import Mapping
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import torch
from torch import Tensor

LEAF_LEVEL_NAME = 'leaf'
# leaf edges given as a plain list of pairs, without a kind
GENERIC_EDGE_KIND = 'generic'

_GRAPH_KEYS = ('name', 'leaves', 'leaf_edges', 'levels')
_LEVEL_KEYS = ('name', 'nodes', 'edges')
_MAX_FILE_NESTING = 8

NodeRef = Union[str, int]
Level = Union[int, str]


class LayoutGraphError(ValueError):
    """A malformed layout graph, or one that does not match a dataset."""


def _is_index(value: Any) -> bool:
    """Whether ``value`` is an integer node index (not a bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_list(value: Any) -> bool:
    """Whether ``value`` is a list or tuple-like sequence (not a str or a
    dict)."""
    return isinstance(
        value, Sequence) and not isinstance(value, (str, bytes, Mapping))


class LayoutGraph:
    """The hierarchical layout graph of LGR.

    Level 0 holds the leaves (landmarks); levels ``1 .. num_levels`` are the
    clustering levels, each grouping every node of the level below under
    exactly one parent. The last level of a complete graph is a single root.

    Build it with :meth:`from_cfg` from a config dict, a graph data file or an
    existing graph; the constructor takes the same keys as the dict.

    Args:
        name (str): the graph's name, used in error messages.
        leaves (Sequence[str]): landmark names in heatmap channel order (the
            dataset's keypoint order).
        levels (Sequence[dict]): the clustering levels, bottom-up, each
            ``dict(name=str, nodes={node: [children]}, edges=[pairs])``
            (``edges`` optional).
        leaf_edges (dict | Sequence, optional): the leaf edges, grouped by
            kind (``dict(symmetry=[...], kinematic=[...])``) or a plain list
            of pairs (kind ``'generic'``). Defaults to no leaf edges.
        require_root (bool): whether the last level must have exactly one
            node. Only :meth:`truncated` turns it off. Defaults to True.

    Raises:
        LayoutGraphError: when the graph is malformed; the message names the
            graph, the level and the offending node or edge.
    """

    def __init__(self,
                 name: str,
                 leaves: Sequence[str],
                 levels: Sequence[Mapping],
                 leaf_edges: Union[Mapping, Sequence, None] = None,
                 require_root: bool = True) -> None:
        if not isinstance(name, str) or not name:
            raise LayoutGraphError(
                f'layout graph name must be a non-empty str, got {name!r}')
        self.name = name
        leaf_names = self._check_names(leaves, LEAF_LEVEL_NAME, 'leaves')
        if not leaf_names:
            raise LayoutGraphError(
                f"layout graph '{name}' has no leaves: expected at least "
                'one landmark name in `leaves`')

        # per level (0 = leaves): node names, edges, parent of each node of
        # the level below (None for the leaves)
        self._names: List[Tuple[str, ...]] = [leaf_names]
        self._level_names: List[str] = [LEAF_LEVEL_NAME]
        self._edges: List[List[Tuple[int, int]]] = []
        self._parents: List[Optional[Tuple[int, ...]]] = [None]

        self._leaf_edge_kinds = self._parse_leaf_edges(leaf_edges)
        merged: List[Tuple[int, int]] = []
        for kind_edges in self._leaf_edge_kinds.values():
            merged.extend(kind_edges)
        self._edges.append(sorted(set(merged)))

        if not _is_list(levels):
            raise LayoutGraphError(
                f"layout graph '{name}': `levels` must be a list of level "
                f'dicts, got {type(levels).__name__}')
        if not levels:
            raise LayoutGraphError(
                f"layout graph '{name}' has no levels: expected at least one "
                'clustering level above the leaves, the last a single root')
        for index, level in enumerate(levels):
            self._add_level(index + 1, level)

        if require_root and len(self._names[-1]) != 1:
            raise LayoutGraphError(
                f"layout graph '{name}': the last level "
                f"'{self._level_names[-1]}' must have exactly one node (the "
                f'root), got {len(self._names[-1])}: '
                f'{list(self._names[-1])}')
        self._levels_cfg = [dict(level) for level in levels]
        self._leaf_edges_cfg = leaf_edges

    # ------------------------------------------------------------------
    # construction

    @classmethod
    def from_cfg(cls, cfg: Union['LayoutGraph', Mapping]) -> 'LayoutGraph':
        """Build a layout graph.

        Args:
            cfg (LayoutGraph | dict): an existing graph (returned as is), a
                graph config dict (keys ``name``, ``leaves``,
                ``leaf_edges``, ``levels``), or ``dict(from_file=PATH)``:
                an mmengine python config file that defines the variable
                ``layout_graph`` (a graph data file, or a model config that
                sets it). That variable may itself be a ``from_file`` dict;
                a relative path there is tried from the working directory,
                then from the referring file's folder.

        Returns:
            LayoutGraph: the graph.
        """
        return cls._from_cfg(cfg, referrer=None, depth=0)

    @classmethod
    def _from_cfg(cls, cfg: Any, referrer: Optional[str],
                  depth: int) -> 'LayoutGraph':
        if isinstance(cfg, LayoutGraph):
            return cfg
        if not isinstance(cfg, Mapping):
            raise LayoutGraphError(
                'a layout graph config must be a dict, dict(from_file=PATH) '
                f'or a LayoutGraph, got {type(cfg).__name__}')
        if 'from_file' in cfg:
            extra = sorted(set(cfg) - {'from_file'})
            if extra:
                raise LayoutGraphError(
                    f'unknown key(s) {extra} next to `from_file` in a layout '
                    'graph config: give only dict(from_file=PATH)')
            if depth >= _MAX_FILE_NESTING:
                raise LayoutGraphError(
                    f'layout graph files refer to each other more than '
                    f'{_MAX_FILE_NESTING} deep (last: {cfg["from_file"]})')
            path = cls._resolve(cfg['from_file'], referrer)
            return cls._from_cfg(cls._load_file(path), path, depth + 1)
        name = cfg.get('name')
        what = 'layout graph'
        if isinstance(name, str):
            what += f" '{name}'"
        if referrer:
            what += f' (from {referrer})'
        unknown = [key for key in cfg if key not in _GRAPH_KEYS]
        if unknown:
            raise LayoutGraphError(
                f"unknown key '{unknown[0]}' in {what}: expected keys "
                f'{list(_GRAPH_KEYS)}')
        for key in ('name', 'leaves', 'levels'):
            if key not in cfg:
                raise LayoutGraphError(f"{what} has no '{key}': expected keys "
                                       f'{list(_GRAPH_KEYS)}')
        if not referrer:
            return cls(**dict(cfg))
        try:
            return cls(**dict(cfg))
        except LayoutGraphError as exc:
            raise LayoutGraphError(f'{referrer}: {exc}') from exc

    @staticmethod
    def _resolve(path: Any, referrer: Optional[str]) -> str:
        if not isinstance(path, str) or not path:
            raise LayoutGraphError(
                f'`from_file` must be a file path, got {path!r}')
        if (not osp.isfile(path) and referrer is not None
                and not osp.isabs(path)):
            beside = osp.join(osp.dirname(referrer), path)
            if osp.isfile(beside):
                return beside
        if not osp.isfile(path):
            raise LayoutGraphError(f'layout graph file {path} does not exist')
        return path

    @staticmethod
    def _load_file(path: str) -> Any:
        from mmengine.config import Config
        try:
            file_cfg = Config.fromfile(path)
        except Exception as exc:  # a syntax error, a missing _base_ ...
            raise LayoutGraphError(
                f'cannot read layout graph file {path}: {exc}') from exc
        if 'layout_graph' not in file_cfg:
            raise LayoutGraphError(
                f'{path} defines no `layout_graph` variable: expected '
                '`layout_graph = dict(name=..., leaves=..., levels=...)` '
                'or `layout_graph = dict(from_file=...)`')
        graph_cfg = file_cfg['layout_graph']
        return graph_cfg.to_dict() if hasattr(graph_cfg,
                                              'to_dict') else graph_cfg

    def _check_names(self, names: Any, level: str,
                     what: str) -> Tuple[str, ...]:
        if not _is_list(names):
            raise LayoutGraphError(
                f"layout graph '{self.name}', level '{level}': {what} must "
                f'be a list of names, got {type(names).__name__}')
        seen = set()
        for node in names:
            if not isinstance(node, str) or not node:
                raise LayoutGraphError(
                    f"layout graph '{self.name}', level '{level}': node "
                    f'names must be non-empty str, got {node!r}')
            if node in seen:
                raise LayoutGraphError(
                    f"layout graph '{self.name}', level '{level}': duplicate "
                    f"node name '{node}': expected unique names in a level")
            seen.add(node)
        return tuple(names)

    def _node_index(self, ref: Any, names: Tuple[str, ...], level: str,
                    context: str) -> int:
        """The index of node ``ref`` (a name or an index) in ``names``."""
        if _is_index(ref):
            if not 0 <= ref < len(names):
                raise LayoutGraphError(
                    f"layout graph '{self.name}', level '{level}': {context} "
                    f'names node index {ref}, out of range: expected 0 .. '
                    f'{len(names) - 1}')
            return int(ref)
        if isinstance(ref, str):
            if ref not in names:
                raise LayoutGraphError(
                    f"layout graph '{self.name}', level '{level}': {context} "
                    f"names node '{ref}', which does not exist: expected one "
                    f'of {list(names)}')
            return names.index(ref)
        raise LayoutGraphError(
            f"layout graph '{self.name}', level '{level}': {context} names "
            f'node {ref!r}: expected a node name (str) or index (int)')

    def _parse_edges(self, edges: Any, names: Tuple[str, ...],
                     level: str) -> List[Tuple[int, int]]:
        """Edges as sorted (i, j) index pairs, i < j, deduplicated."""
        if not _is_list(edges):
            raise LayoutGraphError(
                f"layout graph '{self.name}', level '{level}': edges must be "
                f'a list of node pairs, got {type(edges).__name__}')
        parsed = set()
        for edge in edges:
            if not _is_list(edge) or len(edge) != 2:
                raise LayoutGraphError(
                    f"layout graph '{self.name}', level '{level}': edge "
                    f'{edge!r} is not a pair of nodes')
            context = f'edge {tuple(edge)!r}'
            i = self._node_index(edge[0], names, level, context)
            j = self._node_index(edge[1], names, level, context)
            if i == j:
                raise LayoutGraphError(
                    f"layout graph '{self.name}', level '{level}': edge "
                    f"{tuple(edge)!r} joins node '{names[i]}' to itself: "
                    'expected two different nodes (self-loops are added by '
                    'the normalisation)')
            parsed.add((min(i, j), max(i, j)))
        return sorted(parsed)

    def _parse_leaf_edges(self,
                          leaf_edges: Any) -> Dict[str, List[Tuple[int, int]]]:
        if leaf_edges is None:
            return {}
        if isinstance(leaf_edges, Mapping):
            kinds = {}
            for kind, edges in leaf_edges.items():
                if not isinstance(kind, str) or not kind:
                    raise LayoutGraphError(
                        f"layout graph '{self.name}', level "
                        f"'{LEAF_LEVEL_NAME}': leaf edge kinds must be "
                        f'non-empty str, got {kind!r}')
                kinds[kind] = self._parse_edges(edges, self._names[0],
                                                LEAF_LEVEL_NAME)
            return kinds
        return {
            GENERIC_EDGE_KIND:
            self._parse_edges(leaf_edges, self._names[0], LEAF_LEVEL_NAME)
        }

    def _add_level(self, index: int, level: Any) -> None:
        if not isinstance(level, Mapping):
            raise LayoutGraphError(
                f"layout graph '{self.name}': level {index} must be a dict "
                f'with keys {list(_LEVEL_KEYS)}, got {type(level).__name__}')
        unknown = [key for key in level if key not in _LEVEL_KEYS]
        if unknown:
            raise LayoutGraphError(
                f"layout graph '{self.name}': unknown key '{unknown[0]}' in "
                f'level {index}: expected keys {list(_LEVEL_KEYS)}')
        level_name = level.get('name')
        if not isinstance(level_name, str) or not level_name:
            raise LayoutGraphError(
                f"layout graph '{self.name}': level {index} needs a "
                f"non-empty str 'name', got {level_name!r}")
        if level_name in self._level_names:
            raise LayoutGraphError(
                f"layout graph '{self.name}': level {index} is named "
                f"'{level_name}' like level "
                f'{self._level_names.index(level_name)}: expected unique '
                f"level names ('{LEAF_LEVEL_NAME}' is the leaves)")
        nodes = level.get('nodes')
        if not isinstance(nodes, Mapping):
            raise LayoutGraphError(
                f"layout graph '{self.name}', level '{level_name}': 'nodes' "
                'must be a dict {node name: [children in the level below]}, '
                f'got {type(nodes).__name__}')
        if not nodes:
            raise LayoutGraphError(
                f"layout graph '{self.name}', level '{level_name}' has no "
                'nodes: expected at least one')
        names = self._check_names(list(nodes), level_name, 'nodes')

        below = self._names[-1]
        below_level = self._level_names[-1]
        parents: List[Optional[int]] = [None] * len(below)
        for node_index, (node, children) in enumerate(nodes.items()):
            if not _is_list(children) or not children:
                raise LayoutGraphError(
                    f"layout graph '{self.name}', level '{level_name}': node "
                    f"'{node}' must list its children in level "
                    f"'{below_level}' (a non-empty list), got {children!r}")
            for child in children:
                child_index = self._node_index(child, below, below_level,
                                               f"child of node '{node}'")
                parent = parents[child_index]
                if parent is not None:
                    raise LayoutGraphError(
                        f"layout graph '{self.name}', level '{level_name}': "
                        f"{self._kind(below_level)} '{below[child_index]}' "
                        f"is a child of both '{names[parent]}' and "
                        f"'{node}': every node belongs to exactly one parent")
                parents[child_index] = node_index
        for child_index, parent in enumerate(parents):
            if parent is None:
                raise LayoutGraphError(
                    f"layout graph '{self.name}': "
                    f"{self._kind(below_level)} '{below[child_index]}' has "
                    f"no parent in level '{level_name}': every node belongs "
                    'to exactly one parent')

        self._names.append(names)
        self._level_names.append(level_name)
        self._parents.append(tuple(parents))
        self._edges.append(
            self._parse_edges(level.get('edges', []), names, level_name))

    @staticmethod
    def _kind(level_name: str) -> str:
        return 'leaf' if level_name == LEAF_LEVEL_NAME else 'node'

    # ------------------------------------------------------------------
    # queries

    @property
    def leaf_names(self) -> Tuple[str, ...]:
        """Tuple[str, ...]: the landmark names, in heatmap channel order."""
        return self._names[0]

    @property
    def num_leaves(self) -> int:
        """int: the number of leaves (landmarks)."""
        return len(self._names[0])

    @property
    def num_levels(self) -> int:
        """int: the number of clustering levels above the leaves."""
        return len(self._names) - 1

    @property
    def level_names(self) -> Tuple[str, ...]:
        """Tuple[str, ...]: the level names, ``'leaf'`` first."""
        return tuple(self._level_names)

    def _level(self, level: Level, lowest: int = 0) -> int:
        """The index of ``level`` (an index or a level name)."""
        if isinstance(level, str):
            if level not in self._level_names:
                raise LayoutGraphError(
                    f"layout graph '{self.name}' has no level '{level}': "
                    f'expected one of {list(self._level_names)}')
            index = self._level_names.index(level)
        elif _is_index(level):
            index = int(level)
        else:
            raise LayoutGraphError(
                f"layout graph '{self.name}': a level is an index or a name, "
                f'got {level!r}')
        if not lowest <= index <= self.num_levels:
            raise LayoutGraphError(
                f"layout graph '{self.name}': level {level!r} is out of "
                f'range: expected {lowest} .. {self.num_levels}')
        return index

    def node_names(self, level: Level) -> Tuple[str, ...]:
        """The node names of ``level`` (0 or ``'leaf'`` = the leaves)."""
        return self._names[self._level(level)]

    def num_nodes(self, level: Level) -> int:
        """The number of nodes of ``level``."""
        return len(self._names[self._level(level)])

    def edges(self, level: Level) -> List[Tuple[int, int]]:
        """The undirected edges of ``level`` as sorted index pairs ``(i, j)``
        with ``i < j``, deduplicated (all leaf edge kinds merged)."""
        return list(self._edges[self._level(level)])

    def leaf_edge_kinds(self) -> Dict[str, List[Tuple[int, int]]]:
        """The leaf edges by kind (e.g. ``'symmetry'``, ``'kinematic'``; a
        plain list of leaf edges is kind ``'generic'``), as in
        :meth:`edges`."""
        return {kind: list(e) for kind, e in self._leaf_edge_kinds.items()}

    def parents(self, level: Level) -> Tuple[int, ...]:
        """For each node of the level below ``level``, the index of its
        parent in ``level`` (``level >= 1``)."""
        return self._parents[self._level(level, lowest=1)]

    def adjacency(self, level: Level, normalized: bool = True) -> Tensor:
        """The adjacency matrix of ``level``.

        Args:
            level (int | str): the level (0 = leaves).
            normalized (bool): False gives the symmetric 0/1 matrix ``A`` of
                the level's edges; True gives Kipf & Welling's
                ``D^-1/2 (A + I) D^-1/2``, ``D`` the degree matrix of
                ``A + I`` (the identity for a level without edges).
                Defaults to True.

        Returns:
            Tensor: float32, shape (N, N) with N the level's node count.
        """
        index = self._level(level)
        num = len(self._names[index])
        adj = torch.zeros(num, num, dtype=torch.float32)
        for i, j in self._edges[index]:
            adj[i, j] = adj[j, i] = 1.
        if not normalized:
            return adj
        adj = adj + torch.eye(num, dtype=torch.float32)
        inv_sqrt = adj.sum(dim=1).rsqrt()
        return inv_sqrt[:, None] * adj * inv_sqrt[None, :]

    def assignment(self, level: Level) -> Tensor:
        """The clustering of the level below into ``level`` (``>= 1``).

        Returns:
            Tensor: float32, shape (N_{level-1}, N_level); row i is one-hot
            at the parent of node i of the level below.
        """
        index = self._level(level, lowest=1)
        parents = torch.tensor(self._parents[index], dtype=torch.long)
        assign = torch.zeros(
            len(parents), len(self._names[index]), dtype=torch.float32)
        assign[torch.arange(len(parents)), parents] = 1.
        return assign

    def truncated(self, num_levels: int) -> 'LayoutGraph':
        """The same graph with only its first ``num_levels`` clustering
        levels (for the ablation on the depth of the clustering); its top
        level need not be a single root.

        Args:
            num_levels (int): 1 .. :attr:`num_levels`.
        """
        if not _is_index(num_levels) or not 1 <= num_levels <= \
                self.num_levels:
            raise LayoutGraphError(
                f"layout graph '{self.name}': cannot keep {num_levels!r} "
                f'clustering levels: expected 1 .. {self.num_levels}')
        if num_levels == self.num_levels:
            return self
        return LayoutGraph(
            name=self.name,
            leaves=self.leaf_names,
            levels=self._levels_cfg[:num_levels],
            leaf_edges=self._leaf_edges_cfg,
            require_root=False)

    def check_landmarks(self,
                        names: Sequence[str],
                        source: str = 'the dataset metainfo') -> None:
        """Check that the leaves are the dataset's landmarks, in order.

        Args:
            names (Sequence[str]): the dataset's keypoint names, in keypoint
                id order (e.g. ``keypoint_id2name`` of the parsed metainfo).
            source (str): where ``names`` come from (e.g. the metainfo file),
                named in the error.

        Raises:
            LayoutGraphError: when the count, a name or the order differs.
        """
        names = list(names)
        if len(names) != self.num_leaves:
            raise LayoutGraphError(
                f"layout graph '{self.name}' has {self.num_leaves} leaves "
                f'but {source} has {len(names)} landmarks: expected one leaf '
                'per landmark, in the same order')
        for index, (leaf, name) in enumerate(zip(self.leaf_names, names)):
            if leaf != name:
                raise LayoutGraphError(
                    f"layout graph '{self.name}': leaf {index} is '{leaf}' "
                    f"but landmark {index} of {source} is '{name}': expected "
                    'the leaves to be the landmark names in keypoint order '
                    '(heatmap channel order)')

    def __repr__(self) -> str:
        levels = ' -> '.join(
            f'{level}({len(names)})'
            for level, names in zip(self._level_names, self._names))
        return f'{type(self).__name__}({self.name!r}: {levels})'
