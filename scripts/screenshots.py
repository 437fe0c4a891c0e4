#!/usr/bin/env python3
"""Take the README's screenshots of the web view: the overview, a meeting and a person page.

Builds the seed articles into a store, serves it with `kg serve` on loopback, and photographs the
pages with headless Chromium (Debian's chromium and chromium-driver) into docs/images/.

    .venv/bin/python scripts/screenshots.py [--width 1100]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--out", default=str(REPO / "docs" / "images"))
    args = parser.parse_args(argv)
    from selenium import webdriver

    from kg.namespaces import DIP, ID
    from kg.store.embedded import open_store
    from kg.web.graph import GraphReader
    from web_servers import kg_serve

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        store = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "--no-cache", "-q", str(REPO / "seeds"),
                        "-o", str(Path(tmp) / "seeds.trig"), "--into", str(store)], check=True)
        reader = GraphReader(open_store(store, read_only=True))
        meeting = max((m.value for m in reader.subjects("type", DIP + "Meeting")),
                      key=lambda m: (len(reader.objects(m, DIP + "attendee")), m))
        person = max((p.value for p in reader.subjects("type", DIP + "Person")),
                     key=lambda p: (len(reader.subjects(DIP + "attendee", p)), len(reader.subjects(DIP + "speaker", p)), p))
        del reader
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in FLAGS + [f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={args.width},900"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options,
                                  service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")))
        try:
            with kg_serve(store) as served:
                base = served.base
                for name, path in (("overview", "/"), ("meeting", "/id/" + meeting[len(ID):]),
                                   ("person", "/id/" + person[len(ID):])):
                    driver.set_window_size(args.width, 900)
                    driver.get(base + path)
                    if name == "meeting":   # show the sentences behind the first attendee
                        driver.execute_script("document.querySelector('table.attendees details').open = true")
                    height = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(args.width, min(height, 2400))
                    driver.save_screenshot(str(out / f"{name}.png"))
                    print(f"{out / f'{name}.png'}: {base}{path}")
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
