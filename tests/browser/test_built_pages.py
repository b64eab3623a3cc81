"""Every page of the built book opens offline in headless Chromium and renders cleanly.

Run after `make book`. Chromium is Debian's (`apt-get install chromium chromium-driver`),
driven by Playwright through `executable_path`, because Playwright's own browser
downloads are not available offline. Every request that is not for a local file is
aborted and counted as a failure: the book must read with no network at all.

For each page: it loads; the console shows no error and no script throws; no request
leaves the machine and no script, style sheet or font is referenced by http(s) URL;
every image has decoded pixels; and where the page has math, MathJax (served from
_static/mathjax) has typeset every formula without an error.
"""

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BUILT_HTML = ROOT / "_build" / "html"

CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in CI containers
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-quic",
    "--dns-prefetch-disable",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
]

# Schemes a page may load without touching the network.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# Jupyter Book writes index.html as a redirect to the root page.
REDIRECT = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.IGNORECASE)


def built_pages() -> list[Path]:
    """The HTML pages of the book (theme assets under _static are not pages)."""
    if not BUILT_HTML.is_dir():
        return []
    return sorted(
        page
        for page in BUILT_HTML.rglob("*.html")
        if "_static" not in page.relative_to(BUILT_HTML).parts
    )


PAGES = built_pages()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium under Playwright; skipped where it is missing, except in CI."""
    executable = shutil.which("chromium")
    if executable is None:
        reason = (
            "Chromium is not installed: `apt-get install chromium chromium-driver` "
            "(Debian) to run the browser test"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so this is a failure, not a skip")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class PageReport:
    """What went wrong while a page loaded, collected from the browser's events."""

    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(chromium):
    """Open a built page offline; return the Playwright page and its PageReport."""
    context = chromium.new_context()
    report = PageReport()

    def block_the_network(route):  # note_request records the attempt
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            route.abort()

    def note_request(request):
        if not request.url.startswith(LOCAL_SCHEMES):
            report.external_requests.append(request.url)

    def note_failure(request):
        if request.url.startswith(LOCAL_SCHEMES):
            report.failed_requests.append(f"{request.url}: {request.failure}")

    def note_console(message):
        if message.type == "error":
            report.console_errors.append(f"console: {message.text}")

    context.route("**/*", block_the_network)

    def open_(path: Path):
        page = context.new_page()
        page.on("request", note_request)
        page.on("requestfailed", note_failure)
        page.on("console", note_console)
        page.on("pageerror", lambda error: report.console_errors.append(f"page error: {error}"))
        page.goto(path.as_uri(), wait_until="load")
        redirect = REDIRECT.search(path.read_text(encoding="utf-8"))
        if redirect:
            target = (path.parent / redirect[1]).resolve()
            assert target.is_file(), f"{path.name} redirects to a missing page: {redirect[1]}"
            page.wait_for_url(target.as_uri())
            page.wait_for_load_state("load")
        return page, report

    yield open_
    context.close()


# Scripts, style sheets, icons and preloaded fonts referenced by absolute http(s) URL.
REMOTE_ASSETS_JS = """() => Array.from(document.querySelectorAll(
    'script[src], link[rel~="stylesheet"][href], link[rel~="preload"][href],'
    + ' link[rel~="preconnect"][href], link[rel~="icon"][href], link[rel~="modulepreload"][href]'
  ))
  .map(element => element.getAttribute('src') || element.getAttribute('href'))
  .filter(url => /^(https?:)?\\/\\//i.test(url))"""

# Images that did not decode; lazy images are made eager first so that all are fetched.
BROKEN_IMAGES_JS = """async () => {
  const images = Array.from(document.images);
  for (const image of images) { image.loading = 'eager'; }
  await Promise.all(images.map(image => image.decode().catch(() => null)));
  return images.filter(image => !(image.complete && image.naturalWidth > 0))
               .map(image => image.getAttribute('src'));
}"""

# Wait for MathJax's startup (it loads deferred) and its first typesetting pass.
MATHJAX_DONE_JS = """async () => {
  const started = () => window.MathJax && MathJax.startup && MathJax.startup.promise;
  for (let waited = 0; !started(); waited += 50) {
    if (waited > 15000) { return 'MathJax did not start within 15 s'; }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  await MathJax.startup.promise;
  return 'ok';
}"""

# Formulas that MathJax left untypeset or typeset with an error.
UNRENDERED_MATH_JS = """() => Array.from(document.querySelectorAll('.math'))
  .filter(element => !element.querySelector('mjx-container') || element.querySelector('mjx-merror'))
  .map(element => element.textContent.trim().slice(0, 80))"""


