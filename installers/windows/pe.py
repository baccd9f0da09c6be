"""Just enough of the Windows PE format to build g60desk's Windows program on Linux (standard library only).

* ``imported_dlls(data)`` — the DLL names a .exe/.dll/.pyd imports (to keep only the Qt DLLs that are used);
* ``set_resources(exe, icon=..., version=...)`` — put the program icon and a version resource into a
  launcher .exe (pip's distlib launchers carry the Python icon and no version): the resource section is
  rebuilt in place and the sections after it (only ``.reloc``, which holds no addresses of its own) move;
* ``forwarder_dll(name, forwards)`` — a DLL with no code whose exports forward to another DLL, e.g.
  ``icuuc.dll`` whose ``ucnv_open`` is ``icuuc77.ucnv_open_77`` (Wine has no system ICU; see
  docs/installing.md);
* ``read_resources`` / ``version_strings`` — to check the results.

Layout facts used (Microsoft "PE Format"): all integers little-endian; the resource tree is three levels
(type, name, language) of IMAGE_RESOURCE_DIRECTORY + 8-byte entries, ID entries sorted ascending, offsets
relative to the section except IMAGE_RESOURCE_DATA_ENTRY.OffsetToData, which is an RVA.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

RT_ICON, RT_GROUP_ICON, RT_VERSION, RT_MANIFEST = 3, 14, 16, 24
LANG_ZH_CN = 0x0804
DIR_EXPORT, DIR_IMPORT, DIR_RESOURCE, DIR_SECURITY, DIR_BASERELOC = 0, 1, 2, 4, 5


class PEError(ValueError):
    """Not a PE file of the kind this module can handle."""


def _align(value: int, alignment: int) -> int:
    return (value + alignment - 1) // alignment * alignment


@dataclass
class Section:
    header_offset: int
    name: bytes
    virtual_size: int
    rva: int
    raw_size: int
    raw_offset: int
    characteristics: int

    def contains(self, rva: int) -> bool:
        return self.rva <= rva < self.rva + max(self.virtual_size, self.raw_size)


class PE:
    """A parsed PE32+ (64-bit) image: headers, data directories and sections."""

    def __init__(self, data: bytes) -> None:
        self.data = bytearray(data)
        if data[:2] != b"MZ":
            raise PEError("no MZ header")
        self.pe_offset = struct.unpack_from("<I", data, 0x3C)[0]
        if data[self.pe_offset:self.pe_offset + 4] != b"PE\0\0":
            raise PEError("no PE signature")
        coff = self.pe_offset + 4
        self.machine, self.section_count = struct.unpack_from("<HH", data, coff)
        self.optional_size = struct.unpack_from("<H", data, coff + 16)[0]
        self.opt = coff + 20
        if struct.unpack_from("<H", data, self.opt)[0] != 0x20B:
            raise PEError("not a 64-bit (PE32+) image")
        self.section_alignment, self.file_alignment = struct.unpack_from("<II", data, self.opt + 32)
        self.directories = self.opt + 112
        self.directory_count = struct.unpack_from("<I", data, self.opt + 108)[0]
        table = self.opt + self.optional_size
        self.sections = []
        for i in range(self.section_count):
            at = table + 40 * i
            name, vsize, rva, rsize, roff = struct.unpack_from("<8sIIII", data, at)
            characteristics = struct.unpack_from("<I", data, at + 36)[0]
            self.sections.append(Section(at, name.rstrip(b"\0"), vsize, rva, rsize, roff, characteristics))

    def directory(self, index: int) -> tuple[int, int]:
        if index >= self.directory_count:
            return 0, 0
        return struct.unpack_from("<II", self.data, self.directories + 8 * index)

    def set_directory(self, index: int, rva: int, size: int) -> None:
        struct.pack_into("<II", self.data, self.directories + 8 * index, rva, size)

    def section_of(self, rva: int) -> Section:
        for section in self.sections:
            if section.contains(rva):
                return section
        raise PEError(f"RVA {rva:#x} is in no section")

    def offset(self, rva: int) -> int:
        section = self.section_of(rva)
        return section.raw_offset + rva - section.rva

    def cstring(self, rva: int) -> str:
        start = self.offset(rva)
        return bytes(self.data[start:self.data.index(b"\0", start)]).decode("ascii")

    def image_end(self) -> int:
        """Where the image's last section ends in the file (anything after it is appended data)."""
        return max(s.raw_offset + s.raw_size for s in self.sections)


