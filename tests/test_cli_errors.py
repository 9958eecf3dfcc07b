"""Issue 11 item 10: the CLI answers hostile input and bad settings with a message, not a traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], *, stdin: bytes = b"", env: dict | None = None, cwd: Path = ROOT):
    full = {k: v for k, v in os.environ.items() if k not in ("RETENTION_DAYS", "DATA_DIR")}
    full.update(env or {})
    return subprocess.run([sys.executable, "-X", "utf8=0", "-m", "bot", *args], input=stdin,
                          capture_output=True, env=full, cwd=cwd, timeout=300)


STRICT = {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii:strict", "PYTHONUTF8": "0"}


def test_ask_jsonl_keeps_the_other_lines_when_one_is_not_utf8():
    stdin = "how many papers did kakao publish\n".encode() + b"\xff\xfe broken\n" + "카카오 논문 몇 편?\n".encode()
    proc = run(["ask", "--jsonl"], stdin=stdin, env=STRICT)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")[-2000:]
    lines = [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]
    assert len(lines) == 3
    assert lines[0]["status"] == "answered"
    assert lines[1] == {"line": 2, "error": "not UTF-8 text (byte 0xff at 0); line skipped"}
    assert lines[2]["question"] == "카카오 논문 몇 편?" and lines[2]["status"] == "answered"
    assert b"stdin line 2" in proc.stderr and proc.returncode == 1


def test_ask_prints_korean_under_an_ascii_locale():
    proc = run(["ask", "카카오 논문 몇 편?"], env=STRICT)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr[-2000:]


def test_report_on_a_garbage_file_is_a_message(tmp_path):
    db = tmp_path / "factbot.db"
    db.write_bytes(os.urandom(4096))
    proc = run(["report", "--db", str(db)])
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "Traceback" not in err and "is not a factbot database" in err, err[-2000:]


def test_report_with_retention_days_zero_names_the_variable(tmp_path):
    db = tmp_path / "factbot.db"
    db.write_bytes(b"")
    proc = run(["report", "--db", str(db)], env={"RETENTION_DAYS": "0"})
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err, err[-2000:]
    assert "RETENTION_DAYS=0" in err


def test_a_follow_up_on_the_command_line_is_read_after_the_question_before():
    alone = run(["ask", "--json", "그럼 네이버는?"])
    after = run(["ask", "--json", "--after", "카카오 논문 몇 건이야?", "그럼 네이버는?"])
    assert json.loads(alone.stdout)["status"] != "answered"
    assert "112" in json.loads(after.stdout)["answer"]
    talk = run(["ask", "--jsonl", "--conversation"], stdin="카카오브레인 논문 몇 편?\n그럼 카카오엔터프라이즈는?\n".encode())
    answers = [json.loads(line)["answer"] for line in talk.stdout.splitlines()]
    assert "15" in answers[0] and "25" in answers[1], answers
