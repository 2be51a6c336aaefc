r"""Draw the LGR layout graph of a graph data file or a model config.

    python tools/analysis_tools/draw_layout_graph.py CONFIG_OR_GRAPH_FILE \
        --out PNG [--level-gap G] [--num-levels L] [--dpi D]

CONFIG_OR_GRAPH_FILE is an mmengine python config file that defines
``layout_graph``: a graph data file (``configs/_base_/metainfo/
*_layout_graph.py``) or a model config that sets it (directly, through its
``_base_`` or as ``dict(from_file=...)``). The figure has the leaves on the
bottom row, each clustering level above, the root on top: leaf edges solid
(one colour per kind: symmetry, kinematic, ...) and arched below the leaves,
intermediate edges dashed and arched above their level, parent links thin
grey. The PNG is written atomically.

Example, in a clone (no data needed):

    python tools/analysis_tools/draw_layout_graph.py \
        configs/_base_/metainfo/deepfashion_full_layout_graph.py \
        --out work_dirs/deepfashion_full_layout_graph.png
"""
import argparse
from typing import Dict, List, Tuple

import matplotlib

matplotlib.use('Agg')

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from mmfashion_lm.structures import (  # noqa: E402
    LayoutGraph, LayoutGraphError)
from mmfashion_lm.utils.io import atomic_path  # noqa: E402

