import copy
from pathlib import Path

import pytest

from generator.inputs import read_input
from generator.pipeline import load_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "ningde-2024-budget"


@pytest.fixture(scope="session")
def sample_raw():
    return read_input(SAMPLE)


@pytest.fixture
def check(sample_raw):
    """check(mutate) -> findings of the sample after `mutate(data)` changed its plain data."""
    data, sources = sample_raw

    def run(mutate=None):
        d = copy.deepcopy(data)
        if mutate:
            mutate(d)
        return load_data(d, sources, SAMPLE).findings

    return run
