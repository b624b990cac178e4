"""The project documents itself: docs point inside the repository, packaging matches the app."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_docs_link_only_to_files_in_the_repository() -> None:
    """Every relative link and every `path` in backticks that looks like a file exists here."""
    for doc in DOCS:
        text = doc.read_text("utf-8")
        assert "../shared" not in text, doc.name
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            assert (doc.parent / target).exists(), (doc.name, target)


def test_readme_starts_with_the_two_commands_ci_runs() -> None:
    """README's first two code blocks install-and-run the app and run the whole suite."""
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    assert blocks[0].strip() == (
        "pip install -r requirements.txt && streamlit run streamlit_app.py"
    )
    assert blocks[1].strip() == "bash tests/run.sh"
    assert "bash tests/run.sh" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_the_package_declares_the_app_dependencies_and_the_command() -> None:
    """pyproject.toml: a build system, the dependencies of requirements.txt, `wizard` command."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["build-system"]["build-backend"]
    required = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert project["project"]["dependencies"] == required
    module, func = project["project"]["scripts"]["wizard"].split(":")
    imported = __import__(module, fromlist=[func])
    assert callable(getattr(imported, func))


def test_the_storage_page_prints_the_schema_as_it_is() -> None:
    """docs/storage.md's schema block is what the code defines (a new column shows there)."""
    from wizard.storage.migrations import MIGRATIONS
    from wizard.storage.schema import describe

    text = (ROOT / "docs" / "storage.md").read_text("utf-8")
    block = re.search(r"```text\n(.*?)```", text, re.S)
    assert block is not None and block.group(1).strip() == describe().strip()
    assert all(f"`{m.name}`" in text for m in MIGRATIONS)


def test_no_comment_or_docstring_points_outside_the_repository_or_at_the_tracker() -> None:
    """Code, configs and docs say why in their own words: no tracker tags ("issue 14"), no
    "found by the walk", no design files that are not in the repository."""
    import subprocess

    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pattern = re.compile(
        r"\bissue \d+\b|\bDESIGN\.md\b|\bDOMAIN\.md\b|\.\./shared|found by the "
        r"(?:new-user )?walk|attack pass",
        re.IGNORECASE,
    )
    found = []
    for name in files:
        if name.endswith((".py", ".yaml", ".toml", ".md", ".sh", ".template", ".cfg")) and (
            name != "tests/project/test_docs.py"
        ):
            text = (ROOT / name).read_text("utf-8", errors="replace")
            found += [f"{name}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []


def test_every_setting_is_read_in_one_place_and_documented() -> None:
    """Only wizard/settings.py reads the environment, and docs/settings.md names each variable
    it defines."""
    import ast

    readers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "wizard").rglob("*.py")
        if "os.environ" in path.read_text("utf-8") or "getenv(" in path.read_text("utf-8")
    )
    assert readers == ["wizard/settings.py"]
    tree = ast.parse((ROOT / "wizard" / "settings.py").read_text("utf-8"))
    names = [
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and node.value.value.startswith("WIZARD_")
    ]
    assert len(names) >= 5
    page = (ROOT / "docs" / "settings.md").read_text("utf-8")
    assert [n for n in names if n.rstrip("_") not in page] == []


def test_an_installed_package_works_from_any_folder(tmp_path) -> None:
    """``pip install .`` into a fresh virtual environment, then ``wizard validate``, ``score``,
    ``report`` and ``compare`` from a folder outside the checkout: the questionnaire, weight
    profiles, reference data and locales come with the package; WIZARD_CONFIG_ROOT still wins."""
    import os
    import shutil
    import subprocess
    import sys

    venv = tmp_path / "venv"
    # the dependencies are this interpreter's; only the project itself is built and installed
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", "artifacts", "*.db", "*.db-*", "node_modules", "build"
        ),
    )
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(source)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answers = elsewhere / "a.yaml"
    answers.write_text(
        (ROOT / "tests" / "fixtures" / "answers-taiwan-bank.yaml").read_text("utf-8")
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZARD_") and k != "PYTHONPATH"}
    env["HOME"] = str(tmp_path / "home")
    wizard = venv / "bin" / "wizard"

    def run(*args: str, **more: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(wizard), *args], cwd=elsewhere, env={**env, **more}, capture_output=True, text=True
        )

    checked = run("validate")
    assert checked.returncode == 0, checked.stderr
    assert "genai-readiness.yaml" in checked.stdout and "/site-packages/" not in checked.stdout
    scored = run("score", "a.yaml", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert '"decision"' in scored.stdout
    reported = run("report", "a.yaml", "--out", "r.pdf", "--lang", "zh-TW")
    assert reported.returncode == 0 and (elsewhere / "r.pdf").read_bytes()[:4] == b"%PDF"
    compared = run("compare", "a.yaml", "a.yaml")
    assert compared.returncode == 0, compared.stderr
    # WIZARD_CONFIG_ROOT still overrides: an empty folder has no questionnaire to validate
    empty = tmp_path / "empty"
    (empty / "questionnaires").mkdir(parents=True)
    overridden = run("validate", WIZARD_CONFIG_ROOT=str(empty))
    assert overridden.returncode == 2
    # the package's own files: nothing of the checkout is read
    show = subprocess.run(
        [str(python), "-c", "import wizard; print(wizard.PROJECT_ROOT)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages" in show.stdout and show.stdout.strip().endswith("wizard/content")
