#!/usr/bin/env python3
"""Writes the feed and JSON files of this corpus the way the publishing code they imitate
writes them (see README.md here). Python 3 standard library only; run from anywhere:

    python3 tests/corpus/make-feeds.py
"""
import json
import os
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))

EPISODES = [
    ("ep-3", "Episode 3: Chapters", "Tue, 05 Mar 2024 06:00:00 +0000",
     [("00:00:00.000", "Intro"), ("00:04:12.500", "Listener mail"), ("00:31:40.000", "Outro")]),
    ("ep-2", "Episode 2: Feeds & namespaces", "Tue, 20 Feb 2024 06:00:00 +0000",
     [("00:00:00.000", "Intro"), ("00:10:00.000", "Namespaces")]),
    ("ep-1", "Episode 1: Hello", "Tue, 06 Feb 2024 06:00:00 +0000", []),
]

# 1. ElementTree with the namespace map of a Python feed server: https and a trailing slash.
NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "psc": "https://podlove.org/simple-chapters/",
    "podcast": "https://podcastindex.org/namespace/1.0",
}
for prefix, uri in NAMESPACES.items():
    ET.register_namespace(prefix, uri)
rss = ET.Element("rss", {"version": "2.0"})
channel = ET.SubElement(rss, "channel")
ET.SubElement(channel, "title").text = "Feed Test Show"
for guid, title, date, chapters in EPISODES:
    item = ET.SubElement(channel, "item")
    ET.SubElement(item, "title").text = title
    ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = guid
    ET.SubElement(item, "pubDate").text = date
    if chapters:
        block = ET.SubElement(item, "{%s}chapters" % NAMESPACES["psc"], {"version": "1.2"})
        for start, name in chapters:
            ET.SubElement(block, "{%s}chapter" % NAMESPACES["psc"], {"start": start, "title": name})
ET.indent(rss)
ET.ElementTree(rss).write(os.path.join(HERE, "feed-elementtree-https.xml"), encoding="utf-8", xml_declaration=True)

# 2. A string template, as JavaScript feed builders write it: http and a trailing slash.
def item_xml(guid, title, date, chapters):
    block = ""
    if chapters:
        lines = "".join(f'\n        <psc:chapter start="{s}" title="{n}" />' for s, n in chapters)
        block = f'\n      <psc:chapters version="1.2">{lines}\n      </psc:chapters>'
    title = title.replace("&", "&amp;")
    return f"""
    <item>
      <title>{title}</title>
      <guid isPermaLink="false">{guid}</guid>
      <pubDate>{date}</pubDate>{block}
    </item>"""

feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:spotify="http://www.spotify.com/ns/rss"
     xmlns:psc="http://podlove.org/simple-chapters/"
     xmlns:atom="http://www.w3.org/2005/Atom"
     version="2.0">
  <channel>
    <title>Feed Test Show</title>{"".join(item_xml(*e) for e in EPISODES)}
  </channel>
</rss>
"""
with open(os.path.join(HERE, "feed-template-trailing-slash.xml"), "w", encoding="utf-8") as f:
    f.write(feed)

# 3. Podcasting 2.0 JSON chapters with the times as strings (str() of a number).
chapters = {"version": "1.2.0", "chapters": [
    {"startTime": str(0), "title": "Intro"},
    {"startTime": str(252.5), "title": "Listener mail"},
    {"startTime": str(1900), "endTime": str(1990), "title": "Outro"},
]}
with open(os.path.join(HERE, "chapters-string-times.json"), "w", encoding="utf-8") as f:
    json.dump(chapters, f, indent=2)
    f.write("\n")
