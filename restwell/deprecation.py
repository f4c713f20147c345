"""Warning classes that flag features scheduled for removal.

The names are Django REST framework 3.18's, so ``warnings.filterwarnings`` rules
written for DRF keep matching. ``RemovedInDRF3XXWarning`` names the release that
removes the feature: the one after the current release is a
``DeprecationWarning``, the one after that starts out as a silent
``PendingDeprecationWarning``. The two ``…NextDRFVersion…`` aliases always
point at those two, so a project can filter on them across releases.
"""

from __future__ import annotations

__all__ = [
    "RemovedAfterNextDRFVersionWarning",
    "RemovedInDRF319Warning",
    "RemovedInDRF320Warning",
    "RemovedInNextDRFVersionWarning",
]


class RemovedInDRF319Warning(DeprecationWarning):
    """The feature goes away in the 3.19 API."""


class RemovedInDRF320Warning(PendingDeprecationWarning):
    """The feature goes away in the 3.20 API."""


RemovedInNextDRFVersionWarning = RemovedInDRF319Warning
RemovedAfterNextDRFVersionWarning = RemovedInDRF320Warning
