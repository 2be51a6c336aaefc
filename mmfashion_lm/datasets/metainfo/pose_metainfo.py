"""Builders of mmpose ``dataset_info`` dicts and LGR layout-graph leaves from
a landmark layout: names, flip pairs and links.

mmpose reads a ``dataset_info`` dict (``dataset_name``, ``paper_info``,
``keypoint_info``, ``skeleton_info``, ``joint_weights``, ``sigmas``) with
``mmpose.datasets.datasets.utils.parse_pose_metainfo``; the dataset tables
(:mod:`.deepfashion`, :mod:`.deepfashion2`) describe their layouts once and
build those dicts here.
"""
from typing import Dict, List, Optional, Sequence, Tuple

Color = Sequence[int]
Link = Tuple[str, str]


def pose_dataset_info(dataset_name: str,
                      paper_info: dict,
                      names: Sequence[str],
                      colors: Sequence[Color],
                      flip_pairs: Sequence[Link],
                      links: Sequence[Link],
                      link_colors: Sequence[Color],
                      sigmas: Optional[Sequence[float]] = None) -> dict:
    """An mmpose ``dataset_info`` dict.

    Args:
        dataset_name (str): ``dataset_name``.
        paper_info (dict): ``paper_info`` (author, title, container, year,
            homepage).
        names (Sequence[str]): The keypoint names, in keypoint (heatmap
            channel) order; keypoint ``i`` has id ``i``.
        colors (Sequence[Color]): The colour of each keypoint.
        flip_pairs (Sequence[Link]): Name pairs that swap under a
            horizontal flip; a keypoint in none is its own mirror image.
        links (Sequence[Link]): The skeleton's links, as name pairs, in
            order.
        link_colors (Sequence[Color]): The colour of each link.
        sigmas (Sequence[float], optional): The OKS sigma of each keypoint.
            Defaults to None: ``[]``, no OKS constants.

    Returns:
        dict: The ``dataset_info`` dict, joint weights all 1.
    """
    swap = {}
    for a, b in flip_pairs:
        swap[a], swap[b] = b, a
    return dict(
        dataset_name=dataset_name,
        paper_info=dict(paper_info),
        keypoint_info={
            i: dict(
                name=name,
                id=i,
                color=list(color),
                type='',
                swap=swap.get(name, ''))
            for i, (name, color) in enumerate(zip(names, colors))
        },
        skeleton_info={
            i: dict(link=tuple(link), id=i, color=list(color))
            for i, (link, color) in enumerate(zip(links, link_colors))
        },
        joint_weights=[1.] * len(names),
        sigmas=list(sigmas or []))


def layout_graph_over(name: str, dataset_info: dict,
                      clothes_parts: Dict[str, Sequence[str]],
                      clothes_part_edges: Sequence[Link],
                      body_parts: Dict[str, Sequence[str]]) -> dict:
    """An LGR layout graph (Yu et al., CVPR 2019) over a layout's landmarks:
    landmarks -> clothes parts -> body parts -> root.

    The leaves are the landmarks of ``dataset_info`` in keypoint order; the
    leaf edges are its flip pairs (``symmetry``, each pair once, by its
    first landmark) and its skeleton's other links (``kinematic``, in
    skeleton order). Two body parts are joined when two of their clothes
    parts are; the root has all body parts.
    ``mmfashion_lm.structures.LayoutGraph.from_cfg`` reads the dict.

    Args:
        name (str): The graph's name.
        dataset_info (dict): The layout's mmpose ``dataset_info``.
        clothes_parts (dict[str, Sequence[str]]): Each clothes part's
            landmarks, in order.
        clothes_part_edges (Sequence[Link]): The joined clothes parts.
        body_parts (dict[str, Sequence[str]]): Each body part's clothes
            parts, in order.

    Returns:
        dict: ``dict(name, leaves, leaf_edges=dict(symmetry, kinematic),
        levels)``, levels ``'clothes-part'``, ``'body-part'``, ``'root'``.
    """
    keypoints = list(dataset_info['keypoint_info'].values())
    leaves = [keypoint['name'] for keypoint in keypoints]
    symmetry: List[Link] = []
    for keypoint in keypoints:
        mirror = keypoint['swap']
        if mirror and leaves.index(mirror) > leaves.index(keypoint['name']):
            symmetry.append((keypoint['name'], mirror))
    pairs = {frozenset(pair) for pair in symmetry}
    kinematic = [
        tuple(link['link'])
        for link in dataset_info['skeleton_info'].values()
        if frozenset(link['link']) not in pairs
    ]
    clothes_parts = {p: list(c) for p, c in clothes_parts.items()}
    body_parts = {p: list(c) for p, c in body_parts.items()}
    return dict(
        name=name,
        leaves=leaves,
        leaf_edges=dict(symmetry=symmetry, kinematic=kinematic),
        levels=[
            dict(
                name='clothes-part',
                nodes=clothes_parts,
                edges=list(clothes_part_edges)),
            dict(
                name='body-part',
                nodes=body_parts,
                edges=joined_nodes(body_parts, clothes_part_edges)),
            dict(name='root', nodes=dict(root=list(body_parts)), edges=[]),
        ])


def joined_nodes(nodes: Dict[str, Sequence[str]],
                 child_edges: Sequence[Link]) -> List[Link]:
    """The edges of a clustering level: two nodes are joined when an edge of
    the level below joins one of their children to one of the other's.

    Args:
        nodes (dict[str, Sequence[str]]): Each node's children, in order.
        child_edges (Sequence[Link]): The edges of the level below.

    Returns:
        list[Link]: The node pairs, each once, in the order of the first
        child edge that joins them.
    """
    owner = {child: node for node, children in nodes.items()
             for child in children}
    edges: List[Link] = []
    for a, b in child_edges:
        edge = (owner[a], owner[b])
        if edge[0] != edge[1] and edge not in edges and \
                edge[::-1] not in edges:
            edges.append(edge)
    return edges
