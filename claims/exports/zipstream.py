"""A zip written as it streams: no file on disk, no archive in memory.

zipfile writes onto an unseekable sink, so it puts each entry's sizes and CRC in a data
descriptor after the data instead of going back to patch the header; after every write we take
what the sink holds and hand it on.
"""

import io
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime


class _Sink(io.RawIOBase):
    """Write-only and unseekable: tell() raises, which is how zipfile learns to stream."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


class ZipStream:
    def __init__(self, moment: datetime) -> None:
        self._sink = _Sink()
        self._zip = zipfile.ZipFile(self._sink, "w", compression=zipfile.ZIP_DEFLATED)
        self._date_time = moment.timetuple()[:6]

    def entry(self, name: str, pieces: Iterable[str | bytes]) -> Iterator[bytes]:
        """Write one member from `pieces`, yielding compressed bytes as they come."""
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        # force_zip64: the size is unknown when the header is written, and may pass 4 GiB.
        with self._zip.open(info, "w", force_zip64=True) as member:
            for piece in pieces:
                member.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
                chunk = self._sink.take()
                if chunk:
                    yield chunk
        chunk = self._sink.take()
        if chunk:
            yield chunk

    def close(self) -> bytes:
        self._zip.close()
        return self._sink.take()
