"""What lies outside the questions' fragment keeps up with answers that rerun only the
questions: the sidebar's download, the Start over button and a refused Next's message."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser import (
    PROFILE_ANSWERS,
    Q,
    answer,
    new_page,
    shown_questions,
    shows_answer,
    wait_rendered,
)

pytestmark = pytest.mark.browser


def _question(qid: str):
    return Q.questions_by_id[qid]


def test_sidebar_and_messages_follow_answers_given_inside_the_step(server, browser) -> None:
    page = new_page(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    wait_rendered(page)
    sidebar = page.get_by_test_id("stSidebar")
    # Next with questions open: the message beside the buttons lists them
    page.get_by_role("button", name="Next").click()
    wait_rendered(page)
    missing = page.get_by_text("still open on this step", exact=False)
    expect(missing).to_be_visible()
    answer(page, _question("sector"), "finance", "en")  # reruns the questions only
    wait_rendered(page)
    expect(missing).to_have_count(0)  # a message that no longer holds leaves the page
    answer(page, _question("size"), "lt250", "en")
    wait_rendered(page)
    expect(sidebar.get_by_role("button", name="Start over")).to_be_enabled()
    with page.expect_download() as info:
        sidebar.get_by_role("button", name="Download answers").click()
    saved = yaml.safe_load(Path(info.value.path()).read_text("utf-8"))
    assert saved["answers"] == {"sector": "finance", "size": "lt250"}
    page.close()


SIDEBAR = [1]  # a delta's path starts with its root container: 0 main, 1 sidebar, 2 toasts


def _forward_messages(frames: list) -> list:
    """The ForwardMsgs among websocket frames the browser received (binary ones)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    messages = []
    for frame in frames:
        if isinstance(frame, bytes):
            message = ForwardMsg()
            message.ParseFromString(frame)
            messages.append(message)
    return messages


def test_next_redraws_the_step_and_not_the_sidebar_or_navigation(server, browser) -> None:
    """A workshop's burst is answers and Next: neither sends the sidebar again.

    What the server sends is read off the browser's own websocket, as the page receives it.
    """
    frames: list = []
    page = new_page(browser, viewport={"width": 1400, "height": 1000})
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(frame)))
    page.goto(server)
    wait_rendered(page)
    first = _forward_messages(frames)
    assert any(m.metadata.delta_path[:1] == SIDEBAR for m in first if m.HasField("delta"))
    for question in shown_questions("profile", PROFILE_ANSWERS):
        frames.clear()
        answer(page, question, PROFILE_ANSWERS[question.id], "en")
        sent = [m for m in _forward_messages(frames) if m.HasField("delta")]
        assert sent, question.id
        assert all(m.delta.fragment_id for m in sent), question.id  # the questions only
        assert not [m for m in sent if m.metadata.delta_path[:1] == SIDEBAR], question.id
    frames.clear()
    page.get_by_role("button", name="Next", exact=True).click()
    wait_rendered(page)
    title = Q.dimensions_by_id[Q.dimension_ids[0]].title.get("en")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("[data-testid=stMainBlockContainer] h1").first).to_be_in_viewport()
    sent = _forward_messages(frames)
    deltas = [m for m in sent if m.HasField("delta")]
    assert deltas  # the new step was drawn
    assert all(m.delta.fragment_id for m in deltas)  # the step's fragment only
    assert not [m for m in deltas if m.metadata.delta_path[:1] == SIDEBAR]
    assert not [m for m in sent if m.WhichOneof("type") in ("navigation", "page_config_changed")]
    # the sidebar drawn by the first run is still there and still saves the new answers
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name="Start over")).to_be_enabled()
    page.close()


def test_back_and_next_show_the_answers_of_a_step_seen_before(server, browser) -> None:
    """Next and Back rerun only the step: a step opened again shows its answers, and the next
    click keeps them (the browser drops a widget the fragment stopped drawing; Streamlit kept
    its state, so it was drawn empty and the next click erased the answer)."""
    page = new_page(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    wait_rendered(page)
    profile = list(shown_questions("profile", PROFILE_ANSWERS))
    for question in profile:
        answer(page, question, PROFILE_ANSWERS[question.id], "en")
    security = Q.questions_of(Q.dimension_ids[0])[0]
    nav = {name: page.get_by_role("button", name=name, exact=True) for name in ("Next", "Back")}
    for clicks in (["Next", "Back"], ["Next", "ANSWER", "Back"], ["Next", "Back", "Back"]):
        for name in clicks:
            if name == "ANSWER":
                answer(page, security, security.option_ids[0], "en")
            elif nav[name].is_enabled():
                nav[name].click()
            wait_rendered(page)
        for question in profile:  # back on the profile step: every answer shown
            assert shows_answer(page, question, PROFILE_ANSWERS[question.id], "en"), question.id
    nav["Next"].click()  # not refused: the answers are all there
    wait_rendered(page)
    assert shows_answer(page, security, security.option_ids[0], "en")
    expect(page.get_by_text("still open on this step", exact=False)).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_test_id("stSidebar").get_by_role("button", name="Download answers").click()
    saved = yaml.safe_load(Path(info.value.path()).read_text("utf-8"))["answers"]
    expected = {x.id: PROFILE_ANSWERS[x.id] for x in profile}
    assert saved == {**expected, security.id: security.option_ids[0]}
    page.close()
