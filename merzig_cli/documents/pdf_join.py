"""Join tagged PDFs (PDF/UA-1) into one, with one structure tree in reading order.

A long document is laid out in parts on several cores (WeasyPrint uses one),
each part a tagged PDF of its own. Joining pages alone (as pypdf does) loses
what makes a PDF accessible; here, with pikepdf (qpdf), the first part is
the base and every further part brings along

* its pages, whose keys into the structure tree (``/StructParents`` of a
  page, ``/StructParent`` of an annotation) move past the keys already used,
  with the entries of its ``/ParentTree`` moved the same way;
* the children of its ``Document`` element, appended to the base's one, so
  the tree reads front to back as the parts do;
* its named destinations and bookmarks, pointing at the joined pages.

A link between parts is written by the part as an address ``LINK_SCHEME`` +
anchor (WeasyPrint drops an internal link whose anchor is in another part)
and becomes an internal link to the named destination here. Page numbers of
the later parts come as *stamps*: pages laid out with nothing but the page
number, drawn over the part's pages as an artifact (no tag, no reading order).
The same parts give the same bytes: the file ID is derived from the content.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# A part's link to an anchor that may lie in another part (see the module docstring).
LINK_SCHEME = "merzig-part:"
NAME = "/MerzigStamp"  # of a stamp in its page's resources


@dataclass(frozen=True)
class Part:
    """A tagged PDF to join.

    ``levels``: the levels of its bookmarks in order, where the part's own outline
    cannot tell them (a part that goes on with a chapter the one before began has its
    sections at the top); without, an item's depth is its level. ``tables``: the part
    has header cells, whose IDs (WeasyPrint makes them from object numbers, which start
    anew in every part) are made unique.
    """

    pdf: bytes
    levels: Sequence[int] | None = None
    tables: bool = False


def join_tagged(parts: Sequence[Part], stamps: Sequence[tuple[int, bytes]] = ()) -> bytes:
    """One tagged PDF of ``parts`` in their order; ``stamps`` are (first page index, PDF).

    The stamp PDF's page *i* is drawn over the joined page ``first + i``; a stamp
    longer than the pages it is meant for is refused (:class:`ValueError`).
    """
    import contextlib

    import pikepdf

    with contextlib.ExitStack() as opened:
        base = opened.enter_context(pikepdf.open(io.BytesIO(parts[0].pdf)))
        tree = base.Root.StructTreeRoot
        document = tree.K[0]
        entries = _entries(tree)
        next_key = max(entries, default=-1) + 1
        dests: dict[bytes, Any] = {}
        outline: list[tuple[int, Any]] = []
        _collect(base, base, parts[0].levels, dests, outline)
        for number, given in enumerate(parts[1:], start=1):
            part = opened.enter_context(pikepdf.open(io.BytesIO(given.pdf)))
            if given.tables:
                _unique_ids(part, f"p{number}-")
            first = len(base.pages)
            base.pages.extend(part.pages)
            part_tree = part.Root.StructTreeRoot
            part_document = part_tree.K[0]
            del part_document["/P"]  # the copy stops at the part's Document element
            part_entries = _entries(part_tree)
            values = pikepdf.Array(list(part_entries.values()))
            bundle = part.make_indirect(pikepdf.Array([part_document, values]))
            copied_document, copied_values = base.copy_foreign(bundle)
            for page in base.pages[first:]:
                _shift(page.obj, "/StructParents", next_key)
                for annotation in page.obj.get("/Annots", ()):
                    _shift(annotation, "/StructParent", next_key)
            for kid in copied_document.K:
                kid.P = document
                document.K.append(kid)
            copied_document.K = pikepdf.Array()  # a margin element may still name it
            copied_document.P = tree
            for key, value in zip(part_entries, copied_values, strict=True):
                entries[key + next_key] = value
            next_key += max(part_entries, default=-1) + 1
            _collect(base, part, given.levels, dests, outline)
        flat: list[Any] = []
        for key in sorted(entries):
            flat.extend((key, entries[key]))
        tree.ParentTree = base.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(flat)))
        tree.ParentTreeNextKey = next_key
        _link_parts(base, dests)
        _write_dests(base, dests)
        _write_outline(base, outline)
        for first, data in stamps:
            _stamp(base, opened.enter_context(pikepdf.open(io.BytesIO(data))), first)
        out = io.BytesIO()
        base.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _entries(tree: Any) -> dict[int, Any]:
    """The parent tree of a structure tree as key -> value, flat or with /Kids alike."""
    import pikepdf

    return {int(key): value for key, value in pikepdf.NumberTree(tree.ParentTree).items()}


def _shift(obj: Any, key: str, by: int) -> None:
    if key in obj:
        obj[key] = int(obj[key]) + by


def _unique_ids(pdf: Any, prefix: str) -> None:
    """Header cell IDs and the cells' references to them, with ``prefix`` in front."""
    import pikepdf

    def renamed(value: Any) -> Any:
        return pikepdf.String(prefix.encode("ascii") + bytes(value))

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/StructElem":
            continue
        if "/ID" in obj:
            obj.ID = renamed(obj.ID)
        attributes = obj.get("/A")
        for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(attribute, pikepdf.Dictionary) and "/Headers" in attribute:
                attribute.Headers = pikepdf.Array([renamed(h) for h in attribute.Headers])


def _collect(
    base: Any,
    pdf: Any,
    levels: Sequence[int] | None,
    dests: dict[bytes, Any],
    outline: list[tuple[int, Any]],
) -> None:
    """The named destinations (first name wins) and the bookmarks with their levels of
    ``pdf``, copied into ``base``."""
    import pikepdf

    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        for name, dest in pikepdf.NameTree(names.Dests).items():
            key = name.encode("utf-8") if isinstance(name, str) else bytes(name)
            if key not in dests:
                dests[key] = dest if pdf is base else base.copy_foreign(_indirect(pdf, dest))
    with pdf.open_outline() as source:
        items = list(_flat(source.root, 1))
    if levels is not None and len(levels) == len(items):
        items = [(level, item) for level, (_depth, item) in zip(levels, items, strict=True)]
    for level, item in items:
        dest = item.destination
        if dest is not None and pdf is not base:
            dest = base.copy_foreign(_indirect(pdf, dest))
        copy = pikepdf.OutlineItem(item.title, dest)
        copy.is_closed = item.is_closed
        outline.append((level, copy))


def _flat(items: list[Any], depth: int) -> Any:
    for item in items:
        yield depth, item
        yield from _flat(item.children, depth + 1)


def _indirect(pdf: Any, obj: Any) -> Any:
    return obj if obj.is_indirect else pdf.make_indirect(obj)


def _link_parts(base: Any, dests: dict[bytes, Any]) -> None:
    """Links written as ``LINK_SCHEME`` + anchor become internal links (or inert, no anchor)."""
    import pikepdf

    prefix = LINK_SCHEME.encode("ascii")
    for page in base.pages:
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            if action is None or action.get("/S") != pikepdf.Name.URI:
                continue
            uri = bytes(action.URI)
            if not uri.startswith(prefix):
                continue
            name = uri[len(prefix) :]
            del annotation["/A"]
            annotation.Contents = pikepdf.String(name)
            if name in dests:
                annotation.Dest = pikepdf.String(name)


def _write_dests(base: Any, dests: dict[bytes, Any]) -> None:
    import pikepdf

    pairs: list[Any] = []
    for name in sorted(dests):
        pairs.extend((pikepdf.String(name), dests[name]))
    names = base.Root.get("/Names")
    if names is None:
        names = base.Root.Names = pikepdf.Dictionary()
    names.Dests = base.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(pairs)))


def _write_outline(base: Any, items: list[tuple[int, Any]]) -> None:
    """The bookmarks nested by their levels: an item goes under the last one of a lower level."""
    with base.open_outline() as outline:
        outline.root.clear()
        open_: list[tuple[int, Any]] = []  # the chain of items the next one may go under
        for level, item in items:
            while open_ and open_[-1][0] >= level:
                open_.pop()
            (open_[-1][1].children if open_ else outline.root).append(item)
            open_.append((level, item))


def _stamp(base: Any, stamp: Any, first: int) -> None:
    """Draw each page of ``stamp`` over a page of ``base`` from ``first``, as an artifact.

    WeasyPrint's pages share one resource dictionary: each stamped page gets its own
    copy, so that its stamp is not another page's.
    """
    import pikepdf

    if first + len(stamp.pages) > len(base.pages):
        raise ValueError(f"stamp of {len(stamp.pages)} pages from page {first + 1} is too long")
    for i, source in enumerate(stamp.pages):
        form = base.copy_foreign(source.as_form_xobject())
        page = base.pages[first + i].obj
        resources = pikepdf.Dictionary(dict(page.get("/Resources", {}).items()))
        forms = resources.get("/XObject")
        resources.XObject = pikepdf.Dictionary({**dict(forms.items() if forms else ()), NAME: form})
        page.Resources = resources
        wrapped = pikepdf.Page(page)
        wrapped.contents_add(b"q\n", prepend=True)
        wrapped.contents_add(b"Q\n/Artifact BMC q " + NAME.encode("ascii") + b" Do Q EMC\n")
