"""Screenshot an HTML page with Playwright driving Debian's Chromium (never a downloaded browser).

    python -m unspin.training.compare.screenshot page.html out.png [--width 1500] [--height 1800]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1500)
    parser.add_argument("--height", type=int, default=1800)
    parser.add_argument("--selector", help="screenshot this element only")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": args.width, "height": args.height}, java_script_enabled=False)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(args.page.resolve().as_uri())
        if args.selector:
            page.locator(args.selector).screenshot(path=str(args.out))
        else:
            page.screenshot(path=str(args.out), full_page=False)
        browser.close()


if __name__ == "__main__":
    main()
