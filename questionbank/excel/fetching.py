"""An image named by URL in an imported workbook, fetched by the server, safely.

The server makes the request for the author, so it must not become a way
into the server's own network: only http and https, every address the host
resolves to must be a public one (no loopback, private, link-local, shared or
reserved address), the connection goes to the address that was checked (a
second lookup cannot swap it), each redirect is checked the same way and
only a few are followed, and the download is bounded in time and size.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ResolveTimeout
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 5
# The whole download, however slowly the other side sends it.
DEADLINE_SECONDS = 15
MAX_REDIRECTS = 3
CHUNK = 64 * 1024
# getaddrinfo has no timeout of its own: it runs here and is waited for at most TIMEOUT_SECONDS.
_RESOLVER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="image-url-dns")


def is_url(text: str) -> bool:
    """Whether an image cell names a URL rather than a file in the upload."""
    return bool(urlsplit(text.strip()).scheme) and "://" in text


def fetch_image(url: str, *, allow_private: bool | None = None) -> ContentFile:
    """The body at ``url`` as a named file, or ValidationError saying (in the author's words) why not.

    ``allow_private`` (default: settings.QUESTION_IMAGE_URLS_ALLOW_PRIVATE,
    False unless set) lets the tests serve an image from 127.0.0.1.
    """
    if allow_private is None:
        allow_private = getattr(settings, "QUESTION_IMAGE_URLS_ALLOW_PRIVATE", False)
    limit = settings.QUESTION_IMAGE_MAX_BYTES
    deadline = time.monotonic() + DEADLINE_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        parts = _checked(url)
        address = _address(url, parts.hostname, parts.port or _default_port(parts.scheme), allow_private=allow_private)
        connection = _connection(parts.scheme, parts.hostname, parts.port, address)
        try:
            path = parts.path or "/"
            connection.request(
                "GET",
                f"{path}?{parts.query}" if parts.query else path,
                headers={"User-Agent": "quizsite-image-import", "Accept": "image/*"},
            )
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location") or ""
                if not location:
                    raise _refused(url, _("máy chủ chuyển hướng nhưng không nói đi đâu"))
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise _refused(url, _("máy chủ trả lời mã %(status)d") % {"status": response.status})
            body = _body(response, url, limit, deadline)
        except (OSError, http.client.HTTPException):
            raise _refused(url, _("không kết nối được hoặc quá %(s)d giây") % {"s": TIMEOUT_SECONDS}) from None
        finally:
            connection.close()
        name = PurePosixPath(unquote(parts.path)).name or "hinh"
        return ContentFile(body, name=name)
    raise _refused(url, _("chuyển hướng quá %(n)d lần") % {"n": MAX_REDIRECTS})


def _checked(url: str):
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise _refused(url, _("chỉ nhận đường dẫn http:// hoặc https://"))
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        raise _refused(url, _("cổng không hợp lệ")) from None
    if not parts.hostname:
        raise _refused(url, _("thiếu tên máy chủ"))
    return parts


def _default_port(scheme: str) -> int:
    return 443 if scheme.lower() == "https" else 80


def _address(url: str, host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to: refused unless every address ``host`` resolves to is public."""
    try:
        found = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM).result(TIMEOUT_SECONDS)
    except (OSError, UnicodeError, ResolveTimeout):
        raise _refused(url, _("không tìm thấy máy chủ")) from None
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise _refused(url, _("không tìm thấy máy chủ"))
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise _refused(url, _("địa chỉ nội bộ, không được phép"))
    return addresses[0]


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _HTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name would resolve to now."""

    def __init__(self, host: str, port: int | None, address: str):
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _HTTPSConnection(http.client.HTTPSConnection):
    """The same for https: the certificate is checked against the host name (SNI too)."""

    def __init__(self, host: str, port: int | None, address: str):
        super().__init__(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _connection(scheme: str, host: str, port: int | None, address: str) -> http.client.HTTPConnection:
    if scheme.lower() == "https":
        return _HTTPSConnection(host, port, address)
    return _HTTPConnection(host, port, address)


def _body(response: http.client.HTTPResponse, url: str, limit: int, deadline: float) -> bytes:
    too_big = _refused(url, _("ảnh lớn hơn %(mb).1f MB") % {"mb": limit / 1024 / 1024})
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_big
        if time.monotonic() > deadline:
            raise _refused(url, _("tải quá %(s)d giây") % {"s": DEADLINE_SECONDS})
        chunks.append(chunk)
    return b"".join(chunks)


def _refused(url: str, why: str) -> ValidationError:
    return ValidationError(
        _("Không tải được hình từ “%(url)s”: %(why)s.") % {"url": url[:120], "why": why}, code="image_url"
    )
