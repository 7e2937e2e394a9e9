#!/usr/bin/env python3
"""Writes the benchmark's query set: phrases taken from the titles and headings of a folder of Markdown
articles, a third each of one, two and four words, about one in ten with a typo (two letters swapped or
one dropped). Deterministic for a given folder and seed, so runs compare the same work.

usage: make_queries.py ARTICLES_DIR OUT_FILE [COUNT=300] [SEED=8]"""
import pathlib
import random
import re
import sys

# Python's \w leaves out the vowel signs and viramas of Indic scripts (categories Mc, Mn), which
# would cut Hindi, Telugu and Punjabi words apart: those blocks count as word characters, dandas not.
WORD = re.compile(r"[\w\u0900-\u0963\u0966-\u0D7F]+")
HEADING = re.compile(r"^(?:title:|#{1,6} )\s*(.+?)\s*$")


def phrases(folder):
    """Distinct title and heading lines of all articles, in a stable order ("Cause" counts once)."""
    found, seen = [], set()
    for path in sorted(pathlib.Path(folder).rglob("*.md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = HEADING.match(line.strip("\ufeff"))
            if match:
                words = [w for w in WORD.findall(match.group(1)) if not w.isdigit() and len(w) > 1]
                if words and tuple(words) not in seen:
                    seen.add(tuple(words))
                    found.append(words)
    return found


def with_typo(words, rng):
    """The same words with one longer word misspelt, as a hurried reader types it."""
    long_ones = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long_ones:
        return words
    i = rng.choice(long_ones)
    word = words[i]
    at = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    else:
        word = word[:at] + word[at + 1:]
    return words[:i] + [word] + words[i + 1:]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    folder, out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 8)
    sources = phrases(folder)
    if not sources:
        sys.exit(f"make_queries: no titles or headings under {folder}")
    queries, seen = [], set()
    for _ in range(count * 50):
        if len(queries) == count:
            break
        size = (1, 2, 4)[len(queries) % 3]
        words = rng.choice(sources)
        if len(words) < size or (size == 1 and len(words[0]) < 4):
            continue
        start = rng.randrange(len(words) - size + 1)
        picked = words[start:start + size]
        if size == 1 and len(picked[0]) < 4:
            continue
        if rng.random() < 0.1:
            picked = with_typo(picked, rng)
        query = " ".join(picked).lower()
        if query not in seen:
            seen.add(query)
            queries.append(query)
    pathlib.Path(out).write_text("\n".join(queries) + "\n", encoding="utf-8")
    print(f"{len(queries)} queries from {len(sources)} titles and headings")


if __name__ == "__main__":
    main()
