"""`kb import`: a CSV or JSONL of FAQ rows -> a knowledge directory of fixed-answer intents.

Rows are `question, intent[, answer_en][, answer_ko][, source_url]`. Every problem in the input is
collected and reported as `file:line: problem` (ImportError_.errors); nothing is written unless the
whole input is valid and the generated directory loads with `Engine.load` (the same check as
`kb check`). The directory is written next to `out` under a temporary name and moved into place.

The input is read a line at a time (a line longer than MAX_LINE_BYTES is reported, not held in
memory). Rows whose question reads like another intent's are all reported in one run
(`--skip-conflicts` leaves them out instead). `--force` replaces only a directory this tool wrote
(it holds MARKER); a temporary directory left by a killed import is removed by the next one.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .core.knowledge import ID_RE, MAX_EXAMPLE_CHARS, MAX_TEXT_CHARS
from .core.text import MAX_QUESTION_CHARS, detect_lang, normalize

COLUMNS = ("question", "intent", "answer_en", "answer_ko", "source_url")
REQUIRED = ("question", "intent")
_ID = re.compile(ID_RE)
_URL = re.compile(r"^https?://\S+$")
_SPACES = re.compile(r"\s+")
MAX_ID = 80
MAX_LINE_BYTES = 1024 * 1024  # one input line (a question and its answers)
MARKER = ".factbot-import"  # written into every directory this tool makes; --force replaces only those
MAX_CONFLICT_ROUNDS = 6  # leaving conflicting rows out can uncover others; look again this often


class ImportError_(Exception):  # noqa: N801 (the trailing underscore avoids the builtin)
    """The input cannot be imported; `errors` lists every problem as `file:line: problem`."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors) if self.errors else "import failed")


@dataclass
class _Row:
    line: int
    fields: dict[str, str]


@dataclass
class _Intent:
    id: str
    line: int  # first row
    ko: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=lambda: {"ko": [], "en": []})  # input line per example
    answers: dict[str, tuple[str, int]] = field(default_factory=dict)  # lang -> (text, line)
    source_url: tuple[str, int] | None = None


# ---------------------------------------------------------------------------------------------
# Reading


def _lines(fh, name: str, errors: list[str]):
    """(line number, text with its line end) for each line of a binary file, split on "\n" only (a
    U+2028 inside a JSON string is not a line end). A line that is not UTF-8 or is longer than
    MAX_LINE_BYTES is reported and given as an empty line, so numbering stays right."""
    n = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        n += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line, a chunk at a time
                raw = fh.readline(MAX_LINE_BYTES)
            errors.append(f"{name}:{n}: line longer than {MAX_LINE_BYTES // (1024 * 1024)} MB; not read")
            yield n, "\n"
            continue
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield n, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(f"{name}:{n}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
            yield n, "\n"


def _clean(value: object) -> str:
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def _read_csv(lines, name: str, errors: list[str]) -> list[_Row]:
    reader = csv.reader(text for _, text in lines)
    rows: list[_Row] = []
    header: list[str] | None = None
    prev = 0
    try:
        for record in reader:
            start = prev + 1
            prev = reader.line_num
            if not record or all(not c.strip() for c in record):
                continue  # blank line
            if header is None:
                header = [c.strip().lower() for c in record]
                hline = start
                unknown = [c for c in header if c not in COLUMNS]
                for c in unknown:
                    errors.append(f"{name}:{hline}: unknown column {c!r} (known: {', '.join(COLUMNS)})")
                for c in sorted({c for c in header if header.count(c) > 1}):
                    errors.append(f"{name}:{hline}: column {c!r} appears more than once")
                for c in REQUIRED:
                    if c not in header:
                        errors.append(f"{name}:{hline}: missing column {c!r} in the header")
                continue
            if len(record) > len(header):
                errors.append(f"{name}:{start}: {len(record)} fields, but the header has {len(header)}")
                continue
            fields = {h: _clean(v) for h, v in zip(header, record) if h in COLUMNS}
            rows.append(_Row(start, fields))
    except csv.Error as exc:
        errors.append(f"{name}:{reader.line_num}: invalid CSV: {exc}")
    if header is None:
        errors.append(f"{name}:1: empty file; expected a header line ({', '.join(COLUMNS)}) and rows")
    return rows


def _read_jsonl(lines, name: str, errors: list[str]) -> list[_Row]:
    rows: list[_Row] = []
    for n, raw in lines:
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"{name}:{n}: invalid JSON: {exc.msg}")
            continue
        except RecursionError:
            errors.append(f"{name}:{n}: invalid row: JSON nested too deep; a row is one flat object")
            continue
        if not isinstance(obj, dict):
            errors.append(f"{name}:{n}: expected a JSON object with {', '.join(COLUMNS)}")
            continue
        bad = False
        for k, v in obj.items():
            if k not in COLUMNS:
                errors.append(f"{name}:{n}: unknown field {k!r} (known: {', '.join(COLUMNS)})")
                bad = True
            elif v is not None and not isinstance(v, (str, int, float)):
                errors.append(f"{name}:{n}: field {k!r} must be a string")
                bad = True
        if not bad:
            rows.append(_Row(n, {k: _clean(v) for k, v in obj.items()}))
    if not rows and not errors:
        errors.append(f"{name}:1: empty file; expected one JSON object per line")
    return rows