KIND_COLORS = {'symmetry': 'tab:red', 'kinematic': 'tab:blue'}
OTHER_KIND_COLORS = ['tab:green', 'tab:purple', 'tab:orange', 'tab:brown']
LEVEL_COLORS = [
    'tab:blue', 'tab:orange', 'tab:green', 'tab:purple', 'tab:red', 'tab:olive'
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Draw the LGR layout graph of a graph file or config')
    parser.add_argument(
        'config',
        help='layout graph data file (configs/_base_/metainfo/'
        '*_layout_graph.py) or a model config that sets layout_graph')
    parser.add_argument(
        '--out',
        required=True,
        help='the PNG file to write (its directory is created if missing)')
    parser.add_argument(
        '--level-gap',
        type=float,
        default=1.5,
        help='vertical distance between levels, in leaf spacings (> 0). '
        'Default: 1.5')
    parser.add_argument(
        '--num-levels',
        type=int,
        help='draw only the leaves and the first L clustering levels. '
        'Default: all levels')
    parser.add_argument(
        '--dpi',
        type=int,
        default=150,
        help='resolution of the PNG in dots per inch (the figure\'s size in '
        'inches grows with the number of leaves and levels). Default: 150')
    return parser.parse_args()


def node_positions(graph: LayoutGraph,
                   level_gap: float) -> List[List[Tuple[float, float]]]:
    """(x, y) of every node, per level: the leaves on y = 0 in tree order
    (so that siblings are neighbours), each parent above the mean x of its
    children, level l on y = l * level_gap."""
    children: List[Dict[int, List[int]]] = [{}]
    for level in range(1, graph.num_levels + 1):
        groups: Dict[int, List[int]] = {}
        for child, parent in enumerate(graph.parents(level)):
            groups.setdefault(parent, []).append(child)
        children.append(groups)

    def leaves_under(level: int, node: int) -> List[int]:
        if level == 0:
            return [node]
        return [
            leaf for child in children[level][node]
            for leaf in leaves_under(level - 1, child)
        ]

    top = graph.num_levels
    order = [
        leaf for node in range(graph.num_nodes(top))
        for leaf in leaves_under(top, node)
    ]
    xs = [0.] * graph.num_leaves
    for rank, leaf in enumerate(order):
        xs[leaf] = float(rank)
    positions = [[(x, 0.) for x in xs]]
    for level in range(1, top + 1):
        below = positions[-1]
        positions.append([
            (sum(below[c][0]
                 for c in children[level][node]) / len(children[level][node]),
             level * level_gap) for node in range(graph.num_nodes(level))
        ])
    return positions


def arc(ax, p, q, rad: float, **style) -> None:
    """An undirected arc from p to q; rad > 0 bends it down, < 0 up."""
    p, q = sorted([p, q])
    ax.add_patch(
        FancyArrowPatch(
            p,
            q,
            arrowstyle='-',
            connectionstyle=f'arc3,rad={rad}',
            shrinkA=6,
            shrinkB=6,
            **style))


def draw(graph: LayoutGraph, out: str, level_gap: float, dpi: int) -> None:
    """Draw ``graph`` into the PNG ``out`` (written atomically)."""
    positions = node_positions(graph, level_gap)
    width = max(6., 0.55 * graph.num_leaves + 2.)
    height = max(4., 1.3 * level_gap * graph.num_levels + 3.)
    fig, ax = plt.subplots(figsize=(width, height))
    legend = []

    # parent links
    for level in range(1, graph.num_levels + 1):
        for child, parent in enumerate(graph.parents(level)):
            (x0, y0), (x1, y1) = positions[level - 1][child], \
                positions[level][parent]
            ax.plot([x0, x1], [y0, y1], color='0.7', lw=0.8, zorder=1)
    legend.append(Line2D([], [], color='0.7', lw=0.8, label='parent'))

    # leaf edges by kind, solid, below the leaves
    others = iter(OTHER_KIND_COLORS * 4)
    for kind, edges in graph.leaf_edge_kinds().items():
        color = KIND_COLORS.get(kind) or next(others)
        for i, j in edges:
            arc(ax,
                positions[0][i],
                positions[0][j],
                rad=0.35,
                color=color,
                lw=1.3,
                zorder=2)
        legend.append(Line2D([], [], color=color, lw=1.3, label=kind))

    # intermediate edges, dashed, above their level
    for level in range(1, graph.num_levels + 1):
        for i, j in graph.edges(level):
            arc(ax,
                positions[level][i],
                positions[level][j],
                rad=-0.3,
                color='k',
                lw=1.2,
                ls='--',
                zorder=2)
    legend.append(
        Line2D([], [], color='k', lw=1.2, ls='--', label='intermediate'))

    # nodes and labels
    for level, level_name in enumerate(graph.level_names):
        color = LEVEL_COLORS[level % len(LEVEL_COLORS)]
        xs, ys = zip(*positions[level])
        ax.scatter(xs, ys, s=120, color=color, edgecolors='k', zorder=3)
        for (x, y), name in zip(positions[level], graph.node_names(level)):
            if level == 0:
                ax.text(
                    x,
                    y - 0.25,
                    name,
                    rotation=90,
                    ha='center',
                    va='top',
                    fontsize=7,
                    zorder=4,
                    bbox=dict(fc='w', ec='none', alpha=0.8, pad=0.5))
            else:
                ax.text(
                    x,
                    y + 0.22,
                    name,
                    ha='center',
                    va='bottom',
                    fontsize=8,
                    zorder=4,
                    bbox=dict(fc='w', ec='none', alpha=0.8, pad=0.5))
        ax.text(
            -1.2,
            positions[level][0][1],
            level_name,
            ha='right',
            va='center',
            fontsize=9,
            style='italic')

    ax.set_xlim(-3.5, graph.num_leaves + 0.5)
    ax.set_ylim(-2.0, graph.num_levels * level_gap + 0.8)
    ax.set_aspect('auto')
    ax.axis('off')
    ax.legend(handles=legend, loc='upper right', fontsize=8, frameon=False)
    ax.set_title(repr(graph), fontsize=9)
    fig.tight_layout()
    with atomic_path(out) as tmp:
        fig.savefig(tmp, dpi=dpi)
    plt.close(fig)


def main() -> None:
    args = parse_args()
    if args.level_gap <= 0:
        raise SystemExit(f'--level-gap must be > 0, got {args.level_gap}')
    try:
        graph = LayoutGraph.from_cfg(dict(from_file=args.config))
        if args.num_levels is not None:
            graph = graph.truncated(args.num_levels)
    except LayoutGraphError as exc:
        raise SystemExit(f'error: {exc}')
    draw(graph, args.out, args.level_gap, args.dpi)
    print(f'{graph} drawn to {args.out}')


if __name__ == '__main__':
    main()