# ---- imports -----------------------------------------------------------------------------------------

def imported_dlls(data: bytes) -> list[str]:
    """Names of the DLLs an image imports (ordinary imports; delay-loaded ones are not needed to start)."""
    pe = PE(data)
    rva, _size = pe.directory(DIR_IMPORT)
    names = []
    while rva:
        fields = struct.unpack_from("<IIIII", pe.data, pe.offset(rva))
        if not any(fields):
            break
        names.append(pe.cstring(fields[3]))
        rva += 20
    return names


# ---- exports -----------------------------------------------------------------------------------------

def exported_names(data: bytes) -> dict[str, str | None]:
    """{name: forwarder target or None} of an image's named exports."""
    pe = PE(data)
    rva, size = pe.directory(DIR_EXPORT)
    if not rva:
        return {}
    at = pe.offset(rva)
    (_chars, _stamp, _major, _minor, _name, _base, function_count, name_count, functions, names,
     ordinals) = struct.unpack_from("<IIHHIIIIIII", pe.data, at)
    result = {}
    for i in range(name_count):
        name = pe.cstring(struct.unpack_from("<I", pe.data, pe.offset(names) + 4 * i)[0])
        ordinal = struct.unpack_from("<H", pe.data, pe.offset(ordinals) + 2 * i)[0]
        target = struct.unpack_from("<I", pe.data, pe.offset(functions) + 4 * ordinal)[0]
        result[name] = pe.cstring(target) if rva <= target < rva + size else None
    return result


