"""Turn the sample dossier into a synthetic one k times its size (events, positions, citations, sources).

Every source is copied k times under new keys, every event k times on its own date (so the
order holds), every position and background paragraph k times citing the copies.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

from ruamel.yaml import YAML


def scale(sample: Path, target: Path, k: int) -> Path:
    shutil.copytree(sample, target)
    if k == 1:
        return target
    suffix = [""] + [f"x{i}" for i in range(1, k)]
    keys = re.findall(r"@\w+\{([^,]+),", (sample / "sources.bib").read_text())

    def retarget(text: str, s: str) -> str:
        for key in keys:
            text = re.sub(rf"@{key}\b", f"@{key}{s}", text)
        return text

    bib = (sample / "sources.bib").read_text()
    blocks = [bib]
    for s in suffix[1:]:
        block = bib
        for key in keys:
            block = block.replace(f"{{{key},", f"{{{key}{s},")
        blocks.append(re.sub(r"title\s*=\s*\{", f"title = {{[{s}] ", block))
    (target / "sources.bib").write_text("\n".join(blocks))
    # Each copy of a source keeps its text too, so that `verify` reads k times as much.
    for key in keys:
        kept = sample / "sources" / f"{key}.txt"
        if kept.is_file():
            for s in suffix[1:]:
                shutil.copyfile(kept, target / "sources" / f"{key}{s}.txt")

    yaml = YAML(typ="rt")
    events = yaml.load((sample / "events.yaml").read_text())
    scaled = []
    for event in events:
        for s in suffix:
            item = copy.deepcopy(dict(event))
            item["id"] = f"{event['id']}{s}"
            item["text"] = retarget(str(event["text"]), s)
            item["sources"] = [f"{key}{s}" for key in event["sources"]]
            scaled.append(item)
    with (target / "events.yaml").open("w") as stream:
        yaml.dump(scaled, stream)

    positions = yaml.load((sample / "positions.yaml").read_text())
    scaled = []
    for position in positions:
        for s in suffix:
            item = copy.deepcopy(dict(position))
            item["id"] = f"{position['id']}{s}"
            item["sources"] = [f"{key}{s}" for key in position["sources"]]
            if position.get("quote"):
                item["quote"] = {**position["quote"], "source": f"{position['quote']['source']}{s}"}
            scaled.append(item)
    with (target / "positions.yaml").open("w") as stream:
        yaml.dump(scaled, stream)

    background = (sample / "background.md").read_text()
    (target / "background.md").write_text("\n\n".join(retarget(background, s) for s in suffix))
    return target
