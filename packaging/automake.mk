# `make install` extras (issue 9.5): the systemd unit, bash completion,
# and `make install-dkms` for the kernel module's sources.  Binaries and
# man pages install through bin_PROGRAMS, sbin_PROGRAMS and
# dist_man_MANS in each tool's own fragment.
systemdunitdir = $(prefix)/lib/systemd/system
bashcompdir = $(datadir)/bash-completion/completions
DKMS_SRCDIR = /usr/src/$(PACKAGE)-$(VERSION)
FSW_COMPLETED = fsw-ofctl fsw-vsctl fsw-dpctl fsw-appctl fsw-vswitchd

EXTRA_DIST += packaging/fsw-vswitchd.service.in \
	packaging/flowswitch.bash-completion
CLEANFILES += packaging/fsw-vswitchd.service
systemdunit_DATA = packaging/fsw-vswitchd.service

packaging/fsw-vswitchd.service: packaging/fsw-vswitchd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) packaging && \
	sed -e 's|@sbindir[@]|$(sbindir)|g' \
		$(srcdir)/packaging/fsw-vswitchd.service.in >$@.tmp && \
	mv $@.tmp $@

# bash-completion loads completions/COMMAND on first use: one script,
# linked under every command's name.
install-data-local:
	$(MKDIR_P) $(DESTDIR)$(bashcompdir)
	$(INSTALL_DATA) $(srcdir)/packaging/flowswitch.bash-completion \
		$(DESTDIR)$(bashcompdir)/flowswitch
	for t in $(FSW_COMPLETED); do \
		ln -sf flowswitch $(DESTDIR)$(bashcompdir)/$$t || exit 1; \
	done

uninstall-local:
	for t in flowswitch $(FSW_COMPLETED); do \
		rm -f $(DESTDIR)$(bashcompdir)/$$t; \
	done

# The module's sources as DKMS wants them: one directory holding
# dkms.conf, the Kbuild file and the sources, with the shared headers
# (include/fsw) inside it instead of next to it.  Then:
#   dkms add -m flowswitch -v $(VERSION) && dkms install -m flowswitch -v $(VERSION)
install-dkms:
	$(MKDIR_P) $(DESTDIR)$(DKMS_SRCDIR)/include/fsw
	$(INSTALL_DATA) $(srcdir)/datapath/*.c $(srcdir)/datapath/*.h \
		$(DESTDIR)$(DKMS_SRCDIR)/
	$(INSTALL_DATA) $(srcdir)/include/fsw/*.h \
		$(DESTDIR)$(DKMS_SRCDIR)/include/fsw/
	sed -e 's|$$(src)/\.\./include|$$(src)/include|' \
		$(srcdir)/datapath/Kbuild >$(DESTDIR)$(DKMS_SRCDIR)/Kbuild
	sed -e 's|^PACKAGE_VERSION=.*|PACKAGE_VERSION="$(VERSION)"|' \
		$(srcdir)/datapath/dkms.conf >$(DESTDIR)$(DKMS_SRCDIR)/dkms.conf

uninstall-dkms:
	rm -rf $(DESTDIR)$(DKMS_SRCDIR)

.PHONY: install-dkms uninstall-dkms

check_PROGRAMS += tests/unit/test-install
tests_unit_test_install_SOURCES = tests/unit/test-install.c
tests_unit_test_install_CFLAGS = $(UNIT_CFLAGS) \
	-DFSW_BUILDDIR='"$(abs_top_builddir)"' -DFSW_KSRC='"$(KSRC)"' \
	-DFSW_VERSION='"$(VERSION)"' -DFSW_BINDIR='"$(bindir)"' \
	-DFSW_SBINDIR='"$(sbindir)"' -DFSW_MANDIR='"$(mandir)"' \
	-DFSW_UNITDIR='"$(systemdunitdir)"' \
	-DFSW_BASHCOMPDIR='"$(bashcompdir)"'
tests_unit_test_install_LDADD = $(UNIT_LDADD)
