"""The web view in a real browser: headless Chromium driven by Selenium, as a person would use it.

Open the overview, find a seed meeting with the search box, open it, read its attendees and a
statement and the marked evidence, follow a person, and look at the network drawing and a
screenshot. Debian's chromium and chromium-driver are installed by tests/browser_setup.sh.
"""
from __future__ import annotations

import io
import shutil

import pytest

from kg.namespaces import DIP

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="no headless browser: Debian's chromium and chromium-driver are not installed "
           "(tests/browser_setup.sh installs them when run as root with apt-get)")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                  "--window-size=1200,1600"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def ink(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels unlike the most common colour) of a PNG screenshot."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24)
    background = max(colours)[0]
    total = image.width * image.height
    return len(colours), 1 - background / total


def test_find_a_meeting_read_it_follow_a_person_and_see_the_network(browser, served, reader):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    meeting = max((m.value for m in reader.subjects("type", DIP + "Meeting")),
                  key=lambda m: (len(reader.subjects(DIP + "madeAt", m)), len(reader.objects(m, DIP + "attendee"))))
    name = reader.label(meeting)
    attendees = sorted(reader.label(p.value) for p in reader.objects(meeting, DIP + "attendee"))
    statement = reader.first_text(reader.subjects(DIP + "madeAt", meeting)[0], DIP + "text")

    browser.get(served + "/")
    assert browser.title.startswith("Overview")
    box = browser.find_element(By.ID, "q")
    box.send_keys(name, Keys.ENTER)                                     # the search box, as typed
    wait = WebDriverWait(browser, 30)
    wait.until(EC.url_contains("/search?q="))
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#results"))).find_element(By.LINK_TEXT, name).click()
    wait.until(EC.url_to_be(served + "/id/" + meeting.split("/id/", 1)[1]))
    assert browser.find_element(By.TAG_NAME, "h1").text == name

    rows = browser.find_elements(By.CSS_SELECTOR, "table.attendees tbody tr")
    shown = sorted(row.find_element(By.CSS_SELECTOR, "td a").text for row in rows)
    assert shown == attendees
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "li.statement blockquote")]
    assert " ".join(statement.split()) in quotes
    evidence = rows[0].find_element(By.CSS_SELECTOR, "details.evidence")
    mark = evidence.find_element(By.TAG_NAME, "mark")
    assert not mark.is_displayed()
    evidence.find_element(By.TAG_NAME, "summary").click()               # open the sentence behind the fact
    assert mark.is_displayed() and mark.text

    person = rows[0].find_element(By.CSS_SELECTOR, "td a")
    person_name = person.text
    person.click()
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), person_name))
    assert browser.find_element(By.TAG_NAME, "h1").text == person_name
    meetings = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.meetings td a.k-meeting")]
    assert name in meetings

    browser.get(served + "/")
    nodes = browser.find_elements(By.CSS_SELECTOR, "#network circle.node")
    assert len(nodes) >= 2 and all(n.is_displayed() and n.size["width"] > 0 for n in nodes)
    labels = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "#network text.node-label")]
    assert person_name in labels or len(labels) == len(nodes)
    colours, share = ink(browser.get_screenshot_as_png())
    assert colours > 50 and share > 0.02, (colours, share)             # not a blank page
    drawing = browser.find_element(By.ID, "network").screenshot_as_png
    colours, share = ink(drawing)
    assert colours > 10 and share > 0.01, (colours, share)

    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(url.startswith(served) for url in fetched), fetched      # nothing from elsewhere


def test_pages_fit_a_phone_screen(browser, served, reader):
    meeting = reader.subjects("type", DIP + "Meeting")[0].value
    browser.set_window_size(390, 844)
    try:
        for path in ("/", "/id/" + meeting.split("/id/", 1)[1], "/sparql?name=attendees"):
            browser.get(served + path)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, overflow)
    finally:
        browser.set_window_size(1200, 1600)
