"""`make lighthouse` (scripts/tools/lighthouse.py) reads Lighthouse's reports, and its section of docs/performance.md
survives `make bench`; and what the pages load before their first paint (the changes Lighthouse asked for)."""

import re

from scripts.tools import bench
from scripts.tools.lighthouse import END, START, PageResult, read_run, render_section, replace_section, section_of
from tests.conftest import PAGE_KINDS


def _report(performance=1.0, lcp=1200.0, foreign=(), failing=False) -> dict:
    """A Lighthouse report (JSON) reduced to what scripts/tools/lighthouse.py reads."""
    def scored(score, **more):
        return {"score": score, "scoreDisplayMode": "binary", "title": "T", **more}

    audits = {
        "first-contentful-paint": {"score": 1, "scoreDisplayMode": "numeric", "numericValue": 1100.0},
        "largest-contentful-paint": {"score": 1, "scoreDisplayMode": "numeric", "numericValue": lcp},
        "total-blocking-time": {"score": 1, "scoreDisplayMode": "numeric", "numericValue": 10.0},
        "cumulative-layout-shift": {"score": 1, "scoreDisplayMode": "numeric", "numericValue": 0.0},
        "render-blocking-resources": {"score": 0, "scoreDisplayMode": "metricSavings", "title": "Blokerer",
                                      "displayValue": "Estimeret besparelse på 300 ms",
                                      "metricSavings": {"FCP": 300, "LCP": 300}},
        # Lighthouse 12's newer name for the same finding: reported once, under the classic audit.
        "render-blocking-insight": {"score": 0, "scoreDisplayMode": "metricSavings", "title": "Blokerer (ny)",
                                    "metricSavings": {"FCP": 300, "LCP": 300}},
        "max-potential-fid": {"score": 0.5, "scoreDisplayMode": "numeric", "title": "FID", "displayValue": "90 ms"},
        "bf-cache": {"score": 1, "scoreDisplayMode": "binary", "title": "OK"},
        "aria-allowed-role": scored(0 if failing else 1, title="ARIA-roller", details={"items": [
            {"node": {"selector": "label.md-header__button"}}, {"node": {"selector": "label.md-header__button"}}]}),
        "legacy-javascript-insight": {"score": None, "scoreDisplayMode": "error", "title": "X", "errorMessage": "kaput"},
        "network-requests": {"score": 1, "scoreDisplayMode": "informative", "details": {"items": [
            {"url": "http://127.0.0.1:8000/"}, {"url": "data:image/svg+xml,x"},
            *({"url": url} for url in foreign)]}},
    }
    metric_refs = [{"id": key, "group": "metrics"} for key in list(audits)[:4]]
    return {
        "lighthouseVersion": "12.8.2",
        "environment": {"benchmarkIndex": 2000},
        "audits": audits,
        "categories": {
            "performance": {"score": performance, "auditRefs": [
                *metric_refs, {"id": "render-blocking-resources", "group": "diagnostics"},
                {"id": "render-blocking-insight", "group": "insights"}, {"id": "max-potential-fid", "group": "hidden"},
                {"id": "legacy-javascript-insight", "group": "insights"}, {"id": "bf-cache"}]},
            "accessibility": {"score": 0.99 if failing else 1.0, "auditRefs": [{"id": "aria-allowed-role"}]},
            "best-practices": {"score": 1.0, "auditRefs": []},
            "seo": {"score": 1.0, "auditRefs": []},
        },
    }


def test_a_run_is_read_as_scores_metrics_failures_and_opportunities():
    run = read_run(_report(performance=0.957, failing=True, foreign=["https://fonts.example/x.css"]))
    assert run.scores == {"performance": 96, "accessibility": 99, "best-practices": 100, "seo": 100}
    assert run.metrics["largest-contentful-paint"] == 1200.0
    assert run.failing == {"aria-allowed-role": ("accessibility", "ARIA-roller", "`label.md-header__button` (2 elementer)")}
    assert set(run.opportunities) == {"render-blocking-resources"}  # not its insight twin, nor a hidden audit
    assert run.errors == {"legacy-javascript-insight": "kaput"}
    assert run.requests == 3 and run.foreign == ["https://fonts.example/x.css"]


def test_a_page_counts_the_median_and_names_every_missed_target():
    page = PageResult("cases/x/", [read_run(_report(performance=p, lcp=lcp))
                                   for p, lcp in ((0.90, 4000), (0.97, 1500), (0.99, 1200), (0.96, 1600), (1.0, 1100))])
    assert page.scores["performance"] == 97
    assert page.metrics["largest-contentful-paint"] == 1500
    assert page.median_run.scores["performance"] == 97
    assert page.missed() == []

    slow = PageResult("", [read_run(_report(performance=0.94, failing=True, foreign=["https://cdn.example/a.js"]))])
    assert slow.missed() == ["Ydeevne 94 (mål: 95)", "Tilgængelighed 99 (mål: 100)",
                             "forespørgsler til andre værter: https://cdn.example/a.js"]


