/*
 * libFuzzer target: the ovs-ofctl flow syntax parser.  Whatever parses
 * must print, and the print must parse back to the same flow mod.
 */
#include <config.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ofp-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf a = BUF_INITIALIZER, a2 = BUF_INITIALIZER;
	struct ofp_flow_mod fm, fm2;
	char *s, *e, *p;
	int command;

	if (size < 1 || size > 4096)
		return 0;
	/* The first byte picks the command. */
	command = data[0] % 5;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	e = ofp_parse_flow_mod(s, command, &fm, &a);
	if (!e) {
		p = ofp_flow_mod_to_string(&fm);
		e = ofp_parse_flow_mod(p, command, &fm2, &a2);
		if (e || !match_equal(&fm.match, &fm2.match) ||
		    fm.priority != fm2.priority ||
		    fm.table_id != fm2.table_id ||
		    fm.cookie != fm2.cookie ||
		    fm.cookie_mask != fm2.cookie_mask ||
		    fm.flags != fm2.flags ||
		    !ofpacts_equal(fm.ofpacts, fm.ofpacts_len, fm2.ofpacts,
				   fm2.ofpacts_len))
			abort();
		free(p);
	}
	free(e);
	buf_uninit(&a);
	buf_uninit(&a2);
	free(s);
	return 0;
}
