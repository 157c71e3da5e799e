#!/usr/bin/env python3
"""Writes the ```csharp blocks of README.md's "Use from C#" and "Write your own rule" sections as files into a project
folder, so that the consumer test compiles exactly what the README shows (and fails when a snippet stops compiling)."""
import os
import re
import sys

SECTIONS = ("## Use from C#", "## Write your own rule")

readme, target = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
count = 0
for heading in SECTIONS:
    start = text.find("\n" + heading + "\n")
    if start < 0:
        sys.exit(f"README.md has no '{heading}' section")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end >= 0 else len(text)]
    blocks = re.findall(r"```csharp\n(.*?)```", section, re.S)
    if not blocks:
        sys.exit(f"README.md's '{heading}' section has no csharp block")
    for block in blocks:
        count += 1
        with open(os.path.join(target, f"ReadmeSnippet{count}.cs"), "w", encoding="utf-8") as f:
            f.write(block)
print(f"{count} README snippets")
