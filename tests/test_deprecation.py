"""Tests for restwell.deprecation: DRF's warning class names and their levels."""

from __future__ import annotations

import warnings

import pytest

from restwell import deprecation


def test_warning_levels():
    assert issubclass(deprecation.RemovedInDRF319Warning, DeprecationWarning)
    assert issubclass(deprecation.RemovedInDRF320Warning, PendingDeprecationWarning)
    assert deprecation.RemovedInNextDRFVersionWarning is deprecation.RemovedInDRF319Warning
    assert deprecation.RemovedAfterNextDRFVersionWarning is deprecation.RemovedInDRF320Warning


def test_filterable_by_alias():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", deprecation.RemovedInNextDRFVersionWarning)
        warnings.warn("old", deprecation.RemovedInDRF319Warning, stacklevel=1)
    with pytest.warns(deprecation.RemovedInDRF320Warning, match="later"):
        warnings.warn("later", deprecation.RemovedAfterNextDRFVersionWarning, stacklevel=1)