def forwarder_dll(dll_name: str, forwards: dict[str, str]) -> bytes:
    """A 64-bit DLL without code that forwards each export NAME to TARGET ("other.dll_stem.symbol")."""
    if not forwards:
        raise ValueError("nothing to forward")
    names = sorted(forwards, key=lambda n: n.encode("ascii"))     # the loader binary-searches the names
    count = len(names)
    section_rva, file_alignment, section_alignment, headers_size = 0x1000, 0x200, 0x1000, 0x200
    # export directory (40) | functions (4n) | names (4n) | ordinals (2n) | strings
    functions_at = 40
    names_at = functions_at + 4 * count
    ordinals_at = names_at + 4 * count
    strings = bytearray()
    strings_at = ordinals_at + 2 * count

    def add_string(text: str) -> int:
        offset = strings_at + len(strings)
        strings.extend(text.encode("ascii") + b"\0")
        return section_rva + offset

    dll_name_rva = add_string(dll_name)
    name_rvas = [add_string(n) for n in names]
    target_rvas = [add_string(forwards[n]) for n in names]
    body = bytearray(strings_at) + strings
    struct.pack_into("<IIHHIIIIIII", body, 0, 0, 0, 0, 0, dll_name_rva, 1, count, count,
                     section_rva + functions_at, section_rva + names_at, section_rva + ordinals_at)
    for i in range(count):
        struct.pack_into("<I", body, functions_at + 4 * i, target_rvas[i])
        struct.pack_into("<I", body, names_at + 4 * i, name_rvas[i])
        struct.pack_into("<H", body, ordinals_at + 2 * i, i)
    export_size = len(body)
    raw_size = _align(len(body), file_alignment)
    image_size = section_rva + _align(len(body), section_alignment)

    dos = bytearray(64)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 64)
    coff = struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 240, 0x2022)   # AMD64; executable, large-address, DLL
    optional = bytearray(240)
    struct.pack_into("<HBBIIIII", optional, 0, 0x20B, 14, 0, 0, raw_size, 0, 0, section_rva)
    struct.pack_into("<QII", optional, 24, 0x180000000, section_alignment, file_alignment)
    struct.pack_into("<HHHHHHI", optional, 40, 6, 0, 0, 0, 6, 0, 0)
    struct.pack_into("<III", optional, 56, image_size, headers_size, 0)
    struct.pack_into("<HH", optional, 68, 2, 0x0160)                  # GUI; dynamic base, NX, high-entropy VA
    struct.pack_into("<QQQQII", optional, 72, 0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    struct.pack_into("<II", optional, 112, section_rva, export_size)   # data directory 0: exports
    section = struct.pack("<8sIIIIIIHHI", b".edata", len(body), section_rva, raw_size, headers_size,
                          0, 0, 0, 0, 0x40000040)                     # initialized data, readable
    headers = bytes(dos) + b"PE\0\0" + coff + bytes(optional) + section
    image = bytearray(headers.ljust(headers_size, b"\0") + bytes(body).ljust(raw_size, b"\0"))
    struct.pack_into("<I", image, 64 + 4 + 20 + 64, pe_checksum(image, 64 + 4 + 20 + 64))
    return bytes(image)


# ---- resources ---------------------------------------------------------------------------------------

Resources = dict  # {(type_id, name_id, language): bytes}


def read_resources(data: bytes) -> Resources:
    pe = PE(data)
    rva, _size = pe.directory(DIR_RESOURCE)
    if not rva:
        return {}
    base = pe.offset(rva)

    def entries(offset: int) -> list[tuple[int, int]]:
        named, ids = struct.unpack_from("<HH", pe.data, base + offset + 12)
        if named:
            raise PEError("resources with string names are not supported")
        return [struct.unpack_from("<II", pe.data, base + offset + 16 + 8 * i) for i in range(ids)]

    found = {}
    for type_id, type_dir in entries(0):
        for name_id, name_dir in entries(type_dir & 0x7FFFFFFF):
            for language, leaf in entries(name_dir & 0x7FFFFFFF):
                data_rva, size = struct.unpack_from("<II", pe.data, base + leaf)
                start = pe.offset(data_rva)
                found[(type_id, name_id, language)] = bytes(pe.data[start:start + size])
    return found


def _resource_section(resources: Resources, section_rva: int) -> bytes:
    """The bytes of a resource section at section_rva holding resources (integer IDs only)."""
    tree: dict[int, dict[int, dict[int, bytes]]] = {}
    for (type_id, name_id, language), blob in resources.items():
        tree.setdefault(type_id, {}).setdefault(name_id, {})[language] = blob

    def directory_size(children: int) -> int:
        return 16 + 8 * children

    # first all directories, then the data entries, then the data
    offset = directory_size(len(tree))
    type_dirs = {}
    for type_id in sorted(tree):
        type_dirs[type_id] = offset
        offset += directory_size(len(tree[type_id]))
    name_dirs = {}
    for type_id in sorted(tree):
        for name_id in sorted(tree[type_id]):
            name_dirs[(type_id, name_id)] = offset
            offset += directory_size(len(tree[type_id][name_id]))
    leaves = {}
    for type_id in sorted(tree):
        for name_id in sorted(tree[type_id]):
            for language in sorted(tree[type_id][name_id]):
                leaves[(type_id, name_id, language)] = offset
                offset += 16
    blobs = {}
    for key in sorted(leaves):
        offset = _align(offset, 8)
        blobs[key] = offset
        offset += len(tree[key[0]][key[1]][key[2]])
    out = bytearray(_align(offset, 8))

    def write_directory(at: int, children: list[tuple[int, int]]) -> None:
        struct.pack_into("<IIHHHH", out, at, 0, 0, 4, 0, 0, len(children))
        for i, (ident, target) in enumerate(children):
            struct.pack_into("<II", out, at + 16 + 8 * i, ident, target)

    write_directory(0, [(t, type_dirs[t] | 0x80000000) for t in sorted(tree)])
    for type_id in sorted(tree):
        write_directory(type_dirs[type_id],
                        [(n, name_dirs[(type_id, n)] | 0x80000000) for n in sorted(tree[type_id])])
        for name_id in sorted(tree[type_id]):
            write_directory(name_dirs[(type_id, name_id)],
                            [(lang, leaves[(type_id, name_id, lang)]) for lang in sorted(tree[type_id][name_id])])
    for key, at in leaves.items():
        blob = tree[key[0]][key[1]][key[2]]
        struct.pack_into("<IIII", out, at, section_rva + blobs[key], len(blob), 0, 0)
        out[blobs[key]:blobs[key] + len(blob)] = blob
    return bytes(out)


def replace_resources(data: bytes, resources: Resources) -> bytes:
    """The image with its resource section replaced by resources (appended data is dropped).

    The new section takes the old one's place; sections after it may only be .reloc (base relocations
    are position-independent data), which moves up or down with its data directory."""
    pe = PE(data)
    rva, _size = pe.directory(DIR_RESOURCE)
    if pe.directory(DIR_SECURITY)[0]:
        raise PEError("a signed image: changing it would break the signature")
    index = next(i for i, s in enumerate(pe.sections) if s.contains(rva)) if rva else len(pe.sections)
    if index == len(pe.sections):
        raise PEError("the image has no resource section to replace")
    rsrc = pe.sections[index]
    later = pe.sections[index + 1:]
    if any(s.name != b".reloc" for s in later):
        raise PEError(f"cannot move the sections after .rsrc: {[s.name for s in later]}")
    if rsrc.rva != rva:
        raise PEError("the resource directory does not start its section")
    section = _resource_section(resources, rsrc.rva)
    raw_size = _align(len(section), pe.file_alignment)
    out = bytearray(pe.data[:rsrc.raw_offset]) + section.ljust(raw_size, b"\0")
    struct.pack_into("<III", out, rsrc.header_offset + 8, len(section), rsrc.rva, raw_size)
    next_rva = rsrc.rva + _align(len(section), pe.section_alignment)
    for moved in later:
        body = bytes(pe.data[moved.raw_offset:moved.raw_offset + moved.raw_size])
        struct.pack_into("<IIII", out, moved.header_offset + 8, moved.virtual_size, next_rva, moved.raw_size,
                         len(out))
        reloc_rva, reloc_size = pe.directory(DIR_BASERELOC)
        if reloc_rva and moved.contains(reloc_rva):
            struct.pack_into("<II", out, pe.directories + 8 * DIR_BASERELOC,
                             next_rva + reloc_rva - moved.rva, reloc_size)
        out += body
        next_rva += _align(moved.virtual_size, pe.section_alignment)
    struct.pack_into("<II", out, pe.directories + 8 * DIR_RESOURCE, rsrc.rva, len(section))
    struct.pack_into("<I", out, pe.opt + 56, next_rva)                      # SizeOfImage
    initialized = sum(_align(s.raw_size, pe.file_alignment) for s in PE(bytes(out)).sections
                      if s.characteristics & 0x40)
    struct.pack_into("<I", out, pe.opt + 8, initialized)                    # SizeOfInitializedData
    struct.pack_into("<I", out, pe.opt + 64, pe_checksum(out, pe.opt + 64))
    return bytes(out)


def pe_checksum(data: bytes | bytearray, checksum_offset: int) -> int:
    """The optional header's CheckSum (what imagehlp's CheckSumMappedFile computes)."""
    words = bytearray(data)
    words[checksum_offset:checksum_offset + 4] = bytes(4)     # the field itself counts as zero
    if len(words) % 2:
        words.append(0)
    total = sum(struct.unpack(f"<{len(words) // 2}H", words))
    while total >> 16:                                        # one's-complement: fold the carries back in
        total = (total & 0xFFFF) + (total >> 16)
    return (total + len(data)) & 0xFFFFFFFF


def icon_resources(ico: bytes, group_id: int = 1, first_icon_id: int = 1,
                   language: int = 0) -> Resources:
    """An .ico file as RT_ICON images plus the RT_GROUP_ICON that lists them."""
    reserved, kind, count = struct.unpack_from("<HHH", ico, 0)
    if reserved != 0 or kind != 1 or count == 0:
        raise PEError("not an .ico file")
    group = bytearray(struct.pack("<HHH", 0, 1, count))
    resources = {}
    for i in range(count):
        width, height, colours, _r, planes, bits, size, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * i)
        icon_id = first_icon_id + i
        resources[(RT_ICON, icon_id, language)] = ico[offset:offset + size]
        group += struct.pack("<BBBBHHIH", width, height, colours, 0, planes, bits, size, icon_id)
    resources[(RT_GROUP_ICON, group_id, language)] = bytes(group)
    return resources


