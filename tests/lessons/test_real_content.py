"""Every page of the bundled content renders."""

from __future__ import annotations

from toolbox.content.models import Activity, Topic


def test_every_bundled_page_renders(real_app):
    client = real_app.test_client()
    catalog = real_app.extensions["catalog"].get()
    urls = ["/", "/activities/"]
    for module in catalog.published_modules():
        urls.append(f"/modules/{module.slug}")
        urls += [f"/modules/{module.slug}/{t.slug}" for t in module.topics if isinstance(t, Topic) and t.published]
        urls += [f"/activities/{module.slug}/{a.slug}" for a in module.activities if isinstance(a, Activity) and a.published]
    assert len(urls) > 5
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200, url
