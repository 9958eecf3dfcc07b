"""A wheel (not an editable install) carries the default knowledge base and answers from anywhere.

Builds a wheel of this checkout, installs it into a fresh venv without the source tree, and asks from
another directory. No network: the wheel is built without build isolation and installed with
--no-index --no-deps; the fresh venv sees this venv's third-party packages through a .pth file.
"""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    # build from a copy: a build inside the checkout would leave build/ and *.egg-info behind
    files = _run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT)
    if files.returncode != 0:
        pytest.skip("not a git checkout")
    for rel in files.stdout.splitlines():
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            (src / rel).write_bytes((ROOT / rel).read_bytes())
    dist = tmp / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                  "-w", str(dist), str(src)])
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = dist.glob("factbot-*.whl")
    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    py = venv / "bin" / "python"
    site = _run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    # third-party packages (discord.py, rapidfuzz, ...) from this venv; `bot` must come from the wheel
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    inst = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-index", "--no-deps", str(wheel)])
    assert inst.returncode == 0, inst.stdout + inst.stderr
    return venv


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KNOWLEDGE_DIR", "VIRTUAL_ENV")}
    return env


def test_wheel_ask_from_another_directory(installed, tmp_path):
    where = _run([str(installed / "bin" / "python"), "-c", "import bot; print(bot.__file__)"],
                 cwd=tmp_path, env=_env())
    assert str(installed) in where.stdout, where.stdout + where.stderr  # not the source tree
    out = _run([str(installed / "bin" / "factbot"), "ask", "how many papers did kakao publish"],
               cwd=tmp_path, env=_env())
    assert out.returncode == 0, out.stdout + out.stderr
    assert "40" in out.stdout and "[answered" in out.stdout, out.stdout
    check = _run([str(installed / "bin" / "factbot"), "kb", "check"], cwd=tmp_path, env=_env())
    assert check.returncode == 0 and check.stdout.startswith("ok:"), check.stdout + check.stderr


def test_wheel_settings_default_is_the_packaged_base(installed, tmp_path):
    code = "from bot.settings import Settings; print(Settings(_env_file=None).knowledge_dir)"
    out = _run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, env=_env())
    assert out.returncode == 0, out.stderr
    path = Path(out.stdout.strip())
    assert str(installed) in str(path) and (path / "sources.yaml").is_file(), path


def test_wheel_holds_every_module_and_knowledge_file(installed):
    [wheel] = (installed.parent / "dist").glob("factbot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for py in (ROOT / "bot").rglob("*.py"):
        assert str(py.relative_to(ROOT)) in names, py
    for yml in (ROOT / "knowledge").rglob("*.yaml"):
        assert "bot/knowledge/" + str(yml.relative_to(ROOT / "knowledge")) in names, yml
