"""The C speed-ups of the single calls (_speedups.c), when they are built:
beside the package (`ninja install`), or where OTAPLAN_SPEEDUPS names them
(the build tree's tests).  OTAPLAN_SPEEDUPS set empty turns them off, and
without them the calls take the ctypes path (_device_struct.py), which
answers the same."""
import ctypes
import importlib.machinery
import importlib.util
import os

from . import _native as n


def _load():
    path = os.environ.get("OTAPLAN_SPEEDUPS")
    if path == "":
        return None
    try:
        if path:
            loader = importlib.machinery.ExtensionFileLoader("otaplan._speedups", path)
            spec = importlib.util.spec_from_file_location("otaplan._speedups", path, loader=loader)
            module = importlib.util.module_from_spec(spec)
            loader.exec_module(module)
        else:
            from . import _speedups as module
    except ImportError:
        if path:
            raise  # asked for by name: its absence is an error, not a fallback
        return None

    def address(function):
        return ctypes.cast(function, ctypes.c_void_p).value

    module.configure(n.lib.ota_version_number(), address(n.lib.ota_device_eligible),
                     address(n.lib.ota_next_push_time), address(n.json_lib.ota_json_parse_instant),
                     dict(n.DEVICE_STATES), address(n.lib.ota_plan_set_find),
                     address(n.lib.ota_plan_set_select), address(n.lib.ota_device_check))
    return module


speedups = _load()
