"""Whether a change only moved code: the re-certification that runs nothing.

Splitting a chapter's module into its three files, or moving a helper from a chapter into
the library, changes the code hash of every result that imports it
(:func:`lstm.reproduce.results.code_hash`) and none of their numbers. This module shows
that without running anything: every definition of today's experiment module must have
the same *identity* as the definition of that name in the base commit's code, where a
definition's identity is the SHA-256 of its code (as Python's parser reads it, so
comments, layout and docstrings do not count) and of the identity of every module-level
name it uses:

- a name defined in, or imported from, a module of the package is followed to its
  definition, in whichever file it lives, so a definition that moved keeps its identity.
  Each definition's identity also covers its module's other top-level statements (code
  that runs on import) and the C++ sources beside it, which its code may load by name;
- a module imported as a whole (``from lstm.sweep import study``) stands for its whole
  source, every package module it imports and the C++ sources beside them, as the code
  hash reads them; so does any module with relative imports, which are not followed;
- a name imported from outside the package stands for its import, and one from the
  reproduction machinery, which the code hash leaves out too, for its name.

Today's experiment module and the base's must also have the same other top-level
statements. :func:`moved_only` names each definition that differs;
:mod:`lstm.reproduce.recertify` re-stamps the committed results when it names none, and
runs its smoke comparisons otherwise.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import subprocess
from functools import cache
from pathlib import Path

from lstm.reproduce.results import MACHINERY, REPOSITORY


def moved_only(module: str, base: str, old: str, root: Path = REPOSITORY) -> list[str]:
    """What keeps the change from commit ``base`` to today from being a pure move, for
    today's experiment module ``module`` and the base's ``old`` (the module of the base's
    ``run``), in the git repository at ``root``: one line per definition of ``module``
    whose identity differs from that of ``old``'s definition of that name, and one if
    their other top-level statements differ. Empty for a move."""
    today, then = Tree(root=root), Tree(base, root)
    if then.source(old) is None:
        return [f"no module {old} at {base}"]
    problems = []
    for name, (kind, _) in bindings(today.source(module) or "").items():
        if kind == "import":
            continue  # what a definition imports counts where the definition names it
        if name not in bindings(then.source(old) or ""):
            problems.append(f"{name}: not defined in {old} at {base}")
        elif today.identity(module, name) != then.identity(old, name):
            problems.append(f"{name}: its code, or code it names, changed")
    if today.statements(module) != then.statements(old):
        problems.append(f"the top-level statements of {module} differ from those of {old}")
    return problems


class Tree:
    """The package's sources at ``commit`` of the git repository at ``root`` (``commit``
    ``None``: the files as they are)."""

    def __init__(self, commit: str | None = None, root: Path = REPOSITORY) -> None:
        self.commit, self.root = commit, root
        self._read = cache(self._read_uncached)
        self._identities: dict[tuple[str, str], str] = {}

    def source(self, module: str) -> str | None:
        """The source of ``module`` (``lstm.a.b``: ``lstm/a/b.py`` or its package's
        ``__init__.py``), or ``None`` where this tree has no such module."""
        path = module.replace(".", "/")
        return self._read(f"{path}.py") or self._read(f"{path}/__init__.py")

    def cpp_sources(self, module: str) -> list[str]:
        """The C++ sources in the folder of ``module``'s file."""
        path = module.replace(".", "/")
        folder = path if self._read(f"{path}/__init__.py") else path.rpartition("/")[0]
        return [self._read(name) or "" for name in self._list(folder) if name.endswith(".cpp")]

    def statements(self, module: str) -> list[str]:
        """The module's top-level statements that are neither definitions, imports (those
        for type checkers included) nor its docstring, as code."""
        tree = ast.parse(self.source(module) or "")
        return sorted(
            ast.unparse(node)
            for index, node in enumerate(tree.body)
            if not isinstance(node, _DEFINITIONS + (ast.Import, ast.ImportFrom))
            and not (index == 0 and _is_docstring(node))
            and not _is_type_checking(node)
        )

    def identity(self, module: str, name: str, stack: tuple = ()) -> str:
        """The identity of ``name`` as module ``module`` binds it (see the module's
        docstring). Raises ``KeyError`` where the module does not bind it."""
        key = (module, name)
        if key in stack:  # a definition that names itself, directly or not
            return f"recursion {name}"
        if key not in self._identities:
            self._identities[key] = self._identity(module, name, (*stack, key))
        return self._identities[key]

    def module_identity(self, module: str) -> str:
        """The identity of a whole module: its source, every package module it imports
        (the machinery aside) and the C++ sources beside them."""
        texts, pending = {}, [module]
        while pending:
            name = pending.pop()
            if name in texts:
                continue
            source = self.source(name)
            if source is None:
                raise KeyError(f"no module {name} at {self.commit or 'today'}")
            tree = ast.parse(source)
            texts[name] = _code(tree)
            pending += [m for m in self._package_imports(tree) if not _is_machinery(m)]
        cpp = sorted(text for name in texts for text in self.cpp_sources(name))
        return _sha("\n".join([*(f"# {n}\n{texts[n]}" for n in sorted(texts)), *cpp]))

    def _identity(self, module: str, name: str, stack: tuple) -> str:
        source = self.source(module) or ""
        if _has_relative_imports(source):
            return self.module_identity(module)
        kind, target = bindings(source)[name]
        if kind == "import":
            return self._imported(*target, stack)
        used = sorted(_names(target) & set(bindings(source)))
        parts = [_code(target), *self.statements(module), *self.cpp_sources(module)]
        parts += [f"{used_name}: {self.identity(module, used_name, stack)}" for used_name in used]
        return _sha("\n".join(parts))

    def _imported(self, source: str, attribute: str | None, stack: tuple) -> str:
        full = f"{source}.{attribute}" if attribute else source
        if not _in_package(source):
            return f"import {full}"
        if _is_machinery(source):
            return f"machinery {full}"
        if attribute is None:  # modules, as a whole
            return _sha("\n".join(self.module_identity(name) for name in source.split(" ")))
        if self.source(full) is not None:  # a module from a package, as a whole
            return self.module_identity(full)
        return self.identity(source, attribute, stack)  # followed to its definition

    def _package_imports(self, tree: ast.Module) -> list[str]:
        """The package modules ``tree`` imports (``from lstm import x`` counts ``lstm.x``
        when ``x`` is a module), as the code hash follows them."""
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append(node.module)
                found += [f"{node.module}.{alias.name}" for alias in node.names]
        return [name for name in found if _in_package(name) and self.source(name) is not None]

    def _read_uncached(self, path: str) -> str | None:
        if self.commit is None:
            file = self.root / path
            return file.read_text() if file.is_file() else None
        return _git(self.root, "show", f"{self.commit}:{path}")

    def _list(self, folder: str) -> list[str]:
        if self.commit is None:
            files = (self.root / folder).glob("*")
            return sorted(str(path.relative_to(self.root)) for path in files if path.is_file())
        listed = _git(self.root, "ls-tree", "--name-only", f"{self.commit}:{folder}") or ""
        return sorted(f"{folder}/{name}" for name in listed.splitlines())