def test_the_book_has_been_built():
    assert PAGES, f"no built book in {BUILT_HTML}: run `make book` first"


@pytest.mark.parametrize("page_path", PAGES, ids=[str(p.relative_to(BUILT_HTML)) for p in PAGES])
def test_page_renders_offline_without_errors(open_page, page_path):
    page, report = open_page(page_path)
    problems = []

    if not page.title():
        problems.append("the page has no title: did it load?")
    remote_assets = page.evaluate(REMOTE_ASSETS_JS)
    if remote_assets:
        problems.append(f"scripts, styles or fonts referenced by URL: {remote_assets}")
    broken_images = page.evaluate(BROKEN_IMAGES_JS)
    if broken_images:
        problems.append(f"images that did not load: {broken_images}")
    if page.locator(".math").count() > 0:
        mathjax = page.evaluate(MATHJAX_DONE_JS)
        unrendered = page.evaluate(UNRENDERED_MATH_JS) if mathjax == "ok" else []
        if mathjax != "ok":
            problems.append(mathjax)
        elif unrendered or page.locator("mjx-container").count() == 0:
            problems.append(f"math that MathJax did not render: {unrendered}")

    page.wait_for_load_state("networkidle")
    if report.external_requests:
        problems.append(f"requests to the network (blocked): {report.external_requests}")
    if report.failed_requests:
        problems.append(f"local files that failed to load: {report.failed_requests}")
    problems.extend(report.console_errors)
    assert not problems, f"{page_path.relative_to(BUILT_HTML)}:\n" + "\n".join(problems)


LEDGER = BUILT_HTML / "book" / "ledger.html"

# Widths of the ledger table and of the column it sits in, and of the whole page.
LEDGER_WIDTHS_JS = """() => {
  const table = document.querySelector('table.claims-ledger');
  const column = table.closest('article') || table.parentElement;
  return {table: table.getBoundingClientRect().width,
          column: column.getBoundingClientRect().width,
          page: document.documentElement.scrollWidth, window: window.innerWidth};
}"""


def test_the_ledger_opens_with_the_count_of_each_verdict_in_coloured_badges(open_page):
    page, _ = open_page(LEDGER)
    counts = page.locator(".verdict-counts").inner_text()
    for verdict in ("reproduced", "weaker form", "not reproduced", "contradicted", "not tested"):
        assert verdict in counts
    backgrounds = {
        verdict: page.locator(f".verdict-counts .verdict-{verdict}").evaluate(
            "element => getComputedStyle(element).backgroundColor"
        )
        for verdict in ("reproduced", "weaker-form", "not-reproduced", "contradicted", "not-tested")
    }
    assert len(set(backgrounds.values())) == 5, backgrounds
    rows = page.locator("table.claims-ledger tbody tr").count()
    assert rows == page.locator("table.claims-ledger tbody .verdict").count() > 20


@pytest.mark.parametrize("width", [1280, 390])
def test_the_ledger_fits_the_page_at_desktop_and_phone_widths(open_page, width):
    page, _ = open_page(LEDGER)
    page.set_viewport_size({"width": width, "height": 900})
    sizes = page.evaluate(LEDGER_WIDTHS_JS)
    assert sizes["page"] <= sizes["window"], sizes
    assert sizes["table"] <= sizes["column"] + 1, sizes


# Tables, images, figures and cell outputs that do not fit the content column: wider
# than it, or cut inside it (content wider than its box). Code listings are left out on
# purpose: their lines must not be reflowed, and they scroll with a visible scrollbar.
OVERFLOW_JS = """() => {
  const column = document.querySelector('article.bd-article') || document.body;
  const right = column.getBoundingClientRect().right + 1;
  const wide = [];
  const selector = 'table, img, figure, .cell_output, .cell_output pre, .cell_output div';
  for (const element of column.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    if (box.width === 0) { continue; }
    const cut = element.scrollWidth > element.clientWidth + 1
      && getComputedStyle(element).overflowX !== 'visible';
    if (box.right > right || cut) {
      const name = element.tagName.toLowerCase()
        + (element.classList.length ? '.' + Array.from(element.classList).join('.') : '');
      const text = (element.textContent || element.getAttribute('src') || '').trim();
      wide.push(`${name} is ${Math.round(box.width)} px (content ${element.scrollWidth} px)`
        + ` in a ${Math.round(column.getBoundingClientRect().width)} px column: `
        + text.slice(0, 60).replace(/\\s+/g, ' '));
    }
  }
  return wide;
}"""

