"""The slovnet Russian NER model, loaded from the weights that ship inside the natasha wheel.

We never import natasha itself (its import patches pymorphy2 and pulls in far more than we
need); we only ask where its package folder is and load slovnet + navec from the files there.
The model must only ever see Russian text: on Kyrgyz it returns junk.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = "data/model/slovnet_ner_news_v1.tar"
EMBEDDINGS_FILE = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
MAX_CHARS = 4_000  # a batch item: a few sentences; slovnet's memory grows with item length


class ModelMissing(RuntimeError):
    """The natasha wheel (which carries the weights) is not installed."""


@dataclass(frozen=True)
class ModelSpan:
    start: int
    end: int
    label: str  # PER | ORG | LOC


def natasha_folder() -> Path:
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing("the natasha package (it ships the slovnet NER weights) is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def navec() -> Any:
    """The navec news embeddings (250K words, 300 dimensions, ≈50 MB), loaded once per process:
    the NER model and the story stage's meaning vectors share them."""
    from navec import Navec

    return Navec.load(str(natasha_folder() / EMBEDDINGS_FILE))


class RussianNER:
    """slovnet NER + navec embeddings. `load()` reads ≈50 MB of weights; build once per process."""

    def __init__(self, model: Any) -> None:
        self._model = model

    @classmethod
    def load(cls, folder: Path | None = None, batch_size: int = 16) -> RussianNER:
        from navec import Navec
        from slovnet import NER

        model = NER.load(str((folder or natasha_folder()) / MODEL_FILE), batch_size=batch_size)
        model.navec(Navec.load(str(folder / EMBEDDINGS_FILE)) if folder else navec())
        return cls(model)

    def spans(self, pieces: Iterable[tuple[int, str]]) -> Iterator[ModelSpan]:
        """Entity spans for text pieces given as (offset, text); offsets in the result are global."""
        for found in self.piece_spans(list(pieces)):
            yield from found

    def piece_spans(self, pieces: list[tuple[int, str]]) -> list[list[ModelSpan]]:
        """Spans per piece, in the pieces' order. The model pads every batch to its longest item,
        so pieces go in by length (similar lengths share a batch) and come back in order."""
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][1]))
        out: list[list[ModelSpan]] = [[] for _ in pieces]
        markups = self._model.map([pieces[i][1] for i in order])
        for i, markup in zip(order, markups, strict=True):
            offset = pieces[i][0]
            out[i] = [ModelSpan(offset + s.start, offset + s.stop, s.type) for s in markup.spans]
        return out


def batch_sentences(sentences: Iterable[tuple[int, int]], text: str,
                    max_chars: int = MAX_CHARS) -> Iterator[tuple[int, str]]:
    """Group consecutive sentences into pieces of at most `max_chars` (a longer sentence is cut)."""
    start = end = None
    for s, e in sentences:
        while e - s > max_chars:  # a run-on "sentence" (a table, a list without full stops)
            if start is not None:
                yield start, text[start:end]
                start = end = None
            yield s, text[s:s + max_chars]
            s += max_chars
        if start is not None and e - start > max_chars:
            yield start, text[start:end]
            start = None
        if start is None:
            start = s
        end = e
    if start is not None:
        yield start, text[start:end]
