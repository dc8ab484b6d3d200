"""The `poros` command: each subcommand parses options, calls one function, prints the result."""
from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import click

from graph import __version__
from graph.errors import PorosError, first_line
from graph.formats import EXPORT_SUFFIXES, RDF_SUFFIXES, format_of
from graph.model import Problem

STORE_HELP = "Store directory (or 'memory'). [env POROS_STORE; default ./poros-data]"
SUFFIX_FORMATS = RDF_SUFFIXES
RESULT_FORMATS = ("table", "csv", "tsv", "json")


class Context:
    def __init__(self, quiet: bool, verbose: bool):
        self.quiet = quiet
        self.verbose = verbose

    def say(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)


def store_option(func):
    return click.option("--store", "store_path", envvar="POROS_STORE", default="poros-data",
                        show_default=True, metavar="DIR", help=STORE_HELP)(func)


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def one_line(text: str) -> str:
    """A message as one printable line: control characters (a newline in a file name, a terminal
    escape), bidirectional overrides and undecodable bytes of a file name written as escapes."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class PorosGroup(click.Group):
    """Turns domain errors into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PorosError as err:
            raise click.ClickException(one_line(str(err))) from None
        except KeyboardInterrupt:
            click.echo("poros: interrupted; the store keeps every article written before", err=True)
            ctx.exit(130)
        except MemoryError:
            raise click.ClickException("out of memory") from None
        except OSError as err:  # e.g. a table file that a writer's compaction removed under a reader
            raise click.ClickException(one_line(f"{first_line(err)} (if another poros process is writing the "
                                                "store, try again)")) from None