def _intent_id(raw: str) -> str | None:
    s = unicodedata.normalize("NFKC", raw).strip().lower()
    s = _SPACES.sub("_", s)
    return s if _ID.match(s) and len(s) <= MAX_ID else None


def _source_id(url: str) -> str:
    host = (urlsplit(url).hostname or "source").lower()
    host = re.sub(r"[^a-z0-9.-]+", "-", host).strip(".-") or "source"
    return f"{host[:60]}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:8]}"


# ---------------------------------------------------------------------------------------------
# Building


def _build(rows: list[_Row], name: str, errors: list[str]) -> tuple[dict[str, _Intent], int]:
    intents: dict[str, _Intent] = {}
    seen: dict[str, tuple[str, int]] = {}  # normalised question -> (intent, line)
    skipped = 0
    for row in rows:
        f, n = row.fields, row.line
        q = f.get("question", "")
        raw_intent = f.get("intent", "")
        ok = True
        if not q:
            errors.append(f"{name}:{n}: empty question")
            ok = False
        elif not normalize(q):
            errors.append(f"{name}:{n}: question {q!r} has no words")
            ok = False
        elif len(q) > min(MAX_QUESTION_CHARS, MAX_EXAMPLE_CHARS):
            errors.append(f"{name}:{n}: question longer than {min(MAX_QUESTION_CHARS, MAX_EXAMPLE_CHARS)} characters")
            ok = False
        for lang in ("en", "ko"):
            if len(f.get(f"answer_{lang}", "")) > MAX_TEXT_CHARS:
                errors.append(f"{name}:{n}: answer_{lang} longer than {MAX_TEXT_CHARS} characters")
                ok = False
        iid = None
        if not raw_intent:
            errors.append(f"{name}:{n}: missing intent")
            ok = False
        else:
            iid = _intent_id(raw_intent)
            if iid is None:
                errors.append(
                    f"{name}:{n}: intent {raw_intent!r} cannot be made an id "
                    f"(letters a-z, digits, '_', '.', '-'; at most {MAX_ID} characters)"
                )
                ok = False
        url = f.get("source_url", "")
        if url and not _URL.match(url):
            errors.append(f"{name}:{n}: source_url {url!r} is not an http(s) URL")
            ok = False
        if not ok or iid is None:
            continue
        it = intents.setdefault(iid, _Intent(iid, n))
        key = normalize(q)
        if key in seen:
            other, oline = seen[key]
            if other != iid:
                errors.append(f"{name}:{n}: question {q!r} is also a question of intent '{other}' (line {oline})")
            else:
                skipped += 1  # the same question twice under one intent: keep one
        else:
            seen[key] = (iid, n)
            lang = detect_lang(q)
            (it.ko if lang == "ko" else it.en).append(q)
            it.lines[lang].append(n)
        for lang in ("en", "ko"):
            text = f.get(f"answer_{lang}", "")
            if not text:
                continue
            prev = it.answers.get(lang)
            if prev is None:
                it.answers[lang] = (text, n)
            elif prev[0] != text:
                errors.append(f"{name}:{n}: answer_{lang} for intent '{iid}' differs from line {prev[1]}")
        if url:
            if it.source_url is None:
                it.source_url = (url, n)
            elif it.source_url[0] != url:
                errors.append(f"{name}:{n}: source_url for intent '{iid}' differs from line {it.source_url[1]}")
    for it in intents.values():
        if not it.answers:
            errors.append(f"{name}:{it.line}: intent '{it.id}' has no answer_en or answer_ko on any of its rows")
    return intents, skipped


