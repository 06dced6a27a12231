"""No services module imports a tasks module, directly or through other modules, at the top or inside
a function: tasks import services, and services queue tasks by name (apps.core.scheduling), so the
two never form a cycle."""

import ast
from pathlib import Path

import apps

APPS = Path(apps.__file__).parent


def _module(path: Path) -> str:
    parts = path.relative_to(APPS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module an import statement anywhere in the file names (X, and X.name for `from X import name`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            package = module if is_package else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = ".".join(filter(None, [package if node.level else "", node.module or ""]))
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return names


def _import_graph() -> dict[str, set[str]]:
    files = {_module(path): path for path in APPS.rglob("*.py") if "migrations" not in path.parts}
    return {
        module: _imported(ast.parse(path.read_text()), module, path.name == "__init__.py") & set(files)
        for module, path in files.items()
    }


def _chain_to_tasks(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """The first import chain from `start` to a tasks module, if there is one."""
    seen, stack = {start}, [[start]]
    while stack:
        chain = stack.pop()
        for imported in sorted(graph[chain[-1]] - seen):
            if imported.rpartition(".")[2] == "tasks":
                return [*chain, imported]
            seen.add(imported)
            stack.append([*chain, imported])
    return None


def test_no_services_module_imports_a_tasks_module():
    graph = _import_graph()
    services = [module for module in graph if module.rpartition(".")[2] == "services"]
    assert len(services) >= 6  # accounts, wallet, streaming, gifting, pk, devices: the graph was read
    chains = [" -> ".join(chain) for module in services if (chain := _chain_to_tasks(graph, module))]
    assert chains == []
