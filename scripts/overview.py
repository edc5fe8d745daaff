"""Generated diagrams: the ones that would drift if drawn by hand.

Each is built from the page model (front matter) or from diagrams/classes.yml and
referenced from a page like any other diagram, under the name `generated/<name>.mmd`:

    ```diagram
    generated/case-study-map.mmd
    ```

They are validated and pre-rendered with the hand-written ones (scripts/diagrams.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import content

PREFIX = "generated/"
SOURCE = Path(__file__).resolve()


def generate(pages: list, classes: dict) -> dict[str, str]:
    """Every generated diagram, by name."""
    return {
        PREFIX + "legend.mmd": legend(classes),
        PREFIX + "case-study-map.mmd": case_study_map(pages),
    }


def _quote(text: str) -> str:
    return '"' + str(text).replace('"', "'") + '"'


def _node(node_id: str, shape: str, text: str, css_class: str) -> str:
    """A node drawn in the shape of a sample such as '([User])', with other text."""
    opening, _, closing = re.match(r"^(\W+)(.*?)(\W+)$", shape).groups()
    return f"    {node_id}{opening}{_quote(text)}{closing}:::{css_class}"


def legend(classes: dict) -> str:
    lines = [
        "flowchart LR",
        "    accTitle: Diagram legend",
        "    accDescr: The shared node classes of every diagram in this guide, each drawn "
        "in its shape and colour with its name and meaning.",
    ]
    names = list(classes)
    for name in names:
        lines.append(_node(name, classes[name]["shape"], f"{name}: {classes[name]['label']}", name))
    # Invisible links chain the classes into rows of four, so the legend is a compact grid.
    for row in range(0, len(names), 4):
        lines.append("    " + " ~~~ ".join(names[row:row + 4]))
    return "\n".join(lines) + "\n"


def topic_tags(page) -> list[str]:
    """A case study's tags without the track tag, which its column already shows."""
    return [tag for tag in page.meta.get("tags", []) if tag != content.GENERATIVE_TAG]


def case_study_map(pages: list) -> str:
    """Case studies linked to the topic tags of their front matter, one column per track.

    Classic case studies sit left of the tags and generative ones right of them: links
    are drawn from classic study to tag and from tag to generative study, so the layout
    ranks them in three columns and the tags the tracks share sit between them.
    """
    studies = [p for p in pages if p.kind == "case study"]
    lines = [
        "flowchart LR",
        "    accTitle: Case studies and the topics they exercise",
        "    accDescr: Each case study in this guide, linked to the topic tags in its "
        "front matter, classic ML systems on the left and generative AI systems on the "
        "right; generated from the pages, so it never drifts.",
    ]
    if not studies:
        lines.append('    empty(["No case studies yet"]):::actor')
        return "\n".join(lines) + "\n"
    tags = sorted({tag for page in studies for tag in topic_tags(page)})
    if len(studies) + len(tags) > 25:
        lines.append(f"    %% max-nodes: {len(studies) + len(tags)} — generated: one node per "
                     "case study and per tag")
    for track, label in content.TRACKS.items():
        members = [index for index, page in enumerate(studies) if page.track == track]
        if members:
            lines.append(f"    subgraph {track}[{_quote(label)}]")
            lines += [f"        cs{index}[{_quote(studies[index].title)}]:::online" for index in members]
            lines.append("    end")
    for index, tag in enumerate(tags):
        lines.append(f"    tag{index}([{_quote(tag)}]):::data")
    for index, page in enumerate(studies):
        for tag in topic_tags(page):
            pair = (f"cs{index}", f"tag{tags.index(tag)}")
            lines.append("    {} --- {}".format(*(pair[::-1] if page.track == "generative" else pair)))
    return "\n".join(lines) + "\n"
