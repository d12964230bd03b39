import copy
from pathlib import Path

import pytest

from generator.inputs import read_input
from generator.pipeline import load_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_inputs" / "ningde-2024-budget"
FINAL_SAMPLE = ROOT / "sample_inputs" / "sanming-2024-final"


@pytest.fixture(scope="session")
def sample_raw():
    return read_input(SAMPLE)


def _checker(raw, path):
    data, sources = raw

    def run(mutate=None):
        d = copy.deepcopy(data)
        if mutate:
            mutate(d)
        return load_data(d, sources, path).findings

    return run


@pytest.fixture
def check(sample_raw):
    """check(mutate) -> findings of the sample after `mutate(data)` changed its plain data."""
    return _checker(sample_raw, SAMPLE)


@pytest.fixture(scope="session")
def final_raw():
    return read_input(FINAL_SAMPLE)


@pytest.fixture
def check_final(final_raw):
    """check_final(mutate) -> findings of the final-accounts sample after `mutate(data)`."""
    return _checker(final_raw, FINAL_SAMPLE)