@click.group(cls=PorosGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="poros")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Say more, e.g. every refused input in full.")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """poros: a bilateral-relations knowledge graph from news articles.

    \b
    Example:
      poros ingest articles/            # read articles into ./poros-data
      poros query 'SELECT DISTINCT ?x WHERE { ?x a poros:State }'
      poros export -o graph.ttl
    """
    ctx.obj = Context(quiet=quiet, verbose=verbose)


# ingest / extract --------------------------------------------------------------------------------

def kb_option(func):
    return click.option("--kb", "kb_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
                        help="Turtle file or folder of your own entities (people, forums, places); repeatable.")(func)


def jobs_option(func):
    return click.option("-j", "--jobs", type=click.IntRange(0), default=0, metavar="N",
                        help="Extract in N worker processes (0, the default: one per core; 1: in this "
                             "process). A small run never starts them.")(func)


def _jobs(jobs: int) -> int:
    from graph.parallel import default_jobs

    return jobs or default_jobs()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@kb_option
@jobs_option
@click.option("--bulk", is_flag=True,
              help="Write articles and graphs new to the store with the bulk loader, then compact the store: "
                   "several times faster, for big loads; readers opened meanwhile may have to try again.")
@store_option
@click.pass_obj
def ingest(obj: Context, paths: tuple[Path, ...], kb_paths: tuple[Path, ...], jobs: int, bulk: bool,
           store_path: str) -> None:
    """Read articles (.txt, .html, .jsonl files and folders) into the store.

    Ingesting an article again replaces it. A manifest.jsonl beside text files gives their
    metadata (id, url, published, lang, title). A .ttl file among the paths (or --kb) adds your
    own entities: the store keeps them and uses them for every later article. A .nq or .trig file
    is a backup (`poros export --format nquads`): its graphs go back in as they were.
    Extraction runs on every core (--jobs); one process writes the store, in input order.
    Each article is written in a transaction of its own; --bulk writes new ones by batches of
    the bulk loader (a crash drops the batch it interrupted when the store opens again) and
    compacts the store at the end, so that it answers as fast as one written by transactions.

    \b
    Example:
      poros ingest --store my-store news/ extra/feed.jsonl
      poros ingest --store my-store --jobs 4 archive/
      poros ingest --store big --bulk shards/
      poros ingest --store my-store my-people.ttl
      poros ingest --store restored backup.nq
    """
    from graph.ingest import ingest as run_ingest
    from graph.store import open_store

    with open_store(store_path) as store:
        report = _run_with_progress(obj, lambda progress: run_ingest(
            store, paths, entity_paths=kb_paths, progress=progress, debug=obj.verbose, jobs=_jobs(jobs), bulk=bulk),
            paths)
    _finish(obj, report, "ingested")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="File to write; the format follows its extension (.ttl .nt .nq .trig .jsonld). "
                   "With --engine dask, the directory of N-Quads shards.")
@click.option("--format", "fmt", type=click.Choice(sorted(set(SUFFIX_FORMATS.values()))),
              help="Format, when the extension does not say.")
@click.option("--with-kb", is_flag=True,
              help="Add the knowledge base the articles were read with (dated offices, memberships).")
@kb_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Extract in this process, or on a Dask cluster into one N-Quads shard per partition.")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler (tcp://host:8786), or 'local' for a cluster of this "
                   "machine's cores. Workers read the inputs and write the shards: on several machines "
                   "both must be on storage shared under the same path.")
@click.option("--partitions", type=click.IntRange(1), metavar="N",
              help="With --engine dask: how many partitions (shards) of the input files "
                   "[default: twice the worker threads, at most one per file].")
@jobs_option
@click.pass_obj
def extract(obj: Context, paths: tuple[Path, ...], output: Path, fmt: str | None, with_kb: bool,
            kb_paths: tuple[Path, ...], engine: str, scheduler: str | None, partitions: int | None,
            jobs: int) -> None:
    """Extract articles straight to a graph file, without a store.

    The file holds the articles' graphs; with --with-kb also the knowledge base they were read
    with (dated offices and memberships), so date questions can be asked of the file alone.
    With --engine dask, -o is a directory (new, or holding only shards): one shard part-NNNNN.nq
    per partition, and kb.nq for --kb entities (and --with-kb); `poros ingest` loads them.

    \b
    Example:
      poros extract news/ -o news.ttl
      poros extract feed.jsonl --kb my-people.ttl -o feed.nq
      poros extract news/ --engine dask --scheduler tcp://10.0.0.5:8786 -o /shared/shards
      poros ingest --store my-store /shared/shards
    """
    from graph.ingest import ingest as run_ingest
    from graph.store import open_store

    if engine == "dask":
        _extract_on_dask(obj, paths, output, fmt, with_kb, kb_paths, scheduler, partitions)
        return
    if scheduler or partitions:
        raise click.UsageError("--scheduler and --partitions go with --engine dask")
    if output.is_dir():
        raise click.BadParameter(f"{output} is a directory", param_hint="'-o' / '--output'")
    fmt = fmt or _format_from_suffix(output)
    with open_store("memory") as store:  # new articles go in by the bulk loader: no crash to outlive in memory
        report = _run_with_progress(obj, lambda progress: run_ingest(
            store, paths, entity_paths=kb_paths, progress=progress, debug=obj.verbose, jobs=_jobs(jobs),
            bulk=True), paths)
        if report.articles:
            _stream(lambda stream: store.write_export(stream, fmt, with_kb=with_kb), output)
    _finish(obj, report, "extracted")


def _extract_on_dask(obj: Context, paths: tuple[Path, ...], output: Path, fmt: str | None, with_kb: bool,
                     kb_paths: tuple[Path, ...], scheduler: str | None, partitions: int | None) -> None:
    """`poros extract --engine dask`: shards into the output directory, then the one-line summary."""
    from graph.distributed import extract_to_shards

    if not scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS (tcp://host:8786, or 'local')")
    if fmt not in (None, "nquads"):
        raise click.UsageError("--engine dask writes N-Quads shards; --format goes with the local engine")
    bar = not obj.quiet and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if bar:
            click.echo(f"\r{done}/{total} partitions done", err=True, nl=False)

    report = extract_to_shards(paths, output, scheduler, partitions, kb_paths=kb_paths, with_kb=with_kb,
                               progress=progress, debug=obj.verbose)
    if bar and report.partitions:
        click.echo("", err=True)
    for problem in report.problems:
        click.echo(f"Error: {one_line(str(problem))}", err=True)
    if report.refused > len(report.problems):
        click.echo(f"Error: {report.refused - len(report.problems)} more inputs refused", err=True)
    if report.articles == 0 and not report.refused and not report.entity_files and not report.restored:
        raise click.ClickException("no article was read")
    if report.articles or report.entity_files or report.restored:
        obj.say(report.summary("extracted"))
    if report.refused:
        sys.exit(1)


def _run_with_progress(obj: Context, run, paths):
    """Run with a progress line on a terminal (silent in pipes); print refused inputs as they come."""
    bar = _ProgressLine(paths) if not obj.quiet and sys.stderr.isatty() else None

    def progress(item) -> None:
        if isinstance(item, Problem):
            click.echo(f"Error: {one_line(str(item))}", err=True)
        if bar is not None:
            bar.update(item)

    report = run(progress)
    if bar is not None:
        click.echo("", err=True)
    return report


class _ProgressLine:
    """`[#####     ] 3/10 files, 120 articles, 45.1 articles/s`, redrawn in place on stderr."""

    def __init__(self, paths) -> None:
        from graph.read import article_files

        self.total = sum(len(article_files(p)) if p.is_dir() else 1 for p in paths if p.exists())
        self.files: set[str] = set()
        self.articles = 0
        self.started = time.perf_counter()

    def update(self, item) -> None:
        where = item.location if isinstance(item, Problem) else item.origin
        self.files.add(re.sub(r":\d+$", "", where))  # a JSON-lines record counts as its file
        self.articles += not isinstance(item, Problem)
        rate = self.articles / max(time.perf_counter() - self.started, 1e-6)
        done = min(len(self.files), self.total)
        filled = "#" * int(30 * done / self.total) if self.total else ""
        click.echo(f"\r[{filled:<30}] {done}/{self.total} files, {self.articles} articles, {rate:.1f} articles/s",
                   err=True, nl=False)


def _finish(obj: Context, report, verb: str) -> None:
    """The one-line summary; exit 1 when any input was refused (each was already named)."""
    restored = report.restored or report.restored_other
    if report.articles == 0 and not report.refused and not report.entity_files and not restored:
        raise click.ClickException("no article was read")
    if report.articles or report.entity_files or restored:
        obj.say(report.summary(verb))
    if report.refused:
        sys.exit(1)


# query -----------------------------------------------------------------------------------------

@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table", show_default=True,
              help="Result format of a SELECT; CONSTRUCT and DESCRIBE give Turtle.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option("--name", "ready_name", metavar="NAME", help="Run a ready question (see --list).")
@click.option("--param", "params", metavar="NAME=VALUE", multiple=True,
              help="A parameter of the ready question; repeatable.")
@click.option("--list", "list_ready", is_flag=True, help="List the ready questions and their parameters.")
@store_option
def query(sparql: str | None, query_file: Path | None, fmt: str, output: Path | None, ready_name: str | None,
          params: tuple[str, ...], list_ready: bool, store_path: str) -> None:
    """Ask the store a SPARQL question (prefixes poros:, ent:, doc:, rdfs:, ... are predeclared).

    A ready question (ontology/queries/NAME.rq) runs by name with --param NAME=VALUE; an actor
    is given by label, alias or IRI, a date as YYYY, YYYY-MM or YYYY-MM-DD.

    \b
    Example:
      poros query 'SELECT DISTINCT ?name WHERE { ?s a poros:State ; rdfs:label ?name FILTER(lang(?name)="en") }'
      poros query -f questions/timeline.rq --format csv
      poros query --list
      poros query --name timeline --param a="Vladimir Putin" --param b="Xi Jinping"
    """
    from graph.queries import describe, list_queries, load_query, parse_assignments, run_query
    from graph.results import format_result
    from graph.store import open_for_reading

    if list_ready:
        click.echo("\n".join(describe(q) for q in list_queries()))
        return
    if [sparql, query_file, ready_name].count(None) != 2:
        raise click.UsageError("give a query, -f FILE or --name NAME (one of them)")
    if params and ready_name is None:
        raise click.UsageError("--param goes with --name")
    ready = load_query(ready_name) if ready_name is not None else None
    values = parse_assignments(params)
    text = query_file.read_text(encoding="utf-8") if query_file else sparql
    with open_for_reading(store_path) as store:
        answer = run_query(store, ready, values) if ready else store.query(text)
        result = format_result(answer, fmt)
    _emit(result, output)


# export / remove / validate / stats ------------------------------------------------------------

@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(sorted(set(EXPORT_SUFFIXES.values()))),
              help="turtle (default), nt, nquads, trig, jsonld, or the actor network as graphml, gexf "
                   "or csv; else from the output's extension.")
@click.option("--no-kb", is_flag=True, help="Leave the knowledge-base graphs out (RDF formats).")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True,
              help="Label language of the actor network.")
@store_option
@click.pass_obj
def export(obj: Context, output: Path | None, fmt: str | None, no_kb: bool, lang: str, store_path: str) -> None:
    """Write the whole graph out; the same store gives the same bytes.

    Turtle and N-Triples hold the union of all articles; N-Quads, TriG and JSON-LD keep one named
    graph per article. An N-Quads or TriG export is a backup: `poros ingest backup.nq` puts it back.
    GraphML, GEXF and CSV hold the actor network: actors as nodes, one edge per event.

    \b
    Example:
      poros export -o graph.ttl
      poros export --format nquads -o backup.nq     # restore: poros ingest --store new backup.nq
      poros export -o network.gexf          # for Gephi; .graphml for Cytoscape, .csv for a spreadsheet
    """
    from graph.network import NETWORK_FORMATS, actor_network, write_network
    from graph.store import open_for_reading

    fmt = fmt or (_format_from_suffix(output, EXPORT_SUFFIXES) if output else "turtle")
    started = time.perf_counter()
    with open_for_reading(store_path) as store:
        if fmt in NETWORK_FORMATS:
            _emit(write_network(actor_network(store.query, lang), fmt), output)
        else:
            _stream(lambda stream: store.write_export(stream, fmt, with_kb=not no_kb), output)
    if output:
        obj.say(f"wrote {output} ({output.stat().st_size:,} bytes, {fmt}) in {time.perf_counter() - started:.2f} s")


@main.command()
@click.argument("ids", nargs=-1, required=True)
@store_option
@click.pass_obj
def remove(obj: Context, ids: tuple[str, ...], store_path: str) -> None:
    """Take articles (and everything only they support) out of the store, by article id.

    \b
    Example:
      poros remove 03_jokowi_kyiv feed-0012
    """
    from graph.store import open_store

    with open_store(store_path, create=False) as store:
        missing = [i for i in ids if not store.remove_article(i)]
    removed = len(ids) - len(missing)
    if missing:
        done = f" (removed the other {removed})" if removed else ""
        raise click.ClickException(f"no article with id {', '.join(map(repr, missing))} in the store{done}")
    obj.say(f"removed {removed} article{'s' * (removed != 1)}")


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@store_option
@click.pass_obj
def validate(obj: Context, file: Path | None, store_path: str) -> None:
    """Check a graph file, or the store's articles, against the poros SHACL shapes.

    The shipped knowledge base is checked by the test suite; a store's check covers what its
    articles (and your own entity files) say.

    \b
    Example:
      poros validate graph.ttl
      poros validate --store my-store
    """
    from graph.store import open_for_reading
    from graph.validate import graph_from_ntriples, load_graph_file, validate_graph

    if file is not None:
        data, name = load_graph_file(file), str(file)
    else:
        with open_for_reading(store_path) as store:
            data, name = graph_from_ntriples(store.export("nt", with_kb=False)), store.location
    violations = validate_graph(data)
    for violation in violations[:200 if not obj.verbose else None]:
        click.echo(str(violation), err=True)
    if violations:
        raise click.ClickException(f"{name}: {len(violations)} violation(s) of the poros shapes")
    obj.say(f"{name}: valid ({len(data)} triples conform to the poros shapes)")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@store_option
def stats(as_json: bool, store_path: str) -> None:
    """Count what the store holds: documents, actors per class, places, events per type, triples.

    \b
    Example:
      poros stats --store my-store
    """
    from dataclasses import asdict

    from graph.store import open_for_reading

    with open_for_reading(store_path) as store:
        counts = store.stats()
    if as_json:
        click.echo(json.dumps(asdict(counts), indent=1, sort_keys=True))
        return
    click.echo(f"documents      {counts.documents}")
    for kind, n in counts.actors.items():
        click.echo(f"actors {kind:<13}{n}")
    click.echo(f"places         {counts.places}")
    click.echo(f"events         {sum(counts.events.values())}")
    for kind, n in counts.events.items():
        click.echo(f"  {kind:<13}{n}")
    click.echo(f"triples        {counts.triples}")
    click.echo(f"quads          {counts.quads}")


# view ------------------------------------------------------------------------------------------

@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
@click.option("--lang", type=click.Choice(["en", "id"]), default="en", show_default=True,
              help="Language of the labels.")
@click.option("--from", "date_from", metavar="DATE", default="", help="Only events on or after DATE (2022, 2022-06 or 2022-06-29).")
@click.option("--to", "date_to", metavar="DATE", default="", help="Only events on or before DATE.")
@click.option("--type", "types", metavar="TYPES", default="", help="Only these event types, comma-separated (CONSULT,AGREE).")
@click.option("--actor", "actors", metavar="NAME", multiple=True,
              help="Centre on an actor (label, alias or IRI); repeatable.")
@click.option("--depth", type=click.IntRange(0, 5), default=1, show_default=True,
              help="How many steps around --actor to keep.")
@click.option("--edges", "edge_mode", type=click.Choice(["each", "aggregate"]), default="each", show_default=True,
              help="One edge per event, or one per pair and type (count and date range).")
@click.option("--max-nodes", type=click.IntRange(1), default=1500, show_default=True,
              help="Keep at most this many actors (the most active); the page says what it left out.")
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Draw the result of a CONSTRUCT, or of a SELECT whose rows start with two actors.")
@click.option("--title", default="poros graph", show_default=True, help="The page's title.")
@store_option
@click.pass_obj
def view(obj: Context, output: Path, lang: str, date_from: str, date_to: str, types: str, actors: tuple[str, ...],
         depth: int, edge_mode: str, max_nodes: int, query_file: Path | None, title: str, store_path: str) -> None:
    """Write the graph as one interactive HTML page that works offline.

    Actors are nodes (sized by how much they do), events are edges coloured by PLOVER type;
    click one to see its evidence and sources. The page filters by date, type and actor too.

    \b
    Example:
      poros view -o graph.html
      poros view -o xi.html --actor "Xi Jinping" --depth 1 --from 2022-01-01 --to 2022-12-31 --type CONSULT,AGREE
      poros view -o roles.html --query my-construct.rq
    """
    from graph.store import open_for_reading
    from graph.view import Narrowing, ViewStyle, check_date, make_view
    from graph.view.render import event_types

    wanted = frozenset(t.strip().upper() for t in types.split(",") if t.strip())
    unknown = sorted(wanted - set(event_types(lang))) if query_file is None else []
    if unknown:
        raise click.BadParameter(f"unknown event type {', '.join(unknown)} (known: {', '.join(event_types(lang))})",
                                 param_hint="--type")
    narrowing = Narrowing(date_from=check_date(date_from, "--from"), date_to=check_date(date_to, "--to"),
                          types=wanted, actors=actors, depth=depth, max_nodes=max_nodes, lang=lang)
    sparql = query_file.read_text(encoding="utf-8") if query_file else None
    started = time.perf_counter()
    with open_for_reading(store_path) as store:
        page = make_view(store.query, narrowing, ViewStyle(lang=lang, edges=edge_mode, title=title), sparql)
    _write(output, page.html.encode("utf-8"))
    obj.say(f"wrote {output}: {len(page.graph.actors):,} actors, {len(page.graph.edges):,} edges, "
            f"{len(page.html):,} bytes in {time.perf_counter() - started:.2f} s")
    for note in page.graph.notes:
        obj.say(f"note: {note}")


# serve -----------------------------------------------------------------------------------------

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets other machines query the store.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port to listen on.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL updates (read-only without it).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="SECONDS",
              help="Stop a query (or the graph page) that runs longer.")
@click.option("--max-results", type=click.IntRange(1), default=10_000, show_default=True, metavar="N",
              help="Refuse a result of more rows (or triples).")
@store_option
@click.pass_obj
def serve(obj: Context, host: str, port: int, allow_update: bool, timeout: float, max_results: int,
          store_path: str) -> None:
    """Serve the store as a SPARQL 1.1 endpoint, with a query page and the graph view.

    /sparql answers queries by GET or POST (JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD by
    Accept), / is a page to type a query, /view the interactive graph (?actor=, ?from=, ...).
    SERVICE and LOAD are refused. `poros ingest` can keep writing to the store meanwhile.

    \b
    Example:
      poros serve --store my-store
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?id WHERE { ?d dcterms:identifier ?id }' http://127.0.0.1:7878/sparql
    """
    from graph.server import ServeOptions
    from graph.server import serve as run_server

    options = ServeOptions(host=host, port=port, allow_update=allow_update, timeout=timeout,
                           max_results=max_results, log=obj.verbose)
    run_server(store_path, options, say=obj.say)


# helpers ---------------------------------------------------------------------------------------

def _format_from_suffix(path: Path, known: dict[str, str] = SUFFIX_FORMATS) -> str:
    fmt = format_of(path, known)
    if fmt is None:
        raise click.ClickException(f"cannot tell the format of {path} from its extension; use --format "
                                   f"({', '.join(sorted(set(known.values())))})")
    return fmt


def _write(path: Path, data: bytes) -> None:
    """Write via a temporary file, so a failed write never leaves half a file."""
    _stream(lambda stream: stream.write(data), path)


def _stream(write, output: Path | None) -> None:
    """Let `write` write to the output file (via a temporary one) or to standard output as it goes."""
    if output is None:
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    from graph.files import write_atomically

    try:
        write_atomically(output, write)
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err.strerror or err}") from None


def _emit(data: bytes | str, output: Path | None) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
    else:
        _write(output, raw)


if __name__ == "__main__":
    main()
