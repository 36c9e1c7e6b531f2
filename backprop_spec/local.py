"""The implementation under test in this very process: for ``pytest --impl MODULE`` and the project's own tests."""
import importlib
import importlib.util
import inspect
import os
import sys

from backprop_spec.host import Host
from backprop_spec.loading.names import how_note, match_components, not_defined_note
from spec.catalogue import COMPONENTS
from spec.subject import Found, Handle, Subject


class LocalHandle(Handle):
    def __init__(self, host, handle):
        self._host, self._handle = host, handle

    def call(self, method, *args, keep_args=False):
        return self._host.call(self._handle, method, args, keep_args)

    def get(self, attr):
        return self._host.get(self._handle, attr)

    def set(self, path, value):
        self._host.set(self._handle, path, value)


class LocalSubject(Subject):
    """Components taken from an imported module's namespace."""

    host_class = Host  # what runs the components; backprop_spec.notebook uses its own

    def __init__(self, namespace, label, found_in="", source=""):
        """Components are matched as the grader matches them: exactly, then case-insensitively by kind."""
        kinds = {name: "class" if inspect.isclass(obj) else "function"
                 for name, obj in namespace.items() if callable(obj) and not name.startswith("_")}
        components, found = {}, {}
        for name, match in match_components(kinds).items():
            if match.name is None:
                found[name] = Found(name, None, match.suggestion or not_defined_note(COMPONENTS[name], name))
            else:
                components[name] = namespace[match.name]
                found[name] = Found(name, f"{found_in or label}:{match.name}", how_note(match.how, match.name, name))
        self.label = label
        self._host = self.host_class(components, found, student_files={source: found_in} if source else None)

    @classmethod
    def from_target(cls, target):
        """``target`` is a path to a ``.py`` file or an importable module name (``reference``)."""
        if target.endswith(".py") or os.sep in target:
            if not os.path.isfile(target):
                raise FileNotFoundError(f"--impl {target}: no such file")
            name = "impl_under_test_" + os.path.splitext(os.path.basename(target))[0]
            module_spec = importlib.util.spec_from_file_location(name, target)
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[name] = module
            module_spec.loader.exec_module(module)
            return cls(vars(module), os.path.basename(target), found_in=os.path.basename(target),
                       source=module.__file__)
        module = importlib.import_module(target)
        return cls(vars(module), target)

    def find(self, component):
        return self._host.find(component)

    def new(self, component, *args):
        return LocalHandle(self._host, self._host.new(component, args))

    def call(self, component, *args, keep_args=False):
        return self._host.call(component, None, args, keep_args)

    def once(self, component, ctor_args, method, *args, keep_args=False):
        return self._host.once(component, tuple(ctor_args), method, args, keep_args)

    def reseed(self, seed):
        self._host.reseed(seed)

    def train(self, net, **settings):
        return self._host.train(net._handle, **settings)
