"""The digits ConvNet trained in the page: Train, Pause, Reset and a drawn digit, against CPython.

Training is deterministic, so after the page reports N batches the test trains the same network N
batches in CPython and expects the very same view, drawing included.
"""

from __future__ import annotations

import re

import pytest

from browser.sim_page import comparable, expected, shown, wait_ready
from simulations import digits

pytestmark = pytest.mark.browser

SIM = "sim-digits"
READ_BITS = """(canvas) => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let bits = "";
  for (let index = 3; index < data.length; index += 4) bits += data[index] >= 128 ? "1" : "0";
  return bits;
}"""
# Train, then Pause and Train in one go while a call is in flight, then Pause once a later call is in
# flight: the batch count it shows when that Pause is pressed.
PAUSE_TRAIN_PAUSE = """async (sim) => {
  const root = document.getElementById(sim);
  const button = (action) => root.querySelector(`[data-action=${action}]`);
  const redraws = (count) => new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (--count === 0) { observer.disconnect(); resolve(); }
    });
    observer.observe(root.querySelector(".sim-panels"), { childList: true });
  });
  let drawn = redraws(2);
  button("train").click();
  await drawn;
  button("pause").click();
  button("train").click();
  drawn = redraws(2);
  await drawn;
  await new Promise((resolve) => setTimeout(resolve));  // the next call has been sent
  button("pause").click();
  return Number(/batch (\\d+)/.exec(root.querySelector(".sim-readout-text").textContent)[1]);
}"""


def readout(page) -> str:
    return page.locator(f"#{SIM} .sim-readout-text").text_content()


def batches_and_loss(page) -> tuple[int, float]:
    match = re.search(r"batch (\d+) · loss ([\d.]+)", readout(page))
    return int(match.group(1)), float(match.group(2))


def open_trainer(reader, site):
    reader.open(site.pages_with_simulations()["digits"])
    reader.page.locator(f"#{SIM} [data-action=reset]").click()
    wait_ready(reader.page, SIM)
    return reader.page


def train_until(page, batches: int) -> None:
    page.locator(f"#{SIM} [data-action=train]").click()
    page.wait_for_function(f"""() => /batch (\\d+)/.exec(document.querySelector("#{SIM} .sim-readout-text")
        .textContent)[1] >= {batches}""", timeout=120_000)
    page.locator(f"#{SIM} [data-action=pause]").click()
    page.wait_for_selector(f"#{SIM}[data-training=paused]")


def trained(batches: int):
    trainer = digits.Trainer()
    trainer.train_batches(batches)
    return trainer


def test_train_makes_the_loss_fall_and_pause_stops_it(reader, site):
    page = open_trainer(reader, site)
    start_batches, start_loss = batches_and_loss(page)
    assert start_batches == 0
    assert readout(page).startswith("Epoch 0 · batch 0 · loss") and "accuracy" in readout(page)
    train_until(page, 60)
    page.wait_for_timeout(300)  # the call in flight when Pause was pressed has returned
    batches, loss = batches_and_loss(page)
    assert loss < start_loss / 2
    page.wait_for_timeout(700)
    assert batches_and_loss(page) == (batches, loss)
    want = expected(digits.training_view(trained(batches), None))
    assert comparable(shown(page, SIM)) == want
    assert reader.page_errors == [] and reader.console_errors == []


def test_train_pressed_before_pause_has_acted_keeps_one_chain_so_the_next_pause_waits_for_one_call(reader, site):
    page = open_trainer(reader, site)
    paused_at = page.evaluate(PAUSE_TRAIN_PAUSE, SIM)
    page.wait_for_timeout(1000)
    batches, _ = batches_and_loss(page)
    assert batches == paused_at + digits.CHUNK
    page.wait_for_timeout(700)
    assert batches_and_loss(page)[0] == batches
    assert page.locator(f"#{SIM}").get_attribute("data-training") == "paused"
    assert reader.page_errors == [] and reader.console_errors == []


def test_a_drawn_digit_gets_class_probabilities_that_sum_to_one(reader, site):
    page = open_trainer(reader, site)
    train_until(page, 45)
    page.wait_for_timeout(300)
    pad = page.locator(f"#{SIM} .sim-drawpad-canvas")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.15)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.85, steps=12)
    page.mouse.up()
    bits = pad.evaluate(READ_BITS)
    page.locator(f"#{SIM} [data-action=predict]").click()
    page.wait_for_function(f"""() => document.querySelector("#{SIM} [data-panel=digit] .sim-panel-label")
        .textContent.startsWith("Your drawing")""")
    batches, _ = batches_and_loss(page)
    read = shown(page, SIM)
    probs = next(panel for panel in read["panels"] if panel["id"] == "probs")
    percents = [float(item["text"].rstrip("%")) for item in probs["items"]]
    assert [item["label"] for item in probs["items"]] == [str(n) for n in range(10)]
    assert sum(percents) == pytest.approx(100, abs=0.5)
    state = digits.training_view(trained(batches), digits.digit_from_drawing(bits))
    assert comparable(read) == expected(state)
    assert "prediction 1" in read["readout"]


def test_the_keyboard_draws_a_digit_square_by_square(reader, site):
    page = open_trainer(reader, site)
    pad = page.locator(f"#{SIM} .sim-drawpad-canvas")
    pad.scroll_into_view_if_needed()
    help_id = pad.get_attribute("aria-describedby")
    assert "arrow keys" in page.locator(f"#{help_id}").text_content()
    page.locator(f"#{SIM} [data-action=reset]").focus()
    page.keyboard.press("Tab")  # the pad comes next in the keyboard's order
    assert page.evaluate("() => document.activeElement.classList.contains('sim-drawpad-canvas')")
    cursor = page.locator(f"#{SIM} .sim-drawpad-cursor")
    assert cursor.is_visible()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    for _ in range(3):
        pad.press("ArrowRight")
    for row in range(6):
        pad.press("Space")
        pad.press("ArrowDown")
    pad.press("ArrowUp")
    assert page.locator(f"#{SIM} .sim-drawpad-status").text_content() == "Row 6, column 4: inked"
    pad.press("Space")  # erases the sixth square again
    cell, size = digits.PAD // digits._digits.SIZE, digits.PAD
    want = "".join("1" if x // cell == 3 and y // cell < 5 else "0" for y in range(size) for x in range(size))
    bits = pad.evaluate(READ_BITS)
    assert bits == want
    page.keyboard.press("Tab")  # to Predict
    page.keyboard.press("Enter")
    page.wait_for_function(f"""() => document.querySelector("#{SIM} [data-panel=digit] .sim-panel-label")
        .textContent.startsWith("Your drawing")""")
    assert comparable(shown(page, SIM)) == expected(digits.training_view(trained(0), digits.digit_from_drawing(bits)))
    pad.blur()
    assert not cursor.is_visible()
