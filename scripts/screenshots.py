"""Screenshots of the built site in Debian's Chromium, for people to look at.

    python scripts/screenshots.py [SITE_DIR] [OUT_DIR] [PATH ...]

Serves SITE_DIR (default: site) on loopback and saves a desktop and a 375 px phone
screenshot of each PATH (default: home, a column, a document) into OUT_DIR.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEFAULT_PATHS = ["", "xxgk/", "xxgk/fdgk/xzqlyx/xzcfjg/", "xxgk/fdgk/zcfg/gfxwj/20260615-zhuti-zeren-guiding/"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(site: Path) -> ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "tests/artifacts/screenshots")
    paths = sys.argv[3:] or DEFAULT_PATHS
    out.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in (("desktop", {"width": 1280, "height": 900}),
                               ("phone", {"width": 375, "height": 800})):
            page = browser.new_page(viewport=viewport)
            for path in paths:
                page.goto(base + path)
                slug = path.strip("/").replace("/", "_") or "home"
                target = out / f"{slug}-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
