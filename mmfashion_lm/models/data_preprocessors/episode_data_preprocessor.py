"""mmpose's data preprocessor for few-shot episodes."""
from mmpose.models.data_preprocessors import PoseDataPreprocessor
from mmpose.registry import MODELS


@MODELS.register_module()
class EpisodeDataPreprocessor(PoseDataPreprocessor):
    """Normalise and stack each episode's support and query items.

    Takes the batch of :func:`~mmfashion_lm.datasets.episode_collate`,
    ``dict(episodes=[...])``, and returns ``dict(episodes=[...])`` with each
    episode's ``support`` and ``query`` as mmpose's preprocessed batches
    (``dict(inputs=Tensor, data_samples=[...])``), so that a few-shot model's
    ``forward(episodes, mode)`` runs under mmengine's ``train_step`` /
    ``test_step`` and its distributed wrapper unchanged. Arguments as
    :class:`mmpose.models.PoseDataPreprocessor`'s.
    """

    def forward(self, data: dict, training: bool = False) -> dict:
        if 'episodes' not in data:
            raise KeyError(
                'EpisodeDataPreprocessor takes dict(episodes=[...]): build '
                "the dataloader with collate_fn=dict(type='episode_collate')"
                ' over an EpisodicDataset')
        episodes = []
        for episode in data['episodes']:
            batches = {
                part: super(EpisodeDataPreprocessor, self).forward(
                    dict(
                        inputs=[item['inputs'] for item in episode[part]],
                        data_samples=[
                            item['data_samples'] for item in episode[part]
                        ]), training)
                for part in ('support', 'query')
            }
            episodes.append({**episode, **batches})
        return dict(episodes=episodes)
