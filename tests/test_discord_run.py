"""`python -m bot run` as a real child process: token handling, secrets in logs, SIGHUP reload,
an unusable DATA_DIR, clean shutdown."""
from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio

from fakediscord import FakeDiscord
from fakediscord.harness import ROOT, BotProcess

MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")

QUESTION = "how many papers did kakao publish"
ORIGINAL = "Kakao had 40 AI papers accepted"
EDITED = "Kakao had 40 AI papers (edited) accepted"


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in {**os.environ, **env}.items() if k != "DISCORD_TOKEN" or "DISCORD_TOKEN" in env}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60)


def test_run_without_token_exits_2_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISCORD_TOKEN" in lines[0], done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--token", "abc.def.ghi"],
        ["run", "--token=abc.def.ghi"],
        ["run", "abc.def.ghi"],
    ],
)
def test_run_refuses_a_token_on_the_command_line_without_echoing_it(tmp_path, args):
    done = run_cli(args, {"DISCORD_TOKEN": "x"}, tmp_path)
    assert done.returncode == 2
    assert "token" in done.stderr.lower()
    assert "abc.def.ghi" not in done.stderr + done.stdout


@pytest.mark.parametrize("argv", [["--token", "abc.def.ghi"], ["--token=abc.def.ghi"], ["abc.def.ghi"]])
def test_runner_main_refuses_token_arguments(argv, capsys, monkeypatch):
    from bot.chat.runner import main

    monkeypatch.setenv("DISCORD_TOKEN", "x")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "DISCORD_TOKEN" in err and "abc.def.ghi" not in err


def test_run_when_discord_is_unreachable_exits_1_with_one_error(tmp_path):
    done = run_cli(["run"], {"DISCORD_TOKEN": "t", "DISCORD_API_BASE": "http://127.0.0.1:9"}, tmp_path)
    assert done.returncode == 1
    errors = [ln for ln in done.stderr.splitlines() if " ERROR " in ln]
    assert len(errors) == 1 and "cannot reach Discord at http://127.0.0.1:9" in errors[0]
    assert "Traceback" not in done.stderr


def test_env_file_is_git_ignored():
    done = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert done.returncode == 0


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake():
    server = await FakeDiscord(token="MTAwMDAwMDAwMDAwMDAwMDAw.GsEcRt.do-not-log-me_0123456789abcdefghijkl").start()
    yield server
    await server.stop()


async def answer_of(fake, question=QUESTION) -> str:
    rec = await (await fake.ask(question, user=fake.make_user())).wait(15)
    return rec.reply["embeds"][0]["description"]


@MODULE_LOOP
async def test_token_never_logged_and_sighup_reloads(fake, tmp_path):
    kb = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", kb)
    log_path = tmp_path / "bot.log"
    bot = BotProcess(
        fake,
        env={"LOG_LEVEL": "DEBUG", "KNOWLEDGE_DIR": str(kb), "DATA_DIR": str(tmp_path / "data")},
        log_path=log_path,
        cwd=tmp_path,
    ).start()
    try:
        await fake.wait_connected(timeout=30)
        assert ORIGINAL in await answer_of(fake)

        # a RESUME sends the token again
        resumes = len(fake.resumes)
        await fake.close_gateway(4000)
        await fake.wait_until(lambda: len(fake.resumes) > resumes and fake.live_sessions(), timeout=15)
        assert ORIGINAL in await answer_of(fake)

        # SIGHUP with a broken knowledge base: refused, old base keeps answering
        (kb / "facts" / "kakao.yaml").write_text(
            (kb / "facts" / "kakao.yaml").read_text(encoding="utf-8").replace("source: bloter-2021-12-29", "source: x", 1),
            encoding="utf-8",
        )
        bot.signal(signal.SIGHUP)
        await fake.wait_until(lambda: "reload refused" in bot.log(), timeout=15)
        assert "facts/kakao.yaml: facts[0].source: unknown source 'x'" in bot.log()
        assert ORIGINAL in await answer_of(fake)

        # SIGHUP with a good, edited base: swapped
        shutil.rmtree(kb)
        shutil.copytree(ROOT / "knowledge", kb)
        path = kb / "facts" / "kakao.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(ORIGINAL, EDITED, 1), encoding="utf-8")
        bot.signal(signal.SIGHUP)
        await fake.wait_until(lambda: "knowledge base reloaded" in bot.log(), timeout=15)
        assert EDITED in await answer_of(fake)
    finally:
        code = await bot.stop()
    assert code == 0
    log = bot.log()
    # the token did reach Discord (IDENTIFY and RESUME) ...
    assert fake.identifies[0]["token"] == fake.token and fake.resumes[-1]["token"] == fake.token
    # ... and DEBUG logging shows the traffic, but never the token or its secret part
    assert "RESUMED" in log and "DEBUG" in log and "/interactions/" in log
    assert fake.token not in log
    assert fake.token.split(".")[-1] not in log


