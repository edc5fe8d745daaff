"""Scaffold a new page: the page, its diagrams/ folder with a starter diagram, its nav entry.

    python scripts/new_page.py case-study "Fraud detection"
    python scripts/new_page.py concept "Graph neural networks"

The page starts as `status: draft` with every required heading and TODO markers, so it
passes every check at once; the linter lists the TODOs as warnings until they are gone.
Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import content  # noqa: E402
import lint  # noqa: E402

ROOT = content.ROOT
KINDS = {"case-study": "case-studies", "concept": "concepts"}


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def case_study_text(title: str, slug: str) -> str:
    sections = "\n".join(f"## {name}\n\nTODO: write this section.\n" for name in lint.CASE_STUDY_SECTIONS[:-1])
    return f"""---
title: {json.dumps(title, ensure_ascii=False)}
description: "TODO: one sentence, at most 160 characters, saying what this system does."
status: draft
tags: []
difficulty: intermediate
concepts: []
---

# {title}

!!! abstract "At a glance"
    | Aspect | Summary |
    |---|---|
    | **Problem** | TODO |
    | **ML framing** | TODO |
    | **Core models** | TODO |
    | **Key metrics** | TODO |
    | **Scale** | {{{{daily_users:bare}}}} daily users, {{{{peak_qps:QPS}}}} at peak (TODO: your numbers) |

{interview_text(slug)}
```diagram
case-studies/{slug}/architecture.mmd
```

Figure 1 is the high-level architecture. TODO: describe it.

{sections}
## Numbers

TODO: one sentence on what these numbers cover, then replace the example below with the
system's own (see the style guide, "Numbers").

```numbers
# Traffic
daily_users = 10e6  # TODO: assumption and its reason
requests_per_user = 5 / day  # TODO: assumption and its reason
peak_factor = 3  # busiest hour over the daily mean
peak_qps = daily_users * requests_per_user * peak_factor -> QPS
```

## References

TODO: numbered list of real sources, each with a working address.
"""


def interview_text(slug: str) -> str:
    """The skeleton of "The 45-minute version" (style guide, "The 45-minute version")."""
    rows = "\n".join(f"    | {slot} | TODO | TODO |" for slot in lint.INTERVIEW_SLOTS)
    return f"""??? abstract "{content.INTERVIEW_TITLE}"

    TODO: the spine of the answer in one or two sentences.

    | Minutes | Say | Draw or write |
    |---|---|---|
{rows}

    ```diagram
    case-studies/{slug}/whiteboard.mmd
    ```

    **Numbers worth saying.**

    - {{{{daily_users:bare}}}} daily users (TODO: the numbers a candidate says out loud)
    - {{{{requests_per_user:1/day:bare}}}} requests a user a day
    - {{{{peak_factor}}}}× from the daily mean to the busiest hour
    - {{{{peak_qps:QPS}}}} at peak
    - TODO: the latency or cost budget, the sizing result, the metric target ({{{{peak_qps:QPS}}}})

    **Follow-ups to expect.**

    1. **TODO: the push most likely for this system?** TODO: the answer in two lines.
    2. **TODO: the second?** TODO.
    3. **TODO: the third?** TODO.
"""


def concept_text(title: str, slug: str) -> str:
    return f"""---
title: {json.dumps(title, ensure_ascii=False)}
description: "TODO: one sentence, at most 160 characters, defining the concept."
status: draft
tags: []
search:
  boost: 2
---

# {title}

TODO: what it is and why systems need it, in two or three sentences.

```diagram
concepts/{slug}/architecture.mmd
```

Figure 1 shows where it sits in a system. TODO: describe it.

## How it works

TODO

## Trade-offs

TODO: a table: option · strengths · weaknesses · when to choose it.

## References

TODO: numbered list of real sources, each with a working address.
"""


STARTER_DIAGRAM = """flowchart LR
    accTitle: {title}: high-level architecture (starter — replace)
    accDescr: A starter diagram created with the page; replace it with the real architecture.
    user([User]):::actor --> api[Online service]:::online
    api --> model{{{{Model}}}}:::model
    logs[[Event log]]:::stream --> train[Training pipeline]:::offline
    train --> model
    api --> logs
"""


STARTER_SKETCH = """flowchart LR
    accTitle: {title}: the whiteboard sketch (starter — replace)
    accDescr: A starter sketch created with the page; replace it with the picture a candidate draws in minutes 10 to 15, at most 12 nodes.
    user([User]):::actor --> api[Service]:::online --> model{{{{Model}}}}:::model
    logs[[Logs]]:::stream --> train[Training]:::offline --> model
"""


def _group(lines: list[str], index: int) -> str | None:
    """The title of the nav group a line sits in (`- Generative AI:`), or None."""
    indent = len(lines[index]) - len(lines[index].lstrip())
    for line in reversed(lines[:index]):
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            match = re.match(r"^\s+- ([^:]+):\s*$", line)
            return match[1] if match else None
    return None


def add_nav_entry(config: Path, section_folder: str, src_uri: str) -> None:
    """Insert `- src_uri` after the last untitled nav entry of its section (an insertion,
    nothing replaced). Titled entries such as `- Diagram legend: concepts/diagram-legend.md`
    are reference pages kept at the end of a section, so a new page goes before them. A
    new page has no tags yet, so it is on the classic track: not in the section's
    "Generative AI" group (move it there when you tag it generative-ai)."""
    lines = config.read_text(encoding="utf-8").split("\n")
    entries = [i for i, line in enumerate(lines)
               if re.match(rf"^\s+- {section_folder}/(?!index\.md)", line)
               and _group(lines, i) != content.TRACKS["generative"]]
    entries = entries or [i for i, line in enumerate(lines) if re.match(rf"^\s+- {section_folder}/", line)]
    if not entries:
        raise SystemExit(f"{config.name}: no nav entries under {section_folder}/ to add the page after")
    last = entries[-1]
    indent = re.match(r"^(\s+)", lines[last])[1]
    lines.insert(last + 1, f"{indent}- {src_uri}")
    config.write_text("\n".join(lines), encoding="utf-8")


def create(kind: str, name: str, root: Path = ROOT) -> list[Path]:
    folder = KINDS[kind]
    slug = slugify(name)
    page = root / "docs" / folder / f"{slug}.md"
    diagram = root / "diagrams" / folder / slug / "architecture.mmd"
    sketch = diagram.with_name("whiteboard.mmd")
    for path in (page, diagram, sketch):
        if path.exists():
            raise SystemExit(f"{path.relative_to(root)} already exists — choose another name; "
                             "nothing was changed")
    text = case_study_text(name, slug) if kind == "case-study" else concept_text(name, slug)
    page.write_text(text, encoding="utf-8")
    diagram.parent.mkdir(parents=True, exist_ok=True)
    diagram.write_text(STARTER_DIAGRAM.format(title=name), encoding="utf-8")
    written = [page, diagram]
    if kind == "case-study":
        sketch.write_text(STARTER_SKETCH.format(title=name), encoding="utf-8")
        written.append(sketch)
    add_nav_entry(root / "mkdocs.yml", folder, f"{folder}/{slug}.md")
    return written + [root / "mkdocs.yml"]


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in KINDS or not argv[2].strip():
        print(__doc__, file=sys.stderr)
        return 2
    for path in create(argv[1], argv[2].strip()):
        print(f"wrote {path.relative_to(ROOT)}")
    print("next: make serve, then replace every TODO (make lint lists them)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
