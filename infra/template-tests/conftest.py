"""Session fixtures: the template as written and expanded (see template_model)."""

from __future__ import annotations

from typing import Any

import pytest

from template_model import INDEX_JOB_PARAMETERS, expand, load_sam_template


@pytest.fixture(scope="session")
def sam_template() -> dict[str, Any]:
    return load_sam_template()


@pytest.fixture(scope="session")
def cfn(sam_template) -> dict[str, Any]:
    """Expanded with the index job switched on, so every resource is there to inspect."""
    return expand(sam_template, INDEX_JOB_PARAMETERS)


@pytest.fixture(scope="session")
def resources(cfn) -> dict[str, dict[str, Any]]:
    return cfn["Resources"]

