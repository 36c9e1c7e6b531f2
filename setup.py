"""The build compiles the message catalogs: spec/locale/<lang>/LC_MESSAGES/backprop-spec.po into .mo files,
in the wheel (and, for an editable install, beside the .po); and it finds the packages, so that a new one is
never left out of the wheel (a hand-kept list once left out the worker's book helpers). The rest is in
pyproject.toml."""
import glob
import os

from setuptools import find_packages, setup

ROOTS = ("spec", "backprop_spec", "reference")
# The goldens are fixtures, kept in fixtures/goldens (pyproject.toml maps them into the spec).
PACKAGES = find_packages(include=[f"{root}{tail}" for root in ROOTS for tail in ("", ".*")]) + ["spec.goldens"]
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po_path in glob.glob(os.path.join("spec", "locale", "*", "LC_MESSAGES", "*.po")):
            target = po_path[:-3] + ".mo"
            if not getattr(self, "editable_mode", False):
                target = os.path.join(self.build_lib, target)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(po_path, "rb") as source:
                catalog = read_po(source)
            with open(target, "wb") as out:
                write_mo(out, catalog)


setup(packages=PACKAGES, cmdclass={"build_py": BuildWithCatalogs})
