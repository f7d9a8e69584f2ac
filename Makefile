# loadctl: the original setup's entry points, plus build/test/sweep.
# Server targets listen on port 8000, as the origin's uvicorn did.

PORT        ?= 8000
CONNECTIONS ?= 20000
DURATION    ?= 30s
URL         ?= http://localhost:$(PORT)/ping/
# -B: no colours or progress; .mvn/jvm.config keeps Maven's console library from writing a stray
# colour reset (ESC[0m) when the output is not a terminal.
MVN         ?= mvn -B -q
SERVER_JAR  := target-server/target/loadctl-target-server-all.jar
LOADCTL_JAR := cli/target/loadctl.jar
# The bundled server's JVM, as loadctl launches it (docs/benchmarks.md: every waiting request is live,
# so a young generation big enough for them avoids copying them and full GCs).
SERVER_JAVA_OPTS ?= -XX:+UseParallelGC -XX:-UseAdaptiveSizePolicy -Xms512m -Xmx512m -Xmn384m

.PHONY: build test quick sweep capacity report bench bench-lua doctor profiles clean install uninstall \
        run-one-thread run-two-threads run-four-threads run-eight-threads \
        test-one-thread test-two-threads test-four-threads test-eight-threads ensure-wrk

build: $(LOADCTL_JAR)

$(LOADCTL_JAR) $(SERVER_JAR): pom.xml cli/pom.xml target-server/pom.xml $(shell find cli/src/main target-server/src/main -type f 2>/dev/null)
	$(MVN) package -DskipTests

# The README's test command, and what CI runs.
# Quiet, except Surefire and Failsafe (the *IT tests, run after package): their "Tests run: N, Failures: N"
# lines are what CI and people read.
test: ensure-wrk
	$(MVN) -ntp -Dorg.slf4j.simpleLogger.log.org.apache.maven.plugin.surefire=info \
	  -Dorg.slf4j.simpleLogger.log.org.apache.maven.plugin.failsafe=info verify

ensure-wrk:
	@bin/ensure-wrk

# The bundled 200 ms /ping/ server in the foreground (Ctrl-C stops it).
run-one-thread: build
	java $(SERVER_JAVA_OPTS) -jar $(SERVER_JAR) --threads 1 --port $(PORT)
run-two-threads: build
	java $(SERVER_JAVA_OPTS) -jar $(SERVER_JAR) --threads 2 --port $(PORT)
run-four-threads: build
	java $(SERVER_JAVA_OPTS) -jar $(SERVER_JAR) --threads 4 --port $(PORT)
run-eight-threads: build
	java $(SERVER_JAVA_OPTS) -jar $(SERVER_JAR) --threads 8 --port $(PORT)

# The origin's wrk runs against a server started with run-*, parsed and judged by loadctl.
test-one-thread: build ensure-wrk
	bin/loadctl run --url $(URL) --threads 1 --connections $(CONNECTIONS) --duration $(DURATION)
test-two-threads: build ensure-wrk
	bin/loadctl run --url $(URL) --threads 2 --connections $(CONNECTIONS) --duration $(DURATION)
test-four-threads: build ensure-wrk
	bin/loadctl run --url $(URL) --threads 4 --connections $(CONNECTIONS) --duration $(DURATION)
test-eight-threads: build ensure-wrk
	bin/loadctl run --url $(URL) --threads 8 --connections $(CONNECTIONS) --duration $(DURATION)

# The README's main job: a one-minute sweep, then the report.
quick: build ensure-wrk
	bin/loadctl sweep --profile quick
	bin/loadctl report --html

sweep: build ensure-wrk
	bin/loadctl sweep $(ARGS)

# The original question answered: for 1, 2, 4, 8 threads, the most goodput within the SLA (5–7 minutes
# on two cores; docs/capacity.md), then the verdict. ARGS=... passes flags, e.g. ARGS="--profile nginx-echo".
capacity: build ensure-wrk
	bin/loadctl capacity $(ARGS)

report: build
	bin/loadctl report $(ARGS)

doctor: build ensure-wrk
	bin/loadctl doctor $(ARGS)

profiles: build
	bin/loadctl profiles

# The peer benchmark: bundled vs nginx-echo vs fastapi-uvicorn, 1-2 threads, -c1000/5000/10000,
# about 12 minutes. Run it on a quiet machine: other load on the two cores shows up in every figure.
bench: build ensure-wrk
	bin/loadctl bench $(ARGS)

# What the bundled wrk Lua script costs wrk (docs/benchmarks.md).
bench-lua: build ensure-wrk
	bin/bench-lua

# make install PREFIX=~/.local: PREFIX/bin/loadctl (the launcher) and PREFIX/share/loadctl/ with the jar,
# profiles/ and the peer servers' files that profiles name through {server_dir} (target-server/fastapi,
# target-server/nginx): loadctl finds them beside its jar, so 'loadctl sweep' works from any folder. A bash
# completion script goes where bash-completion looks. DESTDIR is prepended for packaging.
PREFIX  ?= /usr/local
prefix  := $(patsubst ~%,$(HOME)%,$(PREFIX))
share   := $(DESTDIR)$(prefix)/share/loadctl
completions := $(DESTDIR)$(prefix)/share/bash-completion/completions

install: build
	@test -n "$(prefix)" || { echo "make install: PREFIX is empty" >&2; exit 2; }
	install -d "$(DESTDIR)$(prefix)/bin" "$(share)/profiles" "$(completions)"
	install -m 644 $(LOADCTL_JAR) "$(share)/loadctl.jar"
	install -m 644 profiles/*.yaml "$(share)/profiles/"
	for f in target-server/fastapi/*.py target-server/nginx/*.template; do \
	  install -D -m 644 "$$f" "$(share)/$$f" || exit 1; done
	install -m 755 bin/loadctl "$(DESTDIR)$(prefix)/bin/loadctl"
	java -jar $(LOADCTL_JAR) generate-completion > "$(completions)/loadctl"
	@echo "installed: $(DESTDIR)$(prefix)/bin/loadctl (put $(prefix)/bin on PATH); bash completion:" \
	  "$(completions)/loadctl, or: source <(loadctl generate-completion)"

uninstall:
	@test -n "$(prefix)" || { echo "make uninstall: PREFIX is empty" >&2; exit 2; }
	rm -f "$(DESTDIR)$(prefix)/bin/loadctl" "$(completions)/loadctl"
	rm -rf "$(share)"

clean:
	$(MVN) clean
