# The two commands of the README's Quick start. Both install what is missing first.
SWIFT ?= swift
SYSTEM_PACKAGES := libfuse3-dev fuse3 pkg-config curl
# What only the tests use: socat drives the guest agent's sockets, Chromium renders
# timeline.html. `make test` (and what it builds first) installs them; `make demo` does not.
TEST_PACKAGES := socat chromium
SNAPWRITER = .build/debug/snapwriter
# The Python client's tests (clients/python) run from a virtualenv with pytest and
# schemathesis, and back up with restic.
PYTHON ?= python3
VENV = .build/venv
PYTEST = $(VENV)/bin/pytest

.PHONY: demo test soak build bench deps system-deps clean

demo: system-deps build
	$(SNAPWRITER) demo

test: EXTRA_PACKAGES := $(TEST_PACKAGES)
test: deps
	# Folders depend one way (docs/architecture.md): no two use each other.
	./scripts/folder-cycles --max 0
	$(SWIFT) build --build-tests
	# A bound, so a test stuck on a mount fails the run instead of hanging it.
	timeout 1200 $(SWIFT) test --skip-build
	# The Python client against the real server: its stories, restic, schemathesis.
	SNAPWRITER=$(CURDIR)/$(SNAPWRITER) timeout 900 $(PYTEST) -q -p no:cacheprovider clients/python/tests
	./scripts/run-examples $(SNAPWRITER)
	# docs/commands.md is generated from the argument parser: it must match the binary.
	./scripts/command-reference $(SNAPWRITER) --check
	# A short soak on every change: random scenarios, faults and kills, invariants after each.
	timeout 600 $(SNAPWRITER) soak --runs 40 --seed 1

# The long soak (docs/reproducing.md): 200 random scenarios must break no invariant.
soak: system-deps
	$(SWIFT) build
	$(SNAPWRITER) soak --runs 200 --seed 1

build: system-deps
	$(SWIFT) build

# The volume against a C passthrough and the native directory (docs/performance.md).
bench: system-deps
	$(SWIFT) build -c release
	.build/release/snapwriter bench

# What the tests need: the system packages and a virtualenv with the Python client
# (editable), pytest and schemathesis, made again when clients/python/pyproject.toml changes.
deps: $(VENV)/.installed

$(VENV)/.installed: clients/python/pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -e 'clients/python[test]'
	touch $@

# Installs the system packages only when one is missing, so a machine that has them
# needs neither root nor the network.
system-deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES) $(EXTRA_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	command -v restic >/dev/null || missing="$$missing restic"; \
	$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update && $$SUDO apt-get install -y $$missing; \
	fi

clean:
	rm -rf .build
