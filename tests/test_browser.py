"""End to end in Debian's chromium: create a discovery, answer one question of every type for
both parties, reach the review, and save the screenshots the README shows."""
from __future__ import annotations

import re

import pytest

from browser_support import (choose, click_button, load, open_example, open_page, rerun,
                             screenshot, widget)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def type_into(page, key: str, text: str, selector: str = "input") -> None:
    box = widget(page, key).locator(selector).first
    calendar = widget(page, key).locator("[data-testid='stDateInput']").count() > 0

    def commit() -> None:
        box.fill(text)
        box.press("Control+Enter" if selector == "textarea" else "Enter")
        if calendar:
            page.keyboard.press("Escape")  # closing the calendar commits the typed date
    rerun(page, commit)


def pick_options(page, key: str, options: list[str]) -> None:
    for option in options:
        widget(page, key).locator("input").first.click()
        if not page.get_by_role("listbox").count():
            page.keyboard.press("ArrowDown")  # a click on a focused box may leave it closed
        rerun(page, page.get_by_role("option", name=option, exact=True).click)
    page.keyboard.press("Escape")


def hand_over(page) -> None:
    rerun(page, page.get_by_role("button", name=re.compile("^Hand the screen to")).click)


def take_back(page) -> None:
    page.get_by_text("For the supplier: take the screen back").click()
    rerun(page, page.get_by_role("button", name="Take the screen back").click)


def jump(page, area: str) -> None:
    """Pick a step by its title (the selector adds how many of its questions are answered)."""
    widget(page, "w.q.area").get_by_role("button", name="Open").click()
    rerun(page, page.get_by_role("option", name=re.compile("^" + re.escape(area) + " · ")).click)
    page.get_by_role("heading", name=area).wait_for()


def test_discovery_in_the_browser(tab, served_app):
    page = tab
    load(page, served_app)
    page.get_by_text("New discovery").wait_for()
    screenshot(page, "01-start")

    for key, value in {"start.name": "Acme data platform", "start.supplier": "Northwind",
                       "start.supplier_person": "Sam Seller", "start.client": "Acme Ltd",
                       "start.client_person": "Cleo Client"}.items():
        type_into(page, key, value)
    type_into(page, "start.goals", "Cut churn from 12% to 7% by June", "textarea")
    click_button(page, "start.submit")
    page.get_by_role("heading", name="1. Goals").wait_for()

    # Goals, supplier: likert and choice.
    choose(page, "w.q.supplier.goal_measurable", "4 · Agree")
    choose(page, "w.q.supplier.critical_event", "Yes, with a date")
    screenshot(page, "03-questionnaire-supplier")
    # The client's turn on the supplier's screen: its welcome, then its questions, no sidebar.
    hand_over(page)
    page.get_by_role("heading", name="Welcome, Cleo Client").wait_for()
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    click_button(page, "c.begin")
    page.get_by_role("heading", name="1. Goals").wait_for()
    # The likert opens a text follow-up, the choice a date follow-up.
    choose(page, "w.c.client.goal_measurable", "5 · Strongly agree")
    type_into(page, "w.c.client.goal_metric", "Churn 12% today, 7% by June", "textarea")
    choose(page, "w.c.client.critical_event", "Yes, with a date")
    type_into(page, "w.c.client.critical_event_date", "2027-03-01")
    screenshot(page, "02-questionnaire-client")

    click_button(page, "c.next")  # constraints: number, multi, date
    page.get_by_role("heading", name="2. Constraints").wait_for()
    pick_options(page, "w.c.client.flex_corners", ["Scope: do less, or do it later"])
    type_into(page, "w.c.client.target_date", "2027-06-30")
    take_back(page)
    page.get_by_role("heading", name="1. Goals").wait_for()
    click_button(page, "q.next")
    page.get_by_role("heading", name="2. Constraints").wait_for()
    type_into(page, "w.q.supplier.supplier_min_weeks", "12")

    jump(page, "6. Control and respect")
    choose(page, "w.q.supplier.reachable", "Often")  # frequency
    screenshot(page, "04-questionnaire-frequency")

    jump(page, "7. Mutual need")
    click_button(page, "q.review")
    page.get_by_role("heading", name="Review the answers").wait_for()
    for words in ["4 of 5 (Agree)", "5 of 5 (Strongly agree)", "Churn 12% today, 7% by June",
                  "1 Mar 2027", "30 Jun 2027", "12 weeks", "4 of 5 (Often)"]:
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


def test_results_of_an_example_in_the_browser(tab, served_app):
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
