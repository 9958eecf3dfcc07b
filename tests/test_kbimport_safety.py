"""`kb import` against hostile input and careless use (issue 11 items 10, 11; issue 10 item 8)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.core.engine import Engine
from bot.kbimport import MARKER, ImportError_, import_file

ROOT = Path(__file__).resolve().parents[1]

TOPICS = ["refund policy", "shipping fee", "password reset", "gift card balance", "store opening hours",
          "student discount", "warranty period", "parking validation"]
TEMPLATES = ["how does the {t} work", "what is your {t}", "tell me about the {t}", "{t} info please",
             "where can i find the {t}", "explain the {t} to me", "i need help with {t}", "details of the {t}"]


def rows(mislabel: dict[tuple[int, int], int] | None = None) -> list[dict]:
    out = []
    for i, t in enumerate(TOPICS):
        for j, tpl in enumerate(TEMPLATES):
            label = (mislabel or {}).get((i, j), i)
            out.append({"question": tpl.format(t=t), "intent": TOPICS[label].replace(" ", "_"),
                        "answer_en": f"About {TOPICS[label]}."})
    return out


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), encoding="utf-8")
    return path


def cli(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "kb", "import", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout)


# -- item 10: no tracebacks ---------------------------------------------------------------------

def test_line_separator_inside_a_json_string_is_not_a_line_end(tmp_path):
    src = write_jsonl(tmp_path / "faq.jsonl", [
        {"question": "when is the shop open", "intent": "hours", "answer_en": "9 to 6.\u2028Closed on Sundays."},
        {"question": "is there parking\u2029nearby", "intent": "parking", "answer_en": "Yes."},
    ])
    summary = import_file(src, tmp_path / "kb")
    assert summary.startswith("imported 2 rows: 2 intents"), summary


def test_deeply_nested_json_is_a_message(tmp_path):
    src = tmp_path / "deep.jsonl"
    src.write_text('{"question": "ok question", "intent": "a", "answer_en": "x"}\n'
                   + '{"question": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    out = cli(str(src), "--out", str(tmp_path / "kb"))
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr[-2000:]
    assert f"{src}:2: invalid row: JSON nested too deep" in out.stdout


def test_every_bad_line_is_reported_not_only_the_first(tmp_path):
    src = tmp_path / "faq.csv"
    src.write_bytes(b"question,intent,answer_en\ncaf\xe9 hours,cafe,open\nfine question,ok,yes\n"
                    b"na\xefve,x,y\n")
    with pytest.raises(ImportError_) as ei:
        import_file(src, tmp_path / "kb")
    assert [e.split(": ", 1)[0] for e in ei.value.errors] == [f"{src}:2", f"{src}:4"]


# -- item 11: --force, --out ., big fields, killed imports ---------------------------------------

def test_force_never_replaces_a_directory_it_did_not_write(tmp_path):
    src = write_jsonl(tmp_path / "faq.jsonl", rows())
    project = tmp_path / "project"
    (project / "src").mkdir(parents=True)
    (project / ".git").mkdir()
    (project / "src" / "main.py").write_text("print('hi')\n", encoding="utf-8")
    out = cli(str(src), "--out", str(project), "--force")
    assert out.returncode == 1 and "did not write" in out.stdout, out.stdout + out.stderr
    assert (project / "src" / "main.py").is_file() and (project / ".git").is_dir()

    kb = tmp_path / "kb"
    import_file(src, kb)
    assert (kb / MARKER).is_file()
    assert cli(str(src), "--out", str(kb), "--force").returncode == 0
    assert Engine.load(kb).kb.counts["intents"] == len(TOPICS)


def test_out_dot_is_refused_cleanly(tmp_path):
    src = write_jsonl(tmp_path / "faq.jsonl", rows())
    work = tmp_path / "work"
    work.mkdir()
    for args in (["--out", "."], ["--out", ".", "--force"], ["--out", ".."]):
        out = cli(str(src), *args, cwd=work)
        assert out.returncode == 1, out.stdout
        assert "Traceback" not in out.stderr and "current directory" in out.stdout, out.stdout + out.stderr
    assert list(work.iterdir()) == []
    out = cli(str(src), "--out", str(tmp_path), "--force")  # the input file's own directory
    assert out.returncode == 1 and "Traceback" not in out.stderr


def test_a_huge_field_is_not_read_into_memory(tmp_path):
    src = tmp_path / "big.jsonl"
    with open(src, "wb") as fh:
        fh.write(b'{"question": "ok question", "intent": "a", "answer_en": "x"}\n')
        fh.write(b'{"question": "big one", "intent": "b", "answer_en": "')
        chunk = b"y" * (1024 * 1024)
        for _ in range(150):
            fh.write(chunk)
        fh.write(b'"}\n')
    # VmHWM is this process's own peak (ru_maxrss would carry pytest's over fork + exec)
    code = ("import sys\nfrom bot.cli import main\nrc = main(sys.argv[1:])\n"
            "hwm = [x for x in open('/proc/self/status') if x.startswith('VmHWM')][0].split()[1]\n"
            "print('maxrss_kb', hwm, file=sys.stderr)\n"
            "sys.exit(rc)\n")
    proc = subprocess.run([sys.executable, "-c", code, "kb", "import", str(src), "--out", str(tmp_path / "kb")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 1
    assert f"{src}:2: line longer than 1 MB" in proc.stdout, proc.stdout
    rss_mb = int(proc.stderr.split("maxrss_kb")[1].split()[0]) / 1024
    assert rss_mb < 140, rss_mb  # the file is 150 MB; reading it whole took several times that


def test_long_answer_and_question_are_reported_with_their_line(tmp_path):
    src = write_jsonl(tmp_path / "faq.jsonl", [
        {"question": "ok question", "intent": "a", "answer_en": "x"},
        {"question": "long answer", "intent": "b", "answer_en": "z" * 3000},
        {"question": "q" * 400, "intent": "c", "answer_en": "x"},
    ])
    with pytest.raises(ImportError_) as ei:
        import_file(src, tmp_path / "kb")
    assert ei.value.errors == [f"{src}:2: answer_en longer than 2000 characters",
                               f"{src}:3: question longer than 300 characters"]


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_leftovers_of_a_killed_import_are_removed(tmp_path):
    src = write_jsonl(tmp_path / "faq.jsonl", rows())
    stale = tmp_path / f".kb.import-{_dead_pid()}-abc123"
    stale.mkdir()
    (stale / "intents.yaml").write_text("# half written\n", encoding="utf-8")
    mine = tmp_path / f".kb.import-{os.getpid()}-live"  # a running import's: kept
    mine.mkdir()
    import_file(src, tmp_path / "kb")
    assert not stale.exists() and mine.exists()


def test_sigterm_during_import_removes_its_temporary_directory(tmp_path):
    big = []
    for i in range(60):
        for j in range(40):
            big.append({"question": f"question number {j} about topic{i} thing{i}x{j}", "intent": f"topic{i}",
                        "answer_en": f"answer {i}"})
    src = write_jsonl(tmp_path / "faq.jsonl", big)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "kb", "import", str(src), "--out", str(tmp_path / "kb")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    seen = False
    while time.monotonic() < deadline and proc.poll() is None:
        if list(tmp_path.glob(".kb.import-*")):
            seen = True
            break
        time.sleep(0.01)
    if not seen:
        proc.wait(60)
        pytest.skip("the import finished before its temporary directory could be seen")
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)
    assert proc.returncode != 0
    assert list(tmp_path.glob(".kb.*")) == [] and not (tmp_path / "kb").exists()


# -- issue 10 item 8: every conflict in one run, the right way round; --skip-conflicts ---------------

def test_every_conflicting_row_is_reported_in_plain_words(tmp_path):
    items = rows()
    n = len(items)
    for q, label in (("the student discount", "gift_card_balance"), ("warranty period", "parking_validation")):
        items.append({"question": q, "intent": label, "answer_en": f"About {label.replace('_', ' ')}."})
    src = write_jsonl(tmp_path / "faq.jsonl", items)
    with pytest.raises(ImportError_) as ei:
        import_file(src, tmp_path / "kb")
    errs = ei.value.errors
    assert errs[0].startswith(f"{src}:{n + 1}: 'the student discount' is labelled gift_card_balance but reads "
                              "like student_discount ("), errs
    assert errs[1].startswith(f"{src}:{n + 2}: 'warranty period' is labelled parking_validation but reads"), errs
    assert len(errs) == 3 and "--skip-conflicts" in errs[-1]
    assert not (tmp_path / "kb").exists()

    out = cli(str(src), "--out", str(tmp_path / "kb"), "--skip-conflicts")
    assert out.returncode == 0, out.stdout + out.stderr
    head, *left = out.stdout.strip().splitlines()
    assert head.startswith(f"imported {n} rows") and "2 conflicting row(s) left out" in head, head
    assert len(left) == 2 and "labelled gift_card_balance" in left[0]
    engine = Engine.load(tmp_path / "kb")
    assert "the student discount" not in engine.kb.intents["gift_card_balance"].examples.en
