"""Build hook only (the project is configured in pyproject.toml): compile ui/*.ui before packaging."""
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithForms(build_py):
    """Run g60desk/build_ui.py when pyside6-uic is available; the committed forms are used otherwise."""

    def run(self):
        try:
            from g60desk import build_ui
        except ImportError:
            build_ui = None
        if build_ui is not None and build_ui.find_uic() is not None:
            build_ui.build(quiet=True)
        super().run()


setup(cmdclass={"build_py": BuildPyWithForms})