PAGE_WIDTH_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def overflowing(page, width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(BROKEN_IMAGES_JS)  # lazy images have their size once decoded
    problems = page.evaluate(OVERFLOW_JS)
    scroll_width, window_width = page.evaluate(PAGE_WIDTH_JS)
    if scroll_width > window_width:
        problems.append(
            f"the page scrolls sideways: {scroll_width} px in a {window_width} px window"
        )
    return problems


@pytest.mark.parametrize("page_path", PAGES, ids=[str(p.relative_to(BUILT_HTML)) for p in PAGES])
def test_every_table_figure_and_output_fits_the_column_at_1280_px(open_page, page_path):
    page, _ = open_page(page_path)
    assert overflowing(page, 1280) == []


PHONE_PAGES = [LEDGER, BUILT_HTML / "book" / "03_hochreiter-1997_long-time-lags.html"]


@pytest.mark.parametrize("page_path", PHONE_PAGES, ids=lambda path: path.stem)
def test_a_chapter_and_the_ledger_read_on_a_phone_at_390_px(open_page, page_path):
    page, _ = open_page(page_path)
    problems = overflowing(page, 390)
    # On a phone a table may scroll inside its own box (the theme gives it a scrollbar);
    # nothing else may be wider than the column, and the page never scrolls sideways.
    tables = ("table", "div.pst-scrollable-table-container")
    assert [line for line in problems if not line.startswith(tables)] == []


def test_the_overflow_check_finds_a_wide_table_and_a_cut_output(open_page, tmp_path):
    page_path = tmp_path / "wide.html"
    page_path.write_text(
        "<html><head><title>wide</title></head><body>"
        '<article class="bd-article" style="width: 600px">'
        '<table><tr><td style="min-width: 900px">wide cell</td></tr></table>'
        '<div class="cell_output" style="overflow-x: auto"><pre>' + "x" * 400 + "</pre></div>"
        "</article></body></html>"
    )
    page, _ = open_page(page_path)
    problems = overflowing(page, 1280)
    assert any(line.startswith("table is 9") for line in problems), problems
    assert any(line.startswith("div.cell_output is 600 px") for line in problems), problems


CHAPTERS = sorted((BUILT_HTML / "book").glob("[0-9][0-9]_*.html"))


@pytest.mark.parametrize("page_path", CHAPTERS, ids=lambda path: path.stem)
def test_every_chapter_offers_its_notebook_for_download(open_page, page_path):
    import nbformat

    page, _ = open_page(page_path)
    links = page.eval_on_selector_all(
        ".dropdown-download-buttons a", "links => links.map(a => a.getAttribute('href'))"
    )
    notebooks = [link for link in links if link.endswith(".ipynb")]
    assert notebooks == [f"../_sources/book/{page_path.stem}.ipynb"], links
    notebook = nbformat.read(page_path.parent / notebooks[0], as_version=4)
    nbformat.validate(notebook)
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert any("chapter.load" in source for source in code), code[:2]


# Listings of the package's source (not the notebook's cells, nor outputs) whose lines are
# wider than their box, so that a reader would have to scroll to read them.
WIDE_LISTINGS_JS = """() => Array.from(document.querySelectorAll('div.highlight pre'))
  .filter(pre => !pre.closest('.cell_input, .cell_output'))
  .filter(pre => pre.getBoundingClientRect().width > 0 && pre.scrollWidth > pre.clientWidth + 1)
  .map(pre => `${pre.scrollWidth} px of lines in a ${pre.clientWidth} px box: `
    + pre.textContent.trim().split('\\n')[0].slice(0, 60))"""


@pytest.mark.parametrize("page_path", CHAPTERS, ids=lambda path: path.stem)
def test_every_listing_of_the_package_fits_the_column_at_1280_px(open_page, page_path):
    page, _ = open_page(page_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate(WIDE_LISTINGS_JS) == []


# Every image in a page's content: its alt text and, for one that a code cell shows (a
# figure), the number and the text of the caption of the <figure> around it.
IMAGES_JS = """() => Array.from(document.querySelectorAll('article.bd-article img'))
  .map(image => {
    const figure = image.closest('figure');
    const caption = figure && figure.querySelector('figcaption');
    const number = caption && caption.querySelector('.caption-number');
    return {src: image.getAttribute('src'), alt: image.getAttribute('alt'),
            output: image.closest('.cell_output') !== null,
            number: number ? number.textContent.trim() : null,
            caption: caption ? caption.textContent.trim() : null};
  })"""

# Alt text that is a file's name or path, as Sphinx writes it for an image given none
# ("../_images/<sha256>.png"): an image file's extension, one word with no spaces, or a
# long hexadecimal hash.
FILE_NAME = re.compile(r"\.(png|jpe?g|gif|svg|webp|pdf)\s*$|^\S+$|\b[0-9a-f]{16,}\b", re.IGNORECASE)

# The number Sphinx gives a figure (numfig) at the start of its caption.
FIGURE_NUMBER = re.compile(r"^Fig\. \d+$")


def image_problems(page) -> list[str]:
    """What keeps the page's images from a reader who cannot see them, or from a reader
    who looks for the figure the text names: alt text that is missing or a file name, and a
    figure (an image a code cell shows) without a numbered caption."""
    problems = []
    for image in page.evaluate(IMAGES_JS):
        name = image["src"].rsplit("/", 1)[-1]
        alt = (image["alt"] or "").strip()
        if not alt:
            problems.append(f"{name}: no alt text")
        elif FILE_NAME.search(alt):
            problems.append(f"{name}: alt text is a file name: {alt[:80]!r}")
        if not image["output"]:
            continue
        if image["caption"] is None:
            problems.append(f"{name}: a figure without a <figure> and <figcaption>")
        elif not FIGURE_NUMBER.match(image["number"] or ""):
            problems.append(f"{name}: a caption without a figure number: {image['caption'][:80]!r}")
        elif len(image["caption"].removeprefix(image["number"]).split()) < 8:
            problems.append(f"{name}: a caption that says nothing: {image['caption']!r}")
    return problems


@pytest.mark.timeout(120)
@pytest.mark.parametrize("page_path", PAGES, ids=[str(p.relative_to(BUILT_HTML)) for p in PAGES])
def test_every_figure_has_alt_text_and_a_numbered_caption(open_page, page_path):
    page, _ = open_page(page_path)
    assert image_problems(page) == []


@pytest.mark.timeout(120)
def test_the_figure_check_finds_an_uncaptioned_figure_and_a_file_name_for_alt_text(
    open_page, tmp_path
):
    # What MyST-NB writes for a cell's image without figure metadata, and with it.
    image = "a.png"  # not drawn: only its alt text and what is around it count
    bare = f'<div class="cell_output"><img alt="../_images/{"0f" * 32}.png" src="{image}"/></div>'
    captioned = (
        '<div class="cell_output"><figure class="align-default" id="fig-a">'
        f'<img alt="Line plot of the error flow against the lag for four cells" src="{image}"/>'
        '<figcaption><p><span class="caption-number">Fig. 3 </span><span class="caption-text">'
        "How much of the error arrives k steps back, for four cells.</span></p></figcaption>"
        "</figure></div>"
    )
    unnumbered = captioned.replace('<span class="caption-number">Fig. 3 </span>', "")
    problems = {}
    for name, body in (("bare", bare), ("captioned", captioned), ("unnumbered", unnumbered)):
        page_path = tmp_path / f"{name}.html"
        page_path.write_text(
            f'<html><head><title>{name}</title></head><body><article class="bd-article">'
            f"{body}</article></body></html>"
        )
        page, _ = open_page(page_path)
        problems[name] = image_problems(page)
    assert problems["bare"] == [
        f"a.png: alt text is a file name: '../_images/{'0f' * 32}.png'",
        "a.png: a figure without a <figure> and <figcaption>",
    ]
    assert problems["captioned"] == []
    assert problems["unnumbered"] == [
        "a.png: a caption without a figure number: "
        "'How much of the error arrives k steps back, for four cells.'"
    ]


FIGURE_LINKS_JS = """() => Array.from(document.querySelectorAll('article.bd-article figure img'))
  .map(image => {
    const link = image.closest('a');
    return {src: image.src, href: link === null ? null : link.href,
            shown: image.getBoundingClientRect().width, natural: image.naturalWidth,
            hint: getComputedStyle(image.closest('figure').querySelector('figcaption p'),
                                   '::after').content};
  })"""


@pytest.mark.timeout(120)
@pytest.mark.parametrize("page_path", CHAPTERS, ids=lambda path: path.stem)
def test_on_a_phone_a_figure_opens_at_full_size_when_tapped(open_page, page_path):
    page, _ = open_page(page_path)
    page.set_viewport_size({"width": 390, "height": 844})
    figures = page.evaluate(FIGURE_LINKS_JS)
    assert figures, f"{page_path.name} has no figure"
    for figure in figures:
        name = figure["src"].rsplit("/", 1)[-1]
        assert figure["href"] == figure["src"], f"{name} does not link to its own file"
        assert figure["natural"] >= 1.5 * figure["shown"], f"{name} is no larger at full size"
        assert "Tap the figure" in figure["hint"], f"{name}'s caption does not say so"
    page.locator("article.bd-article figure img").first.click()
    page.wait_for_url(figures[0]["src"])