def _version_block(key: str, value: bytes = b"", children: bytes = b"", text: bool = False,
                   value_length: int | None = None) -> bytes:
    header_key = struct.pack("<HHH", 0, 0, 0) + (key + "\0").encode("utf-16-le")
    header_key += b"\0" * (_align(len(header_key), 4) - len(header_key))
    body = header_key + value
    body += b"\0" * (_align(len(body), 4) - len(body))
    if children:
        body += children
    if value_length is None:
        value_length = len(value) // 2 if text else len(value)
    block = bytearray(body)
    struct.pack_into("<HHH", block, 0, len(body), value_length, 1 if text else 0)
    return bytes(block)


def _padded(block: bytes) -> bytes:
    return block + b"\0" * (_align(len(block), 4) - len(block))


def version_resource(version: tuple[int, int, int, int], strings: dict[str, str],
                     language: int = LANG_ZH_CN, codepage: int = 1200) -> bytes:
    """A VS_VERSIONINFO block: the fixed numbers plus a StringFileInfo table (Explorer's 详细信息 tab)."""
    ms = (version[0] << 16) | version[1]
    ls = (version[2] << 16) | version[3]
    fixed = struct.pack("<13I", 0xFEEF04BD, 0x00010000, ms, ls, ms, ls, 0x3F, 0, 0x40004, 1, 0, 0, 0)
    entries = b"".join(_padded(_version_block(k, (v + "\0").encode("utf-16-le"), text=True))
                       for k, v in strings.items())
    table = _version_block(f"{language:04X}{codepage:04X}", children=entries, text=True, value_length=0)
    string_info = _version_block("StringFileInfo", children=_padded(table), text=True, value_length=0)
    var = _version_block("Translation", struct.pack("<HH", language, codepage))
    var_info = _version_block("VarFileInfo", children=_padded(var), text=True, value_length=0)
    return _version_block("VS_VERSION_INFO", fixed, _padded(string_info) + _padded(var_info))


