"""A temporary PostgreSQL cluster with the extension installed, for the
tests (run.py) and the benchmark (bench/bench_postgres.py).  It stages a
copy of the installation with the extension added (PostgreSQL finds its
share and lib folders relative to its programs, so nothing of the system's
installation changes), makes a cluster on a Unix socket in a temporary
folder, and stops it on exit, whatever happened.  As root, the server runs
as the user `postgres` (initdb refuses root).

OTAPLAN_PG_VALGRIND=SUPPRESSIONS runs the server under valgrind's memcheck
with that suppressions file (PostgreSQL's src/tools/valgrind.supp; `-` for
none): on exit, `valgrind_errors` holds each error report whose stack has a
frame of otaplan's code."""
import os
import pwd
import re
import shutil
import subprocess
import tempfile

VALGRIND = os.environ.get("OTAPLAN_PG_VALGRIND")
SOURCE_ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
# A frame of a valgrind report in otaplan's code: a function of its API or
# the module's, a source file of this tree (--fullpath-after= prints the
# whole path), or one of its binaries when there is no debug information.
OTAPLAN_FRAME = re.compile(r"^\s+(?:at|by) 0x[0-9A-F]+: (?:(?:ota_|otaplan_)\w*|.*\(" +
                           re.escape(SOURCE_ROOT) + r"/|.*\(in \S*/(?:otaplan\.so|libotaplan))",
                           re.M)


def pg_config(key):
    """`pg_config --KEY` of the machine's PostgreSQL."""
    return subprocess.run(["pg_config", "--" + key], capture_output=True, text=True,
                          check=True).stdout.strip()


def release_script(source):
    """The full script of the release postgres/otaplan.control names, in the
    source tree `source` (for the benchmarks, which stage that release)."""
    with open(os.path.join(source, "postgres", "otaplan.control")) as f:
        version = re.search(r"default_version = '([^']+)'", f.read()).group(1)
    return os.path.join(source, "postgres", f"otaplan--{version}.sql")


def stage_installation(module, control, script, bindir, sharedir, pkglibdir, root):
    """A copy of the PostgreSQL installation under `root` with the extension
    in it; returns its bin folder."""
    prefix = os.path.commonpath([bindir, sharedir, pkglibdir])

    def staged(path):
        return os.path.join(root, os.path.relpath(path, prefix))

    s_bindir, s_sharedir, s_pkglibdir = staged(bindir), staged(sharedir), staged(pkglibdir)
    for folder in (s_bindir, os.path.join(s_sharedir, "extension"), s_pkglibdir):
        os.makedirs(folder)
    # Copies, not links: PostgreSQL resolves links to find its own folder.
    for program in ("postgres", "initdb", "pg_ctl"):
        shutil.copy2(os.path.join(bindir, program), s_bindir)
    for name in os.listdir(sharedir):
        if name != "extension":
            os.symlink(os.path.join(sharedir, name), os.path.join(s_sharedir, name))
    for name in os.listdir(os.path.join(sharedir, "extension")):
        if not name.startswith("otaplan"):
            os.symlink(os.path.join(sharedir, "extension", name),
                       os.path.join(s_sharedir, "extension", name))
    for name in os.listdir(pkglibdir):
        if name != "otaplan.so":
            os.symlink(os.path.join(pkglibdir, name), os.path.join(s_pkglibdir, name))
    shutil.copy2(module, os.path.join(s_pkglibdir, "otaplan.so"))
    shutil.copy2(control, os.path.join(s_sharedir, "extension"))
    # The release's full script, and those of earlier releases and their
    # upgrades (a list), for the upgrade test.
    for path in [script] if isinstance(script, str) else script:
        shutil.copy2(path, os.path.join(s_sharedir, "extension"))
    return s_bindir


