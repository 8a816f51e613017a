from pathlib import Path

from dossier.content.load import read_yaml
from dossier.errors import Problems


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_of_nested_values(tmp_path: Path) -> None:
    path = write(tmp_path, "- id: a\n  date: 2020\n- id: b\n  sources:\n    - x\n    - y\n")
    loaded = read_yaml(path, path.read_text(encoding="utf-8"), Problems(tmp_path))
    assert loaded is not None
    assert loaded.line((1, "sources", 1)) == 6
    assert loaded.line((0, "date")) == 2
    # A missing field is reported at the item that lacks it.
    assert loaded.line((1, "text")) == 3


def test_duplicate_key_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "- id: a\n  text: one\n  text: two\n")
    problems = Problems(tmp_path)
    assert read_yaml(path, path.read_text(encoding="utf-8"), problems) is None
    (problem,) = problems.items
    assert problem.line == 3
    assert "duplicate key" in problem.message


def test_malformed_yaml_reports_line(tmp_path: Path) -> None:
    path = write(tmp_path, "- id: a\n  text: [unclosed\n- id: b\n")
    problems = Problems(tmp_path)
    assert read_yaml(path, path.read_text(encoding="utf-8"), problems) is None
    (problem,) = problems.items
    assert problem.message.startswith("malformed YAML")
    assert problem.line is not None and problem.line >= 2


def test_yaml_1_2_keeps_no_as_text(tmp_path: Path) -> None:
    loaded = read_yaml(write(tmp_path, "classification: NO\n"), "classification: NO\n", Problems(tmp_path))
    assert loaded is not None and loaded.data == {"classification": "NO"}
