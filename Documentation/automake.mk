# Man pages not listed by their program's own fragment.  (Each tool's
# fragment lists its page in dist_man_MANS; list a page only once.)
dist_man_MANS += Documentation/fsw-vswitchd.8
