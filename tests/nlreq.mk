# nlreq: one generic netlink request from the command line, for the
# datapath's system tests (not a unit test: no test- prefix).
noinst_PROGRAMS += tests/nlreq
tests_nlreq_SOURCES = tests/nlreq.c
tests_nlreq_LDADD = $(NLGENL_LIBS) $(NL_LIBS)