def _esc(title: str) -> str:
    return title.replace("{", "{{").replace("}", "}}")  # titles are format strings ({slot})


def _documents(intents: dict[str, _Intent], today: dt.date) -> tuple[list[dict], list[dict], int]:
    sources: dict[str, dict] = {}
    out: list[dict] = []
    one_lang = 0
    for it in intents.values():
        en = it.answers.get("en", it.answers.get("ko"))[0]
        ko = it.answers.get("ko", it.answers.get("en"))[0]
        if len(it.answers) == 1:
            one_lang += 1
        answer: dict = {"text": {"ko": ko, "en": en}}
        if it.source_url:
            url = it.source_url[0]
            sid = _source_id(url)
            if sid not in sources:
                sources[sid] = {
                    "id": sid,
                    "publisher": urlsplit(url).hostname or url,
                    "title": url,
                    "url": url,
                    "published": today,
                    "language": "en",
                }
            answer["source"] = sid
        first_ko = it.ko[0] if it.ko else it.en[0]
        first_en = it.en[0] if it.en else it.ko[0]
        examples: dict = {}
        if it.ko:
            examples["ko"] = list(it.ko)
        if it.en:
            examples["en"] = list(it.en)
        out.append({
            "id": it.id,
            "title": {"ko": _esc(first_ko), "en": _esc(first_en)},
            "examples": examples,
            "answer": answer,
        })
    return list(sources.values()), out, one_lang


def _dump(path: Path, data: dict, comment: str) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"# {comment}\n{body}", encoding="utf-8")


def _occupied(out: Path) -> bool:
    return out.exists() and (not out.is_dir() or any(out.iterdir()))


def _ours(out: Path) -> bool:
    return (out / MARKER).is_file()


def _check_out(path: Path, out: Path, force: bool) -> None:
    """Refuse an output directory that --force must not replace, before any work is done."""
    here = Path.cwd().resolve()
    target = out.resolve()
    if target == here or target in here.parents:
        raise ImportError_([f"{out}: is the current directory or holds it; give a new directory for --out "
                            "(for example --out knowledge-import)"])
    if out.exists() and not out.is_dir():
        raise ImportError_([f"{out}: exists and is not a directory"])
    if target in path.resolve().parents:
        raise ImportError_([f"{out}: holds the input file {path}; choose another --out"])
    if _occupied(out):
        if not force:
            raise ImportError_([f"{out}: exists and is not empty; use --force to replace it"])
        if not _ours(out):
            raise ImportError_([
                f"{out}: holds files `kb import` did not write (there is no {MARKER} file in it), so --force "
                "will not replace it; move it away or choose another --out"])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>import|old)-(?P<pid>\d+)-[^/]+$")


def _clean_leftovers(out: Path) -> None:
    """Remove temporary directories an import of `out` left when it was killed (its pid is gone);
    an old base moved aside just before the kill goes back in place if `out` is missing."""
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        return
    for p in parent.glob(f".{glob_escape(out.name)}.*-*-*"):
        m = _LEFTOVER.match(p.name)
        if not m or m.group("name") != out.name or not p.is_dir() or _alive(int(m.group("pid"))):
            continue
        if m.group("kind") == "old" and not out.exists():
            os.replace(p, out)
        else:
            shutil.rmtree(p, ignore_errors=True)


def glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


class _Terminated(BaseException):
    """SIGTERM or SIGHUP during an import: unwind, so the temporary directory is removed."""


def _on_signal(signum, frame):  # noqa: ARG001
    raise _Terminated(signum)


# ---------------------------------------------------------------------------------------------
# Entry point


def _open_rows(path: Path, name: str, errors: list[str]) -> list[_Row]:
    try:
        size = path.stat().st_size
        fh = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise ImportError_([f"{name}:0: cannot read: {exc.strerror or exc}"]) from None
    with fh:
        head = fh.read(4096)
        fh.seek(0)
        if not head.strip() and size <= len(head):
            raise ImportError_([f"{name}:1: empty file"])
        suffix = path.suffix.lower()
        lines = _lines(fh, name, errors)
        if suffix in (".jsonl", ".json", ".ndjson") or (suffix != ".csv" and head.lstrip().startswith(b"{")):
            return _read_jsonl(lines, name, errors)
        return _read_csv(lines, name, errors)


