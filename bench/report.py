#!/usr/bin/env python3
"""Turns the "key value" lines scripts/bench records into its tables (every figure next to its ratio
to the baseline measured in the same run) and a JSON file with the figures and the targets.

usage: report.py FIGURES_FILE RESULTS_JSON"""
import json
import sys
import urllib.parse


def load(path):
    figures = {}
    for line in open(path, encoding="utf-8"):
        key, _, value = line.rstrip("\n").partition(" ")
        try:
            figures[key] = float(value)
        except ValueError:
            figures[key] = value
    return figures


def ratio(value, base):
    if not isinstance(value, float) or not isinstance(base, float) or base == 0:
        return None
    return value / base


def fmt(value, digits=1):
    if value is None or value == "":
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def times(value):
    return "-" if value is None else f"{value:,.2f}x"


def percent(value):
    if value is None:
        return "-"
    return f"{100 * value:.1f} %" if value < 0.1 else f"{100 * value:.0f} %"


def table(title, header, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    print(title)
    for i, row in enumerate([header] + rows):
        print("  " + "  ".join(str(cell).ljust(w) if j == 0 else str(cell).rjust(w)
                               for j, (cell, w) in enumerate(zip(row, widths))))
        if i == 0:
            print("  " + "  ".join("-" * w for w in widths))
    print()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    f = load(sys.argv[1])
    get = f.get
    targets = []

    def target(name, value, limit, met):
        targets.append({"target": name, "value": value, "limit": limit, "met": bool(met) if value is not None else None})

    print(f"scripts/bench ({get('settings.mode')}), {get('settings.date')}, commit {get('settings.commit')}, "
          f"{fmt(get('settings.cores'), 0)} cores. Only ratios count: the machine is shared and noisy.\n")
    skipped = sorted((k, v) for k, v in f.items() if k.startswith("skip."))
    for key, reason in skipped:
        print(f"SKIPPED {key[5:]}: {reason}")
    if skipped:
        print()

    # Index build.
    if "index.bare.seconds" in f:
        rows = []
        bare = get("index.bare.seconds")
        for label, key in (("kb-index --full --keep-going", "kb"), ("bare loop (TermGenerator, 1 commit)", "bare"),
                           ("omindex (Omega, markdown filter)", "omega")):
            seconds, articles = get(f"index.{key}.seconds"), get(f"index.{key}.articles")
            rate = articles / seconds if isinstance(seconds, float) and isinstance(articles, float) and seconds else None
            rows.append([label, fmt(articles, 0), fmt(seconds, 2), fmt(rate, 0), fmt(get(f"index.{key}.size_mb")),
                         times(ratio(seconds, bare))])
        table("Index build, officedocs-support (baseline: the bare loop)",
              ["indexer", "articles", "seconds", "articles/s", "index MB", "time vs bare"], rows)
        change = get("index.kb.one_change_s")
        print(f"  one changed article, incremental kb-index: {fmt(change, 2)} s = "
              f"{percent(ratio(change, get('index.kb.seconds')))} of the full build\n")
        build_ratio = ratio(get("index.kb.seconds"), bare)
        target("full build <= 1.5x the bare loop", build_ratio, 1.5, build_ratio is not None and build_ratio <= 1.5)
        change_share = ratio(change, get("index.kb.seconds"))
        target("one changed article <= 5 % of a full build (officedocs)", change_share, 0.05,
               change_share is not None and change_share <= 0.05)

    # In-process query latency.
    labels = [label for label in ("officedocs", "10000", "100000") if f"query.{label}.kb.p99_us" in f]
    if labels:
        rows = []
        for label in labels:
            corpus = "officedocs (real)" if label == "officedocs" else f"synthetic {int(label):,}"
            for engine, name in (("kb", "kb Searcher (snippets, facets)"), ("plain", "plain Xapian BM25 top 10")):
                p = f"query.{label}.{engine}."
                rows.append([corpus, name, fmt(get(p + "searches"), 0), fmt(get(p + "answered"), 0), fmt(get(p + "p50_us"), 0),
                             fmt(get(p + "p99_us"), 0), fmt(get(p + "mean_us"), 0),
                             times(ratio(get(p + "p50_us"), get(f"query.{label}.plain.p50_us"))),
                             times(ratio(get(p + "p99_us"), get(f"query.{label}.plain.p99_us")))])
        table(f"Query latency in-process, microseconds ({fmt(get('settings.query_rounds'), 0)} timed rounds of the query set; "
              "baseline: plain Xapian)",
              ["corpus", "engine", "searches", "with hits", "p50", "p99", "mean", "p50 vs plain", "p99 vs plain"], rows)
        if "query.officedocs.kb.p50_us" in f:
            p50 = ratio(get("query.officedocs.kb.p50_us"), get("query.officedocs.plain.p50_us"))
            p99 = ratio(get("query.officedocs.kb.p99_us"), get("query.officedocs.plain.p99_us"))
            target("in-process p50 <= 3x plain Xapian (officedocs, distinct queries)", p50, 3.0, p50 is not None and p50 <= 3)
            target("in-process p99 <= 4x plain Xapian (officedocs, distinct queries)", p99, 4.0, p99 is not None and p99 <= 4)

    # The long tail over HTTP: the headline figure.
    if "longtail.kb.rps" in f:
        rows = []
        for label, key in (("kb-serve /api/v1/search, search cache off", "kb"), ("plain server /search", "plain")):
            rps = get(f"longtail.{key}.rps")
            rows.append([label, fmt(rps, 0), fmt(get(f"longtail.{key}.p50_ms"), 2), fmt(get(f"longtail.{key}.p99_ms"), 2),
                         percent(ratio(rps, get("longtail.plain.rps"))), fmt(get(f"longtail.{key}.non_2xx"), 0)])
        table(f"Long tail over HTTP: {fmt(get('settings.longtail_queries'), 0)} distinct officedocs queries in turn, "
              f"wrk {str(get('settings.wrk')).replace('_', ' ')} (baseline: the plain server)",
              ["server and path", "req/s", "p50 ms", "p99 ms", "of plain", "non-2xx"], rows)
        share = ratio(get("longtail.kb.rps"), get("longtail.plain.rps"))
        target("long-tail req/s >= 0.5x the plain server", share, 0.5, share is not None and share >= 0.5)

    # HTTP.
    if "http.kb_healthz.rps" in f:
        query = urllib.parse.unquote_plus(str(get("settings.http_query", "")))
        healthz, omega = get("http.kb_healthz.rps"), get("http.omega_search.rps")
        rows = []
        for label, key in (("kb-serve /api/v1/search", "kb_api"), ("kb-serve /search (page)", "kb_page"),
                           ("kb-serve article page (1st result)", "kb_article"),
                           ("kb-serve /healthz", "kb_healthz"), ("plain server /search", "plain_search"),
                           ("plain server /healthz", "plain_healthz"), ("Omega CGI (lighttpd)", "omega_search")):
            rps = get(f"http.{key}.rps")
            own_limit = get("http.plain_healthz.rps") if key.startswith("plain") else healthz
            rows.append([label, fmt(rps, 0), fmt(get(f"http.{key}.p50_ms"), 2), fmt(get(f"http.{key}.p99_ms"), 2),
                         percent(ratio(rps, own_limit)) if key != "omega_search" else "-", times(ratio(rps, omega)),
                         fmt(get(f"http.{key}.non_2xx"), 0)])
        table(f"HTTP, one query repeated (kb answers it from memory), wrk {str(get('settings.wrk')).replace('_', ' ')}, query \"{query}\" "
              "(baselines: the server's own /healthz; Omega's CGI)",
              ["server and path", "req/s", "p50 ms", "p99 ms", "of /healthz", "vs Omega", "non-2xx"], rows)
        print(f"  article page: {get('http.kb.article_path')}; Omega found {fmt(get('http.omega.matches'), 0)} matches "
              "for the query\n"
              f"  kb-serve memory after the load: {fmt(get('http.kb.rss_mb'))} MB resident, {fmt(get('http.kb.peak_mb'))} MB peak; "
              f"plain server {fmt(get('http.plain.rss_mb'))} MB\n")
        api_share = ratio(get("http.kb_api.rps"), healthz)
        target("/api/v1/search req/s >= 30 % of kb's /healthz", api_share, 0.30, api_share is not None and api_share >= 0.30)
        versus_omega = ratio(get("http.kb_api.rps"), omega)
        target("/api/v1/search req/s >= 100x Omega CGI", versus_omega, 100.0, versus_omega is not None and versus_omega >= 100)

    # Scale.
    sizes = [size for size in ("10000", "100000") if f"scale.{size}.kb_build_s" in f]
    if sizes:
        build_rows, serve_rows = [], []
        for size in sizes:
            p = f"scale.{size}."
            build_rows.append([f"{int(size):,}", fmt(get(p + "kb_articles"), 0), fmt(get(p + "source_mb"), 0),
                               fmt(get(p + "kb_build_s"), 1), fmt(get(p + "bare_build_s"), 1),
                               times(ratio(get(p + "kb_build_s"), get(p + "bare_build_s"))),
                               fmt(get(p + "kb_size_mb"), 0), fmt(get(p + "bare_size_mb"), 0),
                               times(ratio(get(p + "kb_size_mb"), get(p + "bare_size_mb")))])
            serve_rows.append([f"{int(size):,}", fmt(get(p + "kb_rss_mb"), 0), fmt(get(p + "plain_rss_mb"), 0),
                               fmt(get(p + "kb_rps"), 0), fmt(get(p + "plain_rps"), 0),
                               percent(ratio(get(p + "kb_rps"), get(p + "plain_rps"))),
                               fmt(get(f"query.{size}.kb.p99_us"), 0), fmt(get(f"query.{size}.plain.p99_us"), 0),
                               times(ratio(get(f"query.{size}.kb.p99_us"), get(f"query.{size}.plain.p99_us"))),
                               fmt(get(p + "reindex_index_s"), 2), fmt(get(p + "reindex_served_s"), 2)])
        table("Scale, synthetic articles (en, lv, lt, hi, te, pa): build (baseline: the bare loop)",
              ["articles", "indexed", "source MB", "kb build s", "bare s", "build vs bare", "kb index MB", "bare MB",
               "size vs bare"], build_rows)
        table("Scale: serving (baseline: the plain server; p99 in-process, us)",
              ["articles", "kb RSS MB", "plain RSS MB", "kb req/s", "plain req/s", "kb of plain", "kb p99", "plain p99",
               "p99 vs plain", "1 change: kb-index s", "served after s"], serve_rows)
        print("  req/s: wrk cycling through the query set on /api/v1/search (kb, search cache off: a long tail) and /search (plain),\n"
              "  after which RSS is read.\n")
        largest = "scale." + sizes[-1] + "."
        served = get(largest + "reindex_served_s")
        served = served if isinstance(served, float) else None
        target(f"one changed article re-indexed and served < 1 s at {int(sizes[-1]):,}", served, 1.0,
               served is not None and served < 1.0)
        rss = get(largest + "kb_rss_mb")
        target(f"kb-serve RSS < 150 MB at {int(sizes[-1]):,}", rss, 150.0, isinstance(rss, float) and rss < 150)

    if targets:
        print("Targets (ratios measured in this run)")
        for t in targets:
            state = "n/a" if t["met"] is None else ("met" if t["met"] else "MISSED")
            value = "-" if t["value"] is None else f"{t['value']:,.2f}"
            print(f"  {state:6}  {t['target']}: {value} (limit {t['limit']:g})")
    json.dump({"figures": f, "targets": targets}, open(sys.argv[2], "w", encoding="utf-8"), indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
