"""`make sizes` (scripts/tools/published_sizes.py): its figures land in the right rows, its targets are judged
from the gzipped size, and `make bench` keeps its section of docs/performance.md (the measuring is `make sizes`)."""

from scripts.tools import bench
from scripts.tools.published_sizes import END, START, Measured, file_sizes, render_section


def test_file_sizes_reads_raw_and_gzipped_sizes_of_the_files_that_exist(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cases.json").write_text('{"cases": []}' * 100, encoding="utf-8")
    sizes = file_sizes(tmp_path)
    assert list(sizes) == ["data/cases.json"]
    raw, gzipped = sizes["data/cases.json"]
    assert raw == 1300 and 0 < gzipped < raw


def test_the_section_judges_fixed_size_files_and_reports_growth_per_case():
    small = Measured(10, {"feed.xml": (9000, 3000), "data/cases.json": (40_000, 10_000)}, 0.004)
    large = Measured(1000, {"feed.xml": (90_000, 31_000), "data/cases.json": (4_000_000, 1_000_000)}, 0.4)
    section = render_section([small, large], {"CPU": "Test-CPU", "Kerner": "2"})
    assert section.startswith(START) and section.rstrip().endswith(END)
    feed = next(line for line in section.splitlines() if line.startswith("| Atom-feedet"))
    data = next(line for line in section.splitlines() if line.startswith("| Alle cases som JSON"))
    assert "9,0 KB (3,0 KB gzip)" in feed and "90,0 KB (31,0 KB gzip)" in feed and "4,00 MB (1,00 MB gzip)" in data
    assert "✗ ikke nået" in feed  # 31 KB gzipped at 1,000 cases is over the 30 KB target
    assert "1000 byte gzip pr. case" in data  # (1,000,000 - 10,000) / 990
    assert "1.000 cases: 400 ms" in section


def test_make_bench_keeps_the_sizes_section(tmp_path, monkeypatch):
    out = tmp_path / "performance.md"
    section = f"{START}\n## Størrelser\nmålt\n{END}\n"
    out.write_text("# Gammel rapport\n\n" + section, encoding="utf-8")
    monkeypatch.setattr(bench, "render_report", lambda *args: "# Ny rapport\n")
    monkeypatch.setattr(bench, "write_plot", lambda rows, plot: None)
    bench.write_report(out, [], None, 0.0, 1, {})
    assert out.read_text(encoding="utf-8") == "# Ny rapport\n\n" + section
