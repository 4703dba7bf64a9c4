"""How much of the pipeline's work "parse only what can hold a statement" could skip, with identical statements.

    python benchmarks/candidates.py --limit 200            # PolNeAR train texts (and dev with --dev)

The extractor parses each paragraph on its own, so a paragraph is the unit that could go unparsed. A paragraph can
hold a statement only if it has a quote (quotes.find_quotes), a cue word (a lemma of the cue lists, 'according'), or
a colon (named lines). But the rules also read paragraphs that hold none:
- every entity of the Doc (speakers._people_in_text takes each PERSON that is a subject as an antecedent, and its
  full name for surnames anywhere in the text; named_lines takes the last word of every PERSON/ORG/NORP), so NER
  runs on every paragraph, and the parse too on one with a PERSON (its dependency role decides);
- the sentence before a statement (its context) and the sentence after a quote (a cue there), which may be the
  paragraph before or after.
Counted here, with the model's own lemmas and entities (an upper bound on what a cheaper finder could skip): the
paragraphs and characters of each kind, and the share of the pipeline's time they cost, by component, timed on
the same paragraphs.
"""

from __future__ import annotations

import argparse
import time
import tomllib
from importlib.resources import files
from pathlib import Path

from claimtrack.config import Settings
from claimtrack.nlp.paragraphs import PIECE_CHARS, paragraph_pieces
from claimtrack.nlp.pipeline import NAME, build_nlp
from claimtrack.nlp.quotes import find_quotes

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "polnear"


def cue_lemmas() -> set[str]:
    """Every word that can be a cue: the lists of cues (speech, naming, act ...), the verbs of phrasal cues, the
    citing verbs, 'according (to)' and 'clear' ('made clear')."""
    lists = tomllib.loads(files("claimtrack.data").joinpath("attribution_words.toml").read_text(encoding="utf-8"))
    cues = {name for name, words in lists.items() if name.endswith("_cues") and isinstance(words, str)}
    cues = {word for name in cues for word in lists[name].split()}
    phrasal = {pair.split()[0] for pair in lists["phrasal_cues"]}
    return cues | phrasal | set(lists["citing"].split()) | {"according", "clear"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200, help="The first N PolNeAR train texts.")
    parser.add_argument("--dev", action="store_true", help="Add the PolNeAR dev texts.")
    options = parser.parse_args(argv)
    paths = sorted((POLNEAR / "train" / "text").glob("*.txt"))[: options.limit]
    if options.dev:
        paths += sorted((POLNEAR / "dev" / "text").glob("*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in paths]
    nlp = build_nlp(Settings())
    cues = cue_lemmas()
    kinds = ["candidate", "context (next to a candidate)", "has a PERSON", "skippable"]
    sentence_chars = dict.fromkeys(["all", "candidate", "the sentence before one"], 0)
    counts = dict.fromkeys(kinds, 0)
    chars = dict.fromkeys(kinds, 0)
    components = [name for name in nlp.pipe_names if name != NAME]
    seconds = dict.fromkeys(["tokenizer", *components], 0.0)
    for text in texts:
        spans = paragraph_pieces(text, PIECE_CHARS)
        pieces = [text[start:end] for start, end in spans]
        quoted = [(quote.open_start, quote.close_end) for quote in find_quotes(text)]
        started = time.perf_counter()
        docs = [nlp.make_doc(piece) for piece in pieces]
        seconds["tokenizer"] += time.perf_counter() - started
        for name in components:
            started = time.perf_counter()
            docs = list(nlp.get_pipe(name).pipe(docs))
            seconds[name] += time.perf_counter() - started
        candidate = [
            any(start < close and open_ < end for open_, close in quoted)
            or ":" in doc.text
            or any(token.lemma_.lower() in cues for token in doc)
            for doc, (start, end) in zip(docs, spans, strict=True)
        ]
        for doc, (start, _) in zip(docs, spans, strict=True):
            count_sentences(doc, start, quoted, cues, sentence_chars)
        for i, doc in enumerate(docs):
            if candidate[i]:
                kind = kinds[0]
            elif (i and candidate[i - 1]) or (i + 1 < len(docs) and candidate[i + 1]):
                kind = kinds[1]
            elif any(ent.label_ == "PERSON" for ent in doc.ents):
                kind = kinds[2]
            else:
                kind = kinds[3]
            counts[kind] += 1
            chars[kind] += len(doc.text)
    total, all_chars, all_seconds = sum(counts.values()), sum(chars.values()), sum(seconds.values())
    print(f"{len(texts)} texts, {total:,} paragraphs, {all_chars:,} characters; model {nlp.meta['name']}")
    for kind in kinds:
        share = f"{counts[kind] / total:6.1%}), {chars[kind] / all_chars:6.1%} of the characters"
        print(f"  {kind:<32} {counts[kind]:6,} paragraphs ({share}")
    print("pipeline time by component (s, share):")
    for name, took in seconds.items():
        print(f"  {name:<16} {took:7.2f}  {took / all_seconds:6.1%}")
    chain = sum(took for name, took in seconds.items() if name not in {"tokenizer", "ner"})
    share = chars[kinds[3]] / all_chars * chain / all_seconds
    print(
        f"skippable: the parse chain (everything but the tokenizer and NER, {chain / all_seconds:.1%} of the time) on "
        f"{chars[kinds[3]] / all_chars:.1%} of the characters: at most {share:.1%} of the pipeline's time"
    )
    # Were the unit a sentence (as the issue proposes), not a paragraph: statements would no longer be identical
    # (entities and subjects in other sentences feed the speakers), and this is how much could go unparsed even so.
    rest = 1 - (sentence_chars["candidate"] + sentence_chars["the sentence before one"]) / sentence_chars["all"]
    print(
        f"by sentence: {sentence_chars['candidate'] / sentence_chars['all']:.1%} of the characters are in candidate "
        f"sentences, {sentence_chars['the sentence before one'] / sentence_chars['all']:.1%} more in the sentence "
        f"before one (same paragraph); {rest:.1%} could skip the parser and NER: at most "
        f"{rest * (all_seconds - seconds['tokenizer']) / all_seconds:.1%} of the pipeline's time"
    )


def count_sentences(doc, start: int, quoted: list[tuple[int, int]], cues: set[str], chars: dict[str, int]) -> None:
    """Adds a paragraph's characters to chars: all, in candidate sentences, in the sentence before a candidate."""
    sentences = list(doc.sents)
    candidate = [
        any(start + s.start_char < close and open_ < start + s.end_char for open_, close in quoted)
        or ":" in s.text
        or any(token.lemma_.lower() in cues for token in s)
        for s in sentences
    ]
    for i, sentence in enumerate(sentences):
        size = len(sentence.text_with_ws)
        chars["all"] += size
        if candidate[i]:
            chars["candidate"] += size
        elif i + 1 < len(sentences) and candidate[i + 1]:
            chars["the sentence before one"] += size


if __name__ == "__main__":
    main()
