#!/bin/sh
# Runs once, when the official postgres image initialises an empty data folder: lets a streaming replica
# (compose profile postgres-replica) connect for replication with the superuser's password.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
