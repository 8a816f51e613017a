"""The stages import only what comes before them: content < verify < cite < render < build < the rest.

The spine (errors, limits, files, paths, characters, freshness, worker) is below every stage; build.py,
the stage plan, runs content, cite and render; preview builds as files change; distribute
builds once, then sends; the CLI
is on top. A test, so that a round trip (content importing from rendering, say) shows up
as a failure rather than in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dossier"
ORDER = ["spine", "content", "verify", "cite", "render", "plan", "preview", "distribute", "top"]
SPINE = {"errors", "limits", "files", "paths", "freshness", "worker", "dates", "words", "characters"}
SPINE.add("__init__")
TOP = {"cli", "__main__"}
STAGES = {"content", "verify", "cite", "render", "preview", "distribute"}


def layer(module: str) -> str:
    """'dossier.content.load' -> 'content'; 'dossier.files' -> 'spine'."""
    parts = module.split(".")[1:]
    if len(parts) > 1 or (parts and parts[0] in STAGES):
        return parts[0]
    name = parts[0] if parts else "__init__"
    if name == "build":
        return "plan"
    return "top" if name in TOP else "spine" if name in SPINE else f"unknown module {module}"


def module_name(path: Path, root: Path) -> str:
    """root/dossier/content/load.py -> 'dossier.content.load'."""
    return ".".join(path.relative_to(root).with_suffix("").parts)


def imports(path: Path, root: Path) -> list[str]:
    """Every dossier module `path` (under `root`) imports, at its top or inside functions."""
    here = module_name(path, root)
    package = here.rsplit(".", 1)[0] if path.name != "__init__.py" else here.removesuffix(".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            found += [target] if node.module else [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dossier"):
            found.append(str(node.module))
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("dossier.")]
    return [t for t in found if t != "dossier" and not t.endswith(".__version__")]


def backward_imports(package: Path) -> list[str]:
    """'module imports target' for every import of a later layer than the importing module's."""
    wrong = []
    for path in sorted(package.rglob("*.py")):
        module = module_name(path, package.parent)
        mine = ORDER.index(layer(module))
        for target in imports(path, package.parent):
            if ORDER.index(layer(target)) > mine:
                wrong.append(f"{module} imports {target}")
    return wrong


def test_every_module_belongs_to_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        module = module_name(path, PACKAGE.parent)
        assert layer(module) in ORDER, module


def test_no_stage_imports_a_later_one() -> None:
    assert backward_imports(PACKAGE) == []


def test_the_checker_detects_a_backward_import(tmp_path: Path) -> None:
    # The rule above must be able to fail: a planted package whose content stage imports
    # rendering and distribution in each way Python allows, and whose rendering stage
    # imports content (allowed).
    package = tmp_path / "dossier"
    for stage in ("content", "render"):
        (package / stage).mkdir(parents=True)
    (package / "content" / "load.py").write_text(
        "from ..errors import Problem\n"
        "from ..render.pdf import layout\n"
        "from ..render import markdown\n"
        "import dossier.render.audit\n"
        "def later():\n"
        "    from dossier.distribute.run import distribute\n"
    )
    (package / "render" / "pdf.py").write_text("from ..content.load import Problem\nimport dossier.files\n")
    assert backward_imports(package) == [
        "dossier.content.load imports dossier.render.pdf",
        "dossier.content.load imports dossier.render",
        "dossier.content.load imports dossier.render.audit",
        "dossier.content.load imports dossier.distribute.run",
    ]
