"""Shards: a coordinator whose ``docs`` and ``postings`` are hash partitions on other servers (postgres_fdw).

The coordinator keeps the global statistics (``terms``, ``fields``) and the build record, so every
score is the one a single node gives; readers query the coordinator as usual. A rebuild copies
each document's rows straight into the shard its number hashes to (routing rows through the
coordinator goes row by row), and makes each shard's indexes there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from search.errors import InvalidInput

PARAMETER = "shards"
"""The URL parameter naming the shard servers: ``?shards=HOST:PORT,HOST:PORT``."""
SERVER_PREFIX = "news_search_shard_"
SHARDED = ("docs", "postings")
"""The tables split by document number; the others stay on the coordinator."""


@dataclass(frozen=True)
class Shard:
    host: str
    port: int


def split_uri(uri: str) -> tuple[str, tuple[str, ...]]:
    """(the URI libpq accepts, the shards its ``shards`` parameter names, as written: a message
    may show a location whose shards are wrong; ``declared`` checks them)."""
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    given = [value for key, value in query if key == PARAMETER]
    if not given:
        return uri, ()
    rest = urlencode([(key, value) for key, value in query if key != PARAMETER])
    return urlunsplit(parts._replace(query=rest)), tuple(item.strip() for value in given
                                                         for item in value.split(",") if item.strip())


def declared(written: tuple[str, ...]) -> tuple[Shard, ...]:
    """The shards of a location's ``shards`` parameter; InvalidInput for one that is not HOST:PORT."""
    return tuple(_shard(text) for text in written)


def _shard(text: str) -> Shard:
    host, _, port = text.strip().rpartition(":")
    if not host or not port.isdigit():
        raise InvalidInput("{argument} shard '{value}' is not HOST:PORT: write the index as "
                           "postgresql://USER@HOST:PORT/DATABASE?shards=HOST:PORT,HOST:PORT", "index_dir", text)
    return Shard(host, int(port))


def recorded(meta: dict[str, Any] | None) -> tuple[Shard, ...]:
    """The shards a build record names."""
    return tuple(Shard(host, int(port)) for host, port in (meta or {}).get("shards") or [])


def record(shards: tuple[Shard, ...]) -> list[list[Any]]:
    return [[shard.host, shard.port] for shard in shards]


