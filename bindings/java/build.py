#!/usr/bin/env python3
"""Builds the Java binding's jar, or compiles and runs its JUnit 5 tests,
with javac and the JUnit console launcher from Debian's jars in
/usr/share/java: what meson builds and installs.  The pom.xml beside this
file builds the same with Maven (meson test's java-maven runs it offline).

  build.py jar OUT.jar CLASSES_DIR CLASSPATH SOURCE...
  build.py test JAR CLASSES_DIR CLASSPATH LAUNCHER_JAR SOURCE...
  build.py bench JAR CLASSES_DIR CLASSPATH SOURCE CALLS
"""
import os
import shutil
import subprocess
import sys


def compile_sources(classes, classpath, sources):
    shutil.rmtree(classes, ignore_errors=True)
    os.makedirs(classes)
    subprocess.run(["javac", "--release", "17", "-encoding", "UTF-8", "-Xlint:all", "-Werror",
                    "-d", classes, "-cp", classpath] + sources, check=True)


def main(argv):
    if len(argv) >= 5 and argv[1] == "jar":
        out, classes, classpath, sources = argv[2], argv[3], argv[4], argv[5:]
        compile_sources(classes, classpath, sources)
        subprocess.run(["jar", "--create", "--file", out, "-C", classes, "."], check=True)
        return 0
    if len(argv) >= 6 and argv[1] == "test":
        jar, classes, classpath, launcher, sources = argv[2], argv[3], argv[4], argv[5], argv[6:]
        classpath = jar + os.pathsep + classpath
        # The standalone launcher holds JUnit's API too.
        compile_sources(classes, classpath + os.pathsep + launcher, sources)
        return subprocess.run(["java", "-Xss4m", "-jar", launcher, "--disable-banner", "--details=tree",
                               "--disable-ansi-colors", "--fail-if-no-tests",
                               "-cp", classes + os.pathsep + classpath,
                               "--select-package", "example.otaplan"]).returncode
    if len(argv) == 7 and argv[1] == "bench":
        jar, classes, classpath, source, calls = argv[2:]
        classpath = jar + os.pathsep + classpath
        compile_sources(classes, classpath, [source])
        return subprocess.run(["java", "-cp", classes + os.pathsep + classpath, "example.otaplan.Bench",
                               calls]).returncode
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
