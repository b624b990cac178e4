"""The shape of the package: imports form a tree (no cycles), and only wizard/ui uses Streamlit.

Every import counts, including those inside functions (a lazy import hides a cycle, it does not
remove it); only ``if TYPE_CHECKING:`` blocks are left out, because they never run.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "wizard"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(name: str) -> tuple[set[str], set[str]]:
    """(project modules imported, top-level third-party names imported) by module ``name``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    project: set[str] = set()
    other: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (project if alias.name in MODULES else other).add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in MODULES:
                    project.add(full)
                elif base in MODULES:
                    project.add(base)
                else:
                    other.add(base.split(".")[0])
    project.discard(name)
    return project, other


GRAPH = {name: imports_of(name)[0] for name in MODULES}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The checker itself: a -> b -> c -> a is one cycle; a tree has none."""
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_project_imports_have_no_cycle() -> None:
    """No group of wizard modules imports each other, lazily or not."""
    assert len(GRAPH) > 30
    assert find_cycles(GRAPH) == []


def test_pages_form_a_tree() -> None:
    """No page imports the app shell, and the pages form a tree: each page module is drawn from
    one place (its package or the app), never from a page of another branch. Shared parts (the
    dashboard, components) live outside ``pages``."""
    pages = [n for n in GRAPH if n.startswith("wizard.ui.pages.")]
    assert pages
    for name in pages:
        assert "wizard.ui.app" not in GRAPH[name], name
    importers: dict[str, list[str]] = {}
    for name, deps in GRAPH.items():
        for dep in deps:
            if dep.startswith("wizard.ui.pages."):
                importers.setdefault(dep, []).append(name)
    shared = {page: found for page, found in importers.items() if len(found) > 1}
    assert shared == {}
    across = [
        f"{importer} -> {page}"
        for page, found in importers.items()
        for importer in found
        if importer.startswith("wizard.ui.pages")
        and not page.startswith(importer + ".")  # a package draws its own children only
    ]
    assert across == []
    # the checker itself: a page drawn from two branches is found
    assert find_shared({"a": {"p.x"}, "b": {"p.x"}}) == {"p.x"}


def find_shared(graph: dict[str, set[str]]) -> set[str]:
    """Modules imported by more than one module of ``graph``."""
    seen: dict[str, int] = {}
    for deps in graph.values():
        for dep in deps:
            seen[dep] = seen.get(dep, 0) + 1
    return {dep for dep, count in seen.items() if count > 1}


def test_only_the_ui_imports_streamlit() -> None:
    """The core (configs, scoring, guidance, roadmap, exports, workshop store) stays pure."""
    offenders = [
        name
        for name in MODULES
        if not name.startswith("wizard.ui") and "streamlit" in imports_of(name)[1]
    ]
    assert offenders == []
    assert "streamlit" in imports_of("wizard.ui.state")[1]  # the check does see streamlit


#: the layers, lowest first: a module may import its own layer and those below, never above
LAYERS = (
    (
        "core",
        lambda n: (
            not n.startswith(
                ("wizard.words", "wizard.exports", "wizard.ui", "wizard.cli", "wizard.__main__")
            )
        ),
    ),
    ("words", lambda n: n.startswith("wizard.words")),
    ("exports", lambda n: n.startswith("wizard.exports")),
    ("shells", lambda n: n.startswith(("wizard.ui", "wizard.cli", "wizard.__main__"))),
)


def layer_of(name: str) -> int:
    return next(i for i, (_, belongs) in enumerate(LAYERS) if belongs(name))


def test_words_come_last_the_core_makes_no_sentences() -> None:
    """Only the words package, the file exports and the shells import ``wizard.i18n``: the core
    (scoring, guidance, roadmap plan, restrictions, storage, analytics) returns ids, numbers and
    reason codes."""
    users = sorted(n for n, deps in GRAPH.items() if "wizard.i18n" in deps)
    assert users, "the check must see the importers of wizard.i18n"
    core = [n for n in users if layer_of(n) == 0]
    assert core == []


def test_imports_only_go_down_the_layers() -> None:
    """Core < words < exports < shells: the words never import an export or a page, and an
    export never imports a page (the old report package imported upwards into exports)."""
    upward = [
        f"{name} -> {dep}"
        for name, deps in GRAPH.items()
        for dep in deps
        if layer_of(dep) > layer_of(name)
    ]
    assert upward == []
    # the checker itself: a made-up upward arrow is found
    assert layer_of("wizard.words.roadmap") > layer_of("wizard.roadmap")


def test_only_the_state_package_touches_session_state() -> None:
    """Pages, components and loaders ask ``wizard.ui.state``; none reads or writes
    ``st.session_state`` (or ``session_state`` any other way) itself."""
    touching = sorted(
        name
        for name, path in MODULES.items()
        if "session_state" in path.read_text("utf-8") and not name.startswith("wizard.ui.state")
    )
    assert touching == []
    assert "session_state" in (PACKAGE / "ui" / "state" / "session.py").read_text("utf-8")


def test_every_widget_key_is_one_constant_of_the_state_package() -> None:
    """Widget keys (``w::...``) are written once, in ``wizard.ui.state.keys``, not typed again
    in the pages."""
    import re

    literal = re.compile(r"[\"']w::[a-z_:]+")
    typed = sorted(
        f"{name}: {match}"
        for name, path in MODULES.items()
        if name != "wizard.ui.state.keys"
        for match in literal.findall(path.read_text("utf-8"))
    )
    assert typed == []


def test_no_test_module_imports_another() -> None:
    """Shared test helpers live in conftest and the helper modules, never in a test module."""
    import ast

    offenders = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                last = node.module.rsplit(".", 1)[-1]
                if node.module.startswith("tests") and last.startswith("test_"):
                    offenders.append(f"{path.relative_to(ROOT)} imports {node.module}")
    assert offenders == []


_COLLECT_WITHOUT_CATALOG = """
import sys
import pytest
import wizard.config
import wizard.config.catalog
import tests.samples

