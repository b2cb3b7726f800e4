"""A real outage: a gunicorn server talks to PostgreSQL through a TCP relay that the test cuts
and restores. Readers get a Vietnamese 503 with Retry-After while the database is away, and
pages again as soon as it is back, without restarting anything."""

import socket
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests.factories import ArticleFactory
from tests.servers import database_url, free_port, gunicorn_servers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Relay:
    """Forwards 127.0.0.1:<port> to PostgreSQL while up; refuses and cuts everything while down."""

    def __init__(self, target_port: int):
        self.port = free_port()
        self.target = ("127.0.0.1", target_port)
        self.up = True
        self.sockets: list[socket.socket] = []
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.up = False
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.sockets.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.server.close()


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_database_outage_gives_503_and_recovers_by_itself(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL server to cut off is needed (CI runs this on PostgreSQL)")
    article = ArticleFactory(title="Bài vẫn còn đó", published=True)
    relay = Relay(int(connection.settings_dict["PORT"] or 5432))
    try:
        with gunicorn_servers(
            1,
            tmp_path=tmp_path,
            DATABASE_URL=database_url(port=relay.port),
            PAGE_CACHE_SECONDS="0",
            CONN_MAX_AGE="60",
        ) as (url,):
            page = url + article.get_absolute_url()
            assert _get(page)[0] == 200

            relay.cut()
            status, headers, body = _get(page)
            assert status == 503
            assert headers["Retry-After"] == "30"
            assert "tạm ngừng phục vụ" in body
            assert "Traceback" not in body and "OperationalError" not in body

            relay.restore()
            status, _, body = _get(page)
            assert status == 200 and "Bài vẫn còn đó" in body
    finally:
        relay.close()
