-- The warehouse database is created by the image (POSTGRES_DB); Dagster's storage gets its own.
create database dagster;
