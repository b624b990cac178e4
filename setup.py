"""Packaging hook: the shipped content travels inside the package.

``questionnaires/``, ``weights/`` and ``data/`` stay at the top of the repository (where people
edit them); a build copies them into ``wizard/content/``, so an installed ``wizard`` command
validates, scores and reports from any folder (``wizard.settings.project_root``). Everything
else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CONTENT = ("questionnaires", "weights", "data")


class BuildWithContent(build_py):
    """build_py that also copies the content folders' YAML files into the package."""

    def run(self) -> None:
        """Build as usual, then copy the content folders into the built package."""
        super().run()
        target = Path(self.build_lib) / "wizard" / "content"
        for folder in CONTENT:
            destination = target / folder
            destination.mkdir(parents=True, exist_ok=True)
            for path in sorted((HERE / folder).glob("*.yaml")):
                shutil.copy2(path, destination / path.name)


setup(cmdclass={"build_py": BuildWithContent})
