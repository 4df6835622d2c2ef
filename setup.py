"""Packaging: the default theme (the repository's templates/ and static/) goes into the package as
gongkai/theme/, so an installed `gongkai` command builds any site folder. Metadata: pyproject.toml."""
from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
THEME = ("templates", "static")


class BuildWithTheme(build_py):
    """The package as usual, plus a copy of the theme folders inside it."""

    def run(self) -> None:
        super().run()
        for folder in THEME:
            target = Path(self.build_lib) / "gongkai" / "theme" / folder
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(HERE / folder, target)


setup(cmdclass={"build_py": BuildWithTheme})
