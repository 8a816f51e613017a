"""Benchmark `dossier` against raw WeasyPrint on the same HTML, at 1x, 4x and 16x the sample's size.

Usage: python bench/bench.py [--repeat N] [--sizes 1,4,16]
For each size, in one run with interleaved repetitions (so a machine slowing down affects
every measure alike), the median of: a whole-process `dossier build`; raw WeasyPrint
rendering the HTML that build emitted, with the same PDF options (the floor); their ratio;
`dossier check`; a no-op rebuild; the web edition alone (`--format html`, and its own stage
in-process); the peak memory of build and floor; and, with `dossier preview` running, an
edit to background.md until the refreshed page is served and until its PDF is rebuilt.
Then 100 personalised copies against one build. Writes build/bench.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import scale

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "kem-sokha"
# The floor: WeasyPrint alone, given the emitted HTML, the same fetcher and PDF/UA options.
RAW = (
    "import sys\n"
    "from weasyprint import HTML\n"
    "from dossier.render.resources import BASE_URL, SandboxFetcher\n"
    "from dossier.paths import STYLES\n"
    "from pathlib import Path\n"
    "f = SandboxFetcher(STYLES, Path(sys.argv[2]))\n"
    "html = Path(sys.argv[1]).read_text()\n"
    "HTML(string=html, base_url=BASE_URL, url_fetcher=f)"
    ".write_pdf(sys.argv[3], pdf_variant='pdf/ua-1', pdf_tags=True)\n"
)
# The web edition's own stage, in one process after the content is read and checked: the
# HTML cited, set and reshaped for a screen, its fonts cut down (what --format html adds).
WEB_STAGE = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from dossier.build import html_only\n"
    "from dossier.content.validate import check_folder\n"
    "from dossier.render.web import web_edition\n"
    "from dossier.verify.run import verify_checked\n"
    "folder = Path(sys.argv[1])\n"
    "dossier, _ = check_folder(folder)\n"
    "dossier = dossier.model_copy(update={'verified': verify_checked(folder, dossier).counts()})\n"
    "start = time.perf_counter()\n"
    "web_edition(html_only(dossier, folder), folder)\n"
    "print(time.perf_counter() - start)\n"
)
# Runs a command and prints the peak resident memory (KiB) of it and its children.
PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - start


def peak(command: list[str]) -> int:
    out = subprocess.run([sys.executable, "-c", PEAK, *command], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) // 1024  # MiB


def measure(folder: Path, scratch: Path, repeat: int, dossier: list[str]) -> dict[str, object]:
    out = scratch / f"{folder.name}.pdf"
    build = [*dossier, "build", str(folder), "-o", str(out), "--time-limit", "3600", "--force"]
    subprocess.run([*build, "--emit-html"], check=True, stdout=subprocess.DEVNULL)
    html = out.with_suffix(".layout.html")
    raw = [sys.executable, "-c", RAW, str(html), str(folder), str(scratch / "raw.pdf")]
    noop = [*dossier, "build", str(folder), "-o", str(out), "--time-limit", "3600"]
    web = [*build, "--format", "html"]
    times: dict[str, list[float]] = {
        "build": [],
        "raw_weasyprint": [],
        "check": [],
        "verify": [],
        "noop_rebuild": [],
        "web_edition": [],
        "web_stage": [],
    }
    for _ in range(repeat):
        times["build"].append(timed(build))
        times["raw_weasyprint"].append(timed(raw))
        times["check"].append(timed([*dossier, "check", str(folder)]))
        times["verify"].append(timed([*dossier, "verify", str(folder)]))
        times["noop_rebuild"].append(timed(noop))
        times["web_edition"].append(timed(web))
        stage = subprocess.run(
            [sys.executable, "-c", WEB_STAGE, str(folder)], check=True, capture_output=True
        )
        times["web_stage"].append(float(stage.stdout))
    medians = {name: statistics.median(values) for name, values in times.items()}
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    return {
        "median_seconds": medians,
        "build_to_raw_ratio": medians["build"] / medians["raw_weasyprint"],
        "peak_mib": {"build": peak(build), "raw_weasyprint": peak(raw)},
        "pages": int(
            next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "0")
        ),
        "samples": times,
    }


# The edit the preview is timed on: one phrase of the background, changed and changed back.
EDIT = ("the July 2018 elections", "the July 2018 general elections")


def preview(folder: Path, repeat: int, dossier: list[str]) -> dict[str, float]:
    """Median seconds from an edit saved to the refreshed briefing served (`html`, what the
    browser reloads) and to its PDF rebuilt (`pdf`), with `dossier preview` running."""
    process = subprocess.Popen(
        [*dossier, "preview", str(folder)], stdout=subprocess.PIPE, text=True, cwd=folder.parent
    )
    assert process.stdout is not None
    url = re.search(r"http://\S+/", process.stdout.readline())[0]  # type: ignore[index]
    news = _news(url)
    state = next(n for n in news if n["pdf"] and not n["laying_out"])  # the first PDF built
    background = folder / "background.md"
    html, pdf = [], []
    try:
        for i in range(repeat):
            old, new = EDIT if i % 2 == 0 else EDIT[::-1]
            background.write_text(background.read_text().replace(old, new, 1))
            start = time.perf_counter()
            state = next(n for n in news if n["html"] > state["html"])
            page = urllib.request.urlopen(url + "briefing").read().decode()
            html.append(time.perf_counter() - start)
            assert new in " ".join(page.replace("\u00a0", " ").split()), "the edit is not on the page"
            state = next(n for n in news if not n["laying_out"] and n["pdf"] != state["pdf"])
            pdf.append(time.perf_counter() - start)
            time.sleep(1.1)  # the PDF's time is to the second: the next one must differ
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    return {"html": statistics.median(html), "pdf": statistics.median(pdf)}


def _news(url: str) -> Iterator[dict[str, Any]]:
    """The preview's event stream, a message at a time."""
    stream = urllib.request.urlopen(url + "events")
    for line in stream:
        if line.startswith(b"data: "):
            yield json.loads(line[6:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1,4,16")
    args = parser.parse_args()
    dossier = [str(Path(sys.executable).with_name("dossier"))]
    results: dict[str, object] = {"command": "make bench", "repeat": args.repeat, "sizes": {}}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for k in (int(s) for s in args.sizes.split(",")):
            folder = scale(SAMPLE, scratch / f"x{k}" / "kem-sokha", k)
            repeat = args.repeat if k < 16 else max(1, args.repeat // 2)
            results["sizes"][f"{k}x"] = measure(folder, scratch, repeat, dossier)  # type: ignore[index]
            results["sizes"][f"{k}x"]["preview_seconds"] = preview(folder, max(3, repeat), dossier)  # type: ignore[index]
            print(f"measured {k}x", file=sys.stderr)
        copies = scratch / "copies"
        shutil.copytree(SAMPLE, copies / "kem-sokha")
        rows = ["name,title,parliament,email,language"]
        rows += [f"Member {i},Ms,Parliament {i},member{i}@parliament.example,en" for i in range(100)]
        (copies / "kem-sokha" / "recipients.csv").write_text("\n".join(rows) + "\n")
        runs = []
        for _ in range(max(1, args.repeat // 2)):
            shutil.rmtree(copies / "build", ignore_errors=True)
            runs.append(timed([*dossier, "distribute", "kem-sokha"], cwd=copies))
        one_build = results["sizes"]["1x"]["median_seconds"]["build"]  # type: ignore[index]
        results["copies_100"] = {
            "median_seconds": statistics.median(runs),
            "ratio_to_one_build": statistics.median(runs) / one_build,
            "samples": runs,
        }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench.json").write_text(json.dumps(results, indent=2))
    head = (
        f"{'size':>5} {'pages':>5} {'build s':>8} {'raw s':>8} {'ratio':>6} "
        f"{'check s':>8} {'verify s':>8} {'no-op s':>8} {'peak MiB':>9} "
        f"{'preview html/pdf s':>19} {'web s/stage':>12}"
    )
    print(head)
    for size, r in results["sizes"].items():  # type: ignore[attr-defined]
        m = r["median_seconds"]
        print(
            f"{size:>5} {r['pages']:>5} {m['build']:>8.2f} {m['raw_weasyprint']:>8.2f} "
            f"{r['build_to_raw_ratio']:>6.3f} {m['check']:>8.2f} {m['verify']:>8.2f} "
            f"{m['noop_rebuild']:>8.2f} "
            f"{r['peak_mib']['build']:>4}/{r['peak_mib']['raw_weasyprint']:<4} "
            f"{r['preview_seconds']['html']:>9.2f}/{r['preview_seconds']['pdf']:<9.2f} "
            f"{m['web_edition']:>6.2f}/{m['web_stage']:<5.2f}"
        )
    c = results["copies_100"]
    print(f"100 personalised copies: {c['median_seconds']:.2f} s = {c['ratio_to_one_build']:.2f} x one build")  # type: ignore[index]


if __name__ == "__main__":
    main()
