"""PDF/A-2b for every printout (ISO 19005-2, level B: the look is preserved for archiving).

reportlab writes most of what PDF/A asks by itself (fonts embedded as subsets with
``/ToUnicode``, a binary comment after the header, no encryption, no JavaScript). What
it does not, ``make_archival`` adds to the canvas's document just before it is saved:

* the XMP metadata stream (``pdfaid:part=2``, ``pdfaid:conformance=B``) with every
  document-information entry repeated with the same value (6.6.2.3.1);
* an sRGB output intent (``GTS_PDFA1`` with an embedded ICC profile): the device RGB
  colours then have a defined meaning (6.2.4.3);
* a file identifier (``/ID``) of its own for each document, participant and version
  (reportlab's invariant mode gives every document the same one).

The canvas must be made with ``initialFontName`` set to an embedded font: reportlab
otherwise starts every page with a ``/Helvetica`` that is never embedded (6.2.11.4.1).
``tests/test_pdfa.py`` checks these rules on every document kind.
"""
from __future__ import annotations

import functools
import hashlib
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from .. import resources

PRODUCER = "ReportLab PDF Library - www.reportlab.com"  # what reportlab writes as /Producer
ICC_NAME = "sRGB IEC61966-2.1"


@functools.cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile (v4, made once by littleCMS through Pillow; see resources/color)."""
    return resources.read_bytes("color/sRGB.icc")


def file_identifier(*parts: object) -> bytes:
    """16 bytes that differ whenever any of *parts* (title, person, version, content) differs."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.digest()[:16]


def xmp_date(when: datetime) -> str:
    """``2026-11-22T09:30:00+01:00``: the XMP form of the PDF date reportlab writes."""
    offset = when.utcoffset() or timezone.utc.utcoffset(None)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{when:%Y-%m-%dT%H:%M:%S}{sign}{hours:02d}:{mins:02d}"


def _x(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def xmp_packet(*, title: str, author: str, subject: str, keywords: str, creator: str, when: datetime,
               lang: str = "sv-SE") -> str:
    """The XMP packet: PDF/A identification plus the document information, value for value."""
    date = xmp_date(when)
    lang = _x(lang)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_x(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{_x(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_x(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{_x(keywords)}</pdf:Keywords>
   <pdf:Producer>{_x(PRODUCER)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmp:CreatorTool>{_x(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _hex_id(raw: bytes) -> bytes:
    return b"<" + raw.hex().upper().encode("ascii") + b">"


class _UnfilteredStream(PDFStream):
    """A stream written as it is (the XMP, 6.6.2.1), whatever filters the document applies to
    the others. Not reportlab's XMP class: older releases in our range do not have it."""

    def format(self, document):
        saved, document.defaultStreamFilters = document.defaultStreamFilters, None
        try:
            return super().format(document)
        finally:
            document.defaultStreamFilters = saved


def make_archival(canvas, *, when: datetime, identifier: bytes) -> None:
    """Turn the document *canvas* is about to save into PDF/A-2b (see the module text)."""
    doc = canvas._doc
    info = doc.info
    doc.info.producer = PRODUCER
    packet = xmp_packet(title=info.title, author=info.author, subject=info.subject,
                        keywords=info.keywords, creator=info.creator, when=when)
    catalog = doc.Catalog
    catalog.Metadata = _UnfilteredStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet.encode("utf-8"))
    for key in ("Metadata", "OutputIntents"):  # reportlab's catalog lists the keys it writes
        if key not in catalog.__NoDefault__:
            catalog.__NoDefault__ = [*catalog.__NoDefault__, key]

    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"),
        "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(ICC_NAME),
        "Info": PDFString(ICC_NAME),
        "DestOutputProfile": doc.Reference(profile),
    })
    catalog.OutputIntents = PDFArray([intent])
    doc._ID = b"\n[" + _hex_id(identifier) + _hex_id(identifier) + b"]\n"
