import os

import pytest
import torch

# Small, fast and repeatable on a 2-core CI machine.
torch.set_num_threads(min(2, os.cpu_count() or 1))


@pytest.fixture(scope="session")
def fake_data(tmp_path_factory):
    from btl_train.fakedata import write_fake_dataset

    root = tmp_path_factory.mktemp("fake") / "data"
    return write_fake_dataset(root, products_per_category=3, street_photos=16, seed=1)
