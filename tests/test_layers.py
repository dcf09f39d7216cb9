"""Data flows one way: a stage never imports a later one (every import, also in functions).

The stages, as the code has them: feeds' sources and the pure readers (extraction, the geo
tagger) first; then the articles they make; the editions articles are routed into; the
stories that link them (ingest ends each run by linking, and stores an article's
fingerprint, so stories come before ingest); ingest; the site that shows them; the
newsletter that mails them; and the tools around it all (console, demo, security). The
wiring (Celery tasks, settings, URLs, the command line) may import any stage.

A later stage learns of new articles through the publish step (`articles.publish`), not by
being called. Entry points run by people (`admin.py`, management commands) stand outside
the order: they are the top of whatever they serve.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "wiredesk"
STAGES = [
    {"errors", "config", "leases", "logs", "months"},
    {"sources", "extract", "geo"},
    {"articles"},
    {"editions"},
    {"stories"},
    {"ingest"},
    {"site"},
    {"newsletter"},
    {"console", "demo", "security"},
    {"tasks", "celery", "cli", "settings", "urls", "wsgi", "__main__", "__init__"},
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}


def stage_of(module: str) -> str:
    """`wiredesk.ingest.store` -> `ingest`; `wiredesk.tasks` -> `tasks`."""
    return module.split(".")[1]


def imported(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return {m for m in modules if m.startswith("wiredesk.")}


def is_entry_point(path: Path) -> bool:
    parts = path.relative_to(SRC).parts
    return path.name == "admin.py" or "management" in parts or "migrations" in parts


def test_every_stage_is_placed():
    stages = {p.stem if p.is_file() else p.name for p in SRC.iterdir() if p.suffix in ("", ".py")}
    stages -= {"__pycache__"}
    assert stages <= set(RANK), f"place these in STAGES: {sorted(stages - set(RANK))}"


def test_no_stage_imports_a_later_one():
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        if is_entry_point(path):
            continue
        own = RANK[stage_of("wiredesk." + ".".join(path.relative_to(SRC).with_suffix("").parts))]
        for module in imported(path):
            if RANK[stage_of(module)] > own:
                wrong.append(f"{path.relative_to(SRC)} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from wiredesk.site.cache import clear\n")
    assert imported(module) == {"wiredesk.site.cache"}
