"""`kb import`: a CSV or JSONL of FAQ rows -> a knowledge directory of fixed-answer intents.

Rows are `question, intent[, answer_en][, answer_ko][, source_url]`. Every problem in the input is
collected and reported as `file:line: problem` (ImportError_.errors); nothing is written unless the
whole input is valid and the generated directory loads with `Engine.load` (the same check as
`kb check`). The directory is written next to `out` under a temporary name and moved into place.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .core.knowledge import ID_RE
from .core.text import MAX_QUESTION_CHARS, detect_lang, normalize

COLUMNS = ("question", "intent", "answer_en", "answer_ko", "source_url")
REQUIRED = ("question", "intent")
_ID = re.compile(ID_RE)
_URL = re.compile(r"^https?://\S+$")
_SPACES = re.compile(r"\s+")
MAX_ID = 80


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


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportError_([f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"])


def _clean(value: object) -> str:
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def _read_csv(text: str, name: str, errors: list[str]) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
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


def _read_jsonl(text: str, name: str, errors: list[str]) -> list[_Row]:
    rows: list[_Row] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(f"{name}:{n}: invalid JSON: {exc.msg}")
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
        elif len(q) > MAX_QUESTION_CHARS:
            errors.append(f"{name}:{n}: question longer than {MAX_QUESTION_CHARS} characters")
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


# ---------------------------------------------------------------------------------------------
# Entry point


def import_file(path: Path, out: Path, force: bool = False) -> str:
    """Import `path` (CSV or JSONL) into the knowledge directory `out`; return a one-line summary."""
    from .core.engine import Engine
    from .core.knowledge import KnowledgeError

    path, out = Path(path), Path(out)
    name = str(path)
    if out.exists() and not out.is_dir():
        raise ImportError_([f"{out}: exists and is not a directory"])
    if _occupied(out) and not force:
        raise ImportError_([f"{out}: exists and is not empty; use --force to replace it"])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_([f"{name}:0: cannot read: {exc.strerror or exc}"]) from None
    text = _decode(data, name)
    errors: list[str] = []
    if not text.strip():
        raise ImportError_([f"{name}:1: empty file"])
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson") or (suffix != ".csv" and text.lstrip().startswith("{")):
        rows = _read_jsonl(text, name, errors)
    else:
        rows = _read_csv(text, name, errors)
    if not rows and not errors:
        errors.append(f"{name}:1: no rows after the header")
    intents, skipped = _build(rows, name, errors)
    if errors:
        raise ImportError_(sorted(errors, key=lambda e: _line_of(e, name)))  # stable: file order

    sources, docs, one_lang = _documents(intents, dt.date.today())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        header = f"imported by `kb import` from {path.name}"
        if sources:
            _dump(tmp / "sources.yaml", {"sources": sources}, header)
        _dump(tmp / "intents.yaml", {"intents": docs}, header)
        try:
            engine = Engine.load(tmp)
        except KnowledgeError as exc:
            order = list(intents.values())
            raise ImportError_([_rename(e, tmp, out, order, name) for e in exc.errors]) from None
        counts = engine.kb.counts
        _swap(tmp, out, force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

    notes = []
    if one_lang:
        notes.append(f"{one_lang} intent(s) had an answer in one language only, used for both")
    if skipped:
        notes.append(f"{skipped} repeated question(s) skipped")
    tail = f" ({'; '.join(notes)})" if notes else ""
    return (
        f"imported {len(rows)} rows: {counts['intents']} intents, {counts['examples']} examples, "
        f"{counts['sources']} sources -> {out}{tail}"
    )


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
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(old, out)  # put the old base back
        raise
    shutil.rmtree(old, ignore_errors=True)
