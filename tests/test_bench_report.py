"""The benchmark's report: the figures it measured land in the right rows (the measuring itself is `make bench`)."""

from scripts.tools.bench import Row, render_report


def row(cases: int, **figures) -> Row:
    base = dict(validation_s=1.0, rendering_s=2.0, build_s=10.0, bare_build_s=8.0, pagefind_first_s=0.5,
                lunr_first_s=2.0)
    return Row(cases, **{**base, **figures})


def test_the_report_compares_the_engines_from_the_same_run():
    rows = [row(1000, zensical_build_s=5.0, zensical_peak_mb=120, build_peak_mb=300),
            row(5000, build_s=40.0, zensical_build_s=30.0, zensical_peak_mb=400, build_peak_mb=900)]
    report = render_report(rows, None, 0.1, 1, "plot.png", {"CPU": "test"})
    section = report[report.index("## Motorerne: MkDocs mod Zensical"):]
    assert "| MkDocs (med hook) | 10,0 s | 40,0 s |" in section
    assert "| Zensical (med adapteren) | 5,0 s | 30,0 s |" in section
    assert "| **Zensicals tid som andel af MkDocs'** | **0,50×** | **0,75×** |" in section
    assert "| Højeste hukommelse, MkDocs / Zensical | 300 / 120 MB | 900 / 400 MB |" in section


def test_a_report_from_before_the_engine_was_measured_says_so():
    report = render_report([row(1000)], None, 0.1, 1, "plot.png", {"CPU": "test"})
    assert "| Zensical (med adapteren) | – |" in report
