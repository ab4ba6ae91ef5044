"""The ribbon of the add-in (customUI XML), generated from the action registry.

One tab, 客户数据 / xlcrm, with a group per :data:`xlcrm.actions.registry.GROUPS` entry that has
ribbon actions, and one large button per action. Every button calls the same VBA
callback, :data:`CALLBACK`, which passes the button's ``tag`` (the action name) to Python.
Labels follow ``language``; the screentip is the label and the supertip says what the
button does. Office 2010+ schema (2009/07 namespace), stored as ``customUI/customUI14.xml``.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from xlcrm.actions.registry import GROUPS, Action
from xlcrm.excel.ribbon.tags import ribbon_actions
from xlcrm.text import LANGUAGES, Text

NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
PART_NAME = "customUI/customUI14.xml"
RELATIONSHIP_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CONTENT_TYPE = "application/xml"  # customUI parts use the package's default for .xml
CALLBACK = "XlcrmDispatch"
TAB_LABEL = Text("客户数据", "xlcrm")
_MAX_TEXT = 1024  # the schema's limit for label, screentip, supertip and tag


def control_id(name: str) -> str:
    """An xsd:ID for a ribbon control made from a registry name."""
    return "xlcrm_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def build_customui(language: str = "zh", registry: list[Action[Any]] | None = None) -> bytes:
    """The customUI14.xml part, UTF-8, with labels in ``language`` ("zh" or "en")."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be zh or en, not {language!r}")
    buttons = ribbon_actions() if registry is None else registry
    ns = f"{{{NAMESPACE}}}"
    root = etree.Element(ns + "customUI", nsmap={None: NAMESPACE})
    tabs = etree.SubElement(etree.SubElement(root, ns + "ribbon"), ns + "tabs")
    tab = etree.SubElement(tabs, ns + "tab", id="xlcrm_tab", label=TAB_LABEL(language))
    for group_key, group_label in GROUPS.items():
        members = [a for a in buttons if a.group == group_key]
        if not members:
            continue
        group = etree.SubElement(
            tab, ns + "group", id=control_id("group_" + group_key), label=group_label(language)
        )
        for action in members:
            label = action.label(language)
            etree.SubElement(
                group,
                ns + "button",
                id=control_id(action.name),
                label=_clip(label),
                imageMso=action.image_mso,
                size="large",
                screentip=_clip(label),
                supertip=_clip(action.help(language) or label),
                onAction=CALLBACK,
                tag=action.name,
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clip(text: str) -> str:
    return text[:_MAX_TEXT]
