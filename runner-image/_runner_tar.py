"""The little of the tar format the wrapper needs, without the standard library's tarfile.

`import tarfile` pulls in shutil, bz2, lzma, copy and struct: about a third of the wrapper's
start-up, paid by every run (runner-image/README.md, "Start-up"). The host's archives are
plain: regular files in ustar entries, with a pax header for a name that ustar cannot hold
(tar-stream writes those). The answer is written the same way.

read_entries(stream) yields (name, is_regular_file, size, reader) and raises TarError on a
header that is not tar; an empty stream yields nothing. TarWriter(out).add(...) writes one
regular file; close() writes the end-of-archive blocks.
"""

BLOCK = 512
_ZERO_BLOCK = bytes(BLOCK)
_REGULAR = (b"0", b"\x00", b"7")  # "7" is contiguous, a regular file to every reader
_PAX_LOCAL = b"x"
_PAX_GLOBAL = b"g"
_GNU_LONG_NAME = b"L"
_EXTENSION_CAP = 1 << 20  # a header's own metadata; the host's names are far shorter


class TarError(Exception):
    pass


def _chunks(stream, size):
    """The next `size` bytes of `stream`, in chunks; TarError if it ends first."""
    while size > 0:
        chunk = stream.read(min(size, 1 << 16))
        if not chunk:
            raise TarError("unexpected end of data")
        size -= len(chunk)
        yield chunk


def _read_exactly(stream, size):
    return b"".join(_chunks(stream, size))


def _skip(stream, size):
    for _ in _chunks(stream, size):
        pass


def _octal(field):
    field = field.rstrip(b"\x00 ").lstrip(b" ")
    if not field:
        return 0
    if field[0] & 0x80:  # base-256, as GNU tar writes sizes of 8 GiB and more
        value = field[0] & 0x7F
        for byte in field[1:]:
            value = (value << 8) | byte
        return value
    try:
        return int(field, 8)
    except ValueError:
        raise TarError("invalid header") from None


def _checksum_ok(header):
    stored = _octal(header[148:156])
    unsigned = sum(header[:148]) + 8 * 32 + sum(header[156:])
    return stored == unsigned


def _pax_records(data):
    """{key: value} of a pax extended header ("<length> <key>=<value>\\n" records)."""
    records = {}
    pos = 0
    while pos < len(data):
        space = data.find(b" ", pos)
        if space < 0:
            break
        try:
            length = int(data[pos:space])
        except ValueError:
            raise TarError("invalid pax header") from None
        if length <= 0:
            raise TarError("invalid pax header")
        record = data[space + 1:pos + length - 1]
        key, _, value = record.partition(b"=")
        records[key.decode("utf-8", "replace")] = value
        pos += length
    return records


class _EntryReader:
    """read() over one entry's data; what is not read is skipped by the next entry."""

    def __init__(self, stream, size):
        self._stream = stream
        self.size = size
        self.remaining = size

    def read(self, size=-1):
        if self.remaining <= 0:
            return b""
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        chunk = self._stream.read(size)
        if not chunk:
            raise TarError("unexpected end of data")
        self.remaining -= len(chunk)
        return chunk


def _padding(size):
    return -size % BLOCK


def read_entries(stream):
    pending = {}  # what a pax or GNU long-name header says of the next entry
    previous = None
    while True:
        if previous is not None:
            _skip(stream, previous.remaining + _padding(previous.size))
            previous = None
        header = stream.read(BLOCK)
        if not header:
            return
        if len(header) < BLOCK:
            header += _read_exactly(stream, BLOCK - len(header))
        if header == _ZERO_BLOCK:
            return  # end of archive (the second zero block and any rest are the caller's)
        if not _checksum_ok(header):
            raise TarError("invalid header")
        kind = header[156:157]
        size = _octal(header[124:136])
        if kind in (_PAX_LOCAL, _PAX_GLOBAL, _GNU_LONG_NAME):
            if size > _EXTENSION_CAP:
                raise TarError("oversized extended header")
            data = _read_exactly(stream, size)
            _skip(stream, _padding(size))
            if kind == _PAX_LOCAL:
                pending.update(_pax_records(data))
            elif kind == _GNU_LONG_NAME:
                pending["path"] = data.rstrip(b"\x00")
            continue
        name = header[0:100].split(b"\x00", 1)[0]
        prefix = header[345:500].split(b"\x00", 1)[0]
        if prefix and header[257:263] == b"ustar\x00":  # POSIX ustar: a prefix field (GNU's "ustar " has none)
            name = prefix + b"/" + name
        if "path" in pending:
            name = pending["path"]
        if "size" in pending:
            try:
                size = int(pending["size"])
            except ValueError:
                raise TarError("invalid pax size") from None
        pending = {}
        previous = _EntryReader(stream, size)
        yield name.decode("utf-8", "surrogateescape"), kind in _REGULAR, size, previous


def _octal_field(value, width):
    return b"%0*o\x00" % (width - 1, value)


def _header(name_bytes, size, mode, mtime, kind):
    header = bytearray(BLOCK)
    header[0:len(name_bytes)] = name_bytes
    header[100:108] = _octal_field(mode, 8)
    header[108:116] = _octal_field(0, 8)  # uid
    header[116:124] = _octal_field(0, 8)  # gid
    header[124:136] = _octal_field(size, 12)
    header[136:148] = _octal_field(mtime, 12)
    header[148:156] = b" " * 8
    header[156:157] = kind
    header[257:265] = b"ustar\x0000"
    checksum = sum(header)
    header[148:156] = b"%06o\x00 " % checksum
    return bytes(header)


def _pax_record(key, value):
    """`<length> <key>=<value>\n`, where the length counts its own digits too."""
    body = b" " + key + b"=" + value + b"\n"
    length = len(body) + len(str(len(body)))
    if len(str(length)) > len(str(len(body))):  # one digit more (e.g. 98 + 2 → 100)
        length += 1
    return str(length).encode() + body


class TarWriter:
    """Regular files into `out` (a binary stream): ustar, with a pax header for a name that is
    not ASCII or longer than ustar's 100 bytes. Sizes stay below ustar's 8 GiB (the tmpfs caps)."""

    def __init__(self, out):
        self._out = out

    def add(self, name, size, mode, mtime, source):
        """`source` is bytes, or a binary file to copy exactly `size` bytes from (a file that
        turns out shorter is padded with zeros, so the archive stays whole)."""
        encoded = name.encode("utf-8", "surrogateescape")
        if len(encoded) > 100 or not name.isascii():
            pax = _pax_record(b"path", encoded)
            self._out.write(_header(b"././@PaxHeader", len(pax), 0o644, mtime, _PAX_LOCAL))
            self._out.write(pax + bytes(_padding(len(pax))))
            encoded = encoded[:100]
        self._out.write(_header(encoded, size, mode, mtime, b"0"))
        if isinstance(source, (bytes, bytearray, memoryview)):
            self._out.write(source)
        else:
            left = size
            while left > 0:
                chunk = source.read(min(left, 1 << 20))
                if not chunk:
                    chunk = bytes(min(left, 1 << 20))
                self._out.write(chunk)
                left -= len(chunk)
        self._out.write(bytes(_padding(size)))

    def close(self):
        self._out.write(_ZERO_BLOCK * 2)
