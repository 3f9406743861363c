"""The web watch floor in headless Chromium (Debian's chromium + chromium-driver, driven
by Selenium): log in, see the site markers, open a site and read its reasons, watch a
new alert arrive live, acknowledge it. Screenshots go to tests/serve/artefacts/."""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from serve_helpers import PASSWORD, record_assessment, seed, start_server, stop

ARTEFACTS = Path(__file__).with_name("artefacts")
CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium")

pytestmark = pytest.mark.skipif(
    not (CHROMEDRIVER and CHROMIUM) and not os.environ.get("CI"),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1600,1000",
        "--disable-gpu",
        "--no-first-run",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def test_watch_floor_in_chromium(tmp_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    ARTEFACTS.mkdir(exist_ok=True)
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    orgs = seed(db)
    proc, base = start_server(db, env={"VIGIL_SERVE_WARM": "1"})
    from selenium.common.exceptions import StaleElementReferenceException

    # the page navigates (login -> floor): an element found just before is stale, not an error
    wait = WebDriverWait(browser, 30, ignored_exceptions=[StaleElementReferenceException])
    try:
        browser.get(base + "/")
        wait.until(ec.url_contains("/login"))
        browser.find_element(By.ID, "email").send_keys("admin@alpha.example")
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.save_screenshot(str(ARTEFACTS / "01-login.png"))
        browser.find_element(By.ID, "sign-in").click()
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        # the map shows Alpha's sites (and not Bravo's), coloured by level
        markers = browser.find_elements(By.CSS_SELECTOR, "path.site-marker")
        names = {m.get_attribute("data-name"): m.get_attribute("data-people") for m in markers}
        assert names == {"Camp Taji": "25", "Baghdad Office": "50"}  # with their people
        taji = next(m for m in markers if m.get_attribute("data-name") == "Camp Taji")
        assert "m-4" in taji.get_attribute("class")
        assert browser.find_elements(By.CSS_SELECTOR, "path.site-ring")
        assert browser.find_elements(By.CSS_SELECTOR, "path.event-marker")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "path.country"))
        # presence: Alpha's 12 staff in Iraq, a marker with its count (Bravo's 12 are not added)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "path.presence-marker"))
        (pres,) = browser.find_elements(By.CSS_SELECTOR, "path.presence-marker")
        assert (pres.get_attribute("data-country"), pres.get_attribute("data-people")) == (
            "IRQ",
            "12",
        )
        labels = [x.text for x in browser.find_elements(By.CSS_SELECTOR, ".presence-label")]
        assert labels == ["Iraq: 12 people"]
        time.sleep(0.5)
        browser.save_screenshot(str(ARTEFACTS / "02-map.png"))
        # click the site on the map: its level, posture and reasons with evidence
        taji.click()
        wait.until(ec.text_to_be_present_in_element((By.ID, "site-name"), "Camp Taji"))
        assert "posture 4" in browser.find_element(By.ID, "posture").text
        evidence = browser.find_element(By.CSS_SELECTOR, "#reasons .evidence").text
        assert "rockets struck Camp Taji" in evidence
        wait.until(ec.text_to_be_present_in_element((By.ID, "trend"), "rising"))
        crowd = browser.find_element(By.ID, "site-people").text
        assert crowd == "25 people at the site · 12 people in Iraq (staff 12)"
        browser.save_screenshot(str(ARTEFACTS / "03-site-panel.png"))
        # the timeline: a bar per day with events, here only those in Camp Taji's radius
        browser.find_element(By.ID, "tab-timeline").click()
        wait.until(lambda d: "within Camp Taji" in d.find_element(By.ID, "timeline-caption").text)
        bars = browser.find_elements(By.CSS_SELECTOR, "#timeline-chart svg rect.bar")
        assert [(b.get_attribute("data-day"), b.get_attribute("data-count")) for b in bars] == [
            ("2026-12-01", "1")
        ]
        assert "deadly" in bars[0].get_attribute("class")
        browser.save_screenshot(str(ARTEFACTS / "03c-timeline-site.png"))
        # every event: Erbil's (2026-11-20) too; a bar lists its day's events
        from selenium.webdriver.support.ui import Select

        Select(browser.find_element(By.ID, "timeline-site")).select_by_value("")
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline-chart rect.bar")) == 2)
        bar = browser.find_element(
            By.CSS_SELECTOR, "#timeline-chart rect.bar[data-day='2026-11-20']"
        )
        bar.click()
        wait.until(lambda d: "showing 2026-11-20" in d.find_element(By.ID, "timeline-caption").text)
        items = browser.find_elements(By.CSS_SELECTOR, "#timeline li")
        assert len(items) == 1 and "2026-11-20" in items[0].text
        browser.save_screenshot(str(ARTEFACTS / "03d-timeline-all.png"))
        browser.find_element(By.ID, "tab-site").click()
        # the reason links to the article, with its place and event sentence highlighted
        browser.find_element(By.CSS_SELECTOR, "#reasons .reason button.linkish").click()
        wait.until(ec.visibility_of_element_located((By.ID, "article")))
        assert browser.find_element(By.ID, "article-title").text == "Attack near Taji"
        underlined = browser.find_elements(By.CSS_SELECTOR, "#article-text .hl-event")
        assert "".join(x.text for x in underlined).startswith("Gunmen attacked a convoy near")
        place = browser.find_element(By.CSS_SELECTOR, "#article-text .hl-place")
        assert place.text == "Taji" and "hl-event" in place.get_attribute("class")
        browser.save_screenshot(str(ARTEFACTS / "03b-article.png"))
        browser.find_element(By.ID, "article-close").click()
        wait.until(ec.invisibility_of_element_located((By.ID, "article")))
        # the alerts inbox; a new alert arrives live from the stream
        browser.find_element(By.ID, "tab-alerts").click()
        before = len(browser.find_elements(By.CSS_SELECTOR, "#alerts li.alert"))
        assert before == len(orgs["Alpha"].alerts)
        record_assessment(
            db, "Bravo", "Erbil Base", 36.19, 44.01, 5, "Not for Alpha.", date(2026, 12, 4)
        )
        record_assessment(
            db,
            "Alpha",
            "Baghdad Office",
            33.31,
            44.36,
            3,
            "Mortar rounds landed near Baghdad Office.",
            date(2026, 12, 4),
        )
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#alerts li.alert")) > before)
        first = browser.find_element(By.CSS_SELECTOR, "#alerts li.alert")
        assert (
            "Baghdad Office" in first.text
            and "Erbil" not in browser.find_element(By.ID, "alerts").text
        )
        assert "new" in first.get_attribute("class")
        browser.save_screenshot(str(ARTEFACTS / "04-live-alert.png"))
        first.find_element(By.CSS_SELECTOR, "button.ack").click()
        wait.until(
            lambda d: (
                "acknowledged by admin@alpha.example"
                in d.find_element(By.CSS_SELECTOR, "#alerts li.alert").text
            )
        )
        # the level change reached the map too
        baghdad = browser.find_element(
            By.CSS_SELECTOR, "path.site-marker[data-name='Baghdad Office']"
        )
        assert "m-3" in baghdad.get_attribute("class")
        browser.save_screenshot(str(ARTEFACTS / "05-acknowledged.png"))
        # no CSP violations or script errors in the console
        logs = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not [m for m in logs if "Content Security Policy" in m or "Uncaught" in m], logs
    finally:
        stop(proc)


