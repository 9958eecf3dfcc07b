"""Answer quality against examples per intent, with and without fact statements as examples.

    python benchmarks/examples_curve.py EVAL.jsonl [--knowledge DIR] [--ks 1,2,5,10,all]

For each k, a temporary copy of the base keeps the first k example questions per language of every
intent (the base's own intents; the package's built-in ones are left as they are), and is scored on
the eval set twice: with the lexicon setting `statements_as_examples` off and on (the facts'
statements ko/en count as examples of the intents that answer with them, in the index's training).
The base's own files are not changed. Prints one row per (k, statements): examples kept, in scope
answered correctly, out of scope declined, confidently wrong (answered but failing the row), as
`python -m bot eval` scores them.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.engine import Engine  # noqa: E402
from bot.core.loading import _parse_file  # noqa: E402  (the bot's own YAML reading)
from bot.core.paths import knowledge_dir  # noqa: E402
from bot.evaluation import evaluate, load_rows  # noqa: E402

SETTING_FILE = "_examples_curve.yaml"  # added to the copy when it has no lexicon section of its own


def _keep_first(data: dict, k: int | None) -> int:
    """Keep the first k examples per language of every intent in one file's data; the number kept."""
    kept = 0
    for intent in data.get("intents") or ():
        ex = intent.get("examples") or {}
        for lang in ("ko", "en"):
            if ex.get(lang):
                ex[lang] = ex[lang][:k] if k is not None else ex[lang]
                kept += len(ex[lang])
    return kept


def make_copy(base: Path, dest: Path, k: int | None, statements: bool) -> int:
    """A copy of the base in dest with k examples per intent and language; the examples kept."""
    shutil.copytree(base, dest)
    kept, lexicon_set = 0, False
    for path in sorted(dest.rglob("*.y*ml")):
        data = _parse_file(path)
        if not isinstance(data, dict) or not ({"intents", "lexicon"} & set(data)):
            continue
        kept += _keep_first(data, k)
        if "lexicon" in data and not lexicon_set:
            data["lexicon"] = {**(data["lexicon"] or {}), "statements_as_examples": statements}
            lexicon_set = True
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if not lexicon_set:
        (dest / SETTING_FILE).write_text(yaml.safe_dump({"lexicon": {"statements_as_examples": statements}}),
                                         encoding="utf-8")
    return kept


def measure(base: Path, rows: list[dict], k: int | None, statements: bool) -> tuple[int, object]:
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp) / "knowledge"
        kept = make_copy(base, dest, k, statements)
        # (a cut base's examples may no longer be clear of each other: scored, not refused)
        engine = Engine.load(dest, check_examples=False)
        return kept, evaluate(rows, engine.ask)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("eval_file", type=Path)
    ap.add_argument("--knowledge", type=Path, default=None, help="knowledge directory (default: the shipped base)")
    ap.add_argument("--ks", default="1,2,5,10,all", help="examples per intent and language, comma-separated")
    args = ap.parse_args(argv)
    base = knowledge_dir(args.knowledge)
    rows = load_rows(args.eval_file)
    print(f"base {base.relative_to(ROOT) if base.is_relative_to(ROOT) else base}, "
          f"eval {args.eval_file.name} ({len(rows)} rows)")
    print("| k per language | statements as examples | examples | in scope | out of scope declined | confidently wrong |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for k_text in args.ks.split(","):
        k = None if k_text.strip() == "all" else int(k_text)
        for statements in (False, True):
            kept, rep = measure(base, rows, k, statements)
            print(f"| {k_text.strip()} | {'on' if statements else 'off'} | {kept} | {rep.inscope_rate:.1%} | "
                  f"{rep.oos_rate:.1%} | {rep.wrong_rate:.1%} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
