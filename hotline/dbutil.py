"""Small database helpers shared by the domain modules."""
from hotline.extensions import db


def insert_ignoring_conflicts(table, rows, returning):
    """INSERT ... ON CONFLICT DO NOTHING RETURNING, on PostgreSQL and SQLite alike.

    Returns the rows really inserted; conflicting ones are skipped silently. Sent as one
    cached statement in executemany form, however many rows there are.
    """
    if not rows:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).on_conflict_do_nothing().returning(*returning)
    return db.session.execute(stmt, rows).all()
