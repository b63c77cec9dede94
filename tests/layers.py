#!/usr/bin/env python3
"""The library's layers point down (CONTRIBUTING.md, "Layers"): each folder of
lib/ includes headers of its own folder and of the folders below it only,
in the order

    core < text < time < eval < plan < set,   and above them json < batch, tzdata

where json, batch (in libotaplan-json) and tzdata (libotaplan-tzdata) are
other libraries: they take the public API of include/, and libotaplan-json
also the core's channel below; everything outside lib/ (tools, postgres, bindings' C, bench and fuzz
are exempt as tests are) includes the public headers of include/ only.
That channel is lib/core's internal functions (OTA_INTERNAL, exported under
the release's version node) and the header-only byte_words.h and init.h, and the frozen layouts of abi.h
(its types only: its functions are not exported).  usage: layers.py SOURCE_ROOT"""
import os
import re

import runner

SOURCE, = runner.arguments(1, "layers.py SOURCE_ROOT")
ORDER = {"core": 0, "text": 1, "time": 2, "eval": 3, "plan": 4, "set": 5, "json": 6, "batch": 7,
         "tzdata": 1}
# What libotaplan-json (and batch, above it) may take from the core.
CORE_CHANNEL = {"internal.h", "path.h", "suggest.h", "byte_words.h", "init.h", "abi.h"}


def includes(path):
    with open(path) as f:
        return re.findall(r'^\s*#\s*include\s+"([^"]+)"', f.read(), re.M)


class Layers(runner.Checks):
    def test_includes_point_down(self):
        lib = os.path.join(SOURCE, "lib")
        public = set(os.listdir(os.path.join(SOURCE, "include")))
        public |= {"otaplan_version.h"}  # generated from include/otaplan_version.h.in
        home = {}
        for folder in ORDER:
            for name in os.listdir(os.path.join(lib, folder)):
                if name.endswith(".h"):
                    self.check(name not in home and name not in public,
                          f"{folder}/{name}: the name is also {home.get(name, 'a public header')}")
                    home[name] = folder

        for folder, level in ORDER.items():
            for name in sorted(os.listdir(os.path.join(lib, folder))):
                if not name.endswith((".c", ".h")):
                    continue
                for header in includes(os.path.join(lib, folder, name)):
                    if header in public:
                        continue
                    owner = home.get(header)
                    where = f"lib/{folder}/{name} includes {header}"
                    self.check(owner is not None, f"{where}, which is no header of lib/")
                    if owner is None:
                        continue
                    if folder in ("json", "batch", "tzdata") and owner not in (folder, "json"):
                        # Another library: the public API, and for the JSON library
                        # the core's channel, nothing else of libotaplan.
                        self.check(folder != "tzdata" and header in CORE_CHANNEL,
                              f"{where} of lib/{owner}: not the core's channel {sorted(CORE_CHANNEL)}")
                        continue
                    self.check(owner == folder or ORDER[owner] < level or
                          (folder == "batch" and owner == "json"),
                          f"{where} of lib/{owner}: a layer above or beside it")

        for top in ("tools", "postgres/src"):
            for name in sorted(os.listdir(os.path.join(SOURCE, top))):
                if name.endswith((".c", ".h")):
                    for header in includes(os.path.join(SOURCE, top, name)):
                        self.check(header in public or os.path.exists(os.path.join(SOURCE, top, header)) or
                              header not in home,
                              f"{top}/{name} includes lib's {header}: only include/ is for programs")


runner.main("layers", 1)
