# OpenFlow codec unit tests (issue 6).
check_PROGRAMS += tests/unit/test-ofp-match
tests_unit_test_ofp_match_SOURCES = tests/unit/test-ofp-match.c
tests_unit_test_ofp_match_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_match_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-actions
tests_unit_test_ofp_actions_SOURCES = tests/unit/test-ofp-actions.c
tests_unit_test_ofp_actions_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_actions_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-msgs
tests_unit_test_ofp_msgs_SOURCES = tests/unit/test-ofp-msgs.c
tests_unit_test_ofp_msgs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_msgs_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-mp
tests_unit_test_ofp_mp_SOURCES = tests/unit/test-ofp-mp.c
tests_unit_test_ofp_mp_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_mp_LDADD = $(UNIT_LDADD)

check_PROGRAMS += tests/unit/test-ofp-parse
tests_unit_test_ofp_parse_SOURCES = tests/unit/test-ofp-parse.c
tests_unit_test_ofp_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ofp_parse_LDADD = $(UNIT_LDADD)
