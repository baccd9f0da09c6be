"""Build hook only (the project is configured in pyproject.toml): compile ui/*.ui before packaging."""
import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithForms(build_py):
    """Run g60desk/build_ui.py when pyside6-uic is available; the committed forms are used otherwise."""

    def run(self):
        # load build_ui from this source tree, never from a g60desk installed elsewhere
        path = Path(__file__).resolve().parent / "g60desk" / "build_ui.py"
        spec = importlib.util.spec_from_file_location("g60desk_build_ui", path)
        build_ui = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(build_ui)
        if build_ui.find_uic() is not None:
            build_ui.build(quiet=True)
        super().run()


setup(cmdclass={"build_py": BuildPyWithForms})
