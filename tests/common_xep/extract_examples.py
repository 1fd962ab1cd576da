#!/usr/bin/env python3
"""Extracts the XML examples of the XEPs implemented in src/stanza/xep/ into
tests/data/xep-NNNN/exampleN.xml.

Examples are numbered in document order, as xmpp.org renders them ("Example
N."). Only examples that are well-formed XML and hold at least one element in
a namespace implemented by src/stanza/xep/ are kept; each file starts with a
comment naming the XEP, the example number and its caption.

Usage: python3 tests/common_xep/extract_examples.py /path/to/specs/xeps
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

XEPS = ["0004", "0030", "0045", "0054", "0059", "0085", "0092", "0115", "0172",
        "0184", "0191", "0198", "0199", "0202", "0203", "0280", "0297", "0308",
        "0313", "0333", "0334", "0352", "0359", "0363", "0424", "0425"]

NAMESPACES = {
    "jabber:x:data",
    "http://jabber.org/protocol/disco#info",
    "http://jabber.org/protocol/disco#items",
    "http://jabber.org/protocol/muc",
    "http://jabber.org/protocol/muc#user",
    "http://jabber.org/protocol/muc#admin",
    "http://jabber.org/protocol/muc#owner",
    "vcard-temp",
    "http://jabber.org/protocol/rsm",
    "http://jabber.org/protocol/chatstates",
    "jabber:iq:version",
    "http://jabber.org/protocol/caps",
    "http://jabber.org/protocol/nick",
    "urn:xmpp:receipts",
    "urn:xmpp:blocking",
    "urn:xmpp:blocking:errors",
    "urn:xmpp:sm:3",
    "urn:xmpp:ping",
    "urn:xmpp:time",
    "urn:xmpp:delay",
    "urn:xmpp:carbons:2",
    "urn:xmpp:forward:0",
    "urn:xmpp:message-correct:0",
    "urn:xmpp:mam:2",
    "urn:xmpp:chat-markers:0",
    "urn:xmpp:hints",
    "urn:xmpp:csi:0",
    "urn:xmpp:sid:0",
    "urn:xmpp:http:upload:0",
    "urn:xmpp:message-retract:1",
    "urn:xmpp:message-moderate:1",
}

EXAMPLE = re.compile(r"<example\s+caption=(['\"])(.*?)\1\s*>\s*<!\[CDATA\[(.*?)\]\]>\s*</example>", re.S)
ANY_EXAMPLE = re.compile(r"<example[\s>]")


def namespaces(root):
    for el in root.iter():
        if el.tag.startswith("{"):
            yield el.tag[1:].split("}")[0]


def main(src):
    out_root = os.path.join(os.path.dirname(__file__), "..", "data")
    for xep in XEPS:
        text = open(os.path.join(src, f"xep-{xep}.xml"), encoding="utf-8").read()
        # Number every <example>, including any this regex cannot read.
        starts = [m.start() for m in ANY_EXAMPLE.finditer(text)]
        kept = 0
        for m in EXAMPLE.finditer(text):
            number = starts.index(m.start()) + 1
            caption = " ".join(m.group(2).split())
            body = m.group(3).strip()
            try:
                root = ET.fromstring(body)
            except ET.ParseError:
                continue
            if not any(ns in NAMESPACES for ns in namespaces(root)):
                continue
            d = os.path.join(out_root, f"xep-{xep}")
            os.makedirs(d, exist_ok=True)
            caption = caption.replace("--", "-")
            with open(os.path.join(d, f"example{number}.xml"), "w", encoding="utf-8") as f:
                f.write(f"<!-- XEP-{xep} Example {number}: {caption} -->\n{body}\n")
            kept += 1
        print(f"XEP-{xep}: kept {kept} of {len(starts)} examples")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/specs/xeps")