class TemporaryCluster:
    """with TemporaryCluster(...) as c: c.psql("SELECT 1") ..."""

    def __init__(self, module, control, script, bindir, sharedir, pkglibdir, tzdata=None,
                 settings=()):
        self.bindir = bindir
        self.work = tempfile.mkdtemp(prefix="otaplan-pg-")
        os.chmod(self.work, 0o755)
        self.staged_bindir = stage_installation(module, control, script, bindir, sharedir,
                                                pkglibdir, os.path.join(self.work, "stage"))
        self.tzdata_version = ""
        self.tzdata = os.path.join(self.work, "tzdata")
        if tzdata and os.path.exists(os.path.join(tzdata, "zoneinfo64.res")):
            shutil.copytree(tzdata, self.tzdata)
            with open(os.path.join(self.tzdata, "tzdata-version")) as f:
                self.tzdata_version = f.readline().strip()  # then the checksum
        self.data = os.path.join(self.work, "data")
        self.socket = os.path.join(self.work, "socket")
        os.mkdir(self.socket)
        self.log = os.path.join(self.work, "server.log")
        self.port = str(20000 + os.getpid() % 20000)
        self.settings = list(settings)
        self.started = False
        self.as_server = []
        self.valgrind_errors = []
        if os.geteuid() == 0:
            user = "postgres"
            try:
                pwd.getpwnam(user)
            except KeyError:
                user = "nobody"
            self.as_server = ["runuser", "-u", user, "--"]
            self.own(user)

    def own(self, user, path=None):
        """Gives `path` (default: the whole temporary folder) to the server's user."""
        uid = pwd.getpwnam(user).pw_uid
        if path and not os.path.isdir(path):
            os.lchown(path, uid, -1)
            return
        for folder, _, files in os.walk(path or self.work):
            os.lchown(folder, uid, -1)
            for name in files:
                os.lchown(os.path.join(folder, name), uid, -1)

    def server(self, *command, check=True):
        # The server's environment: the fresh time-zone data of the build
        # (README, "Fleets in PostgreSQL", shows the same for a real server).
        env = ["env", f"ICU_TIMEZONE_FILES_DIR={self.tzdata if self.tzdata_version else ''}"]
        return subprocess.run(self.as_server + env + list(command), check=check,
                              capture_output=True, text=True)

    def __enter__(self):
        try:
            self.server(os.path.join(self.staged_bindir, "initdb"), "-D", self.data, "-A", "trust",
                        "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C")
            self.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def start(self):
        options = " ".join([f"-k {self.socket}", f"-p {self.port}", "-c listen_addresses=''",
                            "-c fsync=off", "-c timezone=UTC", "-c lc_messages=C"] +
                           [f"-c {s}" for s in self.settings])
        program = ["-p", self.valgrind_wrapper()] if VALGRIND else []
        self.server(os.path.join(self.staged_bindir, "pg_ctl"), "-D", self.data, "-l",
                    self.log, "-w", "-t", "600" if VALGRIND else "60", "-o", options, *program,
                    "start")
        self.started = True

    def valgrind_wrapper(self):
        """A program pg_ctl starts as the server: postgres under memcheck,
        each process (backends are forks) logging to its own file."""
        logs = os.path.join(self.work, "valgrind")
        wrapper = os.path.join(self.work, "postgres-valgrind")
        if not os.path.exists(wrapper):
            os.mkdir(logs)
            suppressions = "" if VALGRIND == "-" else f"--suppressions={os.path.abspath(VALGRIND)}"
            with open(wrapper, "w") as f:
                f.write(f"#!/bin/sh\nexec valgrind --quiet --error-limit=no --num-callers=40 "
                        f"--leak-check=full --show-leak-kinds=definite --track-origins=yes "
                        f"--fullpath-after= {suppressions} --log-file={logs}/%p.log "
                        f"{os.path.join(self.staged_bindir, 'postgres')} \"$@\"\n")
            os.chmod(wrapper, 0o755)
            if self.as_server:
                self.own(self.as_server[2], logs)
        return wrapper

    def collect_valgrind_errors(self):
        """Valgrind's reports (blocks of a process's log between blank
        lines) with a frame in otaplan's code: the module or its libraries."""
        logs = os.path.join(self.work, "valgrind")
        names = sorted(os.listdir(logs)) if os.path.isdir(logs) else []
        reports = 0
        for name in names:
            with open(os.path.join(logs, name), errors="replace") as f:
                text = re.sub(r"^==\d+== ?", "", f.read(), flags=re.M)
            for block in text.split("\n\n"):
                reports += bool(re.search(r"^\s+at 0x", block, flags=re.M))
                if OTAPLAN_FRAME.search(block):
                    self.valgrind_errors.append(f"{name}:\n{block.strip()}")
        # Proof that memcheck ran: its processes, and what it said of PostgreSQL.
        print(f"valgrind: {len(names)} server processes, {reports} reports, "
              f"{len(self.valgrind_errors)} in otaplan's code")

    def stop(self, mode="immediate"):
        """Stops the server (a shard going down); start() brings it back."""
        self.server(os.path.join(self.staged_bindir, "pg_ctl"), "-D", self.data, "-m",
                    mode, "-w", "-t", "600" if VALGRIND else "60", "stop", check=False)
        self.started = False

    def psql(self, sql, database="postgres", check=True):
        return subprocess.run([os.path.join(self.bindir, "psql"), "-X", "-q", "-At", "-v",
                               "ON_ERROR_STOP=1", "-h", self.socket, "-p", self.port, "-U",
                               "postgres", "-d", database],
                              input=sql, capture_output=True, text=True, check=check)

    def server_log(self):
        if not os.path.exists(self.log):
            return ""
        with open(self.log) as f:
            return f.read()

    def __exit__(self, *exception):
        if self.started:
            # A fast stop lets backends exit, and valgrind report their leaks.
            self.stop("fast" if VALGRIND else "immediate")
        if VALGRIND:
            self.collect_valgrind_errors()
        shutil.rmtree(self.work, ignore_errors=True)