def refuse(*args, **kwargs):
    raise RuntimeError("the catalog was loaded while the tests were collected")

wizard.config.catalog.load_catalog = wizard.config.load_catalog = refuse
tests.samples.load_catalog = refuse
tests.samples.catalog.cache_clear()
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "tests"]))
"""


def test_collecting_the_tests_loads_no_catalog() -> None:
    """No test module reads the configuration at import: a broken YAML file fails the tests
    that use it, not the collection of all of them (the loader refuses while collecting)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _COLLECT_WITHOUT_CATALOG],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    errors = [line for line in done.stdout.splitlines() if line.startswith("ERROR")]
    assert done.returncode == 0 and errors == [], (errors or done.stdout[-2000:]) + [
        done.stderr[-500:]
    ]
    assert " tests collected" in done.stdout


def test_tests_mirror_the_package_folders() -> None:
    """Every folder of the package that has tests has them in the same-named test folder."""
    folders = {p.name for p in (ROOT / "wizard").iterdir() if p.is_dir() and any(p.glob("*.py"))}
    test_folders = {
        p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    extra = test_folders - folders - {"project", "guidance", "world"}  # repository, core modules
    assert extra == set(), extra
    assert {"storage", "ui", "workshop", "exports", "words", "config"} <= test_folders


_FIRST_STEP = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
if sys.argv[2] == "with":
    at.session_state["use_cases"] = [{"name": "Code assistant", "template": "code-assistant"}]
at.run()
assert not at.exception, at.exception
print(",".join(m for m in ("pandas", "numpy", "PIL", "sklearn", "scipy", "altair",
                           "wizard.guidance") if m in sys.modules) or "-")
"""


def test_the_first_step_imports_no_heavy_module_even_with_use_cases_listed() -> None:
    """The question steps start without pandas, numpy, Pillow, scikit-learn, Altair or the advice
    engine (the favicon, a data URL, passes without Streamlit's image path): the use-case
    editor (pandas for its table) loads them only when a case is judged or drawn."""
    import subprocess
    import sys

    for listed, allowed in (("without", "-"), ("with", "pandas,numpy")):
        done = subprocess.run(
            [sys.executable, "-c", _FIRST_STEP, str(ROOT / "streamlit_app.py"), listed],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=240,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1] == allowed, listed
