"""seed.archive: bulk-ZIP members streamed one by one, within size and bomb limits, and what
comes out of a damaged archive. The ZIPs are built in tmp_path from the registry samples."""

from __future__ import annotations

import io
import random
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from seed.archive import MAX_MEMBER_BYTES, MAX_RATIO, MiB, iter_members, not_a_study_by_name

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "registry" / "json"
STUDIES = sorted(SAMPLES.glob("*.json"))
ARCHIVE = "ctg-studies.json.zip"


def _build(path: Path, members: dict[str, bytes], *, method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _flat() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in STUDIES}


def _sharded() -> dict[str, bytes]:
    return {f"{p.stem[-2:]}/{p.name}": p.read_bytes() for p in STUDIES}


def _streamed(members: dict[str, bytes]) -> bytes:
    """A ZIP written to a pipe: sizes and CRCs in data descriptors after each member, as
    streaming writers (Java's ZipOutputStream among them) make them."""

    class Pipe(io.RawIOBase):
        def __init__(self):
            self.data = bytearray()

        def writable(self):
            return True

        def write(self, b):
            self.data += b
            return len(b)

    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return bytes(pipe.data)


def _central_entry(raw: bytes, member: str) -> int:
    """Where the member's entry in the central directory starts."""
    at = raw.index(b"PK\x01\x02")
    while raw[at + 46 : at + 46 + struct.unpack_from("<H", raw, at + 28)[0]] != member.encode():
        at = raw.index(b"PK\x01\x02", at + 4)
    return at


