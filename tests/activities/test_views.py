"""The activity index with filters and the facilitator guide."""


def test_index_lists_activities_with_time_and_method(client):
    html = client.get("/activities/").get_data(as_text=True)
    assert 'href="/activities/demo/1-vote"' in html
    assert "15–20 min" in html and "Dot voting" in html
    assert "1 activity" in html


def test_index_filters_by_module_and_method(client):
    assert "1-vote" in client.get("/activities/?module=demo&method=dot-voting").get_data(as_text=True)
    html = client.get("/activities/?method=world-cafe").get_data(as_text=True)
    assert "1-vote" not in html and "No activity matches" in html


def test_index_ignores_unknown_filter_values(client):
    html = client.get("/activities/?module=<script>&method=zzz").get_data(as_text=True)
    assert "1-vote" in html and "<script>" not in html


def test_index_fragment_for_htmx(client):
    response = client.get("/activities/?module=demo", headers={"HX-Request": "true"})
    assert response.get_data(as_text=True).strip().startswith('<section id="activities"')
    assert "HX-Request" in response.headers["Vary"]


def test_guide_shows_steps_with_timings_and_sections(client):
    html = client.get("/activities/demo/1-vote").get_data(as_text=True)
    for marker in (
        "15–20 minutes",
        "4–30",
        "2–5",
        "Sticky dots",
        'id="objectives"',
        'id="preparation"',
        'id="tips"',
        'id="handouts"',
        "10–15 min",
        'class="block handout" id="sectors-sheet"',
        "Dot voting",
    ):
        assert marker in html, marker
    assert html.index('id="objectives"') < html.index('id="preparation"') < html.index('id="steps"') < html.index('id="tips"')
