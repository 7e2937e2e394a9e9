#!/usr/bin/env python3
"""Writes N synthetic help-center articles for the scale benchmark: valid kb front matter, a body of
300-1500 words (most near the short end, as in real help centers) with headings, numbered steps,
bullet lists and code blocks, in English, Latvian, Hindi, Telugu, Punjabi and Lithuanian. Words are
drawn by their frequency in real text (so the vocabulary is Zipf-like), read at run time from
../shared/corpora and from the project's own articles/ (the only Punjabi we have; without the corpora,
the only text at all). Deterministic for the same sources and seed.

usage: synth_articles.py CORPORA_DIR PROJECT_ARTICLES_DIR OUT_DIR COUNT [SEED=8]"""
import bisect
import collections
import itertools
import pathlib
import random
import re
import sys

# language: (share of articles, folders under CORPORA_DIR, a character of its script). The project's
# articles/<language> folder is always read too; missing folders are skipped, and so is a language
# with no text at all.
LANGUAGES = {
    "en": (0.60, ["officedocs-support", "d365-project-operations/en-us"], r"[A-Za-z]"),
    "lv": (0.10, ["d365-project-operations/lv-lv"], r"[A-Za-zĀ-ž]"),
    "lt": (0.06, ["d365-project-operations/lt-lt"], r"[A-Za-zĄ-ž]"),
    "hi": (0.10, ["d365-project-operations/hi-in", "react.dev/hi"], r"[\u0900-\u097F]"),
    "te": (0.07, ["react.dev/te"], r"[\u0C00-\u0C7F]"),
    "pa": (0.07, [], r"[\u0A00-\u0A7F]"),
}
TOPICS = ["setup", "billing", "orders", "wifi", "account", "security", "mobile", "email", "printing", "storage",
          "network", "updates", "backup", "sharing", "calendar", "video", "audio", "privacy", "admin", "install"]
# Python's \w leaves out the vowel signs and viramas of Indic scripts (categories Mc, Mn), which
# would cut Hindi, Telugu and Punjabi words apart: those blocks count as word characters, dandas not.
WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u0D7F]+")
FRONT_MATTER = re.compile(r"\A\ufeff?---\r?\n.*?\r?\n---\r?\n", re.S)
FENCE = re.compile(r"```.*?```", re.S)


class Vocabulary:
    """Words of one language with their counts in real text; draws follow those counts."""

    def __init__(self, texts, script):
        wanted = re.compile(script)
        counts = collections.Counter(
            w.lower() for text in texts for w in WORD.findall(text) if wanted.search(w) and not w.isdigit())
        self.words = [w for w, _ in counts.most_common()]
        self.cumulative = list(itertools.accumulate(c for _, c in counts.most_common()))

    def draw(self, rng, n):
        total = self.cumulative[-1]
        return [self.words[bisect.bisect_left(self.cumulative, rng.random() * total)] for _ in range(n)]


def read_texts(folders):
    for folder in folders:
        for path in sorted(pathlib.Path(folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            yield FENCE.sub(" ", FRONT_MATTER.sub("", text))


def sentence(vocabulary, rng, stop, shortest=6, longest=18):
    words = vocabulary.draw(rng, rng.randint(shortest, longest))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + stop


def body(vocabulary, rng, stop, target_words):
    parts, written = [], 0
    while written < target_words:
        kind = rng.random()
        if written and kind < 0.25:
            parts.append("## " + sentence(vocabulary, rng, "", 2, 6))
        elif kind < 0.40:
            steps = [f"{i}. " + sentence(vocabulary, rng, stop) for i in range(1, rng.randint(3, 7))]
            parts.append("\n".join(steps))
            written += 12 * len(steps)
        elif kind < 0.50:
            parts.append("\n".join("- " + sentence(vocabulary, rng, stop) for _ in range(rng.randint(2, 5))))
            written += 36
        elif kind < 0.55:
            name = rng.choice(["kbctl", "router", "sync"])
            parts.append(f"```\n{name} --reset --id {rng.randrange(10**6)}\n{name} status\n```")
            written += 6
        else:
            paragraph = " ".join(sentence(vocabulary, rng, stop) for _ in range(rng.randint(2, 5)))
            parts.append(paragraph)
            written += paragraph.count(" ") + 1
    return "\n\n".join(parts) + "\n"


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    corpora, articles, out, count = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 8)
    vocabularies = {}
    for language, (_, sources, script) in LANGUAGES.items():
        folders = [pathlib.Path(corpora) / source for source in sources] + [pathlib.Path(articles) / language]
        vocabulary = Vocabulary(read_texts(folders), script)
        if vocabulary.words:
            vocabularies[language] = vocabulary
    if "en" not in vocabularies:
        sys.exit(f"synth_articles: no English text found under {corpora} or {articles}")
    languages = list(vocabularies)
    shares = [LANGUAGES[language][0] for language in languages]
    for number in range(count):
        language = rng.choices(languages, shares)[0]
        vocabulary = vocabularies[language]
        stop = "।" if language in ("hi", "pa") else "."
        topic = rng.choice(TOPICS)
        title = sentence(vocabulary, rng, "", 4, 9)
        target_words = 300 + int(1200 * rng.random() ** 2)
        path = out / language / topic / f"article-{number:06d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The default key, the slug kb takes from the path. Two of 100,000 keys share a short code
        # about one time in seven; kb-index gives the second its next code (core/short_code.h).
        translation_key = f"{topic}-article-{number:06d}"
        path.write_text(
            "---\n"
            f"title: \"{title}\"\n"
            f"translation_key: {translation_key}\n"
            f"language: {language}\n"
            f"summary: \"{sentence(vocabulary, rng, stop)}\"\n"
            f"tags: [{topic}, {rng.choice(TOPICS)}]\n"
            f"products: [KB-{rng.randrange(100, 400)}]\n"
            f"updated: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
            "---\n\n" + body(vocabulary, rng, stop, target_words),
            encoding="utf-8")
    print(f"{count} articles in {', '.join(languages)} under {out}")


if __name__ == "__main__":
    main()
