# `make modules` builds datapath/flowswitch.ko against $(KSRC).
KSRC = @KSRC@
EXTRA_DIST += datapath/Kbuild datapath/Makefile datapath/dkms.conf

modules:
	@if [ -z "$(KSRC)" ] || [ ! -d "$(KSRC)" ]; then \
	  echo "make modules: no kernel build tree; install linux-headers-amd64 or configure --with-ksrc=DIR" >&2; \
	  exit 1; fi
	$(MAKE) -C $(KSRC) M=$(abs_top_srcdir)/datapath modules

modules-clean:
	$(MAKE) -C $(KSRC) M=$(abs_top_srcdir)/datapath clean

.PHONY: modules modules-clean
