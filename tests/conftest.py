"""Shared fixtures: the sample dossier and a small one, each built once per test run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier.build import Built, Settings, build

from .delivery import Mailbox, serve, working_in

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "kem-sokha"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("sample") / "kem-sokha.pdf"
    return build(SAMPLE, out, Settings(emit_html=True))


@pytest.fixture(scope="session")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("minimal") / "minimal.pdf"
    return build(MINIMAL, out, Settings(emit_html=True))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the minimal fixture, for tests that change one thing in it."""
    folder = tmp_path / "case"
    shutil.copytree(MINIMAL, folder)
    return folder


@pytest.fixture
def full_case(tmp_path: Path) -> Path:
    """A writable copy of the every-field fixture."""
    folder = tmp_path / "case"
    shutil.copytree(FIXTURES / "full", folder)
    return folder


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run from an empty folder so that relative outputs (build/...) land there."""
    with working_in(tmp_path):
        yield tmp_path


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on 127.0.0.1 for the test; its mailbox and port."""
    box = Mailbox()
    with serve(box) as port:
        yield box, port
