# The two commands: `make run` and `make test`. Everything else is a helper.
BUILD_TYPE ?= Release
BUILD_DIR  ?= build
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 60
LISTEN     ?= 127.0.0.1:8080
DATA       ?= var
# Paths relative to the checkout, so another clone or worktree hits the same ccache entries.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
CMAKE_FLAGS = -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_C_COMPILER_LAUNCHER=ccache \
              -DCMAKE_CXX_COMPILER_LAUNCHER=ccache

.PHONY: all deps deps-test build web run test bench bench-agent fuzz clean

all: build

deps:
	scripts/install-deps.sh build

deps-test:
	scripts/install-deps.sh test

web/dist/index.html: $(shell find web/src web/index.html web/package.json -type f 2>/dev/null)
	cd web && (npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error) && npm run build

web: web/dist/index.html

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) $(EXTRA_CMAKE_FLAGS)

build: deps web $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/src/app/qalxan serve --listen $(LISTEN) --data $(DATA) --web web/dist

test: deps-test web
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) -DQX_BUILD_TESTS=ON $(EXTRA_CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench:
	scripts/install-deps.sh bench postgres
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) -DQX_BUILD_BENCH=ON $(EXTRA_CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	bench/run_http.sh $(BUILD_DIR)
	bench/run_catalog.sh $(BUILD_DIR)
	bench/run_taxii.sh $(BUILD_DIR)
	bench/run_match.sh $(BUILD_DIR)

# The host agent beside oscap on the SCAP Security Guide's Debian 12 profiles (about 40 minutes:
# oscap's ANSSI profiles take minutes each). Needs network once to fetch the data stream.
bench-agent:
	scripts/install-deps.sh bench
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) $(EXTRA_CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS) --target qalxan-agent
	bench/run_agent.sh $(BUILD_DIR)

fuzz:
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DQX_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target request_fuzz match_tokenizer_fuzz match_pattern_fuzz policy_fuzz csv_fuzz
	build-fuzz/fuzz/request_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096
	build-fuzz/fuzz/match_tokenizer_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=65536
	build-fuzz/fuzz/match_pattern_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=1024
	mkdir -p build-fuzz/policy-corpus
	build-fuzz/fuzz/policy_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build-fuzz/policy-corpus tests/fixtures/agent/fuzz-corpus
	build-fuzz/fuzz/csv_fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=65536

clean:
	rm -rf $(BUILD_DIR) build-fuzz web/dist
