"""Size, first paint and drill-down time of a dashboard.html in headless Chromium (issue 14).

    python benchmarks/dashboard.py reports/2020-06/dashboard.html
    python benchmarks/dashboard.py --workspace national/      # runs `tracker report` first

The budget of the issue, on the national workspace (3,356 areas x 40 indicators):
at most 25 MB, a first paint within 3 s, a drill-down click within 200 ms.
First paint is Chromium's first-contentful-paint of a fresh page (median of
`--loads` loads). A click is timed from the click to the next animation frame
after the page has drawn the new level: a click on a child area in an
indicator's table, going down level by level to a leaf, for `--clicks` paths;
the first click into an area parses that area's data block, so it is timed too.

Needs Playwright for Python and a Chromium (`--chromium`, default /usr/bin/chromium).
Exit status 1 when a figure is over its budget.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 10**6
BUDGET = {"size": 25 * MB, "first_paint": 3.0, "click": 0.2}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Click the `nth` area link of the children table and resolve, one frame after the new level is
# drawn, with the milliseconds it took (the page re-renders on hashchange).
_CLICK = """async (nth) => {
  const links = document.querySelectorAll("#children tbody button");
  if (!links.length) return null;
  const link = links[nth % links.length];
  const start = performance.now();
  return await new Promise((done) => {
    const drawn = () => requestAnimationFrame(() => done(performance.now() - start));
    window.addEventListener("hashchange", drawn, { once: true });
    link.click();
  });
}"""


def report(workspace: Path, out: Path) -> Path:
    """Run `tracker report` on `workspace` into `out`; the dashboard's path."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "tracker", "report", "-w", str(workspace), "--out", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    print(f"tracker report: {time.perf_counter() - started:.1f} s")
    return out / "dashboard.html"


def measure(html: Path, chromium: str, loads: int, clicks: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    url = html.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        paints = []
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            page.wait_for_selector("#overview")
            paint = page.evaluate(
                "performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0]"
            )
            paints.append(paint / 1000)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        first = page.evaluate("document.querySelector('#overview li[data-indicator]').dataset.indicator")
        times = []
        for path in range(clicks):
            page.goto(f"{url}#indicator={first}")
            page.wait_for_selector("#children")
            depth = 0
            while True:
                took = page.evaluate(_CLICK, path * 7 + depth)
                if took is None:
                    break
                times.append(took / 1000)
                depth += 1
        browser.close()
    return {
        "size": html.stat().st_size,
        "first_paint": statistics.median(paints),
        "first_paint_max": max(paints),
        "click": max(times),
        "click_median": statistics.median(times),
        "clicks": len(times),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("html", nargs="?", type=Path, help="a dashboard.html to measure")
    parser.add_argument("--workspace", type=Path, help="run `tracker report` on this workspace first")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the Chromium to drive")
    parser.add_argument("--loads", type=int, default=3, help="page loads for the first paint (median)")
    parser.add_argument("--clicks", type=int, default=5, help="drill-down paths, root to leaf")
    args = parser.parse_args(argv)
    if (args.html is None) == (args.workspace is None):
        parser.error("give a dashboard.html or --workspace DIR (one of the two)")
    with tempfile.TemporaryDirectory() as scratch:
        html = args.html or report(args.workspace, Path(scratch) / "report")
        figures = measure(html, args.chromium, args.loads, args.clicks)
    print(f"size:        {figures['size'] / MB:.1f} MB (budget {BUDGET['size'] / MB:.0f} MB)")
    print(
        f"first paint: {figures['first_paint']:.2f} s median of {args.loads}, "
        f"{figures['first_paint_max']:.2f} s slowest (budget {BUDGET['first_paint']:.0f} s)"
    )
    print(
        f"click:       {figures['click'] * 1000:.0f} ms slowest, "
        f"{figures['click_median'] * 1000:.0f} ms median of {figures['clicks']} drill-down clicks "
        f"(budget {BUDGET['click'] * 1000:.0f} ms)"
    )
    over = [name for name, limit in BUDGET.items() if figures[name] > limit]
    if over:
        print(f"over budget: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