def _set_declared_size(path: Path, member: str, size: int) -> None:
    """Make the member's local and central headers lie about its uncompressed size."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(member).header_offset
    struct.pack_into("<I", raw, local + 22, size)
    struct.pack_into("<I", raw, _central_entry(raw, member) + 24, size)
    path.write_bytes(bytes(raw))


def _by_name(path: Path, **limits) -> dict[str, tuple[bytes | None, str | None]]:
    return {m.name: (m.data, m.error) for m in iter_members(path, **limits)}


@pytest.mark.parametrize("layout", [_flat, _sharded], ids=["flat", "sharded"])
def test_every_member_comes_out_whole_and_named_after_the_archive(tmp_path, layout):
    members = layout()
    path = _build(tmp_path / ARCHIVE, members)

    out = list(iter_members(path))

    assert [m.name for m in out] == [f"{ARCHIVE}!/{name}" for name in members]
    assert [m.data for m in out] == list(members.values())
    assert all(m.error is None for m in out)
    expected = "47/NCT04207047.json" if layout is _sharded else "NCT04207047.json"
    assert f"{ARCHIVE}!/{expected}" in {m.name for m in out}


def test_directories_and_files_that_are_not_studies_are_skipped_by_name(tmp_path):
    members = {
        "README.md": b"# the bulk download",
        "LICENSE": b"terms",
        "__MACOSX/._NCT04207047.json": b"\x00\x05\x16\x07",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "47/NCT04207047.json": (SAMPLES / "NCT04207047.json").read_bytes(),
        "notes.csv": b"not,a,study",  # not clearly a non-study by name: the parser decides
    }
    path = tmp_path / ARCHIVE
    with zipfile.ZipFile(path, "w") as zf:
        zf.mkdir("47")
        for name, data in members.items():
            zf.writestr(name, data)

    assert [m.name for m in iter_members(path)] == [
        f"{ARCHIVE}!/47/NCT04207047.json",
        f"{ARCHIVE}!/notes.csv",
    ]


def test_a_member_declared_over_the_limit_is_refused_unread_and_the_rest_still_come_out(
    tmp_path,
):
    members = _flat()
    members["NCT99999999.json"] = b" " * (2 * MiB)
    path = _build(tmp_path / ARCHIVE, members)

    out = _by_name(path, max_member_bytes=1 * MiB)

    data, error = out[f"{ARCHIVE}!/NCT99999999.json"]
    assert data is None
    assert error == (
        "over the size limit: the member declares 2,097,152 bytes uncompressed, the limit is 1 MiB"
    )
    assert sum(1 for data, error in out.values() if error is None) == len(STUDIES)


def test_a_member_whose_header_lies_about_its_size_is_stopped_at_the_limit(tmp_path):
    noise = random.Random(11).randbytes(3 * MiB)  # incompressible: no bomb, only too big
    path = _build(tmp_path / ARCHIVE, {"NCT99999999.json": noise})
    _set_declared_size(path, "NCT99999999.json", 1000)

    [member] = iter_members(path, max_member_bytes=1 * MiB)

    assert member.data is None
    assert member.error == (
        "over the size limit: the member holds more than 1 MiB uncompressed "
        "(its header declares 1,000); reading stopped there"
    )


def test_a_header_that_understates_a_member_within_the_limit_is_caught_too(tmp_path):
    study = (SAMPLES / "NCT04207047.json").read_bytes()
    path = _build(tmp_path / ARCHIVE, {"NCT04207047.json": study})
    _set_declared_size(path, "NCT04207047.json", 100)

    [member] = iter_members(path)

    assert member.error == f"the member's header declares 100 bytes but it holds {len(study):,}"


def test_a_zip_bomb_is_refused_by_its_declared_ratio(tmp_path):
    members = {"NCT99999999.json": b"\x00" * (6 * MiB), **_flat()}
    path = _build(tmp_path / ARCHIVE, members)

    out = list(iter_members(path))

    assert out[0].name == f"{ARCHIVE}!/NCT99999999.json"
    assert out[0].data is None
    assert out[0].error.startswith("a ZIP bomb: the member declares 6,291,456 bytes from ")
    assert out[0].error.endswith(f"the bound is {MAX_RATIO})")
    assert [m.data for m in out[1:]] == list(_flat().values())


def test_a_zip_bomb_with_a_lying_header_is_stopped_while_inflating(tmp_path):
    path = _build(tmp_path / ARCHIVE, {"NCT99999999.json": b"\x00" * (6 * MiB)})
    with zipfile.ZipFile(path) as zf:
        compressed = zf.getinfo("NCT99999999.json").compress_size
    _set_declared_size(path, "NCT99999999.json", compressed * 2)  # looks harmless

    [member] = iter_members(path)

    assert member.data is None
    assert member.error.startswith("a ZIP bomb: the member inflates to at least ")


def test_overlapping_members_are_refused_as_a_bomb(tmp_path):
    path = _build(tmp_path / ARCHIVE, {"a.json": b"{}" * 100, "b.json": b"[]" * 100})
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        first = zf.getinfo("a.json").header_offset
    struct.pack_into("<I", raw, _central_entry(raw, "b.json") + 42, first)  # b.json is a.json's
    path.write_bytes(bytes(raw))

    assert [(m.name, m.error) for m in iter_members(path)] == [
        (
            ARCHIVE,
            "a ZIP bomb: members 'a.json' and 'b.json' overlap in the archive; "
            "nothing was read from it",
        )
    ]


def test_nested_archives_are_not_expanded(tmp_path):
    inner = _build(tmp_path / "inner.zip", _flat())
    members = {"more.zip": inner.read_bytes(), "NCT00000001.json": inner.read_bytes()}
    path = _build(tmp_path / ARCHIVE, members)

    reasons = {m.name: m.error for m in iter_members(path)}

    nested = "a nested archive: archives inside the archive are not expanded"
    assert reasons == {f"{ARCHIVE}!/more.zip": nested, f"{ARCHIVE}!/NCT00000001.json": nested}


@pytest.mark.parametrize("streamed", [False, True], ids=["sizes-in-headers", "descriptors"])
def test_a_truncated_archive_yields_the_members_before_the_damage_then_one_error(
    tmp_path, streamed
):
    members = _sharded()
    whole = _streamed(members) if streamed else _build(tmp_path / "whole.zip", members).read_bytes()
    path = tmp_path / ARCHIVE
    path.write_bytes(whole[: len(whole) // 2])

    out = list(iter_members(path))

    *good, last = out
    assert good, "the members before the damage come out"
    names = list(members)
    assert [m.name for m in good] == [f"{ARCHIVE}!/{name}" for name in names[: len(good)]]
    assert [m.data for m in good] == [members[name] for name in names[: len(good)]]
    cut = names[len(good)]
    assert last.name == ARCHIVE
    assert last.data is None
    assert last.error == (
        f"truncated: the archive ends inside member {cut!r}; the {len(good)} members before "
        "the damage were read (zipfile: File is not a zip file)"
    )


def test_an_archive_cut_between_members_names_the_missing_directory(tmp_path):
    whole = _build(tmp_path / "whole.zip", _flat(), method=zipfile.ZIP_STORED)
    with zipfile.ZipFile(whole) as zf:
        third = zf.infolist()[3].header_offset
    path = tmp_path / ARCHIVE
    path.write_bytes(whole.read_bytes()[:third])

    out = list(iter_members(path))

    assert [m.data for m in out[:3]] == list(_flat().values())[:3]
    assert [(m.name, m.error) for m in out[3:]] == [
        (
            ARCHIVE,
            "truncated: the archive ends without its central directory; the 3 members before "
            "the damage were read (zipfile: File is not a zip file)",
        )
    ]


def test_a_file_that_is_not_a_zip_is_one_error(tmp_path):
    path = tmp_path / ARCHIVE
    path.write_bytes(b"<!DOCTYPE html><html><body>Service Unavailable</body></html>")

    assert [(m.name, m.error) for m in iter_members(path)] == [
        (ARCHIVE, "not a ZIP archive (zipfile: File is not a zip file)")
    ]


def test_a_crc_failure_names_the_member_and_the_others_still_come_out(tmp_path):
    members = _flat()
    path = _build(tmp_path / ARCHIVE, members, method=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("NCT03418623.json")
    data_at = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[data_at + 100] ^= 0x01
    path.write_bytes(bytes(raw))

    out = _by_name(path)

    assert out[f"{ARCHIVE}!/NCT03418623.json"] == (
        None,
        "CRC check failed for member 'NCT03418623.json': its data is damaged",
    )
    good = {name: data for name, (data, error) in out.items() if error is None}
    assert good == {f"{ARCHIVE}!/{n}": d for n, d in members.items() if n != "NCT03418623.json"}


def test_a_crc_failure_is_caught_without_the_directory_too(tmp_path):
    members = _flat()
    whole = bytearray(_streamed(members))
    descriptor = whole.index(b"PK\x07\x08", whole.index(b"NCT03418623.json"))
    whole[descriptor + 4] ^= 0xFF  # the CRC that follows the member's data
    path = tmp_path / ARCHIVE
    path.write_bytes(bytes(whole[: whole.index(b"PK\x01\x02")]))  # and no central directory

    out = list(iter_members(path))

    assert [(m.name, m.error) for m in out if m.error] == [
        (
            f"{ARCHIVE}!/NCT03418623.json",
            "CRC check failed for member 'NCT03418623.json': its data is damaged",
        ),
        (
            ARCHIVE,
            f"truncated: the archive ends without its central directory; the {len(members)} "
            "members before the damage were read (zipfile: File is not a zip file)",
        ),
    ]
    good = {m.name: m.data for m in out if m.error is None}
    assert good == {f"{ARCHIVE}!/{n}": d for n, d in members.items() if n != "NCT03418623.json"}


def test_without_the_directory_an_oversize_member_is_read_past_and_a_bomb_stops_the_scan(
    tmp_path,
):
    members = _flat()
    big = random.Random(5).randbytes(3 * MiB)
    stream = _streamed({"NCT99999998.json": big, **members, "NCT99999999.json": bytes(6 * MiB)})
    path = tmp_path / ARCHIVE
    path.write_bytes(stream[: stream.index(b"PK\x01\x02")])

    out = list(iter_members(path, max_member_bytes=1 * MiB))

    assert (out[0].name, out[0].error) == (
        f"{ARCHIVE}!/NCT99999998.json",
        "over the size limit: the member holds more than 1 MiB uncompressed",
    )
    assert [m.data for m in out[1:-1]] == list(members.values())
    assert out[-1].name == ARCHIVE
    assert out[-1].error.startswith("a ZIP bomb: the member inflates to at least ")
    assert out[-1].error.endswith(
        f"; the {len(members) + 1} members before the damage were read "
        "(zipfile: File is not a zip file)"
    )


def test_a_member_larger_than_the_limit_is_streamed_not_read_whole(tmp_path):
    """A 24 MiB member under a lying header: memory stays near the limit, far below its size."""
    block = random.Random(7).randbytes(1 * MiB)
    path = tmp_path / ARCHIVE
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("NCT99999999.json", "w") as out,
    ):
        for _ in range(24):
            out.write(block)
    _set_declared_size(path, "NCT99999999.json", 1000)

    tracemalloc.start()
    try:
        [member] = iter_members(path, max_member_bytes=2 * MiB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert member.error.startswith("over the size limit: the member holds more than 2 MiB")
    assert peak < 6 * MiB, f"peak {peak:,} bytes for a 24 MiB member"


def test_the_limits_default_to_8_mib_and_a_ratio_of_100():
    assert (8 * MiB, 100) == (MAX_MEMBER_BYTES, MAX_RATIO)
    with pytest.raises(ValueError):
        next(iter_members("unused.zip", max_member_bytes=0))


def test_skip_steps_over_members_by_their_crc_and_size_unread(tmp_path):
    members = _flat()
    path = _build(tmp_path / ARCHIVE, members)
    known = {name: (zlib.crc32(data), len(data)) for name, data in members.items()}
    asked = []

    def skip(name: str, crc: int, size: int) -> bool:
        asked.append(name)
        return known[name] == (crc, size) and name != "NCT04207047.json"

    out = list(iter_members(path, skip=skip))

    assert asked == list(members)
    assert [(m.name, m.data) for m in out] == [
        (f"{ARCHIVE}!/NCT04207047.json", members["NCT04207047.json"])
    ]


def test_skip_works_without_the_directory_too(tmp_path):
    members = _flat()
    raw = _build(tmp_path / "whole.zip", members).read_bytes()
    with zipfile.ZipFile(tmp_path / "whole.zip") as zf:
        cut = zf.getinfo("NCT06171568.json").header_offset + 100
    (tmp_path / ARCHIVE).write_bytes(raw[:cut])
    wanted = {"NCT03418623.json"}

    out = list(iter_members(tmp_path / ARCHIVE, skip=lambda name, crc, size: name not in wanted))

    assert [m.name for m in out] == [f"{ARCHIVE}!/NCT03418623.json", ARCHIVE]
    assert out[0].data == members["NCT03418623.json"]
    assert out[1].error.startswith("truncated: the archive ends inside member 'NCT06171568.json'")


@pytest.mark.parametrize(
    ("name", "skipped"),
    [
        ("README.md", True), ("LICENSE-aact", True), ("PROVENANCE", True), ("licence.txt", True),
        ("notes/.DS_Store", True), (".git/config", True), ("__MACOSX/NCT1.json", True),
        ("NCT01234567.json", False), ("67/NCT01234567.json", False), ("readmes.json", False),
        ("registry/xml/NCT00023673.xml", False),
    ],
)  # fmt: skip
def test_files_that_hold_no_study_are_told_by_name(name, skipped):
    assert not_a_study_by_name(name) is skipped
