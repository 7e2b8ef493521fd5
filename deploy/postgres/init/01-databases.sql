-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d), as
-- POSTGRES_USER, which then owns both databases. Each service has its own database
-- (ARCHITECTURE.md §5); each service applies its own migrations on start, under an advisory lock.
CREATE DATABASE turumba_account;
CREATE DATABASE turumba_messaging;