def import_file(path: Path, out: Path, force: bool = False, skip_conflicts: bool = False) -> str:
    """Import `path` (CSV or JSONL) into the knowledge directory `out`; return a summary (its first
    line: counts; then, with `skip_conflicts`, one line per row left out)."""
    path, out = Path(path), Path(out)
    name = str(path)
    _check_out(path, out, force)
    _clean_leftovers(out)
    errors: list[str] = []
    rows = _open_rows(path, name, errors)
    if not rows and not errors:
        errors.append(f"{name}:1: no rows after the header")
    intents, skipped = _build(rows, name, errors)
    if errors:
        raise ImportError_(sorted(errors, key=lambda e: _line_of(e, name)))  # stable: file order

    main = threading.current_thread() is threading.main_thread()
    previous = {}
    if main:
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                previous[sig] = signal.signal(sig, _on_signal)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-{os.getpid()}-", dir=out.parent))
    try:
        counts, left_out = _write_checked(path, tmp, out, intents, name, skip_conflicts)
        _swap(tmp, out, force)
    except _Terminated as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise SystemExit(128 + int(exc.args[0])) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    one_lang = sum(1 for it in intents.values() if len(it.answers) == 1 and (it.ko or it.en))
    notes = []
    if one_lang:
        notes.append(f"{one_lang} intent(s) had an answer in one language only, used for both")
    if skipped:
        notes.append(f"{skipped} repeated question(s) skipped")
    if left_out:
        notes.append(f"{len(left_out)} conflicting row(s) left out, listed below")
    tail = f" ({'; '.join(notes)})" if notes else ""
    summary = (
        f"imported {len(rows) - len(left_out)} rows: {counts['intents']} intents, {counts['examples']} examples, "
        f"{counts['sources']} sources -> {out}{tail}"
    )
    return "\n".join([summary, *(f"  left out: {line}" for line in left_out)])


_CONFLICT = re.compile(
    r"matches (?:intent '(?P<rival>[^']+)' \((?P<rs>[\d.]+)\)|no intent) as well as '[^']+' \((?P<own>[\d.]+)\)")


@dataclass(frozen=True)
class _Conflict:
    row: int  # input line
    message: str  # `file:line: plain words`
    intent: str = ""  # empty when the engine's line could not be read: it can't be left out
    lang: str = ""
    question: str = ""


def _write_checked(path: Path, tmp: Path, out: Path, intents: dict[str, _Intent], name: str,
                   skip_conflicts: bool) -> tuple[dict[str, int], list[str]]:
    """Write the base into `tmp` and check it as `kb check` does. A row whose question reads like
    another intent's is left out and the rest checked again, until no conflict is left: so every
    conflicting row is found in one run. Without `skip_conflicts` they are all reported."""
    from .core.engine import Engine
    from .core.knowledge import KnowledgeError

    order = list(intents.values())  # the order of the input, fixed before any row is left out
    conflicts: list[_Conflict] = []
    engine = None
    for round_ in range(MAX_CONFLICT_ROUNDS):
        live = {k: it for k, it in intents.items() if it.ko or it.en}
        if not live:  # every row conflicted with another
            engine = None
            break
        _write_base(path, tmp, live)
        live_order = list(live.values())
        try:
            engine = Engine.load(tmp, check_examples=False)
        except KnowledgeError as exc:
            raise ImportError_([_rename(e, tmp, out, live_order, name) for e in exc.errors]) from None
        found = [_conflict(line, live_order, name, tmp, out, later=round_ > 0) for line in engine.check_examples()]
        if not found:
            break
        conflicts.extend(found)
        unreadable = [c.message for c in found if not c.intent]
        if unreadable:  # a line this tool can't map back to a row: report, never guess
            raise ImportError_(sorted(c.message for c in conflicts))
        for c in found:
            it = intents[c.intent]
            qs, ls = (it.ko, it.lines["ko"]) if c.lang == "ko" else (it.en, it.lines["en"])
            if c.question in qs:
                k = qs.index(c.question)
                del qs[k], ls[k]
    else:
        raise ImportError_([c.message for c in conflicts] + [
            f"{name}: still conflicting after leaving rows out {MAX_CONFLICT_ROUNDS} times; nothing was written"])
    messages = [c.message for c in sorted(conflicts, key=lambda c: c.row)]
    if engine is None:
        raise ImportError_(messages + [f"{name}: every row reads like another intent's; nothing to import"])
    if conflicts and not skip_conflicts:
        raise ImportError_(messages + [
            f"{name}: {len(conflicts)} row(s) read like another intent's; fix their labels, "
            "or use --skip-conflicts to import the rest without them"])
    lost = [it for it in order if not (it.ko or it.en)]
    messages += [f"{name}:{it.line}: intent '{it.id}' lost every row, so it is not imported" for it in lost]
    return engine.kb.counts, messages


