# Side-by-side benchmarks: Flowswitch vs Open vSwitch vs a bare veth pair,
# run in one VM boot.  `make bench` (not part of `make check`).
noinst_PROGRAMS += benchmarks/pktbench
benchmarks_pktbench_SOURCES = benchmarks/pktbench.c
EXTRA_DIST += benchmarks/run-bench.sh benchmarks/guest-bench.sh \
	benchmarks/summarize.py benchmarks/README.md benchmarks/chart.gp \
	benchmarks/host-rules.sh

# BENCH_OUT: where results.json, results.txt and results.png go.
# BENCH_RUNS: runs per figure.
BENCH_OUT ?= $(abs_top_builddir)/benchmarks
BENCH_RUNS ?= 3
bench: all
	@if [ ! -f $(abs_top_srcdir)/datapath/flowswitch.ko ]; then \
	  $(MAKE) modules || echo "bench: flowswitch.ko not built; Flowswitch figures will be n/a"; fi
	FSW_BUILDDIR=$(abs_top_builddir) BENCH_RUNS=$(BENCH_RUNS) \
	  sh $(abs_top_srcdir)/benchmarks/run-bench.sh -o $(BENCH_OUT)

.PHONY: bench
