"""Search is a package whose modules import one way: no import cycle through site.cache or
any search module, counting imports made inside functions too (a cycle hidden in a function
still ties two modules' changes together, and breaks when someone moves the import up)."""

import ast
from pathlib import Path

import wiredesk

ROOT = Path(wiredesk.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (ROOT.parent / relative).with_suffix(".py").exists() or (
        ROOT.parent / relative / "__init__.py"
    ).exists()


def imports_of(path: Path) -> set[str]:
    """The wiredesk modules a file imports, anywhere in it: `from a import b` counts as
    importing a.b where that is a module, else a."""
    package = module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.add(name if is_module(name) else base)
    return {name for name in found if name.startswith("wiredesk") and is_module(name)}


def import_graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in ROOT.rglob("*.py")}


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert "wiredesk.site.models" in graph["wiredesk.site.cache"]  # imported in a function
    assert "wiredesk.site.search.engines" in graph["wiredesk.site.search.index"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_no_import_cycle_through_the_cache_or_search():
    watched = {"wiredesk.site.cache", "wiredesk.site.search"}
    tangled = [
        sorted(component)
        for component in cycles(import_graph())
        if any(m in watched or m.startswith("wiredesk.site.search.") for m in component)
    ]
    assert tangled == []
