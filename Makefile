# trifold: plain Makefile. `make` installs missing packages, builds, and
# renders every shipped edition into out/; `make test` runs every test.

PKGS     := yaml-0.1 harfbuzz harfbuzz-subset fribidi libunibreak freetype2 zlib fontconfig
# Loaded with dlopen on first use, not linked (src/lazylib.h): headers only
# at build time; the soname each was built against is compiled in.
LAZY_PKGS := libqrencode liburiparser lcms2
LAZY_SONAMES := qrencode:QRENCODE uriparser:URIPARSER gettextpo:GETTEXTPO lcms2:LCMS2
soname = $(shell objdump -p $$($(CC) -print-file-name=lib$(1).so) 2>/dev/null | sed -n 's/^ *SONAME *//p')
LAZYDEFS := $(foreach p,$(LAZY_SONAMES),$(if $(call soname,$(word 1,$(subst :, ,$(p)))),\
              -DTF_SO_$(word 2,$(subst :, ,$(p)))='"$(call soname,$(word 1,$(subst :, ,$(p))))"'))
# The preview module (build/trifold-preview.so, src/preview_mod.h): poppler
# and cairo load only when a preview is drawn, not at every start.
PREVIEW_PKGS := poppler-glib cairo
CC       ?= cc
BUILD    ?= build
PREFIX   ?= /usr/local
WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
OPT      ?= -O2 -g
DEPCFLAGS = $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS) 2>/dev/null) $(LAZYDEFS)
# Small libraries linked statically where Debian ships the .a (libyaml-dev,
# libfribidi-dev, libhyphen-dev): three shared objects fewer to map and
# relocate at every start (make bench: `trifold --version` 201 -> 183 page
# faults). The others have no .a, or are needed as .so by another .so.
# fontconfig (with expat, which only it uses) is static too: two shared
# objects fewer again (`trifold --version` 257 -> 243 page faults, 2621 ->
# 2608 relocations); fontconfig itself starts only when a font is named
# by family.
STATIC_CAND := yaml fribidi hyphen fontconfig expat
STATIC_LIBS := $(foreach l,$(STATIC_CAND),$(if $(filter /%,$(shell $(CC) -print-file-name=lib$(l).a 2>/dev/null)),-l$(l)))
DYN_LIBS    := $(filter-out $(STATIC_LIBS),$(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lhyphen)
BSTATIC   := -Wl,-Bstatic
BDYNAMIC  := -Wl,-Bdynamic
DEPLIBS   = $(if $(STATIC_LIBS),$(BSTATIC) $(STATIC_LIBS) $(BDYNAMIC)) $(DYN_LIBS) -lm -pthread
ALL_CFLAGS = $(WARN) $(OPT) -D_POSIX_C_SOURCE=200809L -DTF_DATADIR='"$(PREFIX)/share/trifold"' \
             -DTF_LIBDIR='"$(PREFIX)/lib/trifold"' -MMD -MP -iquote src $(DEPCFLAGS) $(CFLAGS)

SRCS     := $(filter-out src/preview_render.c,$(wildcard src/*.c))
PREVIEW_MOD := $(BUILD)/trifold-preview.so
# build/gen/srgb_icc.c: the office sRGB profile, made by tools/gen_srgb_icc.c
# with LittleCMS at build time (so an office edition does not load it).
GEN_SRGB := $(BUILD)/gen/srgb_icc.c
OBJS     := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(if $(wildcard tools/gen_srgb_icc.c),$(BUILD)/obj/srgb_icc.o)
LIBOBJS  := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
UNITSRC  := $(wildcard tests/unit/test_*.c)
UNITBIN  := $(UNITSRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN      := $(BUILD)/trifold
PROFILE  := $(BUILD)/FOGRA39L.icc

# Shipped editions: every content/<brochure>/<lang>.yaml -> out/<brochure>-<lang>.pdf,
# for the folders under content/ that hold a brochure.yaml (others, like
# clinic folders, are not brochures).
BROCHURE_DIRS := $(patsubst %/brochure.yaml,%,$(wildcard content/*/brochure.yaml))
EDITION_SRC := $(filter-out %/brochure.yaml,$(foreach d,$(BROCHURE_DIRS),$(wildcard $(d)/*.yaml)))
# Fonts too big to keep in git, copied from Debian packages (tools/deps.sh installs them).
FONT_COPIES := fonts/DroidSansFallbackFull.ttf
EDITIONS    := $(foreach f,$(EDITION_SRC),out/$(notdir $(patsubst %/,%,$(dir $(f))))-$(basename $(notdir $(f))).pdf)

.PHONY: all deps build fonts test layout-corpus unit asan valgrind bench bench-peers fuzz install uninstall clean editions
.DEFAULT_GOAL := all
.SECONDEXPANSION:

all: deps
	@$(MAKE) --no-print-directory build fonts
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) editions

fonts: $(FONT_COPIES)

fonts/DroidSansFallbackFull.ttf:
	cp /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf $@

deps:
	@sh tools/deps.sh

build: $(BIN) $(PROFILE) $(PREVIEW_MOD)

$(PREVIEW_MOD): src/preview_render.c
	@mkdir -p $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -fPIC $(shell pkg-config --cflags $(PREVIEW_PKGS)) -c -o $(BUILD)/obj/preview_render.pic.o $<
	$(CC) $(LDFLAGS) -shared -o $@ $(BUILD)/obj/preview_render.pic.o $(shell pkg-config --libs $(PREVIEW_PKGS))

# The default press profile (FOGRA39, ISO 12647-2 coated offset) is built
# from Fogra's characterisation data in Debian's icc-profiles-free (Zlib
# licence) with ArgyllCMS's colprof: a derived binary is not kept in git.
# -ql: low quality is enough for a handful of flat colours (peak error
# about 2 dE, 155 KB); -kr -l300: GCR with the condition's 300 % ink limit.
# The header's creation date is then fixed so the PDFs stay reproducible.
FOGRA39_TI3 ?= /usr/share/color/icc/FOGRA39L.ti3
$(PROFILE):
	@mkdir -p $(BUILD)/profile
	cp $(FOGRA39_TI3) $(BUILD)/profile/FOGRA39L.ti3
	cd $(BUILD)/profile && colprof -ql -bl -kr -l300 \
	    -D "Coated FOGRA39 (trifold, from FOGRA39L.ti3)" \
	    -C "Characterisation data: Fogra (FOGRA39L), via icc-profiles-free, Zlib licence" FOGRA39L >colprof.log
	printf '\007\352\000\013\000\034\000\000\000\000\000\000' | \
	    dd of=$(BUILD)/profile/FOGRA39L.icc bs=1 seek=24 conv=notrunc status=none
	mv $(BUILD)/profile/FOGRA39L.icc $@

$(BIN): $(OBJS) | $(PROFILE)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEPLIBS)

# A build tool: plain flags (no sanitizer or fuzzer OPT/LDFLAGS of the build it serves).
$(BUILD)/gen/gen_srgb_icc: tools/gen_srgb_icc.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 $(shell pkg-config --cflags lcms2) -o $@ $< $(shell pkg-config --libs lcms2)

$(GEN_SRGB): $(BUILD)/gen/gen_srgb_icc
	$(BUILD)/gen/gen_srgb_icc > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/srgb_icc.o: $(GEN_SRGB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(LIBOBJS) $(DEPLIBS)

# Clinic editions: every brochure x every clinic file x every language, one
# trifold call per (brochure, clinic) rendering all its languages. Clinic
# files are the *.yaml in CLINIC_DIRS: `make CLINIC_DIRS="content/clinics ../ours"`.
CLINIC_DIRS  ?= content/clinics
CLINIC_FILES := $(foreach d,$(CLINIC_DIRS),$(wildcard $(d)/*.yaml))
CLINICS      := $(basename $(notdir $(CLINIC_FILES)))
clinic_file   = $(firstword $(filter %/$(1).yaml,$(CLINIC_FILES)))
BROCHURES    := $(notdir $(patsubst %/,%,$(dir $(EDITION_SRC))))
BROCHURES    := $(sort $(BROCHURES))
langs_of      = $(basename $(notdir $(filter-out %/brochure.yaml,$(wildcard content/$(1)/*.yaml))))
CLINIC_EDITIONS := $(foreach b,$(BROCHURES),$(foreach c,$(CLINICS),$(foreach l,$(call langs_of,$(b)),out/$(b)-$(c)-$(l).pdf)))

# Screen editions (portrait pages in reading order, tagged): the English one of each brochure.
SCREEN_EDITIONS := $(foreach b,$(BROCHURES),$(if $(wildcard content/$(b)/en.yaml),out/$(b)-en-screen.pdf))

editions: $(EDITIONS) $(CLINIC_EDITIONS) $(SCREEN_EDITIONS)

out/%-en-screen.pdf: $(BIN) $(FONT_COPIES) $$(wildcard content/$$*/*)
	@mkdir -p out
	$(BIN) build content/$* --lang en --edition screen -o $@

define clinic_rule
$(foreach l,$(call langs_of,$(1)),out/$(1)-$(2)-$(l).pdf) &: $(BIN) $(FONT_COPIES) $(wildcard content/$(1)/*) $(call clinic_file,$(2)) $(wildcard $(dir $(call clinic_file,$(2)))*.png $(dir $(call clinic_file,$(2)))*.jpg)
	@mkdir -p out
	$(BIN) build content/$(1) --lang $(subst $(eval) ,$(comma),$(call langs_of,$(1))) --clinic $(call clinic_file,$(2)) -o 'out/{brochure}-{clinic}-{lang}.pdf'
endef
comma := ,
$(foreach b,$(BROCHURES),$(foreach c,$(CLINICS),$(eval $(call clinic_rule,$(b),$(c)))))

# One rule per edition: out/<b>-<lang>.pdf depends on its folder's files.
define edition_rule
out/$(1)-$(2).pdf: $(BIN) $(FONT_COPIES) $(wildcard content/$(1)/*) $(wildcard fonts/*)
	@mkdir -p out
	$(BIN) build content/$(1) --lang $(2) -o $$@
endef
$(foreach f,$(EDITION_SRC),$(eval $(call edition_rule,$(notdir $(patsubst %/,%,$(dir $(f)))),$(basename $(notdir $(f))))))

unit: $(UNITBIN)

test: $(BIN) $(PREVIEW_MOD) $(UNITBIN) $(FONT_COPIES) $(PROFILE)
	@TRIFOLD=$(BIN) UNITDIR=$(BUILD)/tests sh tests/run.sh

# The whole layout corpus (tests/layout/): 500 generated brochure variants
# on both cores; counts by class and rule, body size and fill spread.
layout-corpus: $(BIN) $(FONT_COPIES)
	@TRIFOLD=$(BIN) python3 tests/layout/run.py -j2

# AddressSanitizer + UndefinedBehaviorSanitizer build of everything, and the
# whole test suite run against it.
# TRIFOLD_OTHER: test_robust's determinism-asan compares the two builds' PDFs.
asan:
	@$(MAKE) --no-print-directory build
	@TRIFOLD_OTHER=$(BIN) LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 $(MAKE) --no-print-directory BUILD=build-asan \
	    OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

valgrind: $(BIN)
	@TRIFOLD=$(BIN) sh tests/valgrind.sh

# libFuzzer targets (tests/fuzz/README): clang-14 + ASan/UBSan build in
# build-fuzz/, then each target runs FUZZ_SECONDS (crashes: build-fuzz/artifacts/).
FUZZ_SECONDS ?= 60
FUZZ_BINS    := $(BUILD)/fuzz/fuzz_content $(BUILD)/fuzz/fuzz_pipeline $(BUILD)/fuzz/fuzz_clinic \
                $(BUILD)/fuzz/fuzz_pack
fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang-14 \
	    OPT="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=fuzzer,address,undefined" fuzz-build
	@FUZZ=build-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

fuzz-build: $(FUZZ_BINS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DTF_FUZZ_ROOT='"$(CURDIR)"' $(LDFLAGS) -o $@ $< $(LIBOBJS) $(DEPLIBS)

# Speed (issue 13): figures against their targets, printed; never in tests.
bench: $(BIN) $(FONT_COPIES)
	@TRIFOLD=$(BIN) python3 bench/run.py
	@TRIFOLD=$(BIN) python3 bench/clinics.py

# Optional, not in CI: Typst on the same brochure, pairwise (bench/peers.py).
bench-peers: $(BIN) $(FONT_COPIES)
	@TRIFOLD=$(BIN) BUILD=$(BUILD) python3 bench/peers.py

# Installed tree: the binary finds fonts/, schema/ and the press profile in
# $(DATADIR) (or in ../share/trifold beside itself when the tree is moved;
# src/datadir.h, the one lookup).
DATADIR  = $(PREFIX)/share/trifold
MANDIR   = $(PREFIX)/share/man/man1
COMPDIR  = $(PREFIX)/share/bash-completion/completions
INST_FONTS = $(wildcard fonts/*.ttf) $(FONT_COPIES) fonts/OFL.txt fonts/LICENSE-DroidSansFallback.txt

install: $(BIN) $(PREVIEW_MOD) $(FONT_COPIES) $(PROFILE)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPDIR) \
	    $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/schema
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/trifold
	install -d $(DESTDIR)$(PREFIX)/lib/trifold
	install -m 755 $(PREVIEW_MOD) $(DESTDIR)$(PREFIX)/lib/trifold/trifold-preview.so
	install -m 644 docs/trifold.1 $(DESTDIR)$(MANDIR)/trifold.1
	install -m 644 tools/completion/trifold.bash $(DESTDIR)$(COMPDIR)/trifold
	install -m 644 $(sort $(INST_FONTS)) $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 schema/*.schema.json $(DESTDIR)$(DATADIR)/schema/
	install -m 644 $(PROFILE) $(DESTDIR)$(DATADIR)/FOGRA39L.icc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/trifold $(DESTDIR)$(MANDIR)/trifold.1 $(DESTDIR)$(COMPDIR)/trifold
	rm -rf $(DESTDIR)$(PREFIX)/lib/trifold
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-fuzz out/*.pdf

-include $(OBJS:.o=.d) $(UNITBIN:=.d)