def version_strings(block: bytes) -> tuple[tuple[int, int, int, int], dict[str, str]]:
    """Read back what version_resource wrote: the fixed file version and the strings."""
    def parse(at: int):
        length, value_length, kind = struct.unpack_from("<HHH", block, at)
        end_key = at + 6
        while block[end_key:end_key + 2] != b"\0\0":
            end_key += 2
        key = block[at + 6:end_key].decode("utf-16-le")
        value_at = _align(end_key + 2, 4)
        value_bytes = value_length * 2 if kind == 1 else value_length
        value = block[value_at:value_at + value_bytes]
        child = _align(value_at + value_bytes, 4)
        children = []
        while child < at + length:
            parsed = parse(child)
            children.append(parsed)
            child = _align(child + parsed[3], 4)
        return key, value, children, length

    key, fixed, children, _ = parse(0)
    if key != "VS_VERSION_INFO":
        raise PEError("not a version resource")
    _sig, _struct, ms, ls = struct.unpack_from("<IIII", fixed, 0)
    numbers = (ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF)
    strings = {}
    for name, _value, tables, _ in children:
        if name == "StringFileInfo":
            for _table, _v, entries, _ in tables:
                for entry_key, entry_value, _c, _l in entries:
                    strings[entry_key] = entry_value.decode("utf-16-le").rstrip("\0")
    return numbers, strings


def set_resources(exe: bytes, *, icon: bytes | None = None, version: bytes | None = None) -> bytes:
    """A launcher with g60desk's icon and version: its own icons and version go, its manifest stays."""
    resources = read_resources(exe)
    if icon is not None:
        resources = {k: v for k, v in resources.items() if k[0] not in (RT_ICON, RT_GROUP_ICON)}
        resources.update(icon_resources(icon))
    if version is not None:
        resources = {k: v for k, v in resources.items() if k[0] != RT_VERSION}
        resources[(RT_VERSION, 1, LANG_ZH_CN)] = version
    return replace_resources(exe, resources)


def imported_names(data: bytes, dll: str) -> list[str]:
    """The functions an image imports by name from dll (case-insensitive)."""
    pe = PE(data)
    rva, _size = pe.directory(DIR_IMPORT)
    while rva:
        lookup, _stamp, _chain, name_rva, thunks = struct.unpack_from("<IIIII", pe.data, pe.offset(rva))
        if not any((lookup, name_rva, thunks)):
            break
        if pe.cstring(name_rva).lower() == dll.lower():
            names, at = [], pe.offset(lookup or thunks)
            while True:
                (entry,) = struct.unpack_from("<Q", pe.data, at)
                if entry == 0:
                    return names
                if not entry & (1 << 63):                     # by name: RVA of hint (2 bytes) + name
                    names.append(pe.cstring((entry & 0x7FFFFFFF) + 2))
                at += 8
        rva += 20
    return []
