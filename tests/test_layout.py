"""The layout of docs/layout.md: services grouped by concern, and no import cycle between modules."""
from __future__ import annotations

import ast
from pathlib import Path

import insight_service

PACKAGE = Path(insight_service.__file__).parent
# The job engine's own wiring builds the Huey instance on first use and lets job kinds register themselves, so
# its modules import each other inside functions; that circle stays inside insight_service.jobs (docs/layout.md).
WIRING = "insight_service.jobs"
# Job kinds defined outside the engine register on it and submit through it (the same wiring).
JOB_KINDS = {"insight_service.webhooks.jobs", "insight_service.webhooks.dispatch"}
CONCERNS = {"ingest", "identity", "privacy", "access", "reads", "aggregates", "departments", "outbound", "jobs"}


def module_name(path: Path) -> str:
    """Dotted name of a module file of the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def type_checking_only(node: ast.AST) -> bool:
    """An `if TYPE_CHECKING:` block: imports for annotations, never executed."""
    return isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING"


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Modules of the package a module imports, at the top or inside functions (annotation-only imports aside)."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if type_checking_only(child):
                continue
            if isinstance(child, ast.ImportFrom):
                base = package[: len(package) - child.level + 1] if child.level else []
                target = ".".join(base + ([child.module] if child.module else []))
                for alias in child.names:
                    sub = f"{target}.{alias.name}"
                    found.add(sub if sub in modules else target)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports_of(path, set(paths)) for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            connect(node)
    return found


def test_no_import_cycle_outside_the_engines_wiring():
    circles = [c for c in cycles(import_graph())
               if not all(m.startswith(WIRING) or m in JOB_KINDS for m in c)]
    assert circles == []


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_former_circles_are_gone():
    graph = import_graph()
    assert "insight_service.auth" not in graph["insight_service.services.access.keys"]
    assert not any(m.startswith("insight_service.cli") for m in graph["insight_service.app"] - {"insight_service.cli"})
    assert "insight_service.cli.admin" not in graph["insight_service.cli.data"]


def test_services_are_grouped_by_concern():
    services = PACKAGE / "services"
    packages = {p.name for p in services.iterdir() if (p / "__init__.py").exists()}
    loose = {p.name for p in services.glob("*.py")} - {"__init__.py", "sql.py"}
    assert packages == CONCERNS
    assert loose == set()  # sql.py holds the dialect-aware statements every concern shares


def test_reads_never_import_the_departments_that_build_on_them():
    graph = import_graph()
    reads = [m for m in graph if m.startswith("insight_service.services.reads.")]
    assert reads
    for module in reads:
        assert not any(m.startswith("insight_service.services.departments") for m in graph[module]), module
