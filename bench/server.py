"""The app under gunicorn on 127.0.0.1, configured as in production, and its memory.

    with Server(database_url) as server:
        with server.watch() as memory:
            ...  # requests to server.url
        memory.figure()  # {"peak_rss_mb": …, "peak_pss_mb": …, "start_rss_mb": …}

RSS is summed over the master and its workers (what `ps` shows; pages shared after the fork are
counted once per process); PSS shares them out, so its sum is what the server really holds.
"""

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "bench" / "out" / "gunicorn.log"
# gthread: each worker overlaps its requests' PostgreSQL round trips and keeps serving while one
# thread streams a long export. The work itself is Python holding the GIL, so on 2 cores more
# than 3 processes only add memory and context switches; 3 × 4 threads serve 12 requests at once,
# more than the 8 concurrent API clients.
WORKERS, THREADS = 3, 4
# --keep-alive 75 (nginx's default keepalive_timeout): each simulated annotator keeps two
# connections, one for the pages and one for the API, and either may sit idle for several of its
# 1–3 s pauses while the other is used. When gunicorn closes an idle connection just as the client
# sends on it, the client sees ConnectionResetError (a browser would retry; the load client counts
# a failure), so idle connections are kept longer than any likely pause. Behind a proxy, the proxy
# holds the clients' connections and this matters less.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no TLS redirect, cookies without the Secure flag.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
    }


class Memory:
    """Peak memory of the server's processes while a phase runs, sampled every 100 ms."""

    def __init__(self, pid: int):
        self.master = psutil.Process(pid)
        self.start_rss = self.peak_rss = self.peak_pss = 0.0
        self.cpu_s = 0.0
        self.done = threading.Event()

    def cpu(self) -> float:
        """CPU seconds (user and system) the server's processes have used so far."""
        total = 0.0
        for process in [self.master, *self.master.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def sample(self) -> tuple[float, float]:
        rss = pss = 0
        for process in [self.master, *self.master.children(recursive=True)]:
            try:
                info = process.memory_full_info()
            except psutil.NoSuchProcess:
                continue
            rss, pss = rss + info.rss, pss + info.pss
        return rss / 1e6, pss / 1e6

    def run(self) -> None:
        while not self.done.wait(0.1):
            rss, pss = self.sample()
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)

    def figure(self) -> dict:
        return {
            "peak_rss_mb": round(self.peak_rss),
            "peak_pss_mb": round(self.peak_pss),
            "start_rss_mb": round(self.start_rss),
            "server_cpu_s": round(self.cpu_s, 2),
        }


class Server:
    def __init__(self, database_url: str):
        self.env = server_environment(database_url)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=self.env, check=True)  # noqa: S603
        self.process = subprocess.Popen(  # noqa: S603
            [
                *(sys.executable, "-m", "gunicorn", "annotate.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--chdir", str(ROOT)),
                *("--workers", str(WORKERS), "--worker-class", "gthread"),
                *("--threads", str(THREADS), "--timeout", "120", "--keep-alive", "75"),
                *("--error-logfile", str(LOG), "--log-level", "warning"),
            ],
            env=self.env,
        )
        self.wait_until_ready()
        return self

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {LOG}")
            try:
                if requests.get(f"{self.url}/accounts/login/", timeout=5).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s; see {LOG}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    @contextmanager
    def watch(self):
        memory = Memory(self.process.pid)
        memory.start_rss, started = memory.sample()[0], memory.cpu()
        sampler = threading.Thread(target=memory.run, daemon=True)
        sampler.start()
        try:
            yield memory
        finally:
            memory.done.set()
            sampler.join()
            memory.cpu_s = memory.cpu() - started
            rss, pss = memory.sample()
            memory.peak_rss, memory.peak_pss = max(memory.peak_rss, rss), max(memory.peak_pss, pss)
