"""The one seam through which the library loads a spaCy model: cached per process, replaceable (tests refuse)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.language import Language

#: What a model is loaded for: "extract" is the model with claimtrack's components (nlp.pipeline.build_nlp),
#: "stance" the model as installed (nlp.pipeline.load_model), as stance has always read statements with it.
Purpose = Literal["extract", "stance"]

#: Loads the model named for a purpose. Every load in the library goes through `load`, so a loader that raises
#: proves a command did no NLP work, whatever imports it.
Loader = Callable[[str, Purpose], "Language"]


def fresh_model(name: str, purpose: Purpose) -> Language:
    """The model loaded anew (it takes seconds): the model with claimtrack's components for extract, the model as
    installed for stance."""
    from claimtrack.nlp.pipeline import build_nlp, load_model

    if purpose == "extract":
        from claimtrack.config import Settings

        return build_nlp(Settings(model=name))
    return load_model(name)


@functools.cache
def cached_model(name: str, purpose: Purpose) -> Language:
    """The default loader: each model once per process and purpose."""
    return fresh_model(name, purpose)


_loader: Loader = cached_model


def load(name: str, purpose: Purpose, *, own_copy: bool = False) -> Language:
    """The model `name` for `purpose`, from the loader in use. `own_copy` is for a caller that runs the model in
    threads of its own (a Dask worker), which must not share the process's copy: the default loader then loads
    one anew; a loader put in by loader_used is asked as always."""
    if own_copy and _loader is cached_model:
        return fresh_model(name, purpose)
    return _loader(name, purpose)


@contextmanager
def loader_used(loader: Loader) -> Iterator[None]:
    """Load models with `loader` while the block runs (a test's fixed or refusing model), then as before."""
    global _loader
    previous, _loader = _loader, loader
    try:
        yield
    finally:
        _loader = previous
