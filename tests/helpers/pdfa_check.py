"""Structural PDF/A-2b checks (ISO 19005-2) for our own printouts.

No full validator runs here (veraPDF needs its Java dependencies from Maven Central,
which this machine cannot reach), so these are the rules our documents could break,
each checked on the file as written. ``violations(pdf)`` returns what is wrong, one
line per rule broken, empty when every rule below holds:

6.1.2    header %PDF-1.n followed by a comment of four bytes above 127
6.1.3    trailer /ID present (two strings); no /Encrypt
6.1.7    no stream with external data (/F), no LZW
6.2.3    an OutputIntent GTS_PDFA1 with an embedded ICC profile (N 3, 'acsp', RGB)
6.2.11.4 every font used on any page (also in forms and descendant fonts) embedded
6.2.11.6 a symbolic TrueType font has no /Encoding and one cmap subtable or (3,0)
6.2.11.7 every font maps to Unicode (/ToUnicode) – the PDF/A-2u level, text searchable
6.6.1    no JavaScript, no Launch/ImportData/ResetForm actions
6.6.2.1  catalog /Metadata: an XMP stream (Type Metadata, Subtype XML), not filtered
6.6.2.3  every document-information entry equals its XMP property
6.6.4    the XMP identifies the file: pdfaid:part 2, pdfaid:conformance B
6.8      no embedded files (PDF/A-2 allows only PDF/A ones; we have none)
"""
from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def xmp_properties(reader: PdfReader) -> dict[str, str]:
    meta = _resolve(reader.trailer["/Root"]).get("/Metadata")
    data = _resolve(meta).get_data()
    root = ET.fromstring(data)
    out: dict[str, str] = {}
    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        for child in desc:
            prefix = next(p for p, uri in NS.items() if child.tag.startswith(f"{{{uri}}}"))
            name = f"{prefix}:{child.tag.split('}')[1]}"
            items = [li.text or "" for li in child.iter(f"{{{NS['rdf']}}}li")]
            out[name] = items[0] if items else (child.text or "")
    return out


def _pdf_date(value: str) -> datetime:
    m = re.fullmatch(r"D:(\d{14})([+-Z])?(\d\d)?'?(\d\d)?'?", value)
    when = datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
    sign = -1 if m.group(2) == "-" else 1
    offset = timedelta(hours=int(m.group(3) or 0), minutes=int(m.group(4) or 0)) * sign
    return when.replace(tzinfo=timezone(offset))


def _fonts(resources, seen: set) -> list[DictionaryObject]:
    found = []
    resources = _resolve(resources) or {}
    for font in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(font)
        if id(font) not in seen:
            seen.add(id(font))
            found.append(font)
            for desc in font.get("/DescendantFonts", []):
                found.append(_resolve(desc))
    for xobj in (_resolve(resources.get("/XObject")) or {}).values():
        xobj = _resolve(xobj)
        if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
            found += _fonts(xobj["/Resources"], seen)
    return found