_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)


@cache
def bindings(source: str) -> dict[str, tuple[str, object]]:
    """The names a module's top level binds: ``("definition", statement)`` for functions,
    classes and assignments; ``("import", (module, attribute or None))`` for imports."""
    found: dict[str, tuple[str, object]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            for alias in node.names:  # ``import lstm.a.b`` binds ``lstm``: all it imports
                bound = alias.asname or alias.name.partition(".")[0]
                earlier = found.get(bound, ("", ("", None)))[1][0] if not alias.asname else ""
                modules = sorted({*filter(None, earlier.split(" ")), alias.name})
                found[bound] = ("import", (" ".join(modules), None))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                found[alias.asname or alias.name] = ("import", (node.module, alias.name))
        elif isinstance(node, _DEFINITIONS):
            for name in _bound(node):
                found[name] = ("definition", node)
    return found


def _bound(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)]


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _in_package(module: str) -> bool:
    return module == "lstm" or module.startswith("lstm.")


def _is_machinery(module: str) -> bool:
    return module == MACHINERY or module.startswith(MACHINERY + ".")


def _has_relative_imports(source: str) -> bool:
    return any(isinstance(n, ast.ImportFrom) and n.level for n in ast.parse(source).body)


def _is_type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in (
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    )


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _code(node: ast.AST) -> str:
    """``node`` as code, without the docstrings of its module, classes and functions."""
    node = copy.deepcopy(node)
    for inner in ast.walk(node):
        body = getattr(inner, "body", None)
        if isinstance(inner, _DOCUMENTED) and body and _is_docstring(body[0]):
            inner.body = body[1:] or [ast.Pass()]
    return ast.unparse(node)


_DOCUMENTED = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _git(root: Path, *arguments: str) -> str | None:
    completed = subprocess.run(
        ["git", *arguments], cwd=root, capture_output=True, text=True, check=False
    )
    return completed.stdout if completed.returncode == 0 else None
