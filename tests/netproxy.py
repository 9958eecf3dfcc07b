"""A TCP relay on 127.0.0.1 that can imitate a network dropping packets (for the store's outage tests).

``TcpProxy(port)`` listens on a free port of 127.0.0.1 and relays every connection to
127.0.0.1:``port``. ``blackhole()``: from then on nothing gets an answer, as with a host whose packets
are dropped: bytes on open connections are swallowed and new connections are accepted but never
relayed (a client waits until its own timeout). ``restore()`` resets the connections that were silenced
(as a client would see them after such an outage) and relays again. Threads only; no root needed.
"""
from __future__ import annotations

import socket
import threading


def _kill(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in recv on it
    except OSError:
        pass
    sock.close()


class TcpProxy:
    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self._lock = threading.Lock()
        self._dropping = False
        self._open: list[socket.socket] = []  # relayed connections (both ends)
        self._doomed: list[socket.socket] = []  # silenced by the blackhole: reset by restore()
        self._closed = False
        self._thread = threading.Thread(target=self._accept, name="tcp-proxy", daemon=True)
        self._thread.start()

    def url(self, url: str) -> str:
        """``url`` (a postgresql:// URL to the target's port) with this proxy's port instead."""
        return url.replace(f":{self.target[1]}/", f":{self.port}/", 1)

    def blackhole(self) -> None:
        with self._lock:
            self._dropping = True
            self._doomed += self._open
            self._open = []

    def restore(self) -> None:
        with self._lock:
            self._dropping = False
            doomed, self._doomed = self._doomed, []
        for sock in doomed:
            _kill(sock)

    def close(self) -> None:
        self._closed = True
        self._thread.join()
        self.listener.close()
        with self._lock:
            socks, self._open, self._doomed = self._open + self._doomed, [], []
        for sock in socks:
            _kill(sock)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            self.accepted += 1
            with self._lock:
                if self._dropping:
                    self._doomed.append(client)  # accepted, never answered
                    continue
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._open += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), name="tcp-proxy-pump", daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                break
            if not data:
                break
            if self._dropping or src in self._doomed:
                continue  # swallowed: the other end never hears of it
            try:
                dst.sendall(data)
            except OSError:
                break
        if src not in self._doomed:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass
