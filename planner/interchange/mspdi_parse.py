"""Parsing an MS Project XML file, which is untrusted: through ``defusedxml`` (no DTD,
no entities, no external references), every problem one PlanError line naming the
file, and fast enough for tens of thousands of tasks.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml.ElementTree as DET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from planner.domain.errors import PlanError
from planner.domain.text import one_line, quoted
from planner.interchange.mspdi_format import NAMESPACE

__all__ = ["parse_document", "parse_project"]


def parse_project(data: bytes, name: str) -> tuple[ET.Element, str]:
    """The ``Project`` element of the document and its namespace prefix ("namespace}",
    or "" for a file without one). Raises PlanError naming the file for a file that is
    not well-formed XML, holds a DTD or entities, or is not an MS Project XML document."""
    root = parse_document(data, name)
    ns = root.tag[: root.tag.index("}") + 1] if "}" in root.tag else ""
    if root.tag[len(ns) :] != "Project" or ns.strip("{}") not in ("", NAMESPACE):
        what = f"<{root.tag[len(ns) :]}>" + (f" of {ns.strip('{}')}" if ns else "")
        raise PlanError(
            f"{name}: not an MS Project XML file (its root is {quoted(what)},"
            " not MS Project's <Project>)"
        )
    return root, ns


def parse_document(data: bytes, name: str) -> ET.Element:
    """The document's root, its tags "namespace}Name" (see ``_parser``). Raises
    PlanError naming the file and the problem."""
    try:
        parser = _parser()
        parser.feed(data)
        root: ET.Element = parser.close()
    except DTDForbidden:
        raise PlanError(
            f"{name}: refused: the XML has a document type declaration (DTD), which"
            " MS Project XML never has"
        ) from None
    except EntitiesForbidden:
        raise PlanError(f"{name}: refused: the XML declares entities") from None
    except ExternalReferenceForbidden:
        raise PlanError(f"{name}: refused: the XML refers to an external entity") from None
    except ET.ParseError as e:
        raise PlanError(f"{name}: not well-formed XML ({e})") from None
    except (ValueError, LookupError) as e:  # e.g. an encoding Python does not know
        raise PlanError(f"{name}: the XML can't be read ({one_line(str(e))[:80]})") from None
    return root


def _parser() -> DET.XMLParser:
    """defusedxml's parser (no DTD, no entities, no external references) building the
    tree with ElementTree's own builder. That parser hands every start and end tag to
    the builder through a Python method, the better part of reading a large file; here
    its expat parser hands them to the builder's C methods directly (a 10,000-task file
    parses in two thirds of the time). The guards are expat handlers of their own, left
    as they are; tags then come as "namespace}Name", without the "{" (and as
    "{namespace}Name" should the parser have no expat parser to reach)."""
    builder = ET.TreeBuilder()
    parser = DET.XMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    expat = getattr(parser, "parser", None)
    if expat is not None and hasattr(expat, "StartElementHandler"):
        expat.ordered_attributes = False  # attributes as the dict the builder takes
        expat.StartElementHandler = builder.start
        expat.EndElementHandler = builder.end
    return parser