def _write_base(path: Path, tmp: Path, intents: dict[str, _Intent]) -> None:
    sources, docs, _ = _documents(intents, dt.date.today())
    for p in tmp.glob("*.yaml"):
        p.unlink()
    header = f"imported by `kb import` from {path.name}"
    if sources:
        _dump(tmp / "sources.yaml", {"sources": sources}, header)
    _dump(tmp / "intents.yaml", {"intents": docs}, header)
    (tmp / MARKER).write_text(
        f"written by `kb import` from {path.name} on {dt.date.today().isoformat()};\n"
        "`kb import --force` replaces only a directory that holds this file.\n", encoding="utf-8")


def _conflict(line: str, order: list[_Intent], name: str, tmp: Path, out: Path, later: bool) -> _Conflict:
    """One line of `Engine.check_examples` -> the input row, in plain words and the right way round:
    the row's own label first, then the intent it reads like."""
    m = _EXAMPLE_KEY.search(line)
    if not m or int(m.group(1)) >= len(order):
        return _Conflict(0, _rename(line, tmp, out, order, name))
    i, lang, j = int(m.group(1)), m.group(2), int(m.group(3))
    it = order[i]
    qs = it.ko if lang == "ko" else it.en
    if j >= len(qs):
        return _Conflict(0, _rename(line, tmp, out, order, name))
    q, row = qs[j], it.lines[lang][j]
    c = _CONFLICT.search(line)
    if c is None:
        words = _rename(line, tmp, out, order, name)
    elif c.group("rival"):
        rs, own = float(c.group("rs")), float(c.group("own"))
        how = "reads like" if rs > own else "reads almost as much like"
        words = f"{q!r} is labelled {it.id} but {how} {c.group('rival')} ({rs:.2f} against {own:.2f})"
    else:
        words = f"{q!r} is labelled {it.id} but does not match it back ({c.group('own')}); reword it"
    tail = " (found once the rows of the first check are left out)" if later else ""
    return _Conflict(row, f"{name}:{row}: {words}{tail}", it.id, lang, q)


def _line_of(error: str, name: str) -> int:
    head = error[len(name) + 1:].split(":", 1)[0]
    return int(head) if error.startswith(name + ":") and head.isdigit() else 0


_EXAMPLE_KEY = re.compile(r"intents\[(\d+)\]\.examples\.(ko|en)\[(\d+)\]")


def _rename(line: str, tmp: Path, out: Path, order: list[_Intent], name: str) -> str:
    """Knowledge errors name the temporary directory: show the final one, and the input line."""
    line = line.replace(str(tmp), str(out))
    line = re.sub(rf"(?<![\w.-]){re.escape(tmp.name)}(?=[/\\:])", lambda _: str(out), line)
    m = _EXAMPLE_KEY.search(line)
    if m:
        i, lang, j = int(m.group(1)), m.group(2), int(m.group(3))
        if i < len(order) and j < len(order[i].lines[lang]):
            line += f" (from {name}:{order[i].lines[lang][j]})"
    return line


def _swap(tmp: Path, out: Path, force: bool) -> None:
    if not out.exists():
        os.replace(tmp, out)
        return
    if not _occupied(out):
        os.replace(tmp, out)  # an empty directory is replaced by rename
        return
    if not force:  # appeared while we were working
        raise ImportError_([f"{out}: exists and is not empty; use --force to replace it"])
    if not _ours(out):  # appeared while we were working
        raise ImportError_([f"{out}: holds files `kb import` did not write; not replaced"])
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    old.rmdir()
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(old, out)  # put the old base back
        raise
    shutil.rmtree(old, ignore_errors=True)
