import os.path as osp

from setuptools import find_packages, setup

HERE = osp.dirname(osp.abspath(__file__))
# Installed separately (see docs/get_started.md): torch, torchvision and mmcv
# for the machine's CUDA; mmpose with --no-deps, because it declares chumpy,
# which does not build and is never imported (pip would try to build it even
# with mmpose already installed).
SEPARATE = ('torch', 'torchvision', 'mmcv', 'mmpose')


def read_requirements(name):
    """Requirement lines of requirements/<name>, without comments."""
    lines = []
    with open(osp.join(HERE, 'requirements', name)) as f:
        for line in f:
            line = line.split('#')[0].strip()
            if line:
                lines.append(line)
    return lines


def version():
    scope = {}
    with open(osp.join(HERE, 'mmfashion_lm', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


setup(
    name='mmfashion_lm',
    version=version(),
    description='Fashion landmark detection and clothing understanding '
    'on OpenMMLab',
    long_description=open(osp.join(HERE, 'README.md')).read(),
    long_description_content_type='text/markdown',
    python_requires='>=3.9',
    packages=find_packages(exclude=('configs', 'tools', 'demo', 'tests')),
    package_data={
        'mmfashion_lm.datasets.metainfo': ['*.json'],
        'mmfashion_lm.datasets.synthetic': ['data/*']
    },
    install_requires=[
        r for r in read_requirements('runtime.txt')
        if not r.startswith(SEPARATE)
    ],
    extras_require={'tests': read_requirements('tests.txt')},
    license='Apache License 2.0',
    zip_safe=False)
