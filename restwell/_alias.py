"""Make ``import rest_framework…`` resolve to restwell's modules.

This follows PyMySQL's ``install_as_MySQLdb()`` idiom: a ``sys.meta_path``
finder maps every ``rest_framework.X`` onto the *same module object* as
``restwell.X``. Identity matters: if a module were executed twice, classes
would exist twice and ``isinstance`` checks in companion packages would fail.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType

ALIAS = "rest_framework"
TARGET = "restwell"


def _target_name(fullname: str) -> str:
    return TARGET + fullname[len(ALIAS) :]


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target
        self._real_spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self._real_spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The import system stamped the alias spec onto the module; restore the
        # real one so reload(), pickling and find_spec() see restwell's module.
        if self._real_spec is not None:
            module.__spec__ = self._real_spec


class RestFrameworkAliasFinder(importlib.abc.MetaPathFinder):
    """Resolve ``rest_framework[.X]`` to ``restwell[.X]``."""

    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        if fullname != ALIAS and not fullname.startswith(ALIAS + "."):
            return None
        real = _target_name(fullname)
        if real not in sys.modules and importlib.util.find_spec(real) is None:
            return None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(real))


_finder = RestFrameworkAliasFinder()


def install_as_rest_framework() -> None:
    """Make ``rest_framework`` an alias of ``restwell`` for this process.

    Call it at the top of ``settings.py`` (before ``INSTALLED_APPS`` is used).
    After it, ``INSTALLED_APPS`` may name ``"rest_framework"`` and
    ``"rest_framework.authtoken"``, and third-party DRF packages import
    restwell's classes. Calling it more than once is harmless.
    """
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    for name in list(sys.modules):
        if name == ALIAS or name.startswith(ALIAS + "."):
            module = sys.modules[name]
            if not getattr(module, "__name__", "").startswith(TARGET):
                # A real DRF module imported earlier would split class identity;
                # the system check restwell.E002 reports it, drop it here.
                del sys.modules[name]


def alias_installed() -> bool:
    return _finder in sys.meta_path
