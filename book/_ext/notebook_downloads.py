"""Every chapter page offers its notebook for download.

A chapter is a MyST Markdown notebook (``book/NN_*.md``, paired through jupytext). When
the HTML is written, this extension converts each one with jupytext into an ``.ipynb``
beside the page sources (``_sources/book/NN_*.ipynb``), without outputs, and names it
to the theme, whose download menu then lists ".ipynb" beside ".md" and ".pdf". A reader
opens it in JupyterLab or Jupyter with the package installed (``make lab`` does both).
"""

from pathlib import Path

import jupytext

CHAPTER_PREFIX = "book/"


def _is_chapter(app, docname: str) -> bool:
    """A page written as a notebook: a Markdown file that jupytext pairs with a kernel."""
    if not docname.startswith(CHAPTER_PREFIX):
        return False
    source = Path(app.srcdir) / f"{docname}.md"
    return source.is_file() and "kernelspec:" in source.read_text().split("\n---", 1)[0]


def name_the_notebook(app, pagename, templatename, context, doctree):
    """Tell the theme's download menu about the page's notebook (before it builds it)."""
    if _is_chapter(app, pagename):
        context["ipynb_source"] = f"{pagename}.ipynb"


def write_the_notebooks(app, exception):
    """Convert every chapter to ``_sources/<docname>.ipynb`` in the built HTML."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in sorted(app.env.found_docs):
        if _is_chapter(app, docname):
            notebook = jupytext.read(Path(app.srcdir) / f"{docname}.md")
            target = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            jupytext.write(notebook, target, fmt="ipynb")


def setup(app):
    # The theme builds its header buttons at priority 501; name the notebook first.
    app.connect("html-page-context", name_the_notebook, priority=500)
    app.connect("build-finished", write_the_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