@MODULE_LOOP
async def test_run_with_broken_knowledge_exits_1_naming_the_problem(fake, tmp_path):
    kb = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", kb)
    path = kb / "facts" / "kakao.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("source: bloter-2021-12-29", "source: x", 1), encoding="utf-8")
    bot = BotProcess(fake, env={"KNOWLEDGE_DIR": str(kb)}, log_path=tmp_path / "bot.log", cwd=tmp_path).start()
    deadline = asyncio.get_running_loop().time() + 30
    while bot.proc.poll() is None and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    assert await bot.stop() == 1
    assert "knowledge/facts/kakao.yaml: facts[0].source: unknown source 'x'" in bot.log()
    assert "Traceback" not in bot.log()


@MODULE_LOOP
async def test_unwritable_data_dir_warns_and_keeps_answering(fake, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where DATA_DIR's parent should be")
    bot = BotProcess(fake, env={"DATA_DIR": str(blocker / "data")}, log_path=tmp_path / "bot.log", cwd=tmp_path).start()
    try:
        await fake.wait_connected(timeout=30)
        assert "won't guess" in await answer_of(fake, "what is the weather in Seoul")  # would be stored
        assert ORIGINAL in await answer_of(fake)
    finally:
        code = await bot.stop()
    assert code == 0
    assert "feedback store disabled" in bot.log() and "WARNING" in bot.log()


@MODULE_LOOP
async def test_postgresql_down_when_the_bot_starts_rows_written_once_it_is_up(fake, tmp_path):
    """DATABASE_URL points at a PostgreSQL that is not running when the bot process starts: the bot
    answers at once anyway, and the unanswered questions asked meanwhile are stored exactly once when
    the server comes up (before, the process ran without a store for its whole life)."""
    import time

    import pgserver
    import psycopg

    server = pgserver.PgServer().init()  # initialised, not started
    bot = BotProcess(fake, env={"DATABASE_URL": server.url, "DATA_DIR": str(tmp_path / "data")},
                     log_path=tmp_path / "bot.log", cwd=tmp_path).start()

    def stored() -> list[str]:
        try:
            with psycopg.connect(server.url, connect_timeout=2) as conn:
                return [r[0] for r in conn.execute("SELECT question FROM unanswered ORDER BY id")]
        except psycopg.Error:  # not up, or not migrated yet
            return []

    asked = [f"what is the weather in Seoul on day {i}" for i in range(3)]
    try:
        await fake.wait_connected(timeout=30)
        for question in asked:
            t = time.monotonic()
            assert "won't guess" in await answer_of(fake, question)
            assert time.monotonic() - t < 3  # the database being down delays no reply
        assert ORIGINAL in await answer_of(fake)  # /config defaults apply meanwhile

        server.start()
        await fake.wait_until(lambda: len(stored()) >= len(asked), timeout=30)
        asked.append("what is the weather in Busan after it came up")
        assert "won't guess" in await answer_of(fake, asked[-1])
        await fake.wait_until(lambda: len(stored()) >= len(asked), timeout=30)
    finally:
        code = await bot.stop()
        try:
            rows = stored()
        finally:
            server.cleanup()
    assert code == 0
    assert rows == asked  # every one once, in the order asked
    log = bot.log()
    assert "unreachable at start" in log and "writable again" in log
    assert "feedback store disabled" not in log and "Traceback" not in log
