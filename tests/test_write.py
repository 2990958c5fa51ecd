"""Atomic writes: complete file or none, on both paths (unnamed O_TMPFILE file, named temp file)."""
from __future__ import annotations

import os
import stat

import pytest

from regimen_fhir import write


@pytest.fixture(params=["unnamed", "named"])
def mode(request, monkeypatch):
    if request.param == "named":  # a file system without O_TMPFILE
        monkeypatch.setattr(write, "_O_TMPFILE", None)
    else:  # the unnamed path must really be taken: no named temp file at any time
        def no_named(*_a, **_k):
            raise AssertionError("fell back to a named temp file")

        monkeypatch.setattr(write, "_write_named", no_named)
        monkeypatch.setattr(write.tempfile, "mkstemp", no_named)
    return request.param


def test_writes_replace_and_keep_usual_modes(tmp_path, mode):
    target = tmp_path / "sub" / "x.json"
    write.atomic_write_bytes(target, b"one")
    write.atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~write._UMASK
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.json"]


def test_an_error_while_writing_leaves_the_old_file_and_no_temp(tmp_path, mode):
    target = tmp_path / "x.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with write.atomic_writer(target) as fh:
            fh.write(b"half of the new")
            raise RuntimeError("disk on fire")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_failed_link_falls_back_to_a_named_temp_file(tmp_path, monkeypatch):
    def refuse(*_a, **_k):
        raise PermissionError(1, "linking refused")

    monkeypatch.setattr(write, "_publish_unnamed", refuse)
    write.atomic_write_text(tmp_path / "x.json", "content")
    assert (tmp_path / "x.json").read_text() == "content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_a_new_file_takes_its_name_in_one_step_and_an_existing_one_through_a_temp_name(tmp_path, monkeypatch):
    # a run killed between linking a temp name and renaming it left that temp name behind (seen under load): a new
    # file is now linked straight to its name, so no kill can leave a temp name; only a replacement needs one
    def no_named(*_a, **_k):
        raise AssertionError("fell back to a named temp file")

    monkeypatch.setattr(write.tempfile, "mkstemp", no_named)
    temp_names = []
    real = write._temp_name
    monkeypatch.setattr(write, "_temp_name", lambda p: temp_names.append(p) or real(p))
    target = tmp_path / "x.json"
    write.atomic_write_bytes(target, b"one")
    assert target.read_bytes() == b"one" and temp_names == []
    write.atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two" and len(temp_names) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_sweep_removes_only_our_temp_files(tmp_path):
    for name in (".rf-a.json.0011aabb.tmp", ".rf-report.html.1234.tmp", "a.tmp", ".other.tmp", "x.json"):
        (tmp_path / name).write_text("x")
    os.mkdir(tmp_path / ".rf-dir.tmp")
    assert sorted(write.sweep_temp(tmp_path)) == [".rf-a.json.0011aabb.tmp", ".rf-report.html.1234.tmp"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tmp", ".rf-dir.tmp", "a.tmp", "x.json"]


def test_dumps_bytes_is_dumps(tmp_path):
    data = {"a": [1, 2.5, "ü", {"b": None, "c": True}], "d": "line\nbreak \u2028 \x7f", "e": 10 ** 30}
    assert write.dumps_bytes(data) == write.dumps(data).encode("utf-8")
    data.pop("e")
    assert write.dumps_bytes(data) == write.dumps(data).encode("utf-8")
