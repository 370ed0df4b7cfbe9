#!/usr/bin/env bash
# Stage 1, build: compiles every module and packages both jars: the launcher's jar and class path
# (jobs/target/classpath.txt) and the spark-submit jar (jobs/target/*-spark.jar).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"${MVN[@]}" -q package -DskipTests -Dspotless.check.skip
ls -l jobs/target/ballast-jobs-*-spark.jar jobs/target/classpath.txt
# The launcher (./ballast, used by the e2e stage) rebuilds when its stamp is older than a source:
# this build made its jar and class path, so mark them current.
touch jobs/target/.launcher-build-stamp