def test_the_section_names_the_figures_and_what_is_left():
    pages = [PageResult("", [read_run(_report(failing=True))]), PageResult("cases/x/", [read_run(_report())])]
    section = render_section(pages, 1, "20.20.2", "156.0.8078.114", 1.5)
    assert section.startswith(START) and section.rstrip().endswith(END)
    assert "| Forsiden (`/`) | 100 (100–100) | 99 | 100 | 100 | 1,1 s | 1,2 s | 10 ms | 0,000 |" in section
    assert "| Tilgængelighed 100 | 99 ✗ ikke nået | 100 ✓ nået |" in section
    assert "ARIA-roller (`aria-allowed-role`, 1 af 1 kørsel)" in section
    assert "Blokerer (`render-blocking-resources`): Estimeret besparelse på 300 ms; FCP −300 ms, LCP −300 ms" in section
    assert "Kunne ikke måles: `legacy-javascript-insight` (kaput)" in section
    assert not re.search(r"/(tmp|work|home|root)/", section)  # no machine paths in the docs


def test_the_section_replaces_its_old_self_and_nothing_else():
    section = f"{START}\n## Lighthouse\nny\n{END}\n"
    assert replace_section("# Ydeevne\n\ntabel\n", section) == f"# Ydeevne\n\ntabel\n\n{section}"
    old = f"# Ydeevne\n\ntabel\n\n{START}\n## Lighthouse\ngammel\n{END}\n\n## Efter\n"
    assert replace_section(old, section) == f"# Ydeevne\n\ntabel\n\n{START}\n## Lighthouse\nny\n{END}\n\n## Efter\n"
    assert section_of(old) == f"{START}\n## Lighthouse\ngammel\n{END}\n"
    assert section_of("# Ydeevne\n") is None


def test_make_bench_keeps_the_lighthouse_section(tmp_path, monkeypatch):
    out = tmp_path / "performance.md"
    section = f"{START}\n## Lighthouse\nmålt\n{END}\n"
    out.write_text("# Gammel rapport\n\n" + section, encoding="utf-8")
    monkeypatch.setattr(bench, "render_report", lambda *args: "# Ny rapport\n")
    monkeypatch.setattr(bench, "write_plot", lambda rows, plot: None)
    bench.write_report(out, [], None, 0.0, 1, {})
    assert out.read_text(encoding="utf-8") == "# Ny rapport\n\n" + section


# --- what a page loads before its first paint --------------------------------------------------


def test_only_the_screen_stylesheets_hold_back_the_first_paint(project_site):
    for path in ("", PAGE_KINDS["case"], PAGE_KINDS["øvelse"]):
        html = (project_site / path / "index.html").read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        links = re.findall(r"<link\b[^>]*>", re.sub(r"<noscript>.*?</noscript>", "", head, flags=re.DOTALL))
        blocking = [re.search(r'href="([^"]+)"', link).group(1) for link in links
                    if 'rel="stylesheet"' in link and "media=" not in link]
        assert [href.rsplit("/", 1)[-1] for href in blocking] == [
            "main.57a0d79d.min.css", "palette.fb2fffe2.min.css", "kb.css"], path
        assert re.search(r'<link rel="stylesheet" href="[./]*assets/stylesheets/print\.css" media="print">', head)
        assert re.search(r'<noscript><link rel="stylesheet" href="[./]*assets/stylesheets/no-js\.css"></noscript>',
                         head)
        assert re.search(r'<script src="[./]*assets/javascripts/kb\.js" defer></script>', html)


def test_the_home_page_form_is_there_from_the_first_paint_and_hidden_without_javascript(project_site):
    html = (project_site / "index.html").read_text(encoding="utf-8")
    assert '<form class="kb-search" role="search">' in html  # not hidden until kb.js runs: no layout shift


def test_exercise_sheets_stay_off_the_screen_and_print_from_the_browser(browser, site_server):
    page = browser.new_page()
    page.goto(site_server + PAGE_KINDS["øvelse"])
    page.wait_for_load_state("load")
    assert page.locator(".kb-sheets").count() == 1
    assert not page.locator(".kb-sheets").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".kb-sheets").is_visible()
    assert not page.locator(".md-header").is_visible()
    page.close()
