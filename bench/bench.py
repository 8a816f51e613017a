"""Time `dossier build` against raw WeasyPrint rendering the same HTML, as whole processes.

Usage: python bench/bench.py [DOSSIER_DIR] [--repeat N]
Writes build/bench.json and prints a table. Repetitions are interleaved so that a
machine slowing down affects both sides alike; figures are medians.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "styles"
RAW = (
    "import sys; from weasyprint import HTML; "
    "HTML(filename=sys.argv[1], base_url=sys.argv[2]).write_pdf(sys.argv[3])"
)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(ROOT / "content" / "kem-sokha"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dossier = [str(Path(sys.executable).with_name("dossier"))]
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "briefing.pdf"
        subprocess.run(
            [*dossier, "build", args.folder, "-o", str(out), "--emit-html"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        html = out.with_suffix(".html")
        times: dict[str, list[float]] = {"build": [], "raw_weasyprint": [], "check": []}
        for _ in range(args.repeat):
            times["build"].append(
                timed([*dossier, "build", args.folder, "-o", str(out), "--time-limit", "3600"])
            )
            times["raw_weasyprint"].append(
                timed(
                    [sys.executable, "-c", RAW, str(html), str(STYLES) + "/", str(Path(scratch) / "raw.pdf")]
                )
            )
            times["check"].append(timed([*dossier, "check", args.folder]))
        # 100 personalised copies (dry run: stamped PDFs and .eml files), from a copy of
        # the dossier with 100 synthetic recipients, against one plain build.
        copies = Path(scratch) / "copies"
        shutil.copytree(args.folder, copies / Path(args.folder).name)
        rows = ["name,title,parliament,email,language"]
        rows += [f"Member {i},Ms,Parliament {i},member{i}@parliament.example,en" for i in range(100)]
        (copies / Path(args.folder).name / "recipients.csv").write_text("\n".join(rows) + "\n")
        times["distribute_100"] = []
        for _ in range(max(1, args.repeat // 2)):
            shutil.rmtree(copies / "build", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run(
                [*dossier, "distribute", Path(args.folder).name],
                cwd=copies,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            times["distribute_100"].append(time.perf_counter() - start)
        medians = {name: statistics.median(values) for name, values in times.items()}
    result = {
        "folder": args.folder,
        "repeat": args.repeat,
        "median_seconds": medians,
        "build_to_raw_ratio": medians["build"] / medians["raw_weasyprint"],
        "copies_100_to_build_ratio": medians["distribute_100"] / medians["build"],
        "samples": times,
    }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.json").write_text(json.dumps(result, indent=2))
    print(f"{'measure':<28}{'median s':>10}")
    for name, value in medians.items():
        print(f"{name:<28}{value:>10.3f}")
    print(f"{'build / raw WeasyPrint':<28}{result['build_to_raw_ratio']:>10.3f}")
    print(f"{'100 copies / one build':<28}{result['copies_100_to_build_ratio']:>10.3f}")


if __name__ == "__main__":
    main()