def test_admin_forms_in_chromium(tmp_path, browser):
    """An admin adds, edits and deletes a site and adds and changes presence from the
    page; the map follows; the API holds the result; a viewer gets no admin tab."""
    import httpx
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    ARTEFACTS.mkdir(exist_ok=True)
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    orgs = seed(db)
    alpha = orgs["Alpha"]
    proc, base = start_server(db)
    wait = WebDriverWait(browser, 30, ignored_exceptions=[StaleElementReferenceException])
    api = httpx.Client(base_url=base, headers={"authorization": f"Bearer {alpha.admin}"})

    def ready():
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")

    def fill(field: str, value: str) -> None:
        box = browser.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)

    def status(text: str) -> None:
        wait.until(lambda d: text in d.find_element(By.ID, "admin-status").text)

    def markers() -> set[str]:
        return {
            m.get_attribute("data-name")
            for m in browser.find_elements(By.CSS_SELECTOR, "path.site-marker")
        }

    try:
        browser.get(base + "/login")
        browser.find_element(By.ID, "email").send_keys("admin@alpha.example")
        browser.find_element(By.ID, "password").send_keys(PASSWORD)
        browser.find_element(By.ID, "sign-in").click()
        ready()
        browser.find_element(By.ID, "tab-admin").click()
        # add a site
        for field, value in (("f-name", "Forward Base"), ("f-lat", "33.9"), ("f-lon", "44.1")):
            fill(field, value)
        fill("f-people", "7")
        browser.find_element(By.ID, "site-save").click()
        status("Added Forward Base.")
        wait.until(lambda d: "Forward Base" in markers())
        sites = {s["name"]: s for s in api.get("/api/v1/sites").json()["items"]}
        assert (sites["Forward Base"]["lat"], sites["Forward Base"]["people"]) == (33.9, 7)
        browser.save_screenshot(str(ARTEFACTS / "06-admin-site-added.png"))
        # edit it: rename and more people
        Select(browser.find_element(By.ID, "site-pick")).select_by_visible_text("Forward Base")
        assert browser.find_element(By.ID, "f-name").get_attribute("value") == "Forward Base"
        fill("f-name", "Forward Base 2")
        fill("f-people", "9")
        browser.find_element(By.ID, "site-save").click()
        status("Saved Forward Base 2.")
        wait.until(lambda d: "Forward Base 2" in markers() and "Forward Base" not in markers())
        got = api.get(f"/api/v1/sites/{sites['Forward Base']['id']}").json()
        assert (got["name"], got["people"]) == ("Forward Base 2", 9)
        # an invalid value is refused in the page, nothing sent
        fill("f-lat", "123")
        browser.find_element(By.ID, "site-save").click()
        assert api.get(f"/api/v1/sites/{got['id']}").json()["lat"] == 33.9
        # delete it: the first press arms, the second deletes
        Select(browser.find_element(By.ID, "site-pick")).select_by_visible_text("Forward Base 2")
        delete = browser.find_element(By.ID, "site-delete")
        delete.click()
        assert "Confirm" in delete.text and "Forward Base 2" in markers()
        delete.click()
        status("Deleted Forward Base 2.")
        wait.until(lambda d: markers() == {"Camp Taji", "Baghdad Office"})
        assert api.get(f"/api/v1/sites/{got['id']}").status_code == 404
        # presence: change Alpha's staff in Iraq, then add citizens in New Zealand
        Select(browser.find_element(By.ID, "presence-pick")).select_by_index(1)
        assert browser.find_element(By.ID, "p-country").get_attribute("disabled")
        fill("p-people", "20")
        browser.find_element(By.ID, "presence-save").click()
        status("Saved IRQ · staff (20).")
        wait.until(
            lambda d: (
                [x.text for x in d.find_elements(By.CSS_SELECTOR, ".presence-label")]
                == ["Iraq: 20 people"]
            )
        )
        Select(browser.find_element(By.ID, "presence-pick")).select_by_index(0)
        fill("p-country", "New Zealand")
        fill("p-who", "citizens")
        fill("p-people", "3")
        browser.find_element(By.ID, "presence-save").click()
        status("Added NZL · citizens (3).")
        pres = {
            (p["country"], p["who"]): p["people"]
            for p in api.get("/api/v1/presence").json()["items"]
        }
        assert pres == {("IRQ", "staff"): 20, ("NZL", "citizens"): 3}
        browser.save_screenshot(str(ARTEFACTS / "07-admin-presence.png"))
        # the server's answer to a refused write is shown, e.g. a taken name
        Select(browser.find_element(By.ID, "site-pick")).select_by_index(0)
        for field, value in (("f-name", "Camp Taji"), ("f-lat", "33"), ("f-lon", "44")):
            fill(field, value)
        browser.find_element(By.ID, "site-save").click()
        status("Not saved: a site called 'Camp Taji'")
        logs = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not [m for m in logs if "Content Security Policy" in m or "Uncaught" in m], logs
        # a viewer signs in: no admin tab
        browser.delete_all_cookies()
        browser.get(base + "/login")
        browser.find_element(By.TAG_NAME, "summary").click()
        browser.find_element(By.ID, "token").send_keys(alpha.viewer)
        browser.find_element(By.CSS_SELECTOR, "#token-form button").click()
        ready()
        assert not browser.find_element(By.ID, "tab-admin").is_displayed()
    finally:
        api.close()
        stop(proc)
