#!/usr/bin/env python3
"""The symbols the libraries define, read with nm:

1. libotaplan.so exports exactly the functions otaplan.h declares (node
   OTAPLAN_0) and, apart, the ota__ functions of lib/core/internal.h that
   libotaplan-json calls (node OTAPLAN_INTERNAL_<release>), and
   libotaplan-json asks for exactly that node, so that a pair of two
   releases fails at load time;
2. libotaplan-json.so exports exactly the functions otaplan_json.h and
   otaplan_batch.h declare;
3. the static libraries define no global symbol outside the public names
   and the internal prefix ota__, so that static linking pollutes nothing;
4. evaluation (lib/eval and the time arithmetic, built without ICU's
   headers) calls no ICU function and no function of the library outside
   its own objects.

usage: symbols.py NM SOURCE_ROOT BUILD_ROOT RELEASE."""
import os
import re
import subprocess

import runner

NM, SOURCE, BUILD, RELEASE = runner.arguments(4, "symbols.py NM SOURCE_ROOT BUILD_ROOT RELEASE")
INTERNAL_NODE = "OTAPLAN_INTERNAL_" + RELEASE
def declared(header, macro):
    text = re.sub(r"/\*.*?\*/", "", open(os.path.join(SOURCE, "include", header)).read(), flags=re.S)
    return set(re.findall(macro + r"\b[^;(]*?\b(ota_\w+)\s*\(", text))


def nm(path, *flags):
    out = subprocess.run([NM, *flags, path], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines() if line.strip() and not line.endswith(":")]


def dynamic_exports(path):
    """name -> version node of every defined dynamic symbol."""
    exports = {}
    for fields in nm(path, "-D", "--defined-only"):
        name = fields[-1]
        if "@" in name:
            symbol, node = re.split(r"@+", name, maxsplit=1)
            if symbol != node:
                exports[symbol] = node
    return exports


def static_globals(path):
    return {f[-1] for f in nm(path, "-g", "--defined-only") if len(f) >= 3 and f[-2] in "TDBRCGSV"}


class Symbols(runner.Checks):
    def test_exports_nodes_and_evaluation_objects(self):
        core_api = declared("otaplan.h", "OTA_API")
        json_api = declared("otaplan_json.h", "OTA_JSON_API") | declared("otaplan_batch.h", "OTA_JSON_API")
        internal = set(re.findall(r"OTA_INTERNAL\s+[^;(]*?\b(ota__\w+)\s*\(",
                                  open(os.path.join(SOURCE, "lib/core/path.h")).read() +
                                  open(os.path.join(SOURCE, "lib/core/suggest.h")).read()))
        self.check(len(core_api) > 30 and len(json_api) > 20 and internal, "headers were not parsed")

        core = dynamic_exports(os.path.join(BUILD, "lib/libotaplan.so"))
        public = {s for s, node in core.items() if node == "OTAPLAN_0"}
        private = {s for s, node in core.items() if node == INTERNAL_NODE}
        self.check(public == core_api, f"libotaplan.so OTAPLAN_0 differs from otaplan.h: "
              f"exported only {sorted(public - core_api)}, declared only {sorted(core_api - public)}")
        self.check(private == internal, f"libotaplan.so {INTERNAL_NODE} differs from internal.h users: "
              f"{sorted(private ^ internal)}")
        self.check(set(core) == public | private, f"other exports: {sorted(set(core) - public - private)}")

        tzdata_api = declared("otaplan_tzdata.h", "OTA_TZDATA_API")
        tzdata = dynamic_exports(os.path.join(BUILD, "lib/tzdata/libotaplan-tzdata.so"))
        self.check(set(tzdata) == tzdata_api and tzdata_api,
              f"libotaplan-tzdata.so differs from otaplan_tzdata.h: {sorted(set(tzdata) ^ tzdata_api)}")
        tzdata_needs = {f[-1].split("@")[0] for f in nm(os.path.join(BUILD, "lib/tzdata/libotaplan-tzdata.so"),
                                                        "-D", "-u")}
        self.check(not {n for n in tzdata_needs if n.startswith("ota__")},
              f"libotaplan-tzdata calls internal functions: {sorted(tzdata_needs)}")

        json = dynamic_exports(os.path.join(BUILD, "lib/json/libotaplan-json.so"))
        self.check(set(json) == json_api, f"libotaplan-json.so differs from otaplan_json.h: "
              f"{sorted(set(json) ^ json_api)}")

        # The internal functions libotaplan-json needs, with the node each is bound
        # to: the release's own, never unversioned.
        needed = {f[-1] for f in nm(os.path.join(BUILD, "lib/json/libotaplan-json.so"), "-D", "-u")}
        needed_internal = {n for n in needed if n.startswith("ota__")}
        self.check(needed_internal and all(n.endswith("@" + INTERNAL_NODE) for n in needed_internal),
              f"libotaplan-json's internal references are not all bound to {INTERNAL_NODE}: "
              f"{sorted(needed_internal)}")

        for library, allowed in (("lib/libotaplan_objects.a", core_api),
                                 ("lib/json/libotaplan_json_objects.a", json_api)):
            stray = {s for s in static_globals(os.path.join(BUILD, library))
                     if s not in allowed and not s.startswith("ota__")}
            self.check(not stray, f"{library} defines global symbols outside the API and ota__: {sorted(stray)}")

        pure = os.path.join(BUILD, "lib/libotaplan_pure.a")
        defined = static_globals(pure)
        undefined = {f[-1] for f in nm(pure, "-u") if f}
        icu = {s for s in undefined if re.search(r"_7\d$", s) or re.match(r"u(cal|loc|norm2|enum|_)", s)}
        self.check(not icu, f"evaluation calls ICU: {sorted(icu)}")
        foreign = {s for s in undefined if s.startswith("ota") and s not in defined}
        self.check(not foreign, f"evaluation calls library functions outside its objects: {sorted(foreign)}")


runner.main("symbols", 4)