class ShardSet:
    """Connections to the shard servers (the coordinator's user, password and database name)."""

    def __init__(self, location: Any, shards: tuple[Shard, ...]) -> None:
        from search.backends.postgres.location import connect, parse

        self.location, self.shards = location, shards
        self.parts = urlsplit(location.uri)
        self.conns = []
        for shard in shards:
            where = parse(urlunsplit(self.parts._replace(netloc=self._netloc(shard), query="")))
            conn = connect(where)
            conn.execute("SET statement_timeout = 0")
            self.conns.append(conn)

    def _netloc(self, shard: Shard) -> str:
        user = self.parts.netloc.rpartition("@")[0]
        return f"{user}@{shard.host}:{shard.port}" if user else f"{shard.host}:{shard.port}"

    def close(self) -> None:
        for conn in self.conns:
            conn.close()

    def servers(self, conn: Any) -> None:
        """The coordinator's foreign servers and user mappings, one per shard, as the URL says now."""
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
        dbname = self.location.database
        for n, shard in enumerate(self.shards):
            name = f"{SERVER_PREFIX}{n}"
            where = f"host {_literal(shard.host)}, port {_literal(str(shard.port))}, dbname {_literal(dbname)}"
            if conn.execute("SELECT 1 FROM pg_foreign_server WHERE srvname = %s", (name,)).fetchone():
                # Moved, not dropped: the live generation's foreign tables depend on the server.
                conn.execute(f"ALTER SERVER {name} OPTIONS (SET {where.replace(', ', ', SET ')})")
            else:
                conn.execute(f"CREATE SERVER {name} FOREIGN DATA WRAPPER postgres_fdw OPTIONS "
                             f"({where}, batch_size '1000', fetch_size '10000')")
            options = [("user", self.location.user)] if self.location.user else []
            if self.parts.password:
                options.append(("password", self.parts.password))
            listed = ", ".join(f"{key} {_literal(value)}" for key, value in options)
            conn.execute(f"CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER {name}"
                         + (f" OPTIONS ({listed})" if listed else ""))

    def create(self, conn: Any, schema: str, ddl: list[str]) -> None:
        """A new generation: every table on each shard, and on the coordinator ``docs`` and
        ``postings`` as hash-partitioned parents of the shards' tables."""
        for shard in self.conns:
            for statement in ddl:
                shard.execute(statement)
        for statement in ddl:
            conn.execute(statement)
        count = len(self.shards)
        for table in SHARDED:
            conn.execute(f"ALTER TABLE {schema}.{table} RENAME TO {table}_model")
            conn.execute(f"CREATE TABLE {schema}.{table} (LIKE {schema}.{table}_model) PARTITION BY HASH (docnum)")
            conn.execute(f"DROP TABLE {schema}.{table}_model")
            for n in range(count):
                conn.execute(f"CREATE FOREIGN TABLE {schema}.{table}_{n} PARTITION OF {schema}.{table} "
                             f"FOR VALUES WITH (MODULUS {count}, REMAINDER {n}) SERVER {SERVER_PREFIX}{n} "
                             f"OPTIONS (schema_name {_literal(schema)}, table_name {_literal(table)})")

    def route(self, conn: Any, schema: str, docnums: list[int]) -> list[set[int]]:
        """Which shard each document number belongs to, as the coordinator's partitioning says."""
        count = len(self.shards)
        found = conn.execute(
            f"SELECT d, (SELECT r FROM generate_series(0, {count - 1}) r "
            f"WHERE satisfies_hash_partition({_literal(schema + '.docs')}::regclass, {count}, r, d)) "
            "FROM unnest(%s::integer[]) d", (docnums,)).fetchall()
        shards: list[set[int]] = [set() for _ in range(count)]
        for docnum, shard in found:
            shards[shard].add(docnum)
        return shards

    def copy(self, conn: Any, schema: str, docs: list[tuple], postings: list[tuple], doc_columns: str,
             posting_columns: str) -> None:
        """Each row COPY-ed into its shard directly (rows carry their document number first or third)."""
        owners = self.route(conn, schema, [row[0] for row in docs])
        for shard, mine in zip(self.conns, owners):
            with shard.cursor() as cur:
                with cur.copy(f"COPY {schema}.docs ({doc_columns}) FROM STDIN") as copy:
                    for row in docs:
                        if row[0] in mine:
                            copy.write_row(row)
                with cur.copy(f"COPY {schema}.postings ({posting_columns}) FROM STDIN") as copy:
                    for row in postings:
                        if row[2] in mine:
                            copy.write_row(row)

    def statistics(self, conn: Any, schema: str, fields: int) -> int:
        """The global term and field statistics on the coordinator, from each shard's own counts
        (an aggregate over the foreign partitions would fetch every posting); the document count."""
        conn.execute("CREATE TEMP TABLE shard_terms (field smallint, term text COLLATE \"C\", df integer)")
        sums = ", ".join(f"coalesce(sum(lengths[{code + 1}]), 0)" for code in range(fields))
        documents, totals = 0, [0] * fields
        for shard in self.conns:
            with shard.cursor() as out, conn.cursor() as into:
                with out.copy(f"COPY (SELECT field, term, count(*) FROM {schema}.postings GROUP BY 1, 2) TO STDOUT") as source:
                    with into.copy("COPY shard_terms FROM STDIN") as target:
                        for block in source:
                            target.write(block)
            row = shard.execute(f"SELECT count(*), {sums} FROM {schema}.docs").fetchone()
            documents += row[0]
            totals = [a + b for a, b in zip(totals, row[1:])]
        conn.execute(f"INSERT INTO {schema}.terms SELECT field, term, sum(df) FROM shard_terms GROUP BY 1, 2")
        conn.execute("DROP TABLE shard_terms")
        with conn.cursor() as cur:
            cur.executemany(f"INSERT INTO {schema}.fields VALUES (%s, %s)", list(enumerate(totals)))
        return documents

    def finish(self, schema: str, indexes: list[str]) -> None:
        """Each shard's indexes and planner statistics, made on the shard."""
        for shard in self.conns:
            for statement in indexes:
                shard.execute(statement)

    def drop(self, schema: str) -> None:
        for shard in self.conns:
            shard.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")

    def drop_except(self, prefix: str, keep: str | None) -> None:
        """Every generation schema on the shards but ``keep`` (the coordinator's live one)."""
        pattern = prefix.replace("_", r"\_") + "%"
        for shard in self.conns:
            for (name,) in shard.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE %s", (pattern,)).fetchall():
                if name != keep:
                    shard.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"
