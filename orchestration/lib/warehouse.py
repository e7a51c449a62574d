"""The warehouse as a Dagster resource: the Postgres liftoff uses (LIFTOFF_DATABASE_URL or embedded)."""


import dagster as dg
import psycopg2

from liftoff.database import database_url


class Warehouse(dg.ConfigurableResource):
    """Resolves the connection at run time, never when definitions load."""

    def url(self) -> str:
        return database_url()

    def query(self, sql: str, params=None) -> list[tuple]:
        with psycopg2.connect(self.url()) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
