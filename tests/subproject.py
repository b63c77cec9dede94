#!/usr/bin/env python3
"""otaplan as a meson subproject: a tiny parent project that does
subproject('otaplan') builds the library and nothing else (no program, no
test, no benchmark, no fuzzer), installs nothing, runs a program against
the library, and honours default_library=static.

usage: subproject.py SOURCE_ROOT."""
import json
import os
import subprocess
import sys
import tempfile

import runner

APP = r'''
#include <otaplan.h>
#include <stdio.h>

int main(void)
{
    ota_window night = {0, 2};
    ota_component wifi = {.type = OTA_COMPONENT_MODULE, .method = OTA_METHOD_FULL,
                          .id = "wifi-fw", .target_version = "2.4.0"};
    ota_plan plan = OTA_PLAN_INIT;
    plan.name = "Night upgrade";
    plan.product = "smart-lock_v2";
    plan.timezone = "Asia/Shanghai";
    plan.start = "2026-12-01T00:00";
    plan.end = "2027-03-01T00:00";
    plan.state = OTA_PLAN_ACTIVE;
    plan.mode = OTA_MODE_SILENT;
    plan.push_window = &night;
    plan.components = &wifi;
    plan.component_count = 1;
    ota_compiled_plan *compiled = NULL;
    if (ota_plan_compile(&plan, NULL, &compiled, NULL) != OTA_OK)
        return 1;
    ota_device_version reported = {"wifi-fw", "2.3.1"};
    ota_device device = OTA_DEVICE_INIT;
    device.id = "lock-0001";
    device.product = "smart-lock_v2";
    device.versions = &reported;
    device.version_count = 1;
    ota_push_result push = OTA_PUSH_RESULT_INIT;
    int32_t status = ota_next_push_time(compiled, &device, 1796122800, NULL, &push);
    printf("%s %lld\n", ota_push_status_name(push.status), (long long)push.at);
    ota_compiled_plan_free(compiled);
    return status == OTA_OK ? 0 : 1;
}
'''

PARENT = '''project('parent', 'c', default_options: ['c_std=c11'])
otaplan = subproject('otaplan')
executable('app', 'app.c', dependencies: otaplan.get_variable('otaplan_dep'))
'''


def run(*args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900)


class Subproject(runner.Checks):
    def test_a_parent_builds_the_library_alone(self):
        source = os.path.abspath(sys.argv[1])
        with tempfile.TemporaryDirectory() as parent:
            os.makedirs(os.path.join(parent, "subprojects"))
            os.symlink(source, os.path.join(parent, "subprojects", "otaplan"))
            with open(os.path.join(parent, "meson.build"), "w") as f:
                f.write(PARENT)
            with open(os.path.join(parent, "app.c"), "w") as f:
                f.write(APP)
            for kind in ("shared", "static"):
                build = os.path.join(parent, "build-" + kind)
                p = run("meson", "setup", build, f"-Ddefault_library={kind}", cwd=parent)
                self.check(p.returncode == 0, f"{kind}: meson setup failed:\n{p.stdout}\n{p.stderr}")
                if p.returncode:
                    continue
                p = run("ninja", "-C", build, cwd=parent)
                self.check(p.returncode == 0, f"{kind}: ninja failed:\n{p.stdout[-3000:]}")
                targets = json.loads(run("meson", "introspect", "--targets", build, cwd=parent).stdout)
                names = sorted(t["name"] for t in targets)
                allowed = {"app", "otaplan", "otaplan_objects", "otaplan_pure"}
                self.check(set(names) <= allowed and "otaplan" in names,
                      f"{kind}: the parent builds more than the library: {names}")
                self.check(not any(t["type"] == "executable" and t["name"] != "app" for t in targets),
                      f"{kind}: an executable of otaplan is built")
                tests = json.loads(run("meson", "introspect", "--tests", build, cwd=parent).stdout)
                self.check(tests == [], f"{kind}: the parent runs otaplan's tests: {[t['name'] for t in tests]}")
                installed = json.loads(run("meson", "introspect", "--installed", build, cwd=parent).stdout)
                self.check(installed == {}, f"{kind}: the parent installs {sorted(installed.values())}")
                library = [t for t in targets if t["name"] == "otaplan"]
                self.check(library and library[0]["type"] == f"{kind} library",
                      f"{kind}: the library is {library and library[0]['type']}")
                app = run(os.path.join(build, "app"), cwd=parent)
                self.check(app.returncode == 0 and app.stdout.startswith("push_at "),
                      f"{kind}: the app said {app.stdout!r} {app.stderr!r}")
                needed = run("readelf", "-d", os.path.join(build, "app"), cwd=parent).stdout
                self.check(("libotaplan.so" in needed) == (kind == "shared"),
                      f"{kind}: the app's dynamic section: {needed}")


runner.main("subproject", 1)
