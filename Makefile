# The two commands of the README:
#   make run   installs what is missing, builds the console, and serves it
#              with the reference API server on http://127.0.0.1:8080
#   make test  installs what the tests need and runs every tier
SHELL := /bin/bash
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

LISTEN ?= 127.0.0.1:8080
DATABASE ?= data/console.sqlite3

.PHONY: run test setup setup-test console server dev fmt bench bench-engines bench-live

run: setup console server
	@exec ./target/release/api-server --listen $(LISTEN) --database $(DATABASE) --static-dir dist --seed-demo

test: setup-test
	@scripts/test.sh

setup:
	@scripts/bootstrap.sh

setup-test:
	@scripts/bootstrap.sh --test

## The console in release mode, into dist/.
console:
	trunk build --release

## The API server in release mode.
server:
	cargo build --release -p api-server

## Rebuilds the console on every change: run `make run` in another terminal
## for the API, then open http://127.0.0.1:8081.
dev: setup
	@mkdir -p data # trunk refuses to watch a missing folder it is told to ignore
	trunk serve

fmt:
	cargo fmt --all

## Benchmarks the projects list with 10,000 projects: the console against a
## plain-JS page, then the list endpoint under 32 concurrent clients.
bench: setup-test console server
	node bench/list.mjs
	node bench/api.mjs

## Benchmarks the list endpoint and token creation on SQLite, on PostgreSQL
## and on two instances sharing one PostgreSQL database, in a throwaway
## PostgreSQL cluster.
bench-engines: setup-test server
	pg_virtualenv -t node bench/engines.mjs

## Benchmarks live updates: 500 open event streams on one server, their
## memory and CPU while idle, and the time from a change to its delivery.
bench-live: setup-test server
	node bench/live.mjs
