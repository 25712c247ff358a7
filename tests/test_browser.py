"""End to end in Debian's chromium: create a discovery, answer one question of every type for
both parties, reach the review, and save the screenshots the README shows."""
from __future__ import annotations

import re

import pytest

from browser_support import (chromium, choose, open_example, open_page, screenshot,  # noqa: F401
                             served_app, tab, wait_idle, widget)

pytestmark = pytest.mark.browser


def type_into(page, key: str, text: str, selector: str = "input") -> None:
    box = widget(page, key).locator(selector).first
    box.fill(text)
    box.press("Control+Enter" if selector == "textarea" else "Enter")
    if widget(page, key).locator("[data-testid='stDateInput']").count():
        page.keyboard.press("Escape")  # close the calendar left open
    wait_idle(page)


def pick_options(page, key: str, options: list[str]) -> None:
    for option in options:
        widget(page, key).locator("input").first.click()
        if not page.get_by_role("listbox").count():
            page.keyboard.press("ArrowDown")  # a click on a focused box may leave it closed
        page.get_by_role("option", name=option, exact=True).click()
        wait_idle(page)
    page.keyboard.press("Escape")


def hand_over(page) -> None:
    page.get_by_role("button", name="Hand the screen to").click()
    wait_idle(page)


def take_back(page) -> None:
    page.get_by_text("For the supplier: take the screen back").click()
    page.get_by_role("button", name="Take the screen back").click()
    wait_idle(page)


def jump(page, area: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    option = page.get_by_role("option", name=re.compile("^" + re.escape(area) + " · "))
    for _ in range(3):  # a rerun finishing just then can close the list again
        widget(page, "w.q.area").get_by_role("button", name="Open").click()
        try:
            option.wait_for(timeout=3000)
            break
        except PlaywrightTimeout:
            wait_idle(page)
    option.click()
    page.get_by_role("heading", name=area).wait_for()
    wait_idle(page)


def next_area(page) -> None:
    widget(page, "q.next").locator("button").click()
    wait_idle(page)


def test_discovery_in_the_browser(tab, served_app):  # noqa: F811
    page = tab
    page.goto(served_app)
    page.get_by_text("New discovery").wait_for()
    screenshot(page, "01-start")

    for key, value in {"start.name": "Acme data platform", "start.supplier": "Northwind",
                       "start.supplier_person": "Sam Seller", "start.client": "Acme Ltd",
                       "start.client_person": "Cleo Client"}.items():
        type_into(page, key, value)
    type_into(page, "start.goals", "Cut churn from 12% to 7% by June", "textarea")
    widget(page, "start.submit").locator("button").click()
    page.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(page)

    # Goals, supplier: likert and choice.
    choose(page, "w.q.supplier.goal_measurable", "4 · Agree")
    choose(page, "w.q.supplier.critical_event", "Yes, with a date")
    screenshot(page, "03-questionnaire-supplier")
    # The client's turn on the supplier's screen: the welcome, then its questions.
    hand_over(page)
    page.get_by_role("heading", name="Welcome, Cleo Client").wait_for()
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("heading", name="1. Goals").wait_for()
    wait_idle(page)
    choose(page, "w.c.client.goal_measurable", "5 · Strongly agree")
    type_into(page, "w.c.client.goal_metric", "Churn 12% today, 7% by June", "textarea")
    choose(page, "w.c.client.critical_event", "Yes, with a date")
    type_into(page, "w.c.client.critical_event_date", "2027-03-01")
    screenshot(page, "02-questionnaire-client")

    widget(page, "c.next").locator("button").click()  # constraints: number, multi, date
    wait_idle(page)
    page.get_by_role("heading", name="2. Constraints").wait_for()
    pick_options(page, "w.c.client.flex_corners", ["Scope: do less, or do it later"])
    type_into(page, "w.c.client.target_date", "2027-06-30")
    take_back(page)
    page.get_by_role("heading", name="1. Goals").wait_for()
    next_area(page)
    page.get_by_role("heading", name="2. Constraints").wait_for()
    type_into(page, "w.q.supplier.supplier_min_weeks", "12")

    jump(page, "6. Control and respect")
    choose(page, "w.q.supplier.reachable", "Often")  # frequency
    screenshot(page, "04-questionnaire-frequency")

    jump(page, "7. Mutual need")
    widget(page, "q.review").locator("button").click()
    page.get_by_role("heading", name="Review the answers").wait_for()
    wait_idle(page)
    for words in ["4 of 5 (Agree)", "5 of 5 (Strongly agree)", "Churn 12% today, 7% by June",
                  "01 Mar 2027", "30 Jun 2027", "12 weeks", "Often"]:
        assert page.get_by_text(words, exact=True).count() >= 1, words
    # Answer first: the supplier has not answered "which corner can move", so the client's
    # answer to it waits until it has.
    assert page.get_by_text("Scope: do less, or do it later", exact=True).count() == 0
    assert page.get_by_text("answered; shown once you have given your own").count() >= 1
    screenshot(page, "05-review")

    open_page(page, "Results")
    page.get_by_role("heading", name="Results").wait_for()
    charts = page.locator("[data-testid='stVegaLiteChart']")
    charts.nth(1).wait_for()
    assert charts.count() == 2


def test_results_of_an_example_in_the_browser(tab, served_app):  # noqa: F811
    page = tab
    deal = open_example(page, served_app, last=True)
    open_page(page, "Results")
    page.get_by_role("heading", name="Results").wait_for()
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
                 ).first.wait_for()
    assert page.get_by_text("Discovery: " + deal).count() == 1
    verdicts = ["Proceed.", "Proceed only under conditions.", "Walk away."]
    assert any(page.get_by_text(v).count() for v in verdicts)
    screenshot(page, "06-results", max_height=3200)