def violations(pdf: bytes) -> list[str]:
    problems: list[str] = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", pdf):
        problems.append("6.1.2 header or binary comment")
    reader = PdfReader(io.BytesIO(pdf))
    trailer = reader.trailer
    ids = trailer.get("/ID")
    if not ids or len(ids) != 2:
        problems.append("6.1.3 no /ID in the trailer")
    if "/Encrypt" in trailer:
        problems.append("6.1.3 encrypted")
    root = _resolve(trailer["/Root"])

    for obj in _all_objects(reader):
        if isinstance(obj, DictionaryObject):
            if "/F" in obj and "/Length" in obj:
                problems.append("6.1.7 stream with external file")
            filters = obj.get("/Filter")
            if filters is not None and "/LZWDecode" in str(filters):
                problems.append("6.1.7 LZW filter")
            if obj.get("/S") in ("/JavaScript", "/Launch", "/ImportData", "/ResetForm"):
                problems.append(f"6.6.1 action {obj.get('/S')}")
    names = _resolve(root.get("/Names")) or {}
    if "/JavaScript" in names:
        problems.append("6.6.1 document JavaScript")
    if "/EmbeddedFiles" in names:
        problems.append("6.8 embedded files")

    intents = _resolve(root.get("/OutputIntents")) or []
    pdfa_intents = [_resolve(i) for i in intents if _resolve(i).get("/S") == "/GTS_PDFA1"]
    if len(pdfa_intents) != 1:
        problems.append("6.2.3 no (single) GTS_PDFA1 output intent")
    else:
        profile = _resolve(pdfa_intents[0].get("/DestOutputProfile"))
        icc = profile.get_data() if profile is not None else b""
        if profile is None or profile.get("/N") != 3 or icc[36:40] != b"acsp" or icc[16:20] != b"RGB ":
            problems.append("6.2.3 output intent without an RGB ICC profile")

    seen: set = set()
    for page in reader.pages:
        for font in _fonts(page.get("/Resources"), seen):
            base = str(font.get("/BaseFont", ""))
            subtype = font.get("/Subtype")
            if subtype == "/Type3":
                continue
            if subtype == "/Type0":
                if "/ToUnicode" not in font:
                    problems.append(f"6.2.11.7 {base} without ToUnicode")
                continue  # its descendant carries the descriptor
            desc = _resolve(font.get("/FontDescriptor"))
            if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"6.2.11.4 font {base} not embedded")
            elif subtype == "/TrueType" and int(desc.get("/Flags", 0)) & 4:
                subtables = _cmap_subtables(_resolve(desc["/FontFile2"]).get_data())
                if "/Encoding" in font or not (len(subtables) == 1 or (3, 0) in subtables):
                    problems.append(f"6.2.11.6 symbolic {base}: encoding or cmap {subtables}")
            if not str(subtype).startswith("/CIDFont") and "/ToUnicode" not in font:
                problems.append(f"6.2.11.7 {base} without ToUnicode")

    meta = _resolve(root.get("/Metadata"))
    if meta is None:
        return problems + ["6.6.2.1 no XMP metadata"]
    if meta.get("/Type") != "/Metadata" or meta.get("/Subtype") != "/XML" or "/Filter" in meta:
        problems.append("6.6.2.1 metadata stream dictionary")
    xmp = xmp_properties(reader)
    if xmp.get("pdfaid:part") != "2" or xmp.get("pdfaid:conformance") != "B":
        problems.append("6.6.4 no PDF/A-2b identification in the XMP")
    info = reader.metadata or {}
    pairs = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
             "/Keywords": "pdf:Keywords", "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer"}
    for key, prop in pairs.items():
        if key in info and str(info[key]) != xmp.get(prop):
            problems.append(f"6.6.2.3 {key} {str(info[key])!r} != {prop} {xmp.get(prop)!r}")
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key in info:
            want = _pdf_date(str(info[key]))
            got = datetime.fromisoformat(xmp.get(prop, "1900-01-01T00:00:00+00:00"))
            if want != got:
                problems.append(f"6.6.2.3 {key} {want} != {prop} {got}")
    return problems


def _cmap_subtables(font: bytes) -> list[tuple[int, int]]:
    """(platform, encoding) of each subtable of a TrueType font's 'cmap'."""
    count = struct.unpack(">H", font[4:6])[0]
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i])
        if tag == b"cmap":
            n = struct.unpack(">H", font[offset + 2:offset + 4])[0]
            return [struct.unpack(">HH", font[offset + 4 + 8 * j:offset + 8 + 8 * j]) for j in range(n)]
    return []


def _all_objects(reader: PdfReader):
    for num in range(1, reader.trailer["/Size"]):
        try:
            obj = reader.get_object(num)
        except Exception:  # a free entry
            continue
        yield obj
